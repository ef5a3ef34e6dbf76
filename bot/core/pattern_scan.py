"""Which of many patterns match a text, found in one native pass instead of one `re` scan each.

Reading a claim asks a dozen questions of the lexicon (outage words? a cause? chatter? planned
work?), and CPython's `re` answers each with its own scan: ~40 µs a claim, mostly spent proving
that patterns do not match. Hyperscan compiles every alternative of every pattern into one
automaton and reports in a single pass which of them match. Its answers are `re`'s own for the
constructs both share; an alternative with a construct Hyperscan lacks (a lookaround) is compiled
as a superset (its prefilter mode) and confirmed with `re` when it hits. Where Hyperscan cannot
run (no wheel for the platform, a CPU it refuses), every question goes to `re`: slower, the same
answers. tests/test_pattern_scan.py holds both to `re` on generated and real chat.

The binding releases the GIL while it scans (and takes it back for each match it reports), so
a worker thread running Python may delay a scan on the event loop; the end-to-end benchmark,
with its database and fake-LLM threads, shows no loss from it.
"""

from __future__ import annotations

import ctypes
import importlib
import itertools
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

log = logging.getLogger(__name__)

LOOKAROUND: Final = re.compile(r"\(\?<?[=!]")
# Text is scanned as one byte per character (offsets are not needed, only which patterns hit).
# A character outside ASCII becomes an ASCII one that every pattern treats alike: a word character
# no pattern names ("_"), a space no pattern names ("\t"), a digit ("0", see `_found`), or a
# character that is none of these ("\x01"). ASCII's separators \x1c-\x1f are spaces to `re`
# and not to Hyperscan: "\t" too.
WORD_STAND_IN, SPACE_STAND_IN, OTHER_STAND_IN, DIGIT_STAND_IN = "_", "\t", "\x01", "0"
STAND_INS: Final = WORD_STAND_IN + SPACE_STAND_IN + OTHER_STAND_IN
_ASCII_SEPARATORS: Final = bytes.maketrans(b"\x1c\x1d\x1e\x1f", b"\t\t\t\t")


class _StandIns(dict[int, str]):
    """`str.translate` table built as characters are met."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        if code < 128 and not 0x1C <= code <= 0x1F:
            stand_in = char
        elif char.isspace():
            stand_in = SPACE_STAND_IN
        elif char.isdecimal():  # `\d` to `re`: a digit, so Hyperscan finds at least as much
            stand_in = DIGIT_STAND_IN
        elif char.isalnum():
            stand_in = WORD_STAND_IN
        else:
            stand_in = OTHER_STAND_IN
        if len(self) < 65_536:
            self[code] = stand_in
        return stand_in


_STAND_INS: Final = _StandIns()


def _scan_structure(pattern: str) -> tuple[list[int], list[tuple[int, int]]]:
    """Where `pattern` splits at the top level ('|'), and the spans of its top-level groups
    (from '(' to its ')'), skipping escapes and character classes."""
    bars: list[int] = []
    groups: list[tuple[int, int]] = []
    depth, i, in_class, opened = 0, 0, False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            i += 1 + (pattern[i + 1 : i + 2] == "^")
            i += pattern[i : i + 1] == "]"  # a ']' first in a class is a literal
            continue
        elif char == "(":
            if depth == 0:
                opened = i
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                groups.append((opened, i + 1))
        elif char == "|" and depth == 0:
            bars.append(i)
        i += 1
    return bars, groups


def alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of `pattern`: 'a|(b|c)|[|]' gives 'a', '(b|c)', '[|]'."""
    bars, _ = _scan_structure(pattern)
    bounds = [-1, *bars, len(pattern)]
    return [pattern[a + 1 : b] for a, b in itertools.pairwise(bounds)]


NEGATED: Final = {r"\d": r"\D", r"\w": r"\W", r"\s": r"\S"}


