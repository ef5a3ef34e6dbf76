"""Finds service names in chat text by n-gram lookup, so it scales to many aliases.

A regex alternation over thousands of aliases is slow and fragile; looking up the 1-4 word
windows of a message in a dict is linear in the message and indifferent to the alias count.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from bot.core.text import fold

MAX_WORDS = 4
TYPO_MIN = 7  # shorter names are too close to ordinary words to forgive a typo
TOKEN = re.compile(r"[a-z0-9&]+(?:[.\-'/][a-z0-9&]+)*")


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _keys(words: list[str]) -> list[str]:
    """Lookup keys for a word window: as written, and with its last word made singular."""
    exact = " ".join(words)
    loose = " ".join([*words[:-1], _singular(words[-1])])
    return [exact] if loose == exact else [exact, loose]


def _tokenize(text: str) -> list[list[str]]:
    """Token streams: whole tokens (x.com, us-east-1) and the same split at . - ' /."""
    whole = TOKEN.findall(text)
    split = [piece for token in whole for piece in re.split(r"[.\-'/]", token) if piece]
    whole = [re.sub(r"'s$", "", t) for t in whole]
    return [whole] if split == whole else [whole, split]


def normalise_name(name: str) -> str:
    return " ".join(TOKEN.findall(fold(name)))


@dataclass(frozen=True, slots=True)
class NameHit:
    name: str  # the alias as indexed
    incident_ids: frozenset[str]  # empty for a well-known service with no record


class NameIndex:
    """Alias → incident ids, plus names of services the knowledge base has no record for."""

    def __init__(self, aliases: Mapping[str, Iterable[str]], known_services: Iterable[str] = ()) -> None:
        table: dict[str, set[str]] = {}
        for alias, ids in aliases.items():
            name = normalise_name(alias)
            if name:
                table.setdefault(name, set()).update(ids)
        for service in known_services:
            name = normalise_name(service)
            if name:
                table.setdefault(name, set())
        self._exact = {k: frozenset(v) for k, v in table.items()}
        self._loose: dict[str, str] = {}
        self._starts: set[str] = set()  # first words of names longer than one word
        for name in self._exact:
            words = name.split()
            for key in _keys(words):
                self._loose.setdefault(key, name)
            if len(words) > 1:
                self._starts.add(words[0])
        # One-letter typos of long single-word names ("cloudfare"): symmetric-delete lookup.
        self._typos: dict[str, str | None] = {}
        self._typo_seen: dict[str, str | None] = {}
        for name in self._exact:
            if " " not in name and len(name) >= TYPO_MIN and name.isalpha():
                for variant in _deletions(name):
                    self._typos[variant] = None if self._typos.get(variant, name) != name else name

    def _typo(self, token: str) -> str | None:
        if len(token) < TYPO_MIN - 1 or not token.isalpha() or token in self._loose:
            return None
        if token in self._typo_seen:  # chat repeats its words: remember the answer
            return self._typo_seen[token]
        found = self._typo_lookup(token)
        if len(self._typo_seen) > 50_000:
            self._typo_seen.clear()
        self._typo_seen[token] = found
        return found

    def _typo_lookup(self, token: str) -> str | None:
        candidates = {self._typos.get(token)} | {self._typos.get(v) for v in _deletions(token)}
        candidates |= {v for v in _deletions(token) if v in self._exact and " " not in v}
        found = {c for c in candidates if c and c[0] == token[0] and c != token}
        return found.pop() if len(found) == 1 else None

    def __len__(self) -> int:
        return len(self._exact)

    def find(self, text: str) -> list[NameHit]:
        """Longest names first, without overlaps, in order of appearance."""
        folded = fold(text).replace("𝕏", "x")
        hits: dict[str, NameHit] = {}
        for tokens in _tokenize(folded):
            used = [False] * len(tokens)
            for size in range(MAX_WORDS, 0, -1):
                for start in range(len(tokens) - size + 1):
                    if size > 1 and tokens[start] not in self._starts:
                        continue  # most words start no name: skip building the window
                    if any(used[start : start + size]):
                        continue
                    window = tokens[start : start + size]
                    name = next((self._loose[k] for k in _keys(window) if k in self._loose), None)
                    if name is None and size == 1:
                        name = self._typo(window[0])
                    if name is None or (name == "x" and not _standalone_x(tokens, start)):
                        continue
                    for i in range(start, start + size):
                        used[i] = True
                    hits.setdefault(name, NameHit(name, self._exact[name]))
        return list(hits.values())


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _standalone_x(tokens: list[str], index: int) -> bool:
    """'x' is X only when it is not arithmetic or a multiplier ('5 x 3', 'x2')."""
    neighbours = tokens[max(0, index - 1) : index] + tokens[index + 1 : index + 2]
    return not any(t.isdigit() for t in neighbours)
