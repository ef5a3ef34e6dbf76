"""The rules for names, technical terms and causes.

Each capitalised name, system or region name and cause word a sentence uses must be in its
cited sources: these are what a fluent answer invents most easily.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.check.evidence import Evidence
from bot.core.check.reading import _mentions
from bot.core.check.results import Violation
from bot.core.check.roles import TITLE_SPELLINGS, _title_key
from bot.core.check.vocabulary import CAUSE_EQUIVALENTS, CAUSE_TERMS, SENTENCE_STARTERS, TIME_WORDS
from bot.core.facts import FIXED_ZONES, MONTHS
from bot.core.lexicon import KNOWN_ORGANISATIONS, KNOWN_SERVICES
from bot.core.tech_terms import NUMBER_SUFFIXES, ORDINARY_PREFIXES, SPELLINGS, TECH_TERMS
from bot.core.text import STOPWORDS, fold, stem, words

NAME_TOKEN = re.compile(r"(?<![\w@#])([A-Z][\w'’.\-]*|[a-z]+[A-Z][\w]*|𝕏)")


def _name_like_opening(raw: str, token: str, following: str | None) -> bool:
    """A capitalised first word is a name only when it looks like one: 'Google's', 'AWS',
    'ChatGPT', 'Dark Storm', a known service; 'Talk' or 'Engineers' are ordinary words."""
    lowered = fold(token)
    return (
        bool(re.search(r"['’]s\W*$", raw))
        or (token.isupper() and len(token) > 1)
        or bool(re.search(r"[a-z][A-Z]|\d", token))
        or bool(following and NAME_TOKEN.match(following) and fold(following) not in TIME_WORDS)
        or lowered in KNOWN_SERVICES
        or lowered in KNOWN_ORGANISATIONS
    )


PARTICIPLE = re.compile(r"[A-Z][a-z]{2,}(?:ing|ed)")


def _ordinary_opening(raw: str, token: str, text: str) -> bool:
    """'Citing Mediaite, ...' or 'Following Musk's post, ...': a sentence's first word that is a
    plain word form is grammar, not a name, even when a name follows it. A participle or gerund
    ('Citing', 'Quoting', 'Asked') or a word the sentence also writes in lower case is one; a
    possessive ('Boeing's'), an inner capital or a known service or organisation is a name."""
    if re.search(r"['’]s\W*$", raw) or not (token.isalpha() and token[1:].islower()):
        return False
    lowered = token.lower()
    if lowered in KNOWN_SERVICES or lowered in KNOWN_ORGANISATIONS:
        return False
    return bool(PARTICIPLE.fullmatch(token)) or bool(re.search(rf"(?<![\w'’-]){lowered}(?![\w'’-])", text))


NAME_ENDINGS = ("s", "es", "i", "n", "ian", "ese")
HOLIDAYS = frozenset("christmas boxing year years valentine independence labor memorial".split())
TITLE_PREFIX = re.compile(r"^(?:then|ex|former|now)-(?=[A-Z])", re.IGNORECASE)


def _missing_names(text: str, evidence: Evidence) -> list[str]:
    """Capitalised names (and letter-digit codes) the evidence never mentions, as written."""
    missing = []
    sentence_start = True
    raws = re.findall(r"\S+", text)
    for index, raw in enumerate(raws):
        token_match = NAME_TOKEN.match(raw.strip("([{\"'"))
        starts = sentence_start
        sentence_start = bool(re.search(r"[.!?:]$", raw))
        if not token_match:
            continue
        token = token_match.group(1).rstrip(".,;:!?)'’")
        token = re.sub(r"['’]s$", "", token)
        token = TITLE_PREFIX.sub("", token)  # 'Then-CEO Kelly Bayer Rosmarin': a title
        lowered = fold(token)
        if not lowered or lowered in TIME_WORDS or lowered in STOPWORDS or lowered == "i":
            continue
        if lowered in ("day", "eve") and index and re.sub(r"['’]s$", "", fold(raws[index - 1])) in HOLIDAYS:
            continue  # 'Christmas Day': the holiday is the name, checked on its own
        if token.isupper() and lowered in FIXED_ZONES:
            continue  # 'KST': a time zone, which the time rule checks
        if token.isupper() and _title_key(lowered) in TITLE_SPELLINGS:
            continue  # 'CEO', 'CTO': titles, which the role rule checks with their spellings
        if stem(lowered) in CAUSE_TERMS:
            continue  # 'DDoS': a cause, which the cause rule checks
        if any(ch.isdigit() for ch in lowered) and re.search(r"[a-z]", lowered):
            if lowered not in evidence.names:  # Storm-1359 is not Storm-0558
                missing.append(token)
            continue
        following = raws[index + 1].strip("([{\"'") if index + 1 < len(raws) else None
        if starts and (
            lowered in SENTENCE_STARTERS
            or not _name_like_opening(raw, token, following)
            or _ordinary_opening(raw, token, text)
        ):
            continue
        forms = {lowered, stem(lowered)} | set(re.split(r"[.\-']", lowered))
        forms |= {lowered + ending for ending in NAME_ENDINGS}  # 'Houthi' of 'Houthis', 'Yemen' of 'Yemeni'
        forms.discard("")
        if forms & evidence.names or _given_name_of_known_person(lowered, following, evidence):
            continue
        if "_" in lowered and re.search(rf"(?<!\w){re.escape(lowered)}(?!\w)", fold(evidence.text)):
            continue  # an error code as the source writes it: 'ERR_INDEX_SIG_EXPIRED'
        if token.isupper() and _spelled_out(lowered, evidence.text):
            continue  # 'CDN' where the source writes 'content delivery network'
        if not _part_of_glued_name(raws, index, evidence):
            missing.append(token)
    return list(dict.fromkeys(missing))


def _spelled_out(acronym: str, evidence_text: str) -> bool:
    """Whether the evidence writes out an acronym of 2-6 letters as words with its initials."""
    if not 2 <= len(acronym) <= 6 or not acronym.isalpha():
        return False
    pattern = r"[\s-]+".join(rf"{letter}\w*" for letter in acronym)
    return re.search(rf"\b{pattern}\b", evidence_text, re.IGNORECASE) is not None


def _part_of_glued_name(raws: list[str], index: int, evidence: Evidence) -> bool:
    """'Qi An Xin' where the source writes "Qi'anxin": capitalised words next to each other that,
    written together, are a name the evidence gives."""

    def capitalised(i: int) -> bool:
        return 0 <= i < len(raws) and raws[i][:1].isupper()

    for start in range(index - 2, index + 1):
        for stop in range(max(start + 2, index + 1), index + 4):
            if start <= index < stop and all(capitalised(i) for i in range(start, stop)):
                glued = re.sub(
                    r"[^a-z0-9]", "", fold("".join(re.sub(r"['’]s$", "", raw) for raw in raws[start:stop]))
                )
                if glued in evidence.names:
                    return True
    return False


def _given_name_of_known_person(given: str, following: str | None, evidence: Evidence) -> bool:
    """'Ed Bastian' where the source says 'Bastian' and the record's own text (curated by the
    moderators) says 'Ed Bastian': the first name adds nothing the records do not hold."""
    if not following:
        return False
    surname = fold(re.sub(r"['’]s$", "", following.rstrip(".,;:!?)'’")))
    if surname not in evidence.names:
        return False
    pattern = re.compile(rf"\b{re.escape(given)}\s+{re.escape(surname)}\b")
    return any(pattern.search(fold(text)) for text in evidence.record)


TECH_TOKEN = re.compile(r"[a-z0-9]+(?:[./\-][a-z0-9]+)*")
TECH_PIECES = re.compile(r"[./\-]")
NUMBER_WITH_UNIT = re.compile(r"\d+(?:\.\d+)?(?:" + "|".join(NUMBER_SUFFIXES) + r")")


@lru_cache(maxsize=16_384)
def _technical_term(token: str) -> str | None:
    """The term to look for when a folded token is a technical name, else None.

    A name from the vocabulary ('etcd', 'bgp', plurals like 'apis'), a letter-digit code
    ('s3', 'ps5', 'us-central1'), a dashed or slashed name ending in a number ('us-east-1',
    'http/2') or a host name ('x.com'). Numbers with units ('3pm', '4th', '2.4m', '42-minute')
    and loose dates ('mid-2024') are ordinary prose.
    """
    if token in TECH_TERMS:
        return token
    if token.endswith("s") and token[:-1] in TECH_TERMS:
        return token[:-1]
    pieces = TECH_PIECES.split(token)
    kinds = []
    for piece in pieces:
        if piece.isdigit() or NUMBER_WITH_UNIT.fullmatch(piece):
            kinds.append("number")
        elif piece.isalpha():
            kinds.append("word")
        else:
            return token  # letters and digits in one piece: s3, ps5, us-central1
    if len(pieces) == 1:
        return None
    if "word" in kinds and "number" in kinds[kinds.index("word") :] and ("-" in token or "/" in token):
        if pieces[0] in ORDINARY_PREFIXES or any(piece in MONTHS for piece in pieces):
            return None  # 'top-10'; a date written with dashes ('18-nov-2025') is the date rule's
        return token
    if "." in token and kinds[-1] == "word" and len(pieces[-1]) >= 2 and "number" not in kinds:
        return token  # a host name; 'e.g', 'u.s' and 'a.m' end in one letter
    return None


DOMAIN_ENDINGS = frozenset("com net org io co app dev ai gov edu uk de fr".split())


def _host_name_of(term: str, names: frozenset[str]) -> bool:
    """'amazon.com' or 'n.virginia' where the evidence says Amazon or N. Virginia: a name written
    with a dot, not another system. Every part of it (but the domain ending, and initials beside
    a longer part) must be in the evidence; a host name with a region or version in it is left
    to the other checks ('us-west-2.amazonaws.com' still fails where us-east-1 is cited)."""
    if "." not in term or any(ch.isdigit() for ch in term):
        return False
    parts = [p for p in term.split(".") if p not in DOMAIN_ENDINGS]
    significant = [p for p in parts if len(p) > 1] or parts  # 'x.com' is X
    return bool(significant) and all(p in names for p in significant)


def _check_technical_terms(text: str, evidence: Evidence, already_reported: set[str], v) -> list[Violation]:
    """'etcd' for 'Consul', 'us-west-2' for 'us-east-1': technical names are often written in
    lower case, so the capitalised-name rule misses them; each must be in the same evidence.
    Cause words (dns, bgp, kubernetes...) are left to the cause rule, which reports them."""
    missing = []
    for token in TECH_TOKEN.findall(fold(text)):
        term = _technical_term(token)
        if term is None or token in already_reported or stem(term) in CAUSE_TERMS:
            continue
        if term in evidence.names or any(
            _mentions(evidence.name_text, spelling) for spelling in (term, *SPELLINGS.get(term, ()))
        ):
            continue
        if _host_name_of(term, evidence.names):
            continue
        missing.append(token)
    if missing:
        terms = ", ".join(dict.fromkeys(missing))
        return [v("term", f"technical terms not found in its cited sources: {terms}")]
    return []


BREAK_IN = re.compile(r"\b(?:break|breaks|broke|broken|breaking)[\s\-]+in(?:to)?\b")
INTRUSION = frozenset(stem(w) for w in "intrusion breach hack".split())
"""'Attackers broke into its partner's servers': a break-in is a cause of its own, an intrusion,
which a denial-of-service attack (traffic, no one inside) is not. Its sources must say so."""


UPDATE = stem("update")
UPDATE_WORD = re.compile(r"\bupdat\w*")
# An update that is a post saying something, not a software update: 'In a later update, Trivana
# said it had "not yet determined whether any patient data was taken".'
UPDATE_AS_POST = re.compile(
    r"\b(?:in|an?|its|their|later|latest|status|final|further|another|recent) updates? "
    r"(?:\w+ ){0,6}?(?:said|says|stated|wrote|reported|noted|added|confirmed|read)\b"
)
STATUS_LABEL = re.compile(r"\bupdate\s*[-–—:]")


def _only_status_labels(folded_evidence: str) -> bool:
    """Whether every 'update' of the evidence is a status page's label for its next post."""
    return len(UPDATE_WORD.findall(folded_evidence)) == len(STATUS_LABEL.findall(folded_evidence))


def _check_causes(text: str, evidence: Evidence, v, denied: str = "") -> list[Violation]:
    """Cause words must be the cited sources' (or the words of the claim the sentence denies)."""
    tokens = words(fold(text))
    joined = " ".join(tokens)
    stems = [stem(t) for t in tokens]
    if "cyber attack" in joined:
        stems.append(stem("cyberattack"))
    evidence_stems = {CAUSE_EQUIVALENTS.get(s, s) for s in evidence.stems | evidence.names}
    if UPDATE in evidence_stems and _only_status_labels(fold(evidence.text)):
        evidence_stems.discard(UPDATE)  # 'Update - 9:40 PM EST: ...' names no update as a cause
    if "cyber attack" in fold(evidence.text):
        evidence_stems.add(stem("cyberattack"))
    evidence_stems |= {
        CAUSE_EQUIVALENTS.get(stem(part), stem(part))
        for t in words(fold(denied))
        for part in (t, t.removeprefix("cyber"))  # 'not an attack' denies 'was a cyberattack'
    }
    if UPDATE in stems and UPDATE not in evidence_stems and UPDATE_AS_POST.search(joined):
        stems = [s for s in stems if s != UPDATE]  # 'in a later update, Trivana said': a post
    missing = []
    for s in stems:
        if s in CAUSE_TERMS and CAUSE_EQUIVALENTS.get(s, s) not in evidence_stems:
            missing.append(s)
    if BREAK_IN.search(joined) and not (BREAK_IN.search(fold(evidence.text)) or INTRUSION & evidence_stems):
        missing.append("break-in")
    if missing:
        terms = ", ".join(dict.fromkeys(missing))
        return [v("cause", f"cause terms not found in its cited sources: {terms}")]
    return []
