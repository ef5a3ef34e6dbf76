"""One native pass answers "which patterns match?" exactly as `re` answers it, one pattern at a time.

The lexicon's patterns are the ones that matter: the screen decides from these answers whether
a message is a claim, so a pattern Hyperscan reads differently from `re` would silently change
what the bot answers. Each check compares against `re` itself.
"""

from __future__ import annotations

import logging
import re
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bot.core.detect import LEXICON
from bot.core.pattern_scan import PatternSet, alternatives, without_lookarounds
from tests.test_screening_prefilter import CORPUS

PROPERTY = settings(
    max_examples=25, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)
LEXICON_PATTERNS = LEXICON.patterns
FALLBACK = PatternSet(LEXICON_PATTERNS, native=False)
NATIVE = PatternSet(LEXICON_PATTERNS)
ALTERNATIVES = [
    pytest.param(name, part, id=f"{name}:{part[:30]}")
    for name, pattern in LEXICON_PATTERNS.items()
    for part in alternatives(pattern.pattern)
]
# Characters where `re` and an ASCII scan could disagree: digits, spaces and letters outside
# ASCII, the separators `re` counts as spaces, the stand-ins' neighbours, a newline at the end.
AWKWARD = st.sampled_from(
    ["٣", "５", "\u00a0", "\u2003", "\x1c", "\x0b", "é", "ı", "😂", "_", "\n", "-", "'", " ", "0", "5"]
)


def expected(text: str) -> set[str]:
    return {name for name, pattern in LEXICON_PATTERNS.items() if pattern.search(text)}


def test_the_lexicon_is_scanned_natively_on_this_machine():
    assert NATIVE.native and LEXICON.native


def test_alternatives_are_split_at_the_top_level_only():
    assert alternatives(r"a|(b|c)|[|]|\||d") == ["a", "(b|c)", "[|]", r"\|", "d"]
    assert alternatives(r"[]|]x|y") == ["[]|]x", "y"]


def test_every_lexicon_pattern_is_its_alternatives_joined():
    for pattern in LEXICON_PATTERNS.values():
        assert "|".join(alternatives(pattern.pattern)) == pattern.pattern


def test_lookarounds_at_the_edges_become_groups_and_branches_split_around_the_rest():
    assert without_lookarounds(r"\bdown\b(?= for)") == [r"\bdown\b(?: for)"]
    assert without_lookarounds(r"x[.,](?!\d)") == [r"x[.,](?:\D|$)"]
    assert without_lookarounds(r"\b(?:fire|(?<!on )fire)\b") == [r"\b(?:fire)\b", r"\b(?<!on )fire\b"]


@pytest.mark.parametrize(("name", "part"), ALTERNATIVES)
@PROPERTY
@given(data=st.data())
def test_an_alternative_without_its_lookarounds_matches_the_same_texts(name: str, part: str, data):
    text = data.draw(st.one_of(st.from_regex(part), st.from_regex(part).map(str.lower)))
    rewritten = without_lookarounds(part)
    assert bool(re.search(part, text)) == any(re.search(p, text) for p in rewritten), (name, text)


def test_a_scan_finds_what_re_finds_in_chat_claims_and_the_dev_evaluation():
    for text in CORPUS:
        for variant in (text, text.lower()):
            assert NATIVE.scan(variant) == expected(variant), variant


@pytest.mark.parametrize("space", ["\x1c", "\x0b", "\u00a0", "\u2003", "\t"])
def test_a_scan_reads_other_spaces_as_re_does(space: str):
    for text in CORPUS[:400]:
        spaced = text.lower().replace(" ", space)
        assert NATIVE.scan(spaced) == expected(spaced), spaced


@pytest.mark.parametrize(("name", "part"), ALTERNATIVES)
@PROPERTY
@given(data=st.data())
def test_a_scan_finds_what_re_finds_in_text_made_from_each_alternative(name: str, part: str, data):
    text = data.draw(st.from_regex(part))
    spliced = data.draw(st.lists(AWKWARD, max_size=3))
    at = data.draw(st.integers(0, len(text)))
    for variant in (text, text[:at] + "".join(spliced) + text[at:]):
        assert NATIVE.scan(variant) == expected(variant), (name, variant)


@settings(max_examples=400, deadline=None, database=None)
@given(
    text=st.lists(
        st.one_of(
            AWKWARD, st.sampled_from(["down", " is ", "dead", "503", "hacked", "because", "fire", "meme"])
        ),
        max_size=25,
    ).map("".join)
)
@example("discord is\x1cdown")  # a separator `re` reads as a space
@example("discord is\u00a0down")
@example("throwing ٥٠٣ all day")  # digits outside ASCII
@example("it is down\n")  # `$` before a final newline
def test_a_scan_finds_what_re_finds_around_characters_outside_ascii(text: str):
    assert NATIVE.scan(text) == expected(text)


def test_without_hyperscan_the_same_questions_go_to_re(monkeypatch, caplog):
    monkeypatch.setitem(sys.modules, "hyperscan", None)  # what `import hyperscan` then raises
    with caplog.at_level(logging.WARNING):
        fallback = PatternSet(LEXICON_PATTERNS)
        assert not fallback.native
    assert "hyperscan is not installed" in caplog.text
    for text in CORPUS[:300]:
        assert fallback.scan(text) == expected(text)


def test_the_fallback_without_hyperscan_answers_like_the_native_scan():
    for text in CORPUS[:300]:
        assert FALLBACK.scan(text) == NATIVE.scan(text)


def test_threads_scanning_at_once_get_the_answers_of_one_scanning_alone():
    texts = [text.lower() for text in CORPUS[:400]]
    alone = [NATIVE.scan(text) for text in texts]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(NATIVE.scan, texts * 4))
    assert together == alone * 4


def test_a_pattern_with_flags_is_refused():
    with pytest.raises(ValueError, match="flags"):
        PatternSet({"shout": re.compile("down", re.IGNORECASE)})


def test_a_pattern_naming_a_stand_in_character_is_refused():
    with pytest.raises(ValueError, match="stand-in"):
        PatternSet({"snake": re.compile("snake_case")})


SCORE = PatternSet({"score": re.compile(r"\bdown \d+ ?[-–] ?\d+\b"), "cafe": re.compile(r"\bcafé\b")})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("we went down 3–1 at half time", {"score"}),  # the en dash of the pattern
        ("we went down 3-1 at half time", {"score"}),
        ("we went down 3—1 at half time", set()),  # an em dash: the same stand-in, confirmed by `re`
        ("the café is down", {"cafe"}),
        ("the cafè is down", set()),
    ],
)
def test_a_pattern_with_characters_outside_ascii_is_scanned_natively_and_exactly(text, found):
    assert SCORE.native and not SCORE._python_only  # no `re` pass on every text for it
    assert SCORE.scan(text) == found == {name for name, p in SCORE.patterns.items() if p.search(text)}
