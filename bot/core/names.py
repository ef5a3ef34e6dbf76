"""Finds service names in chat text by n-gram lookup, so it scales to many aliases.

A regex alternation over thousands of aliases is slow and fragile; looking up the 1-4 word
windows of a message in a dict is linear in the message and indifferent to the alias count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from bot.core.text import fold, word_runs

MAX_WORDS: Final = 4
TYPO_MIN: Final = 7  # shorter names are too close to ordinary words to forgive a typo
UNDOUBLED_MIN: Final = 6  # ... except a doubled letter typed once, in names this long
# Plural names whose singular is an everyday word: only the plural names the service.
COMMON_SINGULARS: Final = frozenset(
    {"team", "space", "page", "sheet", "form", "doc", "word", "store", "game", "message"}
)
TOKEN: Final = re.compile(r"[a-z0-9&]+(?:[.\-'/][a-z0-9&]+)*")
PIECE: Final = re.compile(r"[a-z0-9&]+")  # a token split at . - ' /
_NOT_PIECE: Final = bytes([c if chr(c) in "abcdefghijklmnopqrstuvwxyz0123456789" else 32 for c in range(256)])


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _keys(words: list[str]) -> list[str]:
    """Lookup keys for a word window: as written, and with its last word made singular."""
    exact = " ".join(words)
    loose = " ".join([*words[:-1], _singular(words[-1])])
    return [exact] if loose == exact else [exact, loose]


def _tokenize(text: str) -> list[list[str]]:
    """Token streams: whole tokens (x.com, us-east-1) and the same split at . - ' /."""
    if "." not in text and "-" not in text and "'" not in text and "/" not in text:
        if text.isascii() and "&" not in text:  # most chat: plain words, split without a regex
            return [text.encode().translate(_NOT_PIECE).decode().split()]
        return [TOKEN.findall(text)]  # nothing to split
    whole = TOKEN.findall(text)
    split = PIECE.findall(text)
    if "'s" in text:
        whole = [t[:-2] if t.endswith("'s") else t for t in whole]
    return [whole] if split == whole else [whole, split]


def _in_another_script(name: str) -> bool:
    """A name with letters no folding makes ASCII: Hangul, kana, kanji, Devanagari, Cyrillic..."""
    return any(ch.isalpha() and not ch.isascii() for ch in fold(name))


def _continues_syllable(folded: str, end: int) -> bool:
    """Whether the Hangul letter after a match belongs to the match's last syllable ('하늘' is
    not in '하는', whose last letters, folded apart, begin the same)."""
    return end < len(folded) and "\u1161" <= folded[end] <= "\u11ff"


def normalise_name(name: str) -> str:
    return " ".join(TOKEN.findall(fold(name)))


@dataclass(frozen=True, slots=True)
class NameHit:
    name: str  # the alias as indexed
    incident_ids: frozenset[str]  # empty for a well-known service with no record


