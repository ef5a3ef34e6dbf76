"""The quick screen's first look: rejects most chat from its words alone, before any rewriting.

Screening a watched channel mostly means saying no. `detect` reads a message only after
removing code, links, mentions and formatting and translating foreign words; this look decides
from the raw message's words whether that reading could find a claim at all. Its word sets are
supersets of what the reading can match (the rewrites only remove text, and the words that
translation or phrase rewriting turn into English are counted as signals), so it never says no
where the reading would say yes: tests/test_glance.py checks that against the reading itself.
"""

from __future__ import annotations

import re
from typing import Final

from bot.core import lexicon
from bot.core.names import NameIndex
from bot.core.text import FOREIGN_WORDS, STOPWORDS, fold, word_runs

CODE_BLOCK: Final = re.compile(r"```.*?(?:```|$)|`[^`\n]*`", re.DOTALL)
MARKUP: Final = re.compile(r"<a?:\w+:\d+>|<[@#][!&]?\d+>|<t:\d+(?::\w)?>|https?://\S+|www\.\S+")
# A status page's address names its service: 'https://www.githubstatus.com/ all my pushes fail'.
STATUS_LINK: Final = re.compile(
    r"(?:https?://)?(?:www\.)?(?:status\.(?P<a>[a-z0-9-]+)\.[a-z.]+|(?P<b>[a-z0-9-]+?)-?status\.[a-z.]+"
    r"|downdetector\.[a-z.]+/status/(?P<c>[a-z0-9-]+))\S*",
    re.IGNORECASE,
)


def _status_service(match: re.Match[str]) -> str:
    return f" {match['a'] or match['b'] or match['c']} "


_NON_WORD: Final = bytes([c if chr(c).isalnum() else 32 for c in range(128)]) + b" " * 128


def _phrase_word(phrase: str) -> str:
    """One word every occurrence of `phrase` contains: the rarest-looking of its words."""
    runs = word_runs(phrase)
    foreign = [r for r in runs if r not in lexicon.SIGNAL_CUE.words]
    plain = [r for r in foreign if r not in STOPWORDS]
    return max(plain or foreign or runs, key=len)


# Words the rewriting may turn into words the lexicon knows: their text needs the full reading.
REWRITTEN: Final = FOREIGN_WORDS | {_phrase_word(p) for p in lexicon.PHRASES} | lexicon.DUTCH_SPLIT_WORDS
SIGNAL_WORDS: Final = lexicon.SIGNAL_CUE.words | REWRITTEN
SIGNAL_STEMS: Final = lexicon.SIGNAL_CUE.stems
CAUSES: Final = lexicon.any_of(lexicon.STRONG_CAUSE_CUE, lexicon.WEAK_CAUSE_CUE)
REWRITTEN_OR_CAUSES: Final = REWRITTEN | CAUSES.words  # either lets a text through: one set to look in

# Keys as `fold` leaves them (it drops the marks of 'グ' and splits Hangul into letters).
CJK_PHRASES: Final = {fold(phrase): english for phrase, english in lexicon.CJK_PHRASES.items()}
CJK_PHRASE: Final = re.compile("|".join(map(re.escape, sorted(CJK_PHRASES, key=len, reverse=True))))
# Their first letters, as a character class: one regex pass costs less than a set lookup per character.
CJK_FIRST: Final = re.compile("[" + "".join(sorted({re.escape(phrase[0]) for phrase in CJK_PHRASES})) + "]")


def _english_cjk(match: re.Match[str]) -> str:
    return f" {CJK_PHRASES[match.group()]} "


# A site named by its address: a service whether or not the name index knows it.
SITE_ENDINGS: Final = frozenset("com org net io dev app co tv gg ai cloud".split())
SITE: Final = re.compile(
    r"(?<![@\w.-])[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|dev|app|co|tv|gg|ai|cloud)\b"
)

NO_SIGNAL: Final = "no outage or cause words"
NO_SERVICE_NOR_CAUSE: Final = "no service named and no cause"


def unmarked(text: str) -> str:
    """`text` without code, links (but a status page's service), mentions, custom emoji and
    timestamps: not what its writer says. Each removal runs only when the characters it needs
    are there: most chat has none."""
    if "`" in text:
        text = CODE_BLOCK.sub(" ", text)
    if "<" in text or "http" in text or "www." in text:
        if "status" in text:
            text = STATUS_LINK.sub(_status_service, text)
        text = MARKUP.sub(" ", text)
    return text


def glance_words(text: str) -> tuple[str, list[str]]:
    """`text` without code and markup, folded, and its words with every character outside
    ASCII taken as a space: the lexicon and the name index hold ASCII words only, so no word
    they know is lost."""
    folded = fold(unmarked(text))
    if folded.isascii():
        return folded, folded.encode().translate(_NON_WORD).decode().split()
    folded = folded.replace("𝕏", "x")
    if CJK_FIRST.search(folded):
        folded = CJK_PHRASE.sub(_english_cjk, folded)
    return folded, folded.encode("ascii", "replace").translate(_NON_WORD).decode().split()


def glance(folded: str, runs: list[str], names: NameIndex) -> str | None:
    """Why no reading of the text `glance_words` gave as `folded` and `runs` could make it a
    claim worth answering, or None if one might."""
    if SIGNAL_WORDS.isdisjoint(runs) and not _has_stem(SIGNAL_STEMS, folded, runs, _NO_SIGNAL_STEM):
        return NO_SIGNAL
    if not REWRITTEN_OR_CAUSES.isdisjoint(runs):
        return None  # a cause word, or foreign words (only the reading knows what they become)
    if _has_stem(CAUSES.stems, folded, runs, _NO_CAUSE_STEM):
        return None
    if names.may_name(runs, folded):
        return None
    if not SITE_ENDINGS.isdisjoint(runs) and SITE.search(folded):
        return None
    return NO_SERVICE_NOR_CAUSE


class StemlessWords:
    """Words seen to hold no stem of a cue. Stems are letters and digits only (tests/test_glance.py),
    so in ASCII text a match lies inside one word run: known words skip the regex, and chat
    repeats its words."""

    def __init__(self) -> None:
        self.words: set[str] = set()

    def cache_clear(self) -> None:
        self.words.clear()


_NO_SIGNAL_STEM: Final = StemlessWords()
_NO_CAUSE_STEM: Final = StemlessWords()
_REMEMBERED_WORDS: Final = 50_000


def _has_stem(stems: re.Pattern[str] | None, folded: str, runs: list[str], memo: StemlessWords) -> bool:
    """Whether `stems` matches `folded` (whose word runs are `runs`)."""
    if stems is None:
        return False
    if not folded.isascii():
        return stems.search(folded) is not None  # '5٠٣': a digit outside ASCII splits no run
    stemless = memo.words
    if stemless.issuperset(runs):
        return False
    if stems.search(folded) is not None:
        return True
    if len(stemless) > _REMEMBERED_WORDS:
        stemless.clear()
    stemless.update(runs)  # the text has no stem, so none of its words has one
    return False
