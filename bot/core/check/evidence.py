"""What one draft sentence may rely on: its cited sources and the incident's own fields.

They are read once into an `Evidence`, cached by content (a draft's sentences usually cite the
same few sources), which every rule then consults.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache

from bot.core.check.reading import SENTENCE_BREAK, _is_negation, _negated_scope, _negation_window, _word_forms
from bot.core.facts import Facts, extract_facts
from bot.core.records import Incident, Source
from bot.core.text import clean, fold, stem, words


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one sentence may rely on: its cited sources plus the incident's own fields."""

    text: str
    facts: tuple[Facts, ...]
    stems: frozenset[str]
    names: frozenset[str]
    name_text: str  # folded text that names may come from: excerpts, titles, publishers, the service
    negated_sentences: tuple[frozenset[str], ...]
    negated_reaches: tuple[frozenset[str], ...]  # of each, its stems from the first negation on
    # Each excerpt sentence: its stems, whether it plainly negates, and what it negates (the
    # content words after each negation, to the end of their clause).
    sentences: tuple[tuple[frozenset[str], bool, frozenset[str]], ...]
    negated_cores: tuple[frozenset[str], ...]  # content words of the plainly negated sentences
    published: tuple[date, ...]
    # what each 'nor' of a negated sentence denies on its own: 'did not have error handling nor
    # was it feature flag protected'
    nor_cores: tuple[frozenset[str], ...] = ()
    prose: tuple[str, ...] = ()  # folded sentences of the excerpts and source titles, in order
    first_party: bool = False  # a cited source is the operator's own account
    first_party_text: str = ""  # the excerpts of those sources, folded
    passages: tuple[tuple[str, ...], ...] = ()  # each excerpt's and source title's folded sentences
    texts: tuple[str, ...] = ()  # the excerpts and source titles, as written
    publishers: tuple[str, ...] = ()  # who published each source: 'Maren Holt, Natter CEO (LinkedIn)'
    record: tuple[str, ...] = ()  # the record's own text: summary, cause, claim explanations
    operator_names: tuple[str, ...] = ()  # the service's name and aliases
    incident_names: frozenset[str] = frozenset()  # the first word of the service's name and aliases
    lower_words: frozenset[str] = frozenset()  # words the excerpts write in lower case: not names
    # Who says what: each excerpt sentence's stems with the names (acronyms too) that it and the
    # sentence before it give, and those its source's title and publisher give.
    by_source: tuple[tuple[tuple[tuple[frozenset[str], frozenset[str]], ...], frozenset[str]], ...] = ()


def _reference_date(incident: Incident) -> date:
    return incident.started_at.astimezone(UTC).date()


@lru_cache(maxsize=4096)
def _source_facts(excerpt: str, reference: date) -> Facts:
    """An excerpt that gives its times in one zone gives them all in it: '... by 7 a.m. Eastern.
    By 8:30 a.m., reports dropped' means 8:30 Eastern."""
    facts = extract_facts(excerpt, reference)
    zones = {moment.zone for moment in facts.times if moment.zone}
    if len(zones) == 1 and any(moment.offset is None for moment in facts.times):
        return extract_facts(excerpt, reference, default_zone=zones.pop())
    return facts


CAPITALISED_PAIR = re.compile(r"\b([A-Z][a-z]+)[ \-]([A-Z][a-z]+)\b")


def _closed_compounds(text: str) -> set[str]:
    """'Down Detector' as 'downdetector': a name a source writes in two words, a draft in one."""
    return {fold(first + second) for first, second in CAPITALISED_PAIR.findall(text)}


CAPITALISED_RUN = re.compile(r"[A-Z][\w]*(?:[ \t]+(?:(?:of|and|for|the|&)[ \t]+)?[A-Z][\w]*)+")
CONNECTOR = frozenset({"of", "and", "for", "the", "&"})


def _acronyms(text: str) -> set[str]:
    """The initials of each run of capitalised words and of every stretch of it ('FCC' for
    'Federal Communications Commission, Public Safety ...', 'FBI' for 'Federal Bureau of
    Investigation'), within one line: the fields of a source are joined by line breaks."""
    found = set()
    cleaned = clean(text)
    for run in CAPITALISED_RUN.findall(cleaned):
        capitals = [word for word in run.split() if word not in CONNECTOR]
        for start in range(len(capitals)):
            for stop in range(start + 2, min(len(capitals), start + 6) + 1):
                found.add("".join(word[0] for word in capitals[start:stop]).lower())
    # ... and of a hyphenated compound with the word after it ('CDN' for 'content-delivery network')
    found |= {
        "".join(word[0] for word in m.groups() if word).lower() for m in HYPHENATED_TERM.finditer(cleaned)
    }
    return found