class NameIndex:
    """Alias → incident ids, plus names of services the knowledge base has no record for."""

    def __init__(
        self,
        aliases: Mapping[str, Iterable[str]],
        known_services: Iterable[str] = (),
        nicknames: Mapping[str, str] | None = None,
    ) -> None:
        table: dict[str, set[str]] = {}
        glyphs: dict[str, set[str]] = {}
        for alias, ids in aliases.items():
            name = normalise_name(alias)
            if name:
                table.setdefault(name, set()).update(ids)
            if _in_another_script(alias):
                glyphs.setdefault(fold(alias).strip(), set()).update(ids)
        for service in known_services:
            name = normalise_name(service)
            if name:
                table.setdefault(name, set())
        for nickname, name in (nicknames or {}).items():
            if name in table and nickname not in table:
                table[nickname] = table[name]
        self._exact = {k: frozenset(v) for k, v in table.items()}
        self._loose: dict[str, str] = {}
        self._starts: dict[str, set[int]] = {}  # first word of names of 2+ words → their lengths
        self._pairs: set[str] = set()  # their first two words, as a window's keys give them
        for name in self._exact:
            words = name.split()
            for key in _keys(words):
                if key != name and key in COMMON_SINGULARS:
                    continue  # 'the enemy team crashed' is no Teams outage
                self._loose.setdefault(key, name)
                if len(words) > 1:
                    self._pairs.add(" ".join(key.split()[:2]))
            if len(words) > 1:
                self._starts.setdefault(words[0], set()).add(len(words))
        self._hits = {name: NameHit(name, ids) for name, ids in self._exact.items()}
        # Names written in another script ('하늘톡', 'ツバメモバイル', 'कर मित्र'), found as they
        # are written: such chat has no spaces between words to split it at.
        self._glyphs = {glyph: NameHit(glyph, frozenset(ids)) for glyph, ids in glyphs.items() if glyph}
        self._glyphs_longest_first = sorted(self._glyphs, key=len, reverse=True)
        # One-letter typos of long single-word names ("cloudfare"): symmetric-delete lookup.
        self._typos: dict[str, str | None] = {}
        self._word_seen: dict[str, str | None] = {}
        self._nameless: set[str] = set()  # the words of `_word_seen` that are no name
        # What `may_name` looks for, by the word runs (`text.word_runs`) a match must contain:
        # one-word names of one run; the first two runs of names of two or more words; and
        # names glued with punctuation ("at&t", "x.com"), by their longest run, to look for whole.
        self._one_run: set[str] = set()
        self._first_runs: dict[str, set[str]] = {}
        self._glued: dict[str, list[str]] = {}
        for key in self._loose:
            runs = word_runs(key)
            if " " in key:
                self._first_runs.setdefault(runs[0], set()).add(runs[1])
            elif len(runs) == 1 and runs[0] == key:
                self._one_run.add(key)
            else:
                self._glued.setdefault(max(runs, key=len), []).append(key)
        self._no_part: set[str] = set()  # runs seen that are none of the above, nor a typo
        for name in self._exact:
            if " " not in name and len(name) >= TYPO_MIN and name.isalpha():
                for variant in _deletions(name):
                    self._typos[variant] = None if self._typos.get(variant, name) != name else name
        # A doubled letter typed once ("redit", "twiter") is forgiven in shorter names too.
        self._undoubled: dict[str, str | None] = {}
        for name in self._exact:
            if " " not in name and len(name) >= UNDOUBLED_MIN and name.isalpha():
                for variant in _undoubled(name) - self._exact.keys():
                    self._undoubled[variant] = None if self._undoubled.get(variant, name) != name else name

    def _word(self, token: str) -> str | None:
        """The one-word name `token` is: as written, made singular, or with a typo. Chat repeats
        its words, so the answer is remembered (a few MB at most)."""
        if token in self._word_seen:
            return self._word_seen[token]
        found = self._loose.get(token) or self._loose.get(_singular(token)) or self._typo(token)
        if len(self._word_seen) > 50_000:
            self._word_seen.clear()
            self._nameless.clear()
        self._word_seen[token] = found
        if found is None:
            self._nameless.add(token)
        return found

    def _typo(self, token: str) -> str | None:
        if token in self._undoubled:
            return self._undoubled[token]
        if len(token) < TYPO_MIN - 1 or not token.isalpha() or token in self._loose:
            return None
        return self._typo_lookup(token)

    def _typo_lookup(self, token: str) -> str | None:
        candidates = {self._typos.get(token)} | {self._typos.get(v) for v in _deletions(token)}
        # A letter too many: only in names of six letters or more ('stream' is no 'steam' typo).
        candidates |= {
            v for v in _deletions(token) if len(v) >= UNDOUBLED_MIN and v in self._exact and " " not in v
        }
        found = {c for c in candidates if c and c[0] == token[0] and c != token}
        return found.pop() if len(found) == 1 else None

    def may_name(self, runs: list[str], folded: str) -> bool:
        """Whether `find` could find a name in the text `folded`, whose `word_runs` are `runs`
        (code and markup removed first, as `find` sees it): a superset, the quick screen's cheap
        no. Chat repeats its words, so a run that is no part of a name is remembered."""
        if self._glyphs and not folded.isascii() and self._glyph_hits(folded):
            return True
        no_part = self._no_part
        if no_part.issuperset(runs):
            return False
        for i, run in enumerate(runs):
            if run in no_part:
                continue
            if run in self._one_run or _singular(run) in self._one_run:
                return True
            seconds = self._first_runs.get(run)
            glued = self._glued.get(run)
            if seconds is not None or glued is not None:
                if seconds is not None and i + 1 < len(runs):
                    second = runs[i + 1]
                    if second in seconds or _singular(second) in seconds:
                        return True
                if glued is not None and any(key in folded for key in glued):
                    return True
                continue  # in another message, this run may start a name
            if self._typo(run):
                return True
            if len(no_part) > 50_000:
                no_part.clear()
            no_part.add(run)
        return False

    def _glyph_hits(self, folded: str) -> list[NameHit]:
        """The names in another script that `folded` holds, longest first, none inside another."""
        found: list[NameHit] = []
        for glyph in self._glyphs_longest_first:
            start = folded.find(glyph)
            while start >= 0:
                end = start + len(glyph)
                if not _continues_syllable(folded, end) and not any(glyph in hit.name for hit in found):
                    found.append(self._glyphs[glyph])
                    break
                start = folded.find(glyph, start + 1)
        return found

    def __len__(self) -> int:
        return len(self._exact)

    def find(self, text: str, *, folded: bool = False) -> list[NameHit]:
        """Longest names first, without overlaps, in order of appearance (`folded`: the text is
        `text.fold`ed already)."""
        folded_text = text if folded else fold(text).replace("𝕏", "x")
        hits: dict[str, NameHit] = {}
        if self._glyphs and not folded_text.isascii():
            hits.update((hit.name, hit) for hit in self._glyph_hits(folded_text))
        for tokens in _tokenize(folded_text):
            phrases = not self._starts.keys().isdisjoint(tokens)
            if not phrases and self._nameless.issuperset(tokens):
                continue  # most chat: every word known to be no name, none starting one
            used = [False] * len(tokens)
            if phrases:
                self._find_phrases(tokens, used, hits)
            self._find_words(tokens, used, hits)
        return list(hits.values())

    def _find_phrases(self, tokens: list[str], used: list[bool], hits: dict[str, NameHit]) -> None:
        """Names of 2-4 words, longest first; a window is built only where a name that long starts."""
        starts = [
            (i, self._starts[token])
            for i, token in enumerate(tokens[:-1])
            if token in self._starts and self._pair(token, tokens[i + 1])
        ]
        if not starts:
            return
        for size in range(MAX_WORDS, 1, -1):
            for start, sizes in starts:
                if size not in sizes or start + size > len(tokens) or any(used[start : start + size]):
                    continue
                window = tokens[start : start + size]
                name = self._loose.get(" ".join(window))  # as written, or with the last word singular
                if name is None:
                    name = self._loose.get(" ".join([*window[:-1], _singular(window[-1])]))
                if name is None or (name == "x" and not _standalone_x(tokens, start)):
                    continue
                used[start : start + size] = [True] * size
                hits.setdefault(name, self._hits[name])

    def _pair(self, first: str, second: str) -> bool:
        """Whether a name starts with these two words (the second made singular if it ends one)."""
        return f"{first} {second}" in self._pairs or f"{first} {_singular(second)}" in self._pairs

    def _find_words(self, tokens: list[str], used: list[bool], hits: dict[str, NameHit]) -> None:
        """One-word names, in order of appearance."""
        nameless = self._nameless
        for start, token in enumerate(tokens):
            if token in nameless:
                continue
            name = self._word(token)
            if name is None or used[start] or (name == "x" and not _standalone_x(tokens, start)):
                continue
            used[start] = True
            hits.setdefault(name, self._hits[name])


def _undoubled(word: str) -> set[str]:
    """'reddit' typed with one d: each doubled letter typed once."""
    return {word[:i] + word[i + 1 :] for i in range(1, len(word)) if word[i] == word[i - 1]}


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _standalone_x(tokens: list[str], index: int) -> bool:
    """'x' is X only when it is not arithmetic or a multiplier ('5 x 3', 'x2')."""
    neighbours = tokens[max(0, index - 1) : index] + tokens[index + 1 : index + 2]
    return not any(t.isdigit() for t in neighbours)
