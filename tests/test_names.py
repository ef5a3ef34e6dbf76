"""Name lookup: its shortcuts (remembered words, plain-word tokens, two-word prefixes) find
exactly what the plain window-by-window lookup finds."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.lexicon import KNOWN_SERVICES
from bot.core.names import MAX_WORDS, TYPO_MIN, NameHit, NameIndex, _keys, _standalone_x
from bot.core.text import fold

INDEX = NameIndex(
    {
        "x": {"x-1"},
        "twitter": {"x-1"},
        "the bird app": {"x-1"},
        "us-east-1": {"aws-1"},
        "amazon web services": {"aws-1"},
        "cloudflare": {"cf-1"},
        "microsoft teams": {"ms-1"},
        "chat gpt": {"oa-1"},
        "at&t": {"att-1"},
        "square point of sale app": {"sq-1"},
    },
    KNOWN_SERVICES,
)


def reference_tokenize(text: str) -> list[list[str]]:
    whole = re.findall(r"[a-z0-9&]+(?:[.\-'/][a-z0-9&]+)*", text)
    split = [piece for token in whole for piece in re.split(r"[.\-'/]", token) if piece]
    whole = [re.sub(r"'s$", "", t) for t in whole]
    return [whole] if split == whole else [whole, split]


def reference_find(index: NameIndex, text: str) -> list[NameHit]:
    """Every 1-4 word window, longest first, as the lookup was first written."""
    hits: dict[str, NameHit] = {}
    for tokens in reference_tokenize(fold(text).replace("𝕏", "x")):
        used = [False] * len(tokens)
        for size in range(MAX_WORDS, 0, -1):
            for start in range(len(tokens) - size + 1):
                if any(used[start : start + size]):
                    continue
                window = tokens[start : start + size]
                name = next((index._loose[k] for k in _keys(window) if k in index._loose), None)
                if name is None and size == 1:
                    token = window[0]
                    if len(token) >= TYPO_MIN - 1 and token.isalpha() and token not in index._loose:
                        name = index._typo_lookup(token)
                if name is None or (name == "x" and not _standalone_x(tokens, start)):
                    continue
                for i in range(start, start + size):
                    used[i] = True
                hits.setdefault(name, NameHit(name, index._exact[name]))
    return list(hits.values())


WORDS = [
    *"x 5 3 s".split(),
    *"the bird app apps birds us east 1 us-east-1 amazon web services service chat gpt gpts".split(),
    *"microsoft teams team cloudflare cloudfare clodflare twitter twitters twitter's x.com at&t".split(),
    *"square point of sale app down is was hacked aws github githubs gmail outlook steam".split(),
    *"Twitter CLOUDFLARE 𝕏 é ü - . / ' & , ! ? 😂".split(),
    "the bird app",
    "the bird apps",
    "amazon web service",
    "microsoft teams",
    "chat gpts",
    "the bird",
    "square point of sale",
    "us east 1",
    "point of sale app",
]


@settings(max_examples=400, deadline=None, database=None)
@given(
    words=st.lists(st.sampled_from(WORDS), max_size=12), glue=st.sampled_from([" ", "", "-", ".", "/", "'"])
)
def test_find_finds_what_every_window_finds(words: list[str], glue: str):
    text = glue.join(words) + " " + " ".join(words)
    expected = reference_find(INDEX, text)
    assert INDEX.find(text) == expected
    assert INDEX.find(text) == expected  # again, from the words it now remembers


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(st.characters(exclude_categories=()), max_size=60))  # lone surrogates too
def test_find_on_arbitrary_text(text: str):
    assert INDEX.find(text) == reference_find(INDEX, text)


def test_longest_name_first_and_plurals_and_typos():
    found = [h.name for h in INDEX.find("Amazon Web Services and the bird app, also cloudfare and teams")]
    assert found == ["amazon web services", "the bird app", "cloudflare"]
    assert [h.name for h in INDEX.find("5 x 3 on x")] == ["x"]


def test_a_doubled_letter_typed_once_is_forgiven_in_shorter_names():
    index = NameIndex({"reddit": {"r-1"}, "twitter": {"x-1"}, "zoom": {"z-1"}})
    assert [h.name for h in index.find("redit and twiter are down")] == ["reddit", "twitter"]
    assert index.find("zom is down") == []  # four letters: too close to other words


def test_a_nickname_finds_the_records_of_the_name_it_stands_for():
    index = NameIndex({"whatsapp": {"wa-2022"}}, (), {"wasap": "whatsapp", "insta": "instagram"})
    assert [(h.name, h.incident_ids) for h in index.find("el wasap se cayo")] == [
        ("wasap", frozenset({"wa-2022"}))
    ]
    assert index.find("insta is down") == []  # a nickname of a name the index does not know is no name


def test_a_nickname_never_replaces_an_alias_of_its_own():
    index = NameIndex({"whatsapp": {"wa-2022"}, "insta": {"other-2024"}}, (), {"insta": "whatsapp"})
    assert index.find("insta")[0].incident_ids == frozenset({"other-2024"})


def test_a_common_word_one_letter_longer_than_a_short_name_is_no_typo_of_it():
    index = NameIndex({"steam": {"steam-2024"}, "cloudflare": {"cf-2025"}}, ())
    assert index.find("who's down for pizza after the stream") == []
    assert [h.name for h in index.find("cloudflaire is down")] == ["cloudflare"]


def test_letters_unicode_does_not_decompose_fold_to_their_base_letter():
    from bot.core.text import fold

    assert fold("Nie działa, açılmıyor, Ørsted, Straße") == "nie dziala, acilmiyor, orsted, strasse"


SCRIPTS = NameIndex({"하늘톡": {"ht-1"}, "하늘": {"ht-1"}, "ツバメモバイル": {"tm-1"}, "कर मित्र": {"km-1"}})


def test_a_name_written_in_another_script_is_found_as_written():
    assert [hit.incident_ids for hit in SCRIPTS.find("하늘톡 또 먹통이야?")] == [frozenset({"ht-1"})]
    assert [hit.incident_ids for hit in SCRIPTS.find("ツバメモバイル障害まだ？")] == [frozenset({"tm-1"})]
    assert [hit.incident_ids for hit in SCRIPTS.find("कर मित्र portal down")] == [frozenset({"km-1"})]


def test_a_hangul_name_is_not_found_inside_another_syllable():
    assert SCRIPTS.find("뭐 하는 거야") == []


def test_the_quick_screen_lets_a_name_in_another_script_through():
    assert SCRIPTS.may_name([], fold("하늘톡 또 먹통이야?"))