def without_lookarounds(part: str) -> list[str]:
    """`part` as alternatives that match where it matches (so the same texts contain a match),
    with as few lookarounds left as it takes: 'a(?:b|c(?!d))' is 'a(?:b)' and 'a(?:c(?:\\D|$))'.
    Hyperscan answers exactly for the ones without; the rest it can only prefilter."""
    if not LOOKAROUND.search(part):
        return [part]
    if part.endswith(")") and (rewritten := _trailing_lookahead(part)) is not None:
        return without_lookarounds(rewritten)
    if part.startswith("(?<=") and (rewritten := _leading_lookbehind(part)) is not None:
        return without_lookarounds(rewritten)
    _, groups = _scan_structure(part)
    for start, end in groups:
        if part.startswith("(?", start) and not part.startswith("(?:", start):
            continue  # a lookaround, a named or atomic group, inline flags
        inner_start = start + 3 if part.startswith("(?:", start) else start + 1
        if end < len(part) and part[end] in "?*+{":
            continue  # a repeated group cannot be split
        inner = part[inner_start : end - 1]
        if not LOOKAROUND.search(inner):
            continue
        branches = alternatives(inner)
        if len(branches) == 1:  # unwrapped: its own lookarounds may then end or start `part`
            return without_lookarounds(part[:start] + inner + part[end:])
        return [
            result
            for branch in branches
            for result in without_lookarounds(f"{part[:start]}(?:{branch}){part[end:]}")
        ]
    return [part]


def _trailing_lookahead(part: str) -> str | None:
    """'X(?=Y)' matches somewhere where 'X(?:Y)' does; 'X(?!\\d)' where 'X(?:\\D|$)' does."""
    _, groups = _scan_structure(part)
    if not groups or groups[-1][1] != len(part):
        return None
    start, end = groups[-1]
    body = part[start + 3 : end - 1]
    if part.startswith("(?=", start) and not LOOKAROUND.search(body):
        return f"{part[:start]}(?:{body})"
    if part.startswith("(?!", start) and body in NEGATED:
        return f"{part[:start]}(?:{NEGATED[body]}|$)"
    return None


def _leading_lookbehind(part: str) -> str | None:
    """'(?<=Y)X' matches somewhere where '(?:Y)X' does."""
    _, groups = _scan_structure(part)
    start, end = groups[0]
    body = part[start + 4 : end - 1]
    if start != 0 or LOOKAROUND.search(body):
        return None
    return f"(?:{body}){part[end:]}"


@dataclass(frozen=True, slots=True)
class _Alternative:
    name: str
    pattern: re.Pattern[str]
    exact: bool  # Hyperscan's answer is `re`'s; otherwise a hit is confirmed with `re`


