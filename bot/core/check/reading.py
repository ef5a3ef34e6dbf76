"""How the checker reads a piece of text, the same way for the sources and for a draft.

Word forms, sentence and clause breaks, what a sentence negates, whether it mentions a term and
which of its words carry content. The evidence and most rules need these, so they sit below both.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.check.vocabulary import _UN_EXCEPTIONS, EVIDENCE_NEGATION_EXTRA, NEGATION_CUES, REPORTING_WORDS
from bot.core.text import STOPWORDS, fold, stem, words


def _blanked(text: str, spans: list[tuple[int, int]]) -> str:
    """`text` with each span turned to spaces: offsets stay where they were, the words are gone."""
    for start, end in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


@lru_cache(maxsize=16_384)
def _frozen_word_forms(text: str) -> frozenset[str]:
    """`_word_forms`, cached, for the rules that read every sentence of the cited excerpts."""
    return frozenset(_word_forms(text))


def _word_forms(text: str) -> set[str]:
    forms: set[str] = set()
    for token in set(words(fold(text))):
        forms.update(_token_forms(token))
    return forms


@lru_cache(maxsize=65_536)
def _token_forms(token: str) -> tuple[str, ...]:
    """A token as written, without a trailing dot or quote, stemmed, and its pieces: the same
    words come back in every excerpt, so each is worked out once."""
    forms = {token, token.rstrip(".'"), stem(token)}
    if "'" in token:
        forms.add(token.replace("'", ""))  # "qi'anxin" written as 'Qianxin' or 'Qi An Xin'
    for piece in PIECE_BREAK.split(token):
        if piece:
            forms.add(piece)
            forms.add(stem(piece))
    return tuple(forms)


PIECE_BREAK = re.compile(r"[.\-']")


# A sentence ends at . ! or ? (a closing quote or bracket may follow: 'mitigated." The'), but not
# at the dots of 'a.m.', 'U.S.' or 'Mr.': '1 a.m. U.S. Eastern time' is one sentence.
_ABBREVIATIONS = "".join(
    rf"(?<!\b{re.escape(a)})"
    for a in ("a.m.", "p.m.", "A.M.", "P.M.", "u.s.", "U.S.", "u.k.", "U.K.", "mr.", "Mr.")
)
SENTENCE_BREAK = re.compile(rf"(?<=[.!?]){_ABBREVIATIONS}\s+|(?<=[.!?][\"'”’)])\s+|\n+")
CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s|\b(?:but|though|although|while|whereas)\b")


def _negated_scope(sentence: str, *, evidence: bool = False) -> frozenset[str]:
    """What a sentence denies: the words after each negation, up to the end of its clause.
    'the result of an internal change ... and was not caused by a security incident' denies a
    security incident, not the internal change."""
    scope: set[str] = set()
    for clause in CLAUSE_BREAK.split(sentence):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if _is_negation(token, evidence=evidence) and not _uncertain(tokens, i):
                scope |= _negation_window(tokens, i + 1, _scope_end(tokens, i))
    return frozenset(scope)


UNCERTAIN = frozenset({"clear", "known", "certain", "sure", "obvious"})
WH_WORDS = frozenset({"when", "whether", "how", "why", "what", "who", "where", "if"})


def _uncertain(tokens: list[str], negation: int) -> bool:
    """'It's not clear when the outage began': a detail left open, not a denial of the outage."""
    following = [t for t in tokens[negation + 1 : negation + 4] if t != "yet"]  # 'not yet known how'
    return len(following) >= 2 and following[0] in UNCERTAIN and following[1] in WH_WORDS


KNOWING = frozenset("realized realised realize realise noticed notice knew know aware".split())