HYPHENATED_TERM = re.compile(r"\b([A-Za-z])[a-z]*-([A-Za-z])[a-z]*(?: ([A-Za-z])[a-z]+)?\b")


LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-z][a-z0-9'’\-]*")


def _sentence_index(
    text: str,
) -> tuple[tuple[frozenset[str], bool, bool, frozenset[str], frozenset[str]], ...]:
    """Each excerpt sentence: its stems, whether it negates loosely (un-, false, denied...) and
    plainly, its content words, and what it plainly negates."""
    index = []
    for sentence in SENTENCE_BREAK.split(fold(text)):
        tokens = words(sentence)
        if tokens:
            stems = {stem(t) for t in tokens} | {stem(t.removeprefix("cyber")) for t in tokens}
            stems |= {stem(t[2:]) for t in tokens if t.startswith("un") and len(t) > 5}  # unverified
            if "cyber attack" in sentence:
                stems.add(stem("cyberattack"))
            loose = any(
                _is_negation(t, evidence=True) and not _affirming_contrast(tokens, i)
                for i, t in enumerate(tokens)
            )
            plain = any(_is_negation(t, evidence=False) for t in tokens)
            core = frozenset(_negation_window(tokens, 0, len(tokens)))
            scope = _negated_scope(sentence) if plain else frozenset()
            index.append((frozenset(stems), loose, plain, core, scope))
    return tuple(index)


NEGATION_HINT = re.compile(
    r"\b(?:no|not|never|non|none|nobody|nothing|neither|nor|cannot|un\w{4,}|\w+n't|false|den\w+|refut\w+|reject\w+|instead|rather|lack\w*|absent|without|contrary|yet)\b"
)


def _may_negate(sentence: str) -> bool:
    """A cheap look for any word `_is_negation` could take for one (most sentences have none)."""
    return NEGATION_HINT.search(sentence) is not None


CONTRAST_BREAK = re.compile(r";|\b(?:however|but|although|whereas)\b")


def _negated_clauses(text: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """The stems of each negated stretch of the excerpts: a sentence cut at a contrast ('Square
    Online websites were available; however, customers were unable to process payments' negates
    its second half only); and of its part from the first negation on, what it can deny."""
    groups = []
    for sentence in SENTENCE_BREAK.split(fold(text)):
        if not _may_negate(sentence):
            continue
        for clause in CONTRAST_BREAK.split(sentence):
            tokens = words(clause)
            negations = [
                i
                for i, t in enumerate(tokens)
                if _is_negation(t, evidence=True) and not _affirming_contrast(tokens, i)
            ]
            if negations:
                groups.append((_clause_stems(tokens), _clause_stems(tokens[negations[0] :])))
    return tuple(groups)


def _clause_stems(tokens: list[str]) -> frozenset[str]:
    stems = {stem(t) for t in tokens} | {stem(t.removeprefix("cyber")) for t in tokens}
    stems |= {stem(t[2:]) for t in tokens if t.startswith("un") and len(t) > 5}
    return frozenset(stems)


def _affirming_contrast(tokens: list[str], index: int) -> bool:
    """'Instead, it was triggered by ...' affirms; 'instead of an attack' and 'rather than an
    attack' deny what follows."""
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    return (tokens[index] == "instead" and following != "of") or (
        tokens[index] == "rather" and following != "than"
    )


def build_evidence(incident: Incident, sources: list[Source]) -> Evidence:
    """Cached by content: a draft's sentences usually cite the same few sources."""
    return _evidence(
        tuple((s.excerpt, s.title, s.publisher, s.published_at) for s in sources),
        (incident.service, *incident.aliases),
        incident.started_at,
        incident.ended_at,
        _record_text(incident),
    )


def _record_text(incident: Incident) -> tuple[str, ...]:
    """What the moderators wrote themselves: the summary, the cause and each claim's explanation
    (a claim's own text is what someone asserted, not what the record holds)."""
    return (incident.summary, incident.cause or "", *(claim.explanation for claim in incident.claims))


@lru_cache(maxsize=1_024)
def _evidence(
    sources: tuple[tuple[str, str, str, str | None], ...],
    names_of_incident: tuple[str, ...],
    started_at: datetime,
    ended_at: datetime | None,
    record: tuple[str, ...] = (),
) -> Evidence:
    reference = started_at.astimezone(UTC).date()
    excerpts = "\n".join(excerpt for excerpt, _t, _p, _d in sources)
    name_text = "\n".join(
        [
            excerpts,
            *(title for _e, title, _p, _d in sources),
            *(publisher for _e, _t, publisher, _d in sources),
            *names_of_incident,
        ]
    )
    names = _word_forms(name_text) | _acronyms(name_text) | _closed_compounds(name_text)
    moments = [started_at.astimezone(UTC).isoformat()]
    if ended_at:
        moments.append(ended_at.astimezone(UTC).isoformat())
    incident_facts = _source_facts(" ; ".join(moments), reference)
    facts = (*(_source_facts(excerpt, reference) for excerpt, _t, _p, _d in sources), incident_facts)
    published = tuple(date.fromisoformat(day) for _e, _t, _p, day in sources if day)
    sentences = _sentence_index(excerpts)
    negated = _negated_clauses(excerpts)
    operator_words = frozenset(_word_forms("\n".join(names_of_incident)))
    texts = [excerpt for excerpt, _t, _p, _d in sources] + [title for _e, title, _p, _d in sources]
    passages = tuple(
        tuple(sentence for sentence in SENTENCE_BREAK.split(fold(text)) if sentence.strip()) for text in texts
    )
    return Evidence(
        text=excerpts,
        facts=facts,
        stems=frozenset(_word_forms(excerpts)),
        names=frozenset(names),
        name_text=fold(name_text),
        negated_sentences=tuple(group for group, _reach in negated),
        negated_reaches=tuple(reach for _group, reach in negated),
        sentences=tuple((stems, plain, scope) for stems, _loose, plain, _core, scope in sentences),
        negated_cores=tuple(core for _stems, _loose, plain, core, _scope in sentences if plain),
        nor_cores=_nor_cores(excerpts),
        published=published,
        prose=tuple(sentence for passage in passages for sentence in passage),
        first_party=any(_names_operator(publisher, names_of_incident) for _e, _t, publisher, _d in sources),
        first_party_text=fold(
            "\n".join(e for e, _t, publisher, _d in sources if _names_operator(publisher, names_of_incident))
        ),
        passages=passages,
        texts=tuple(texts),
        publishers=tuple(publisher for _e, _t, publisher, _d in sources),
        record=record,
        operator_names=names_of_incident,
        incident_names=frozenset(words(fold(name))[0] for name in names_of_incident if words(fold(name))),
        lower_words=frozenset(LOWER_WORD.findall(clean(excerpts))),
        by_source=tuple(
            (
                _speaking_sentences(excerpt),
                frozenset(_word_forms(f"{title}\n{publisher}"))
                | _acronyms(f"{title}\n{publisher}")
                # the operator's own post speaks for it under each of its names ('Sony' on PlayStation.Blog)
                | (operator_words if _names_operator(publisher, names_of_incident) else frozenset()),
            )
            for excerpt, title, publisher, _d in sources
        ),
    )


def _nor_cores(text: str) -> tuple[frozenset[str], ...]:
    folded = fold(text)
    if " nor " not in folded:
        return ()
    cores = []
    for sentence in SENTENCE_BREAK.split(folded):
        for tail in sentence.split(" nor ")[1:]:
            tokens = words(CONTRAST_BREAK.split(tail)[0])
            core = frozenset(_negation_window(tokens, 0, len(tokens)))
            if len(core) >= 2:
                cores.append(core)
    return tuple(cores)


def _speaking_sentences(excerpt: str) -> tuple[tuple[frozenset[str], frozenset[str]], ...]:
    """Each sentence's stems, with the names it and the one before it give: 'The company said on
    Monday ... It added that ...' has the company speak twice."""
    sentences = [s for s in SENTENCE_BREAK.split(excerpt) if s.strip()]
    out = []
    for index, sentence in enumerate(sentences):
        around = "\n".join(sentences[max(0, index - 1) : index + 1])
        stems = _sentence_index(sentence)
        if stems:
            out.append((stems[0][0], frozenset(_word_forms(around)) | _acronyms(around)))
    return tuple(out)


def _names_operator(publisher: str, names_of_incident: tuple[str, ...]) -> bool:
    """'Cloudflare', 'Engineering at Meta', 'PerthNow (quoting Optus' statement)': the source is
    the operator speaking. Names shorter than three letters ('x', 'cf') are too loose to tell."""
    folded = fold(publisher)
    return any(
        len(name) >= 3 and re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded)
        for name in names_of_incident
    )
