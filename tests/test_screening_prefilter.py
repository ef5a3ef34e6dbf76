"""The screen's shortcuts skip work only where that work could not have found anything.

Each shortcut is a claim about a pattern or a normalisation ("text without these words cannot
match", "this character changes nothing"). These tests check the claims against the patterns and
Unicode themselves, so a pattern given a new word without its cue fails here instead of quietly
missing claims in production.
"""

from __future__ import annotations

import json
import random
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import detect as detect_module
from bot.core import facts, lexicon
from bot.core.detect import UNREAD, detect, screen_text
from bot.core.lexicon import Cue
from bot.core.names import NameIndex
from bot.core.text import QUOTES, ZERO_WIDTH, clean, fold, translate_words, word_runs
from tests.conftest import DEV_EVAL, seed_incidents

PROPERTY = settings(
    max_examples=120, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)

CUES = {name: value for name, value in vars(lexicon).items() if isinstance(value, Cue)}
CUES["LAST_MONTH"] = detect_module.LAST_MONTH
# OUTAGE one alternative at a time, so that every one of them is generated.
BRANCHES = [
    pytest.param(Cue(re.compile(p), lexicon.OUTAGE_CUE.words, lexicon.OUTAGE_CUE.stems), id=p[:40])
    for p in lexicon.OUTAGE_PATTERNS
]


@pytest.mark.parametrize("cue", [*(pytest.param(c, id=n) for n, c in CUES.items()), *BRANCHES])
@PROPERTY
@given(data=st.data())
def test_a_cue_is_present_in_every_text_its_pattern_matches(cue: Cue, data: st.DataObject):
    text = data.draw(st.from_regex(cue.pattern))
    assert cue.pattern.search(text)
    assert cue.possible(text, word_runs(text)), f"{text!r} matches but its cue says it cannot"


CHATTER = [
    "gg wp",
    "down to play tonight?",
    "brb getting food",
    "the raid boss went down in 3 tries",
    "let me down easy",
    "I'm going down to the store",
    "the stock market is down 2% today",
    "new emoji dropped <:pog:123456789012345678>",
    "how do I set up a venv",
    "thanks <@42>",
    "the elevator is down again at work lol",
    "that was a crash course in pain",
    "I just pushed a fix for the login bug",
    "just finished the marathon, legs are dead",
    "our tests are broken again, my bad",
    "my cat just knocked my coffee over",
    "```py\nprint('server down')\n```",
    "check this out https://example.com/clip",
    "this meme 💀",
]
CLAIMS = [
    "is {s} down for everyone?",
    "{s} is down again, must be a ddos",
    "{s} went down, hackers again?",
    "{s} outage rn, anyone else?",
    "pretty sure {s} got hacked, it's been offline for hours",
    "{s} not loading for me, is it a cyberattack?",
    "the {s} outage was caused by a bad update",
    "{s} crashed worldwide, wtf",
    "{s} down? can't log in",
    "was the {s} outage in march 2024 a hack?",
]
FILLERS = ["lol", "fr", "😂", "💀", "again", "rn", "idk", "at 3pm", "x4", "12 times", "ok", "omg"]


def corpus() -> list[str]:
    """Chat like the screening benchmark's, the seed's claims and titles, the dev evaluation."""
    rng = random.Random(3)
    services = sorted(lexicon.KNOWN_SERVICES)
    texts = []
    for _ in range(1_500):
        text = (
            rng.choice(CLAIMS).format(s=rng.choice(services)) if rng.random() < 0.2 else rng.choice(CHATTER)
        )
        if rng.random() < 0.5:
            text = f"{text} {rng.choice(FILLERS)}"
        texts.append(text.upper() if rng.random() < 0.1 else text)
    for incident in seed_incidents():
        texts += [incident.title, *(c.text for c in incident.claims)]
    for path in sorted(DEV_EVAL.glob("*.jsonl")):
        texts += [
            json.loads(line).get("text", "") for line in path.read_text(encoding="utf-8").splitlines() if line
        ]
    return texts


CORPUS = corpus()


