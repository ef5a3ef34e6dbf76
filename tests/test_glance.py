"""The quick screen's first look says no only where the full reading could not say yes.

The glance decides from a message's raw words; the reading rewrites the message first
(code, markup, formatting, foreign words and phrases). These tests hold the glance to being a
superset of the reading: any text the reading could score as a claim passes the glance.
"""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import glance as glance_module
from bot.core import lexicon
from bot.core.detect import (
    CALENDAR_WORDS,
    UNNAMED,
    UNREAD,
    _fold_words,
    calendar_possible,
    detect,
    screen_text,
)
from bot.core.facts import calendar_facts
from bot.core.glance import NO_SERVICE_NOR_CAUSE, NO_SIGNAL, glance, glance_words
from bot.core.names import NameIndex
from bot.core.text import word_runs

PROPERTY = settings(
    max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(scope="module")
def names() -> NameIndex:
    aliases = {
        "twitter": {"x-1"},
        "x": {"x-1"},
        "x.com": {"x-1"},
        "aws": {"aws-1"},
        "us-east-1": {"aws-1"},
        "at&t": {"att-1"},
        "app store": {"apple-1"},
        "league of legends": {"lol-1"},
        "cloudflare": {"cf-1"},
    }
    return NameIndex(aliases, lexicon.KNOWN_SERVICES)


def look(text: str, names: NameIndex) -> str | None:
    return glance(*glance_words(text), names)


def test_chat_without_outage_or_cause_words_is_not_read(names: NameIndex):
    assert look("anyone up for ranked later?", names) == NO_SIGNAL
    assert detect("anyone up for ranked later?", names, quick=True) is UNREAD


def test_outage_words_without_a_service_or_cause_are_not_read(names: NameIndex):
    assert look("I'm going down to the store", names) == NO_SERVICE_NOR_CAUSE
    assert detect("the elevator is down again at work lol", names, quick=True) is UNNAMED


def test_a_service_with_outage_words_is_read(names: NameIndex):
    assert look("twitter is down again", names) is None
    assert detect("twitter is down again", names, quick=True).is_claim


def test_names_of_several_words_and_glued_names_are_looked_for(names: NameIndex):
    assert look("the app store is down", names) is None
    assert look("at&t went down", names) is None
    assert look("x.com is down", names) is None
    assert look("at the store, down bad", names) == NO_SERVICE_NOR_CAUSE  # no name, just its words


def test_a_misspelt_service_is_looked_for(names: NameIndex):
    assert look("cloudfare is down", names) is None


def test_foreign_words_are_left_to_the_full_reading(names: NameIndex):
    assert look("whatsapp está caído", names) is None
    assert detect("whatsapp esta caido", names, quick=True).is_claim


def test_markup_and_code_do_not_count_as_words(names: NameIndex):
    assert look("```twitter is down```", names) == NO_SIGNAL
    assert look("look https://twitter.com/down", names) == NO_SIGNAL


def test_a_cause_is_read_even_without_a_service():
    assert look("the whole internet is down because of a ddos", NameIndex({})) is None


def test_phrases_are_rewritten_only_as_whole_words():
    assert screen_text("discord no funciona") == "discord not working"
    assert screen_text("discord no funcionaba ayer") == "discord no funcionaba ayer"


# --- the superset, checked against the reading ------------------------------------------------

PIECES = [
    *"  .!?'_-\n",
    "down",
    "is down",
    "outage",
    "hacked",
    "because",
    "ddos",
    "x",
    "x.com",
    "at&t",
    "app",
    "store",
    "app stores",
    "league of",
    "legends",
    "twitter's",
    "twitters",
    "cloudfare",
    "aws",
    "us-east-1",
    "<@123>",
    "`",
    "**",
    "~",
    "|",
    "😂",
    "é",
    "\u200b",
    "ｄｏｗｎ",
    "no funciona",
    "caído",
    "fora do ar",
    "https://x.com/a",
    "march",
    "monday",
    "2024",
    "3pm",
    "my server",
]
texts = st.lists(st.sampled_from(PIECES), max_size=14).map(lambda parts: " ".join(parts))
glued = st.lists(st.sampled_from(PIECES), max_size=14).map("".join)


@PROPERTY
@given(text=st.one_of(texts, glued))
def test_the_glance_never_turns_away_a_text_the_reading_would_score(text: str, names: NameIndex):
    full = detect(text, names)
    rejected = look(text, names)
    if rejected == NO_SIGNAL:
        folded, runs = _fold_words(text)
        assert not lexicon.SIGNAL_CUE.possible(folded, runs)
    if rejected is not None:
        assert not full.is_claim
        assert detect(text, names, quick=True).confidence == 0.0


@PROPERTY
@given(text=st.one_of(texts, glued))
def test_every_name_found_is_one_the_name_check_allows(text: str, names: NameIndex):
    screened = screen_text(text)
    if names.find(screened):
        folded, runs = glance_words(text)
        assert names.may_name(runs, folded), text


def test_the_glance_agrees_with_the_reading_on_a_chat_stream(names: NameIndex):
    rng = random.Random(11)
    for _ in range(3_000):
        text = " ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10)))
        quick, full = detect(text, names, quick=True), detect(text, names)
        assert quick.is_claim == full.is_claim, text


# --- the calendar shortcut of time_hints ------------------------------------------------------

CALENDAR_PIECES = [*sorted(CALENDAR_WORDS), "1", "20", "2024", "3pm", "10:30", "-", " ", ".", "ı", "th", "of"]


@PROPERTY
@given(text=st.lists(st.sampled_from(CALENDAR_PIECES), max_size=8).map(" ".join))
def test_text_with_calendar_facts_always_passes_the_calendar_shortcut(text: str):
    found = calendar_facts(text)
    if found.dates or found.years or found.weekdays:
        assert calendar_possible(text, word_runs(text))


@pytest.mark.parametrize(
    "stems", [glance_module.SIGNAL_STEMS, glance_module.CAUSES.stems], ids=["signal", "cause"]
)
def test_every_stem_matches_within_one_word(stems):
    """The glance looks for stems word by word in ASCII text: a stem with a space or a
    punctuation mark in it would go unseen there."""
    assert stems is not None and re.fullmatch(r"(?:[a-z0-9|()?:]|\\d)*", stems.pattern)


@pytest.mark.parametrize(
    "text",
    [
        "the site is downagain lol",
        "getting 503s",
        "we got doublecharged",
        "it was ddosed",
        "we got ddosed again",
    ],
)
def test_a_glued_stem_passes_the_glance_the_second_time_too(text: str, names: NameIndex):
    """Words remembered as stem-free must not hide a stem met later in another word."""
    look("the site is fine and so are we", names)
    assert look(text, names) != NO_SIGNAL
    assert look(text, names) != NO_SIGNAL  # now with its words remembered