class PatternSet:
    """Named patterns (plain `re` syntax, no flags) to test against many texts."""

    def __init__(self, patterns: Mapping[str, re.Pattern[str]], *, native: bool = True) -> None:
        for name, pattern in patterns.items():
            if pattern.flags & ~re.UNICODE:
                raise ValueError(f"{name}: flags are not supported")
            if any(stand_in in pattern.pattern for stand_in in STAND_INS):
                raise ValueError(f"{name}: a pattern may not name a stand-in character")
        self.patterns = dict(patterns)
        # Per name, its exact alternatives as one expression (one callback however many hit),
        # and each inexact one apart (to be confirmed on its own).
        self._alternatives: list[_Alternative] = []
        for name, pattern in patterns.items():
            parts = [found for part in alternatives(pattern.pattern) for found in without_lookarounds(part)]
            exact = [part for part in parts if part.isascii() and not LOOKAROUND.search(part)]
            if exact:
                self._alternatives.append(_Alternative(name, re.compile("|".join(exact)), exact=True))
            self._alternatives += [
                _Alternative(name, re.compile(part), exact=False) for part in parts if part not in exact
            ]
        self._python_only: list[_Alternative] = []  # what Hyperscan cannot compile, asked of `re`
        self._wants_native = native
        self._compiled = False  # compiled at the first scan: importing the lexicon stays cheap
        self._database: Any = None
        self._owner = threading.get_ident()  # scans with the database's own scratch space
        self._scratch = threading.local()  # other threads' scratch space (one scan at a time each)

    @property
    def native(self) -> bool:
        """Whether scans run in Hyperscan."""
        return self.compile()

    def compile(self) -> bool:
        """Compile for Hyperscan now if not yet; whether scans run in it."""
        if not self._compiled:
            self._database = self._hyperscan_database() if self._wants_native else None
            if self._database is not None:
                _release_freed_heap()
            self._owner = threading.get_ident()
            self._compiled = True
        return self._database is not None

    def _hyperscan_database(self) -> Any:
        try:
            # Asked of the import system each time (compiled code would keep a module it once found).
            hyperscan = importlib.import_module("hyperscan")
        except ImportError:
            log.warning("hyperscan is not installed: the lexicon is matched with `re` (slower)")
            return None
        native = dict(enumerate(self._alternatives))
        try:
            return _database(hyperscan, native)
        except hyperscan.error as error:
            unsupported = {index for index, a in native.items() if not _compiles(hyperscan, index, a)}
            if not unsupported or len(unsupported) == len(native):  # the CPU, not a pattern
                log.warning("hyperscan cannot compile the lexicon (%s): matched with `re`", error)
                return None
        log.warning("hyperscan cannot compile %d alternatives: matched with `re`", len(unsupported))
        self._python_only += [native.pop(index) for index in sorted(unsupported)]
        return _database(hyperscan, native)

    def scan(self, text: str) -> set[str]:
        """The names of the patterns that match `text`."""
        if not self.native:
            return {name for name, pattern in self.patterns.items() if pattern.search(text)}
        found, exact = self._found(text)
        names: set[str] = set()
        unsure: list[_Alternative] = []
        for index in found:
            alternative = self._alternatives[index]
            if exact and alternative.exact:
                names.add(alternative.name)
            else:
                unsure.append(alternative)
        for alternative in (*unsure, *self._python_only):
            if alternative.name not in names and alternative.pattern.search(text):
                names.add(alternative.name)
        return names

    def _found(self, text: str) -> tuple[list[int], bool]:
        """The alternatives Hyperscan finds in `text`, and whether its answers are exact."""
        if text.isascii():
            data = text.encode().translate(_ASCII_SEPARATORS)
            exact = True
        else:
            data = text.translate(_STAND_INS).encode()
            # A decimal digit outside ASCII is `\d` to `re` but no literal digit: its stand-in
            # "0" may make Hyperscan find more, so every hit of such a text is confirmed.
            exact = not any(char.isdecimal() and not char.isascii() for char in text)
        found: list[int] = []
        scratch = None if threading.get_ident() == self._owner else self._thread_scratch()
        self._database.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        return found, exact

    def _thread_scratch(self) -> Any:
        scratch = getattr(self._scratch, "space", None)
        if scratch is None:
            scratch = self._scratch.space = self._database.scratch.clone()
        return scratch


def _expression(pattern: str) -> bytes:
    """`pattern` as Hyperscan scans text: a character outside ASCII becomes its stand-in, so
    'down 3–1' is found where a scanned text has the stand-in of any such character (a
    superset, as only inexact alternatives hold such characters: `re` confirms each hit)."""
    if pattern.isascii():
        return pattern.encode()
    return "".join(
        char if char.isascii() else f"\\x{ord(_STAND_INS[ord(char)]):02x}" for char in pattern
    ).encode()


def _flags(hyperscan: Any, alternative: _Alternative) -> int:
    single = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY
    return single if alternative.exact else single | hyperscan.HS_FLAG_PREFILTER


def _database(hyperscan: Any, alternatives: dict[int, _Alternative]) -> Any:
    database = hyperscan.Database()
    database.compile(
        expressions=[_expression(a.pattern.pattern) for a in alternatives.values()],
        ids=list(alternatives),
        elements=len(alternatives),
        flags=[_flags(hyperscan, a) for a in alternatives.values()],
    )
    return database


def _compiles(hyperscan: Any, index: int, alternative: _Alternative) -> bool:
    try:
        _database(hyperscan, {index: alternative})
    except hyperscan.error:
        return False
    return True


def _release_freed_heap() -> None:
    """Hyperscan's compiler frees ~15 MB that glibc keeps mapped (the database itself is ~1 MB):
    hand it back, where the C library can."""
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):  # not glibc
        return
    trim(0)


def _collect(index: int, start: int, end: int, flags: int, found: list[int]) -> None:
    found.append(index)