def test_cues_hold_on_chat_claims_and_the_dev_evaluation():
    for text in CORPUS:
        for screened in {text, fold(text), screen_text(text)}:
            runs = word_runs(screened)
            for name, cue in CUES.items():
                if cue.pattern.search(screened):
                    assert cue.possible(screened, runs), (name, screened)


def test_the_signal_cue_is_all_four_patterns_at_once():
    parts = (lexicon.OUTAGE_CUE, lexicon.STRONG_CAUSE_CUE, lexicon.WEAK_CAUSE_CUE, lexicon.EVENT_CUE)
    assert lexicon.SIGNAL_CUE.words == frozenset().union(*(c.words for c in parts))
    for text in CORPUS:
        screened = screen_text(text)
        expected = any(c.pattern.search(screened) for c in parts)
        assert bool(lexicon.SIGNAL_CUE.pattern.search(screened)) == expected


@pytest.fixture(scope="module")
def names() -> NameIndex:
    aliases = {"twitter": {"x-1"}, "x": {"x-1"}, "aws": {"aws-1"}, "us-east-1": {"aws-1"}}
    return NameIndex(aliases, lexicon.KNOWN_SERVICES)


def test_the_quick_screen_misses_no_claim_and_reads_claims_in_full(names: NameIndex):
    quick_exits = 0
    for text in CORPUS:
        full, quick = detect(text, names), detect(text, names, quick=True)
        assert quick.is_claim == full.is_claim, text
        if full.is_claim:
            assert quick == full, text
        quick_exits += quick is UNREAD
    assert quick_exits > len(CORPUS) / 5  # the word check settles much of chat on its own


PIECES = [*"downhacked503 .!?'_\n", "down", "dead", " is ", "aws ", "x ", "😂", "\u0301", " because "]
PIECES.append("\ud800")  # a lone surrogate, which JSON can carry


