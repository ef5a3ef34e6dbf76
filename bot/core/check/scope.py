"""The rule for scope: all, every, the entire or the whole of only where the sources say so.

Overstated scope is how outage stories go wrong, and it hides in a single word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.check.evidence import Evidence
from bot.core.check.reading import CLAUSE_BREAK, _content_word, _is_negation
from bot.core.check.results import Violation
from bot.core.facts import WORD_NUMBERS
from bot.core.text import fold, stem, words

UNIVERSAL = frozenset("every all entire whole".split())
DETERMINERS = frozenset("the of its their his her our this that these those a an".split())
BE_VERBS = frozenset("is are was were be been being have has had".split())
IDIOM_BEFORE = frozenset("at after above for".split())  # 'at all', 'after all', 'for all its'
IDIOM_AFTER = frozenset("but along over around".split())  # 'all but', 'all along', 'all over'
PERIODS = frozenset("second minute hour day night week month year time".split())


def _frequency(following: list[str]) -> bool:
    """The words after 'every' name a period ('day', 'few minutes', 'other week'): how often,
    not how much."""
    rest = [t for t in following[:3] if t not in ("few", "other", "single", "couple")]
    return bool(rest) and (rest[0] in PERIODS or rest[0].removesuffix("s") in PERIODS)


def _universal_scopes(folded: str, names: frozenset[str] = frozenset()) -> list[set[str]]:
    """What each 'every', 'all', 'entire' or 'whole' in folded text sweeps over: the stems of
    the words it governs ('every windows machine running' -> machin, run; the names among them
    only when nothing else is left). Left out: a denied universal ('not every customer'), one
    before a number ('all 50 states': the number rule's), a share ('1 percent of all
    machines'), 'all' on its own ('they were all affected', 'all were back'), a frequency
    ('every day') and idioms ('at all')."""
    scopes = []
    for clause in CLAUSE_BREAK.split(folded):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if token not in UNIVERSAL or any(_is_negation(t, evidence=True) for t in tokens[:i]):
                continue
            before = tokens[i - 1] if i else ""
            rest = tokens[i + 1 :]
            if before == "of" or (token == "all" and (before in BE_VERBS or before in IDIOM_BEFORE)):
                continue
            if token == "all" and rest and rest[0] in BE_VERBS:
                continue
            if rest[:2] in (["of", "them"], ["of", "those"], ["of", "these"], ["of", "it"]):
                continue  # 'all of them were lifted': the ones the sentence before counted
            while rest and rest[0] in DETERMINERS:
                rest = rest[1:]
            if rest[:2] == ["one", "of"]:  # 'every one of its customers' is every customer, not a number
                rest = rest[2:]
                while rest and rest[0] in DETERMINERS:
                    rest = rest[1:]
            if not rest or rest[0] in IDIOM_AFTER or rest[0][0].isdigit() or rest[0] in WORD_NUMBERS:
                continue
            if token == "every" and _frequency(rest):
                continue
            scope = {stem(t) for t in rest[:3] if _content_word(t) and t not in UNIVERSAL}
            scope = {s for s in scope if s not in names} or scope  # 'all Google services': services
            if scope:
                scopes.append(scope)
    return scopes


@lru_cache(maxsize=8_192)
def _universal_scope_words(folded: str) -> frozenset[str]:
    """The stems of the few words after each universal in a source sentence ('any' and 'each'
    count here: 'any customer' states as much as 'every customer')."""
    tokens = words(folded)
    found: set[str] = set()
    for i, token in enumerate(tokens):
        if token == "every" and _frequency(tokens[i + 1 :]):
            continue  # 'we get attacked every day' says nothing about the whole day
        if token in UNIVERSAL or token in ("any", "each", "everyone", "everything"):
            found |= {stem(t) for t in tokens[i + 1 : i + 6] if _content_word(t)}
    return frozenset(found)


INTERNET_SHARE = re.compile(
    r"\b(?:most|half|much|all|large parts?|big chunks?|swathes?) (?:of )?(?:the )?(?:rest of (?:the )?)?"
    r"(?:internet|web)\b"
)
SOURCE_INTERNET_SHARE = re.compile(
    r"\b(?:most|half|much|all|large|big|parts?|chunks?|swathes?|entire|whole|across)\b[^.]{0,30}\b(?:internet|web)\b"
)


def _check_internet_share(folded: str, evidence: Evidence, v) -> list[Violation]:
    """'Facebook, Instagram and most of the rest of the internet were offline': how much of the
    internet went down is a claim of scope the cited sources must make too."""
    if INTERNET_SHARE.search(folded) and not any(SOURCE_INTERNET_SHARE.search(s) for s in evidence.prose):
        return [v("scope", "says how much of the internet went down where its cited sources do not")]
    return []


WORLDWIDE = re.compile(
    r"\b(?:worldwide|world-wide|globally|everywhere|(?:around|across|all over) the (?:world|globe)"
    r"|in every (?:country|region|market))\b"
)
SOURCE_WORLDWIDE = re.compile(
    r"\b(?:worldwide|world-wide|global\w*|world|globe|everywhere|every (?:country|region|market)"
    r"|all (?:\w+ )?(?:regions|countries|markets)|international\w*)\b"
)


def _check_worldwide(folded: str, evidence: Evidence, v) -> list[Violation]:
    """'credit all members worldwide' where the source says 'in the US and Canada': where an
    outage or a remedy reached is scope too, and 'worldwide' needs a source that says as much
    (a reach denied, 'not worldwide', states nothing)."""
    for clause in CLAUSE_BREAK.split(folded):
        match = WORLDWIDE.search(clause)
        if match is None or any(_is_negation(t, evidence=True) for t in words(clause[: match.start()])):
            continue
        if not any(SOURCE_WORLDWIDE.search(sentence) for sentence in evidence.prose):
            return [v("scope", f"says {match.group()!r} where its cited sources do not")]
    return []


def _check_scope(text: str, evidence: Evidence, v) -> list[Violation]:
    """'8.5 million devices, which it said was every Windows machine running CrowdStrike' where
    the source says less than 1 percent: a universal is a claim about scope, and overstated
    scope is how outage stories go wrong. Whatever a draft says all, every, the entire or the
    whole of, its cited sources must say so too ('took down all the connections' backs 'every
    connection')."""
    names = frozenset(stem(fold(w)) for w in re.findall(r"(?<=\s)[A-Z][\w'’\-]*", text))
    folded = fold(text)
    if "internet" in folded or "web" in folded:
        share = _check_internet_share(folded, evidence, v)
        if share:
            return share
    if "world" in folded or "global" in folded or "everywhere" in folded or "every" in folded:
        worldwide = _check_worldwide(folded, evidence, v)
        if worldwide:
            return worldwide
    scopes = _universal_scopes(folded, names)
    if not scopes:
        return []
    backed = frozenset().union(*(_universal_scope_words(sentence) for sentence in evidence.prose))
    if any(not scope & backed for scope in scopes):
        return [v("scope", "says all or every where its cited sources do not")]
    return []