def _scope_end(tokens: list[str], negation: int) -> int:
    """Where a negation's reach ends: its clause's end, or a clause that says when or what for
    ('unable to play online after Xbox Live and PSN both suffered outages' does not deny the
    outages, nor 'no traffic is blocked so that we can measure ...' the measuring, nor 'no one
    realized that the code had not been removed' the code's staying); a 'no'
    denies only the noun it heads, up to a participle ('will face no penalties providing
    TikTok' does not deny TikTok)."""
    inability = _inability(tokens, negation)
    for j in range(negation + 2, len(tokens)):
        token = tokens[j]
        if token in ("after", "when") or (token == "so" and tokens[j + 1 : j + 2] == ["that"]):
            return j
        if inability and token in INABILITY_SPAN and _time_follows(tokens, j):
            return j  # 'unable to log in or trade for nearly two hours' denies the trading, not the hours
        if token == "and" and tokens[j + 1 : j + 2] and tokens[j + 1] in NEW_PREDICATE:
            return j  # 'were not delivered and need to be sent again': the need stands
        if token in MODALS and tokens[negation] not in SUBJECT_NEGATIONS:
            return j  # 'candidates whose exam could not start may rebook' (not 'no penalty will be charged')
        if token == "that" and tokens[j - 1] in KNOWING:  # 'no one realized that X': X stands
            return j
        if tokens[negation] == "no" and token.endswith("ing") and len(token) > 5:
            return j
    return len(tokens)


MODALS = frozenset({"may", "might", "must", "should", "will", "shall"})
NEW_PREDICATE = frozenset({"need", "needs", "must", "will", "should", "may", "might", "remain", "remains"})
SUBJECT_NEGATIONS = frozenset({"no", "none", "nothing", "nobody", "neither", "nor"})
INABILITY = frozenset({"unable", "cannot", "can't", "couldn't"})
INABILITY_SPAN = frozenset({"for", "from", "between", "until", "since", "during"})
TIME_UNITS = frozenset(
    "hour hours minute minutes min mins day days week weeks while morning afternoon".split()
)


def _time_follows(tokens: list[str], index: int) -> bool:
    """Whether a span word starts a time ('for nearly two hours', 'from 14:20'), not an object
    ('from their accounts', 'for orders')."""
    following = tokens[index + 1 : index + 8]  # 'for nearly two and a half hours'
    return bool(following) and (
        any(ch.isdigit() for ch in following[0]) or not TIME_UNITS.isdisjoint(following)
    )


def _inability(tokens: list[str], negation: int) -> bool:
    token = tokens[negation]
    return token in INABILITY or (
        token == "not" and negation > 0 and tokens[negation - 1] in ("could", "can")
    )


def _is_negation(token: str, *, evidence: bool) -> bool:
    if token in NEGATION_CUES or token.endswith("n't"):
        return True
    if not evidence:
        return False
    return token in EVIDENCE_NEGATION_EXTRA or (
        token.startswith("un") and len(token) > 5 and not token.startswith(_UN_EXCEPTIONS)
    )


@lru_cache(maxsize=16_384)
def _mentions(haystack: str, term: str) -> bool:
    """`term` occurs in folded `haystack` as a whole token or dotted/dashed part ('us-east-1' in
    'dynamodb.us-east-1.amazonaws.com'), optionally plural."""
    start = haystack.find(term)
    while start >= 0:
        end = start + len(term)
        before = haystack[start - 1] if start else " "
        after = haystack[end : end + 2]
        if not before.isalnum() and (
            not after[:1].isalnum() or (after[:1] == "s" and not after[1:2].isalnum())
        ):
            return True
        start = haystack.find(term, start + 1)
    return False


def _content_word(token: str) -> bool:
    return token not in STOPWORDS and token not in REPORTING_WORDS and len(token) > 2


def _negation_window(tokens: list[str], start: int, stop: int) -> set[str]:
    return {
        stem(part)
        for t in tokens[max(0, start) : stop]
        if t not in STOPWORDS and not _is_negation(t, evidence=False) and len(t) > 2
        for part in (t, t.removeprefix("cyber"))  # "cyberattack" meets "cyber attack"
        if len(part) > 2
    }
