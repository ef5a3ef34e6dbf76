"""The rule for job titles, and how sources give someone a title.

Which post a named person holds, and at which organisation, must be the one the cited sources
(or the record's own text) give them: it decides how much their word counts.
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.core.check.evidence import Evidence
from bot.core.check.reading import CLAUSE_BREAK, SENTENCE_BREAK, _mentions, _word_forms
from bot.core.check.results import Violation
from bot.core.check.vocabulary import REPORTING_WORDS, SENTENCE_STARTERS, TIME_WORDS
from bot.core.text import STOPWORDS, clean, fold, squash_spaces, stem, words

TITLE_SPELLINGS: dict[str, tuple[str, ...]] = {
    # 'Optus chief Kelly Bayer Rosmarin' is its CEO; 'chief technology officer' is not.
    "ceo": (r"ceo", r"chief executive", r"chief(?!\s+[a-z\-]+(?:\s+[a-z\-]+)?\s+officer)"),
    "cto": (r"cto", r"chief technology officer", r"chief technical officer"),
    "cfo": (r"cfo", r"chief financial officer"),
    "coo": (r"coo", r"chief operating officer"),
    "cio": (r"cio", r"chief information officer"),
    "ciso": (r"ciso", r"chief information security officer"),
    "cso": (r"cso", r"chief security officer"),
    "vice president": (r"vice[ \-]president", r"s?vp", r"evp"),
    "founder": (r"(?:co-?)?founder",),
    "chair": (r"chair(?:man|woman|person)",),
    "spokesperson": (r"spokes(?:person|man|woman)", r"representative"),
    "engineer": (r"engineer",),
    "director": (r"director",),
    "head": (r"head(?=\s+of\b)",),  # 'head of infrastructure': what it heads is its qualifier
}
"""Each job title the checker knows, under one key, and the ways a source may write it."""

TITLE_KEYS = {
    "chief executive": "ceo",
    "chief executive officer": "ceo",
    "chief technology officer": "cto",
    "chief technical officer": "cto",
    "chief financial officer": "cfo",
    "chief operating officer": "coo",
    "chief information officer": "cio",
    "chief information security officer": "ciso",
    "chief security officer": "cso",
    "vice-president": "vice president",
    "vp": "vice president",
    "svp": "vice president",
    "evp": "vice president",
    "co-founder": "founder",
    "cofounder": "founder",
    "chairman": "chair",
    "chairwoman": "chair",
    "chairperson": "chair",
    "spokesman": "spokesperson",
    "spokeswoman": "spokesperson",
}
KNOWN_TITLES = frozenset(TITLE_SPELLINGS) | frozenset(TITLE_KEYS)
EXECUTIVE_TITLES = frozenset(
    ["ceo", "cto", "cfo", "coo", "cio", "ciso", "cso", "vice president", "founder", "chair", "spokesperson"]
)
"""Titles that say who spoke for a company: checked even with no name beside them ('its CTO
said'). 'engineer', 'director' and 'head of' are checked only beside a name: 'Google engineers'
describes people, it does not say which post anyone holds."""

TITLE = re.compile(
    r"\b(?P<title>chief(?:\s+[a-z\-]+){1,3}\s+officer|chief executive|vice[ \-]president|ceo|cto|cfo"
    r"|coo|cio|ciso|cso|s?vp|evp|co-?founder|founder|chair(?:man|woman|person)"
    r"|spokes(?:person|man|woman)|engineer|director|head(?=\s+of\b))s?\b",
    re.IGNORECASE,
)
PERSON = r"[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*){0,3}"
# 'CEO George Kurtz', 'vice president of infrastructure, Santosh Janardhan'
TITLE_THEN_NAME = re.compile(rf"(?:\s+(?:of|for|at)\s+[^,;:()]+?\s*,|\s*,?)\s+(?P<name>{PERSON})")
# 'Santosh Janardhan, Facebook's' before a title that the next comma closes
NAME_THEN_TITLE = re.compile(
    rf"(?<![\w'’])(?P<name>{PERSON}),\s+(?:(?:the|a|an|its|his|her|their)\s+)?"
    r"(?:[A-Z][\w&.\-]*(?:['’]s?)?\s+){0,3}$"
)
APPOSITIVE_END = re.compile(r"(?:\s+(?:of|for|at)\s+[^,;:()]+?)?\s*(?:[,;:)]|$)")
QUALIFIER = re.compile(r"\s+(?:of|for)\s+(?P<words>[^,;:()]+)")


def _title_key(written: str) -> str:
    """'Chief Technology Officer', 'CTOs' and 'CTO' are one title; an unlisted 'chief ... officer'
    is its own ('chief trust officer')."""
    folded = squash_spaces(fold(written))
    if folded.endswith("s") and folded[:-1] in KNOWN_TITLES:
        folded = folded[:-1]
    return TITLE_KEYS.get(folded, folded)


@lru_cache(maxsize=1_024)
def _title_pattern(key: str) -> re.Pattern[str]:
    spellings = TITLE_SPELLINGS.get(key, (re.escape(key),))
    return re.compile(r"\b(?:" + "|".join(spellings) + r")s?\b")


def _title_holder(text: str, match: re.Match[str]) -> str | None:
    """Whom a title is given to: 'CEO George Kurtz', 'vice president of infrastructure, Santosh
    Janardhan' or, closed by a comma, 'Santosh Janardhan, Facebook's CTO,'. Their last name,
    folded; None when the title stands alone ('its CTO said', 'According to Reuters, its CTO
    said')."""
    after = TITLE_THEN_NAME.match(text, match.end())
    name = after.group("name") if after else None
    if name is None and APPOSITIVE_END.match(text, match.end()):
        before = NAME_THEN_TITLE.search(text[: match.start()])
        name = before.group("name") if before else None
    if name is None:
        return None
    parts = [fold(re.sub(r"['’]s$", "", part)) for part in name.split()]
    parts = [part for part in parts if part not in STOPWORDS and part not in TIME_WORDS]
    return parts[-1] if parts and len(parts[-1]) > 1 else None


def _qualifier(text: str, match: re.Match[str]) -> tuple[set[str], str]:
    """What narrows a title, as stems and as written: 'of infrastructure' in 'vice president of
    infrastructure'. It ends at a comma or at the verb of saying."""
    found = QUALIFIER.match(text, match.end())
    if not found:
        return set(), ""
    kept: list[str] = []
    for token in words(fold(found.group("words")))[:4]:
        if token in REPORTING_WORDS:
            break
        kept.append(token)
    return {stem(t) for t in kept if t not in STOPWORDS}, " ".join(["of", *kept]) if kept else ""


@lru_cache(maxsize=1_024)
def _titled(texts: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The sentences of these texts that may give someone a title (see `_titled_sentences`)."""
    return tuple(unit for text in texts for unit in _titled_sentences(text))


def _titled_sentences(text: str) -> list[tuple[str, str]]:
    """Each sentence of `text`, folded, and as written followed by the titles that its neighbours
    give no one by name, when it gives no title itself: 'The chief executive officer of Rogers
    Communications Inc. has apologised ...' next to '"We know ...," Tony Staffieri said' makes
    Staffieri its chief executive officer, as a reader takes it."""
    sentences = [sentence for sentence in SENTENCE_BREAK.split(clean(text)) if sentence.strip()]
    unheld = [_unheld_titles(sentence) for sentence in sentences]
    units = []
    for index, sentence in enumerate(sentences):
        borrowed = []
        if not TITLE.search(sentence):
            for other in (index - 1, index + 1):
                if 0 <= other < len(sentences):
                    borrowed += unheld[other]
        units.append((fold(sentence), " ; ".join([sentence, *borrowed])))
    return units


def _unheld_titles(sentence: str) -> list[str]:
    """The titles a sentence gives no named person ('The chief executive officer of Rogers
    Communications Inc. has apologised'), each with the rest of its clause."""
    return [
        CLAUSE_BREAK.split(sentence[match.start() :], maxsplit=1)[0]
        for match in TITLE.finditer(sentence)
        if _title_holder(sentence, match) is None
    ]


# 'Akamai research director Tod Beardsley', 'Facebook's vice president': whose post it is.
TITLE_ORG = re.compile(
    r"(?<![\w'’])(?P<org>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,2})(?:['’]s?)?\s+(?:[a-z][\w\-]*\s+){0,2}$"
)
ORG_AFTER_TITLE = re.compile(
    r"\s+(?:at|of|for|with)\s+(?:the\s+)?(?P<org>[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,2})"
)


TITLE_MODIFIERS = frozenset(
    "senior junior executive deputy associate assistant principal lead chief general managing regional"
    " global group former acting interim then staff".split()
)
"""Words that grade a post ('Senior director'), not the organisation it is at."""


def _organisation(words_of_run: str, evidence: Evidence) -> tuple[str, ...]:
    """The folded words of a capitalised run that name an organisation: without opening words
    ('The', 'Later'), times, ordinary words the sources write in lower case ('Senior') and the
    incident's own operator (every title in its story is one of its posts unless said otherwise)."""
    parts = [fold(re.sub(r"['’]s?$", "", part)).rstrip(".") for part in words_of_run.split()]
    parts = [
        part
        for part in parts
        if part
        and part not in STOPWORDS
        and part not in SENTENCE_STARTERS
        and part not in TIME_WORDS
        and part not in evidence.lower_words
        and part not in TITLE_MODIFIERS
    ]
    if not parts or any(part in evidence.incident_names for part in parts):
        return ()
    return tuple(parts)


def _title_organisations(unit: str, key: str, evidence: Evidence) -> set[tuple[str, ...]]:
    """The organisations a source sentence (as written) gives a title to: 'research director at
    Rapid7', 'Microsoft's vice president'."""
    found = set()
    for match in TITLE.finditer(unit):
        if _title_key(match.group("title")) != key:
            continue
        after = ORG_AFTER_TITLE.match(unit, match.end())
        before = TITLE_ORG.search(unit[: match.start()])
        for run in (after, before):
            if run and (org := _organisation(run.group("org"), evidence)):
                found.add(org)
    return found


def _check_roles(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Santosh Janardhan, Facebook's chief technology officer' where the source calls him its
    vice president of infrastructure: which post someone holds is a fact like any other, and
    it decides how much their word counts. A title given to a named person must be in a cited
    sentence that names them, with what narrows it ('of infrastructure'), or in such a sentence
    of the record's own text; a title that a neighbouring sentence of the same excerpt gives no
    one counts as given in a sentence that names the person and gives no title. The
    organisation written before the title ('Akamai research director') must be the one those
    sentences give it, when they give one ('research director at Rapid7'). A company title with
    no name ('its CTO said') must be somewhere in the cited sources."""
    wrong = []
    for match in TITLE.finditer(text):
        key = _title_key(match.group("title"))
        pattern = _title_pattern(key)
        holder = _title_holder(text, match)
        names_holder = re.compile(rf"\b{re.escape(holder)}\b") if holder else None
        naming = [
            unit
            for folded, unit in _titled(evidence.texts + evidence.publishers)  # a post signed with a title
            if names_holder and names_holder.search(folded)
        ]
        if naming:
            qualifier, written = _qualifier(text, match)
            record = [unit for folded, unit in _titled(evidence.record) if names_holder.search(folded)]
            given = [
                unit
                for unit in naming + record
                if pattern.search(folded := fold(unit)) and qualifier <= _word_forms(folded)
            ]
            org_run = TITLE_ORG.search(text[: match.start()])
            org = _organisation(org_run.group("org"), evidence) if org_run else ()
            if not given:
                wrong.append(f"{squash_spaces(f'{match.group(0)} {written}')} ({holder.title()})")
            elif (
                org
                and not any(all(_mentions(fold(unit), part) for part in org) for unit in given)
                and any(_title_organisations(unit, key, evidence) for unit in given)
            ):
                wrong.append(f"{text[org_run.start('org') : match.end()]} ({holder.title()})")
        elif (key in EXECUTIVE_TITLES or key.startswith("chief")) and not pattern.search(evidence.name_text):
            wrong.append(match.group(0))
    if wrong:
        return [v("role", f"titles not given so in its cited sources: {', '.join(dict.fromkeys(wrong))}")]
    return []