@settings(max_examples=300, deadline=None, database=None)
@given(text=st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_the_quick_screen_agrees_with_the_full_reading_on_odd_text(text: str, names: NameIndex):
    full, quick = detect(text, names), detect(text, names, quick=True)
    assert quick.is_claim == full.is_claim
    if full.is_claim:
        assert quick == full


def test_results_are_remembered_only_for_their_name_index():
    text = "zentrixpay is down again, must be a ddos"
    without = NameIndex({"aws": {"a"}})
    with_it = NameIndex({"zentrixpay": {"z"}})
    assert not detect(text, without).services
    assert [h.name for h in detect(text, with_it).services] == ["zentrixpay"]
    assert not detect(text, without).services


# --- text: the shortcuts of word_runs, clean, fold and translate_words --------------------------

odd_text = st.text(
    st.one_of(
        st.characters(exclude_categories=()),  # lone surrogates too: JSON can carry them
        st.sampled_from(
            [*"aZ09_ .-'\n\t\x00\x7f", "😂", "™", "Ⓐ", "ℌ", "K", "ı", "ſ", "İ", "é", "\u0301", "\u200b"]
        ),
        st.sampled_from([*ZERO_WIDTH, *QUOTES]).map(chr),
        st.sampled_from(["\u1100", "\u1161", "\u11a8", "\u0b47", "\u0b3e", "\ufe0f", "\U0001f3fb"]),
    ),
    max_size=40,
)


@PROPERTY
@given(text=odd_text)
def test_word_runs_are_the_words_a_regex_boundary_sees(text: str):
    assert word_runs(text) == re.findall(r"[^\W_]+", text)


def reference_clean(text: str) -> str:
    """`clean` as it was written before its shortcuts."""
    if text.isascii():
        return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    text = unicodedata.normalize("NFKC", text).translate(ZERO_WIDTH).translate(QUOTES)
    if text.isascii():
        return re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    return "".join(ch if ch in "\n\t" or unicodedata.category(ch)[0] != "C" else " " for ch in text)


def reference_fold(text: str) -> str:
    text = reference_clean(text).lower()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    for letter, base in {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ı": "i",
        "ð": "d",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
    }.items():
        decomposed = decomposed.replace(letter, base)  # letters without a decomposition
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@PROPERTY
@given(text=odd_text)
def test_clean_and_fold_give_what_the_plain_algorithm_gives(text: str):
    assert clean(text) == reference_clean(text)
    assert fold(text) == reference_fold(text)


def test_no_symbol_or_ascii_character_ends_a_canonical_composition():
    """What lets `fold` keep emoji as they are: normalisation never joins a symbol to its neighbour."""
    for code in range(0x110000):
        decomposition = unicodedata.decomposition(chr(code))
        if decomposition and not decomposition.startswith("<") and len(decomposition.split()) == 2:
            second = chr(int(decomposition.split()[1], 16))
            assert not second.isascii() and unicodedata.category(second)[0] != "S", hex(code)


@PROPERTY
@given(text=odd_text)
def test_translate_words_gives_the_same_with_the_runs_it_is_handed(text: str):
    folded = fold(text) + " caido ausfall"
    assert translate_words(folded, word_runs(folded)) == translate_words(folded)


# --- facts: the calendar shortcuts ----------------------------------------------------------


def test_the_case_probe_keeps_every_letter_ignorecase_matches():
    """IGNORECASE matches a few non-ASCII characters to ASCII letters; lowering the text and
    replacing two of them must leave those letters findable without IGNORECASE."""
    letters = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        char = chr(code)
        if letters.fullmatch(char):
            probe = facts._case_probe(char)
            assert any(re.fullmatch(letter, char, re.IGNORECASE) for letter in probe if letter.isascii())


# Each calendar pattern with what `facts._scan_calendar` requires before running it.
CALENDAR_GUARDS = [
    (facts.ISO_DATETIME, lambda text, probe: "-" in text),
    (facts.CLOCK, lambda text, probe: ":" in text),
    (facts.HOUR_AMPM, lambda text, probe: facts.AM_PM.search(probe)),
    (facts.DATE_MDY, lambda text, probe: facts.MONTH_START.search(probe)),
    (facts.DATE_DMY, lambda text, probe: facts.MONTH_START.search(probe)),
    (facts.MONTH_YEAR, lambda text, probe: facts.MONTH_START.search(probe)),
    (facts.MONTH_ONLY, lambda text, probe: facts.MONTH_START.search(probe)),
    (facts.YEAR, lambda text, probe: "19" in text or "20" in text),
    (facts.WEEKDAY, lambda text, probe: facts.WEEKDAY_START.search(probe)),
    (detect_module.COMPARED_YEAR, lambda text, probe: "19" in text or "20" in text),
]


@pytest.mark.parametrize(("pattern", "guard"), CALENDAR_GUARDS, ids=lambda v: getattr(v, "pattern", "")[:30])
@PROPERTY
@given(data=st.data())
def test_a_calendar_pattern_only_matches_text_its_guard_lets_through(pattern, guard, data: st.DataObject):
    text = clean(data.draw(st.from_regex(pattern)))
    if pattern.search(text):  # cleaning may change what was drawn
        probe = facts._case_probe(text)
        assert guard(text, probe)
        assert facts.CALENDAR_HINT.search(probe)
        if pattern not in (facts.MONTH_ONLY, facts.WEEKDAY):
            assert facts.DIGIT.search(text)


calendar_text = st.lists(
    st.sampled_from(
        [
            *facts.MONTHS,
            *facts.WEEKDAYS,
            "FRIDAY",
            "Sept",
            "ſat",
            "frıday",
            "Kelvin",
            "10:30",
            "3pm",
            "4 a.m.",
            "2024-07-19",
            "1999",
            "19",
            "20",
            "12th",
            "of",
            "last",
            "in",
            ",",
            ".",
            " ",
            "5",
            "x",
        ]
    ),
    max_size=8,
).map(" ".join)


def _calendar(fn, text: str) -> object:
    try:
        found = fn(text)
    except Exception as error:  # the shortcut must not even change what fails
        return type(error)
    return (found.dates, found.weekdays, found.years)


@settings(max_examples=300, deadline=None, database=None)
@given(text=calendar_text)
def test_calendar_facts_are_the_dates_extract_facts_finds(text: str):
    assert _calendar(facts.calendar_facts, text) == _calendar(facts.extract_facts, text)
