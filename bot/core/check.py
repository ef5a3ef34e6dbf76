"""Checks a draft against the incident records before anything can be posted.

Every rule here is one way a fluent model answer can be wrong while looking right: a
fabricated source, an edited quote, a swapped number, time zone or date, a figure made more
exact than the sources give it or moved to another place or party, a name, technical term or
cause the sources never mention, a flipped negation, a job title, certainty or scope the
sources do not give, who depends on whom, who did what or who said what turned round, a
verdict that disagrees with the moderators, or text that would ping people. Each failure is reported in
words, so the drafter can be told what to fix and a maintainer can read why a reply was
rejected.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from itertools import pairwise

from bot.core.drafts import MAX_SENTENCE_CHARS, MAX_SENTENCES, Draft, DraftSentence
from bot.core.facts import (
    MONTHS,
    PLACE_ZONES,
    WEEKDAY,
    WEEKDAYS,
    WORD_NUMBERS,
    DateMention,
    Facts,
    Quantity,
    TimeOfDay,
    extract_facts,
)
from bot.core.lexicon import KNOWN_ORGANISATIONS, KNOWN_SERVICES
from bot.core.records import Incident, Source, Verdict
from bot.core.tech_terms import NUMBER_SUFFIXES, ORDINARY_PREFIXES, SPELLINGS, TECH_TERMS
from bot.core.text import STOPWORDS, WORD, clean, fold, squash_spaces, stem, words

ANY_CLAIM = object()
"""Sentinel for `expected_claim_id`: accept any claim that belongs to the incident."""


@dataclass(frozen=True, slots=True)
class Violation:
    rule: str
    message: str
    sentence: int | None = None  # 1-based index of the offending sentence

    def __str__(self) -> str:
        where = f"sentence {self.sentence}: " if self.sentence else ""
        return f"{where}{self.message}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    violations: tuple[Violation, ...] = field(default_factory=tuple)

    @property
    def passed(self) -> bool:
        return not self.violations

    def describe(self) -> list[str]:
        return [str(v) for v in self.violations]


# --- vocabularies -------------------------------------------------------------------------

CAUSE_TERMS = frozenset(
    stem(w)
    for w in """
    attack attacks attacked attacker cyberattack ddos dos botnet hack hacked hacker hackers
    hacking breach breached malware ransomware malicious sabotage intrusion exploit exploited
    vulnerability foreign country state-sponsored nation-state government russia russian china
    chinese iran iranian korea korean ukraine ukrainian israel terrorist terrorists activist
    bug defect misconfiguration configuration config deployment deploy update patch migration
    maintenance telemetry dns bgp certificate power fire cable fiber fibre overload overloaded
    cooling hardware firmware database cache caching kubernetes regex memory leak null
    race expired capacity storm flood earthquake heatwave typo firewall waf permission router
    quota credential
    """.split()
)
CAUSE_EQUIVALENTS = {
    stem("cyber"): stem("cyberattack"),
    stem("config"): stem("configuration"),
    stem("deploy"): stem("deployment"),
    stem("deployed"): stem("deployment"),
    stem("hacker"): stem("hack"),
    stem("hackers"): stem("hack"),
    stem("hacking"): stem("hack"),
    stem("attacker"): stem("attack"),
    stem("fibre"): stem("fiber"),
    stem("caching"): stem("cache"),
    stem("overloaded"): stem("overload"),
    stem("overwhelmed"): stem("overload"),
    stem("defect"): stem("bug"),
    stem("glitch"): stem("bug"),
    stem("flaw"): stem("bug"),
    stem("misconfiguration"): stem("configuration"),
    stem("misconfigured"): stem("configuration"),
    stem("upgrade"): stem("update"),
    stem("ddosed"): stem("ddos"),
    stem("waf"): stem("firewall"),  # a web application firewall
    stem("load"): stem("overload"),  # 'unexpected load on our servers' backs 'overloaded'
}
"""'pointer' is not a cause word: it stems to 'point', and 'pointed to a network failure'
reports a cause without naming one; 'null' carries 'null pointer'."""
NEGATION_CUES = frozenset("not no never none nobody nothing neither nor cannot n't".split())
EVIDENCE_NEGATION_EXTRA = frozenset(
    "false denied denies deny refuted rejected instead rather lack lacked unable absent without"
    " contrary wasn't weren't isn't aren't didn't doesn't don't hasn't haven't won't".split()
)
_UN_EXCEPTIONS = (
    "under",
    "until",
    "united",
    "unit",
    "unique",
    "union",
    "universal",
    "universe",
    "unix",
    "unless",
    "unlike",
)
SENTENCE_STARTERS = frozenset(
    """however meanwhile later per according reports users experts researchers customers both
    despite although while after before because since only some many most several officials
    critics yes instead still yet overall in on at by from for during between within around
    about roughly nearly almost over under once then thus so also earlier afterwards engineers
    people companies sites services websites apps airlines banks millions thousands hundreds
    analysts observers security affected impacted initial early first second third last final
    both each every all none other another such indeed though unless until whether even already
    approximately more less fewer just much full partial similar separately together nearby
    outages problems issues errors complaints traffic service access recovery""".split()
)
TIME_WORDS = frozenset(
    [
        *MONTHS,
        *WEEKDAYS,
        "am",
        "pm",
        "a.m",
        "p.m",
        "utc",
        "gmt",
        "pst",
        "pdt",
        "est",
        "edt",
        "cst",
        "cdt",
        "mst",
        "mdt",
        "bst",
        "cet",
        "cest",
        "ist",
        "jst",
        "aest",
        "aedt",
        "eastern",
        "pacific",
        "central",
        "pt",
        "et",
        "ct",
        "us",
        "time",
        "z",
    ]
)
FIRST_PERSON = re.compile(
    r"(?<![\w'])(?:I|I'm|I've|I'll|I'd|me|my|mine|myself|[Yy]ou|[Yy]our|[Yy]ou're|[Ff]actbot)(?![\w'])"
)
# Letters that look Latin but are not: "＠еvеryоnе" must read as "@everyone" to be caught.
CONFUSABLES = str.maketrans(
    "аеорсухіѕԁһјӏոᴇⅰΑΕΟΡΤΥΗΙΚΜΝΧαεορτυικνχ", "aeopcyxisdhjlneiAEOPTYHIKMNXaeoptuikvx"
)
META_TALK = re.compile(
    r"\b(?:as (?:instructed|requested|you asked|an ai)|language model|system prompt|"
    r"ignore (?:all |any |the )?(?:previous|prior|above)|my instructions|"
    r"developer mode|jailbreak)\b",
    re.IGNORECASE,
)
URL = re.compile(r"(?:https?://|www\.|discord\.gg/|<https?:)", re.IGNORECASE)
# Pings, not handles: "@SpotifyStatus" quoted from a source pings nobody; <@id>, <@&id> and @everyone do.
MENTION = re.compile(r"<[@#][!&]?\d*>|@(?:everyone|here)\b", re.IGNORECASE)
MARKDOWN_LINK = re.compile(r"\[[^\]]*\]\([^)]*\)")
DOUBLE_QUOTED = re.compile(r'"([^"\n]+)"')
SINGLE_QUOTED = re.compile(r"(?<![\w'])'([^'\n]{3,}?)'(?![\w])")
PLACE_HINT = re.compile(r"coast|york|california", re.IGNORECASE)  # a place that may name a time zone
PUBLISHING = re.compile(
    r"\b(?:publish\w*|post(?:ed|-mortem|mortem)?|wrote|write-?up|report\w*|blog|statement|"
    r"announc\w*|said|says|update[ds]?)\b",
    re.IGNORECASE,
)


# --- evidence -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Evidence:
    """What one sentence may rely on: its cited sources plus the incident's own fields."""

    text: str
    facts: tuple[Facts, ...]
    stems: frozenset[str]
    names: frozenset[str]
    name_text: str  # folded text that names may come from: excerpts, titles, publishers, the service
    negated_sentences: tuple[frozenset[str], ...]
    # Each excerpt sentence: its stems, whether it plainly negates, and what it negates (the
    # content words after each negation, to the end of their clause).
    sentences: tuple[tuple[frozenset[str], bool, frozenset[str]], ...]
    negated_cores: tuple[frozenset[str], ...]  # content words of the plainly negated sentences
    published: tuple[date, ...]
    prose: tuple[str, ...] = ()  # folded sentences of the excerpts and source titles, in order
    first_party: bool = False  # a cited source is the operator's own account
    passages: tuple[tuple[str, ...], ...] = ()  # each excerpt's and source title's folded sentences
    texts: tuple[str, ...] = ()  # the excerpts and source titles, as written
    record: tuple[str, ...] = ()  # the record's own text: summary, cause, claim explanations
    operator_names: tuple[str, ...] = ()  # the service's name and aliases
    incident_names: frozenset[str] = frozenset()  # the first word of the service's name and aliases
    lower_words: frozenset[str] = frozenset()  # words the excerpts write in lower case: not names


def _reference_date(incident: Incident) -> date:
    return incident.started_at.astimezone(UTC).date()


@lru_cache(maxsize=4096)
def _source_facts(excerpt: str, reference: date) -> Facts:
    return extract_facts(excerpt, reference)


def _word_forms(text: str) -> set[str]:
    folded = fold(text)
    forms: set[str] = set()
    for token in words(folded):
        forms.add(token)
        forms.add(token.rstrip(".'"))
        forms.add(stem(token))
        for piece in re.split(r"[.\-']", token):
            if piece:
                forms.add(piece)
                forms.add(stem(piece))
    return forms


CAPITALISED_PAIR = re.compile(r"\b([A-Z][a-z]+)[ \-]([A-Z][a-z]+)\b")


def _closed_compounds(text: str) -> set[str]:
    """'Down Detector' as 'downdetector': a name a source writes in two words, a draft in one."""
    return {fold(first + second) for first, second in CAPITALISED_PAIR.findall(text)}


def _acronyms(text: str) -> set[str]:
    found = set()
    for run in re.findall(r"(?:[A-Z][\w]*\s+){1,4}[A-Z][\w]*", clean(text)):
        initials = "".join(word[0] for word in run.split()).lower()
        if len(initials) >= 2:
            found.add(initials)
    return found


LOWER_WORD = re.compile(r"(?<![\w'’\-])[a-z][a-z0-9'’\-]*")
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|(?<=[.!?][\"'”’)])\s+|\n+")  # 'mitigated." The'
CLAUSE_BREAK = re.compile(r"[,;:()—–]|\s-\s|\b(?:but|though|although|while|whereas)\b")


def _negated_scope(sentence: str, *, evidence: bool = False) -> frozenset[str]:
    """What a sentence denies: the words after each negation, up to the end of its clause.
    'the result of an internal change ... and was not caused by a security incident' denies a
    security incident, not the internal change."""
    scope: set[str] = set()
    for clause in CLAUSE_BREAK.split(sentence):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if _is_negation(token, evidence=evidence):
                scope |= _negation_window(tokens, i + 1, len(tokens))
    return frozenset(scope)


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
            loose = any(_is_negation(t, evidence=True) for t in tokens)
            plain = any(_is_negation(t, evidence=False) for t in tokens)
            core = frozenset(_negation_window(tokens, 0, len(tokens)))
            scope = _negated_scope(sentence) if plain else frozenset()
            index.append((frozenset(stems), loose, plain, core, scope))
    return tuple(index)


def _is_negation(token: str, *, evidence: bool) -> bool:
    if token in NEGATION_CUES or token.endswith("n't"):
        return True
    if not evidence:
        return False
    return token in EVIDENCE_NEGATION_EXTRA or (
        token.startswith("un") and len(token) > 5 and not token.startswith(_UN_EXCEPTIONS)
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
    name_text = " ".join(
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
        negated_sentences=tuple(stems for stems, loose, _plain, _core, _scope in sentences if loose),
        sentences=tuple((stems, plain, scope) for stems, _loose, plain, _core, scope in sentences),
        negated_cores=tuple(core for _stems, _loose, plain, core, _scope in sentences if plain),
        published=published,
        prose=tuple(sentence for passage in passages for sentence in passage),
        first_party=any(_names_operator(publisher, names_of_incident) for _e, _t, publisher, _d in sources),
        passages=passages,
        texts=tuple(texts),
        record=record,
        operator_names=names_of_incident,
        incident_names=frozenset(words(fold(name))[0] for name in names_of_incident if words(fold(name))),
        lower_words=frozenset(LOWER_WORD.findall(clean(excerpts))),
    )


def _names_operator(publisher: str, names_of_incident: tuple[str, ...]) -> bool:
    """'Cloudflare', 'Engineering at Meta', 'PerthNow (quoting Optus' statement)': the source is
    the operator speaking. Names shorter than three letters ('x', 'cf') are too loose to tell."""
    folded = fold(publisher)
    return any(
        len(name) >= 3 and re.search(rf"(?<!\w){re.escape(fold(name))}(?!\w)", folded)
        for name in names_of_incident
    )


# --- the checker --------------------------------------------------------------------------


def check_draft(
    draft: Draft,
    incident: Incident | None,
    expected_claim_id: str | object | None = ANY_CLAIM,
) -> CheckResult:
    """Check every rule; return all violations (empty means the draft may be posted)."""
    violations: list[Violation] = []
    violations.extend(_check_ids(draft, incident, expected_claim_id))
    if not draft.sentences:
        violations.append(Violation("empty", "the draft has no sentences"))
    if len(draft.sentences) > MAX_SENTENCES:
        violations.append(
            Violation("length", f"the draft has {len(draft.sentences)} sentences; at most {MAX_SENTENCES}")
        )
    for index, sentence in enumerate(draft.sentences, start=1):
        violations.extend(_check_sentence(index, sentence, incident))
    return CheckResult(tuple(violations))


def _check_ids(
    draft: Draft, incident: Incident | None, expected_claim_id: str | object | None
) -> list[Violation]:
    if incident is None:
        if draft.incident_id is not None:
            return [Violation("ids", f"incident {draft.incident_id!r} is not a retrieved record")]
        if draft.claim_id is not None or draft.verdict is not Verdict.UNVERIFIED:
            return [Violation("verdict", "with no record the verdict must be 'unverified'")]
        return []
    out = []
    if draft.incident_id != incident.id:
        out.append(
            Violation("ids", f"incident id {draft.incident_id!r} is not the retrieved record {incident.id!r}")
        )
    claim = incident.claim(draft.claim_id) if draft.claim_id else None
    if draft.claim_id and claim is None:
        out.append(Violation("ids", f"claim {draft.claim_id!r} does not belong to {incident.id!r}"))
    if expected_claim_id is not ANY_CLAIM and draft.claim_id != expected_claim_id:
        out.append(
            Violation("ids", f"claim id {draft.claim_id!r} is not the matched claim {expected_claim_id!r}")
        )
    expected_verdict = claim.verdict if claim else Verdict.UNVERIFIED
    if (claim or not draft.claim_id) and draft.verdict is not expected_verdict:
        what = f"the curated verdict of {claim.id}" if claim else "the verdict without a curated claim"
        out.append(
            Violation(
                "verdict",
                f"verdict {draft.verdict.value!r} differs from {what}: {expected_verdict.value!r}",
            )
        )
    return out


def _check_sentence(index: int, sentence: DraftSentence, incident: Incident | None) -> list[Violation]:
    def v(rule: str, message: str) -> Violation:
        return Violation(rule, message, index)

    text = clean(sentence.text)
    out: list[Violation] = []
    if not text.strip():
        return [v("empty", "the sentence is empty")]
    if len(text) > MAX_SENTENCE_CHARS:
        out.append(v("length", f"the sentence is {len(text)} characters; at most {MAX_SENTENCE_CHARS}"))
    out.extend(_check_hygiene(text, v))
    if not sentence.source_ids:
        out.append(v("citation", "the sentence cites no source"))
        return out
    if incident is None:
        out.append(v("citation", "there is no record to cite"))
        return out
    unknown = [sid for sid in sentence.source_ids if incident.source(sid) is None]
    if unknown:
        out.append(v("citation", f"cites sources that are not in the record: {', '.join(unknown)}"))
    sources = [s for sid in sentence.source_ids if (s := incident.source(sid)) is not None]
    if not sources:
        return out
    evidence = build_evidence(incident, sources)
    out.extend(_check_quotes(text, sentence.quote, evidence, v))
    bare = _without_quotes(text)
    out.extend(_check_facts(text, incident, evidence, v))
    out.extend(_check_number_binding(bare, evidence, v))
    missing_names = _missing_names(_without_place_zones(bare), evidence)
    if missing_names:
        out.append(v("name", f"names not found in its cited sources: {', '.join(missing_names)}"))
    out.extend(_check_technical_terms(bare, evidence, {fold(n) for n in missing_names}, v))
    out.extend(_check_causes(bare, evidence, v))
    out.extend(_check_roles(bare, evidence, v))
    out.extend(_check_certainty(bare, evidence, v))
    out.extend(_check_scope(bare, evidence, v))
    out.extend(_check_dependency_direction(bare, evidence, v))
    out.extend(_check_attributed_denial(text, evidence, v))
    out.extend(_check_agent(bare, evidence, v))
    out.extend(_check_negation(bare, evidence, v))
    out.extend(_check_dropped_negation(text, bare, evidence, v))
    out.extend(_check_support(bare, evidence, v, incident))
    return out


def _without_place_zones(text: str) -> str:
    """The text with each time that a place gives the zone of blanked: '3 p.m. on the US East
    Coast' names a time zone, not a party, and the time rule checks it."""
    if not PLACE_HINT.search(text):
        return text
    for moment in extract_facts(text).times:
        if moment.zone in PLACE_ZONES:
            start, end = moment.span
            text = text[:start] + " " * (end - start) + text[end:]
    return text


def _check_hygiene(text: str, v) -> list[Violation]:
    out = []
    if URL.search(text) or MARKDOWN_LINK.search(text):
        out.append(v("url", "model text must not contain links; links come from the records"))
    outside = _without_quotes(text)
    if MENTION.search(text) or MENTION.search(text.translate(CONFUSABLES)) or "@" in outside:
        out.append(v("mention", "model text must not contain mentions or @everyone/@here"))
    if FIRST_PERSON.search(outside) or META_TALK.search(text):
        out.append(v("voice", "speaks in the first person or about its instructions, not about the records"))
    return out


def _without_quotes(text: str) -> str:
    text = DOUBLE_QUOTED.sub(" ", text)
    return SINGLE_QUOTED.sub(lambda m: " " if len(m.group(1).split()) >= 2 else m.group(0), text)


def _quote_in(quote: str, excerpt: str) -> bool:
    """Verbatim up to case, spacing and quote style; '...' and [..] may elide text, in order."""

    def norm(s: str) -> str:
        return squash_spaces(clean(s)).lower().replace('"', "'")

    haystack = norm(excerpt)
    parts = [p.strip(" ,;:.!?\"'") for p in re.split(r"\.\.\.|…|\[[^\]]*\]", norm(quote))]
    position = 0
    found_any = False
    for part in parts:
        if not part:
            continue
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
        found_any = True
    return found_any


def _check_quotes(text: str, quote: str | None, evidence: Evidence, v) -> list[Violation]:
    out = []
    if quote is not None and quote.strip() and not _quote_in(quote, evidence.text):
        out.append(v("quote", f"the quote {_short(quote)!r} is not verbatim in a cited excerpt"))
    quoted = [m.group(1) for m in DOUBLE_QUOTED.finditer(text)]
    quoted += [m.group(1) for m in SINGLE_QUOTED.finditer(text) if len(m.group(1).split()) >= 2]
    for piece in quoted:
        if quote is not None and _quote_in(piece, quote) and _quote_in(quote, evidence.text):
            continue
        if not _quote_in(piece, evidence.text):
            out.append(v("quote", f"the quoted text {_short(piece)!r} is not verbatim in a cited excerpt"))
    return out


def _short(text: str, limit: int = 60) -> str:
    text = squash_spaces(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- numbers, times, dates ----------------------------------------------------------------


def _check_facts(text: str, incident: Incident, evidence: Evidence, v) -> list[Violation]:
    facts = extract_facts(text, _reference_date(incident))
    out = []
    for moment in facts.times:
        if not _time_supported(moment, evidence):
            out.append(v("time", f"the time {moment.label()} is not in its cited sources or the record"))
    for mention in facts.dates:
        if not _date_supported(mention, evidence, publishing=bool(PUBLISHING.search(text))):
            out.append(v("date", f"the date {mention.label()} is not in its cited sources or the record"))
    out += _weekdays_of_dates(text, facts.dates, _reference_date(incident).year, v)
    known_dates = _known_dates(evidence, incident)
    for weekday in facts.weekdays:
        if weekday not in {d.weekday() for d in known_dates} and _weekday_name(weekday) not in evidence.stems:
            out.append(v("date", f"{_weekday_name(weekday).title()} does not match the record's dates"))
    date_years = {d.year for d in facts.dates if d.year}
    for year in facts.years:
        if year in date_years:
            continue
        if year not in _known_years(evidence, incident):
            out.append(v("number", f"the year {year} is not in its cited sources or the record"))
    checked_times = [moment for moment in facts.times if _time_supported(moment, evidence)]
    for quantity in facts.quantities:
        if not _quantity_supported(quantity, evidence, incident) and not _duration_between(
            quantity, checked_times
        ):
            out.append(
                v("number", f"the figure {quantity.text.strip()!r} is not in its cited sources or the record")
            )
        elif overstated := _overstated_precision(quantity, evidence):
            out.append(v("precision", overstated))
    return out


BOUNDS_BACKED = {
    "exact": {"exact", "approximate", "near", "at most", "at least"},
    "approximate": {"approximate", "near"},
    "near": {"near", "approximate", "at most"},
    "at most": {"at most", "approximate"},
    "at least": {"at least", "approximate"},
}
"""For each way a source qualifies a figure, the qualifiers a draft may give it: 'up to 12
hours' backs 'at most 12 hours' or 'about 12 hours', never 'exactly 12' or 'more than 12'."""


def _overstated_precision(quantity: Quantity, evidence: Evidence) -> str | None:
    """'Exactly 12 hours of downtime' where the source says 'up to 12 hours': how sure a figure
    is, is part of the figure. A qualified figure in a draft (exactly, only, about, up to, at
    least, more than...) must be qualified no more strongly, or in no other direction, than
    somewhere its cited sources give the same figure; a figure the sources give bare or exact
    backs any qualifier, and an approximate one ('about 12') is always weaker than the source.
    What the message quotes is the draft's and the source's wording."""
    claimed = quantity.bound
    if claimed is None or claimed == "approximate":
        return None
    found = [
        known
        for facts in evidence.facts
        for known in facts.quantities
        if abs(known.value - quantity.value) <= 1e-9 * max(1.0, abs(quantity.value))
        and (quantity.unit is None or known.unit is None or known.unit == quantity.unit)
    ]
    if not found or any(known.bound is None or claimed in BOUNDS_BACKED[known.bound] for known in found):
        return None
    return f"says {_as_written(quantity)} where its cited sources say {_as_written(found[0])}"


def _as_written(quantity: Quantity) -> str:
    """'up to 12 hours', '12 hours or more', '12+': a figure with its qualifier, in its order."""
    figure = quantity.text.strip()
    if quantity.qualifier is None or quantity.qualifier == "+":
        return figure
    if quantity.qualifier.startswith("or "):
        return f"{figure} {quantity.qualifier}"
    return f"{quantity.qualifier} {figure}"


DATE_GAP = re.compile(r"[\s,]*")  # between a weekday and the date it names: 'Tuesday, August 12'


def _weekdays_of_dates(text: str, dates: tuple[DateMention, ...], year: int, v) -> list[Violation]:
    """'Tuesday, August 12' when 12 August 2024 was a Monday: a weekday written with a date must
    be that date's, whatever else the record says (a start just past midnight UTC makes both
    Monday and Tuesday the record's days)."""
    out = []
    starts = {d.span[0]: d for d in dates if d.day is not None}
    for match in WEEKDAY.finditer(text):
        mention = starts.get(DATE_GAP.match(text, match.end()).end())
        if mention is None:
            continue
        try:
            day = date(mention.year or year, mention.month, mention.day or 1)
        except ValueError:
            continue
        written = WEEKDAYS[match.group("wd").lower()]
        if day.weekday() != written:
            out.append(v("date", f"{_weekday_name(written).title()} is not the weekday of {day.isoformat()}"))
    return out


def _weekday_name(index: int) -> str:
    return ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")[index]


def _time_supported(moment: TimeOfDay, evidence: Evidence) -> bool:
    for facts in evidence.facts:
        for known in facts.times:
            if moment.offset is not None and known.offset is not None:
                if moment.utc_minutes == known.utc_minutes:
                    return True
            elif moment.minutes == known.minutes or (
                moment.offset is None and known.utc_minutes == moment.minutes
            ):
                return True
    return False


def _known_dates(evidence: Evidence, incident: Incident) -> set[date]:
    known = set()
    year = incident.started_at.astimezone(UTC).year
    for facts in evidence.facts:
        for mention in facts.dates:
            if mention.day:
                try:
                    known.add(date(mention.year or year, mention.month, mention.day))
                except ValueError:
                    continue
    return known


def _known_years(evidence: Evidence, incident: Incident) -> set[int]:
    years = {incident.started_at.astimezone(UTC).year}
    if incident.ended_at:
        years.add(incident.ended_at.astimezone(UTC).year)
    for facts in evidence.facts:
        years.update(facts.years)
    years.update(d.year for d in evidence.published)
    return years


def _date_supported(mention, evidence: Evidence, *, publishing: bool) -> bool:
    candidates = [m for facts in evidence.facts for m in facts.dates]
    if publishing:
        candidates += [DateMention(d.year, d.month, d.day, (0, 0)) for d in evidence.published]
    for known in candidates:
        if known.month != mention.month:
            continue
        if mention.day is not None and known.day != mention.day:
            continue
        if mention.year and known.year and known.year != mention.year:
            continue
        return True
    return False


# 'In the UK, 2.4m ...' and '40,000' are one clause each: a comma before three digits is in a figure.
BINDING_BREAK = re.compile(r",(?!\d{3}\b)|[;:()—–]|\s-\s|\b(?:and|but|though|although|while|whereas)\b")
NAME_WORD = re.compile(r"(?<![\w&'’@#])[A-Z][\w&'’\-]*")
DIGIT = re.compile(r"\d")


def _same_figure(a: Quantity, b: Quantity) -> bool:
    return abs(a.value - b.value) <= 1e-9 * max(1.0, abs(a.value)) and (
        a.unit is None or b.unit is None or a.unit == b.unit
    )


def _bound_figures(text: str, quantities: tuple[Quantity, ...], starts: list[int]) -> list[Quantity | None]:
    """For each position in `starts` (where a name is written), the figure the text ties it to:
    the one figure of its clause ('2.8m failed in the rest of Europe'), or, for a clause with
    none that opens the sentence ('In the UK, 2.4m transactions failed'), the one figure of the
    clause after it. None where that is not one figure: no tie can be read."""
    bounds, previous = [], 0
    for cut in BINDING_BREAK.finditer(text):
        bounds.append((previous, cut.start()))
        previous = cut.end()
    bounds.append((previous, len(text)))
    clauses = [b for b in bounds if re.search(r"\w", text[b[0] : b[1]])]
    figures = [[q for q in quantities if lo <= q.span[0] < hi] for lo, hi in clauses]
    tied: list[Quantity | None] = []
    for start in starts:
        index = next((i for i, (lo, hi) in enumerate(clauses) if lo <= start < hi), None)
        if index is None:
            tied.append(None)
            continue
        own = figures[index]
        if not own and index == 0 and len(clauses) > 1:
            own = figures[1]
        tied.append(own[0] if len(own) == 1 else None)
    return tied


@lru_cache(maxsize=8_192)
def _sentence_figures(folded: str) -> tuple[Quantity, ...]:
    return extract_facts(folded).quantities


def _evidence_ties(name: str, evidence: Evidence) -> list[tuple[Quantity, tuple[Quantity, ...]]]:
    """Each figure a cited sentence ties `name` to, with all the figures of that sentence."""
    ties = []
    pattern = re.compile(rf"(?<![\w]){re.escape(name)}(?![\w])")
    for sentence in evidence.prose:
        if name not in sentence:
            continue
        figures = _sentence_figures(sentence)
        if not figures:
            continue
        starts = [m.start() for m in pattern.finditer(sentence)]
        for figure in _bound_figures(sentence, figures, starts):
            if figure is not None:
                ties.append((figure, figures))
    return ties


def _check_number_binding(text: str, evidence: Evidence, v) -> list[Violation]:
    """'In the UK, 2.8m transactions failed, while a further 2.4m failed in the rest of Europe'
    where the source has 2.4m in the UK and 2.8m in the rest of Europe: both figures are the
    source's, so the number rule passes them, but which place, company or product each belongs
    to is the fact. A name the draft ties to a figure (the figure of its clause) fails when a
    cited sentence that also gives that figure ties the name to a different figure of the same
    kind, and no cited sentence ties the draft's figure to that name or to any other name of its
    clause. The service's own name is left out: it stands beside every figure of its outage
    ('5.2 million Visa transactions')."""
    if not DIGIT.search(text):
        return []  # figures swapped between places are written in digits
    found = [
        (m.start(), written, name)
        for m in NAME_WORD.finditer(text)
        if len(name := fold(written := re.sub(r"['’]s$", "", m.group(0)))) > 1
        and name not in STOPWORDS
        and name not in TIME_WORDS
        and name not in SENTENCE_STARTERS
        and name not in evidence.incident_names
        and name in evidence.names
        and (written.isupper() or name not in evidence.lower_words)  # 'Across Europe': across is no name
    ]
    if not found:
        return []
    quantities = extract_facts(text).quantities
    clauses: dict[tuple[int, int], list[tuple[str, str]]] = {}  # a figure's span: the names tied to it
    for (_start, written, name), figure in zip(
        found, _bound_figures(text, quantities, [f[0] for f in found]), strict=True
    ):
        if figure is not None:
            clauses.setdefault(figure.span, []).append((written, name))
    for span, names in clauses.items():
        figure = next(q for q in quantities if q.span == span)
        swapped = []
        for written, name in names:
            ties = _evidence_ties(name, evidence)
            if any(_same_figure(figure, known) for known, _figures in ties):
                swapped = []
                break  # the sources tie this figure to one of the names of its clause
            swapped += [
                (written, known)
                for known, figures in ties
                if known.unit == figure.unit and any(_same_figure(figure, f) for f in figures)
            ]
        if swapped:
            written, other = swapped[0]
            return [
                v(
                    "binding",
                    f"ties {figure.text.strip()} to {written} where its cited sources give {written} "
                    f"{other.text.strip()}",
                )
            ]
    return []


def _quantity_supported(quantity: Quantity, evidence: Evidence, incident: Incident) -> bool:
    if not math.isfinite(quantity.value):
        return False  # "999…9" beyond a float is no figure any source gives
    for facts in evidence.facts:
        for known in facts.quantities:
            if abs(known.value - quantity.value) > 1e-9 * max(1.0, abs(quantity.value)):
                continue
            if quantity.unit is None or known.unit is None or known.unit == quantity.unit:
                return True
        if quantity.unit is None and quantity.value.is_integer():
            value = int(quantity.value)
            if value in facts.years or any(d.day == value for d in facts.dates):
                return True
    contradicted = any(
        known.unit == quantity.unit for facts in evidence.facts[:-1] for known in facts.quantities
    )
    return not contradicted and _derived_duration(quantity, incident)


def _derived_duration(quantity: Quantity, incident: Incident) -> bool:
    """Durations computed from the record's own start and end (e.g. '8 hours 20 minutes')."""
    if incident.ended_at is None:
        return False
    return _duration_is(quantity, int((incident.ended_at - incident.started_at).total_seconds() // 60))


def _duration_between(quantity: Quantity, times: list[TimeOfDay]) -> bool:
    """'Unavailable for about five minutes, from 12:21 to 12:26 p.m. EST': a duration the
    sentence computes from two of its own times written one after the other, each of which its
    sources give. Exact, or rounded to whole hours only when the figure says it is rounded
    ('about 2 hours' for 11:10 to 13:20)."""
    if quantity.unit not in ("minute", "hour"):
        return False
    for first, second in pairwise(times):
        if first.utc_minutes is not None and second.utc_minutes is not None:
            total = (second.utc_minutes - first.utc_minutes) % 1440
        else:
            total = (second.minutes - first.minutes) % 1440
        if not total:
            continue
        if quantity.unit == "minute":
            if math.isclose(quantity.value, total):
                return True
            continue
        below, above = total // 60, -(-total // 60)
        rounded = {
            "approximate": (below, above),
            "near": (above,),
            "at most": (above,),
            "at least": (below,),
        }.get(quantity.bound or "", ())
        if math.isclose(quantity.value, total / 60) or quantity.value in rounded:
            return True
    return False


def _duration_is(quantity: Quantity, total: int) -> bool:
    """Whether a figure states a span of `total` minutes: in minutes, in whole hours (rounded
    either way) or days, or as the minutes past the hours ('8 hours 20 minutes')."""
    if quantity.unit not in ("minute", "hour", "day"):
        return False
    hours, minutes = divmod(total, 60)
    if quantity.unit == "minute":
        return quantity.value in (total, minutes)
    if quantity.unit == "hour":
        return quantity.value in (hours, hours + (1 if minutes else 0)) or quantity.value == total / 60
    days = total / 1440
    return quantity.value in (int(days), int(days) + (1 if total % 1440 else 0)) and days >= 1


# --- names, causes, negation, support -----------------------------------------------------

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
        lowered = fold(token)
        if not lowered or lowered in TIME_WORDS or lowered in STOPWORDS or lowered == "i":
            continue
        if token.isupper() and _title_key(lowered) in TITLE_SPELLINGS:
            continue  # 'CEO', 'CTO': titles, which the role rule checks with their spellings
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
        forms.discard("")
        if not forms & evidence.names and not _given_name_of_known_person(lowered, following, evidence):
            missing.append(token)
    return list(dict.fromkeys(missing))


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


def _check_causes(text: str, evidence: Evidence, v) -> list[Violation]:
    tokens = words(fold(text))
    joined = " ".join(tokens)
    stems = [stem(t) for t in tokens]
    if "cyber attack" in joined:
        stems.append(stem("cyberattack"))
    evidence_stems = {CAUSE_EQUIVALENTS.get(s, s) for s in evidence.stems | evidence.names}
    if "cyber attack" in fold(evidence.text):
        evidence_stems.add(stem("cyberattack"))
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


# --- roles, certainty, scope, who depends on and who said what ---------------------------

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
            unit for folded, unit in _titled(evidence.texts) if names_holder and names_holder.search(folded)
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


PROOF = re.compile(
    r"\b(?:prov(?:e|ed|en|es|ing)|proof|demonstrat(?:e|ed|es|ing)|conclusive(?:ly)?"
    r"|definitive(?:ly)?|undeniabl[ey]|irrefutabl[ey]|beyond doubt)\b"
)
CONFIRMATION = re.compile(
    r"\b(?:confirm(?:s|ed|ing|ation)?|verif(?:y|ied|ies|ying|ication)|establish(?:es|ed|ing)?)\b"
)
ATTRIBUTIVE = re.compile(r"\b(?:an|the|well|long)[\s\-]+$")  # 'an established playbook' describes
NOT_YET = re.compile(
    r"\b(?:yet|declin(?:e|es|ed|ing)|refus(?:e|es|ed|ing)|fail(?:s|ed|ing)?)\s+to\s+(?:[a-z]+ly\s+)?$"
)
"""'Meta has yet to officially confirm the cause', 'declined to confirm': a confirmation denied,
right before its verb ('backups failed to restore and engineers confirmed' denies nothing)."""
HEDGE = re.compile(
    r"\b(?:(?<!\d\s)may(?!\s+\d)|might|could(?!\s+not)|possibl[ey]|likely|perhaps|reportedly"
    r"|speculat\w*|suspect\w*|suggest\w*|believ\w*|rumou?r\w*|alleg\w*|unclear|unconfirmed|unknown)\b"
)
"""Words that make a sentence a guess, not what a confirmation next to it confirmed ('may' as
in May 5 aside)."""


def _denies_certainty(before: str) -> bool:
    return any(_is_negation(t, evidence=True) for t in words(before)) or bool(NOT_YET.search(before))


@lru_cache(maxsize=8_192)
def _certain_clauses(folded: str, certainty: re.Pattern[str]) -> tuple[str, ...]:
    """The clauses of folded text that state something with this certainty, not those that
    deny it ('a claim Musk had not verified', 'blamed Ukraine without proof', 'has yet to
    confirm')."""
    out = []
    for clause in CLAUSE_BREAK.split(folded):
        for match in certainty.finditer(clause):
            before = clause[: match.start()]
            if ATTRIBUTIVE.search(before) or _denies_certainty(before):
                continue
            out.append(clause)
            break
    return tuple(out)


@lru_cache(maxsize=4_096)
def _certainty_backing(sentences: tuple[str, ...], certainty: re.Pattern[str]) -> tuple[str, ...]:
    """What the folded sentences of one excerpt state with this certainty: each such clause, or,
    for a clause whose confirming word has nothing after it but a pronoun ('Optus's boss has
    confirmed it.'), its whole sentence with the neighbouring sentences that say what was
    confirmed, unless they hedge ('experts speculate')."""
    out: list[str] = []
    for index, sentence in enumerate(sentences):
        for clause in _certain_clauses(sentence, certainty):
            match = certainty.search(clause)
            if match is None or any(_content_word(t) for t in words(clause[match.end() :])):
                out.append(clause)
                continue
            around = [
                sentences[other]
                for other in (index - 1, index + 1)
                if 0 <= other < len(sentences) and not HEDGE.search(sentences[other])
            ]
            out.append(" ".join([sentence, *around]))
    return tuple(out)


@lru_cache(maxsize=8_192)
def _operator_unconfirmed(folded: str, names_of_incident: tuple[str, ...]) -> bool:
    """A folded sentence has the operator deny or not yet give a confirmation: 'Meta has yet to
    officially confirm the cause'."""
    names = [fold(name) for name in names_of_incident if len(name) >= 3]
    for clause in CLAUSE_BREAK.split(folded):
        for match in CONFIRMATION.finditer(clause):
            before = clause[: match.start()]
            if _denies_certainty(before) and any(_mentions(before, name) for name in names):
                return True
    return False


def _check_certainty(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Musk proved the attack came from Ukraine' where the source says he claimed it and gave no
    details: how sure a claim is, is part of the claim. Something said to be proven must be
    cited to a sentence that proves or demonstrates the same things; something said to be
    confirmed, verified or established, to one that confirms or proves them, or to the
    operator's own account (a company's post-mortem confirms what it says about itself), unless
    a cited source says the operator has not (yet) confirmed something. A confirmation whose
    object is a pronoun ('has confirmed it') is backed with the sentences around it.
    'Said' or 'claimed' in a news report is not enough."""
    folded = fold(text)
    for certainty, backing in ((PROOF, (PROOF,)), (CONFIRMATION, (CONFIRMATION, PROOF))):
        certain = _certain_clauses(folded, certainty)
        if not certain or (
            certainty is CONFIRMATION
            and evidence.first_party
            and not any(_operator_unconfirmed(s, evidence.operator_names) for s in evidence.prose)
        ):
            continue
        backed = [
            c
            for passage in evidence.passages
            for pattern in backing
            for c in _certainty_backing(passage, pattern)
        ]
        for clause in certain:
            content = {stem(t) for t in words(certainty.sub(" ", clause)) if _content_word(t)}
            needed = min(2, len(content))
            if not any(len(content & _word_forms(source)) >= needed for source in backed):
                return [v("certainty", "states as proven or confirmed what its cited sources do not")]
    return []


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


def _check_scope(text: str, evidence: Evidence, v) -> list[Violation]:
    """'8.5 million devices, which it said was every Windows machine running CrowdStrike' where
    the source says less than 1 percent: a universal is a claim about scope, and overstated
    scope is how outage stories go wrong. Whatever a draft says all, every, the entire or the
    whole of, its cited sources must say so too ('took down all the connections' backs 'every
    connection')."""
    names = frozenset(stem(fold(w)) for w in re.findall(r"(?<=\s)[A-Z][\w'’\-]*", text))
    scopes = _universal_scopes(fold(text), names)
    if not scopes:
        return []
    backed = frozenset().union(*(_universal_scope_words(sentence) for sentence in evidence.prose))
    if any(not scope & backed for scope in scopes):
        return [v("scope", "says all or every where its cited sources do not")]
    return []


DEPENDS = re.compile(
    r"\b(?:use[sd]?|using|rel(?:y|ies|ied|ying) on|depend(?:s|ed|ing)? on|run(?:s|ning)? on"
    r"|hosted (?:on|by)|built on|powered by|customers? of)\b",
    re.IGNORECASE,
)
NAME_RUN = re.compile(r"[A-Z][\w&'’.\-]*(?:\s+[A-Z][\w&'’.\-]*)*")


def _name_runs(text: str) -> list[str]:
    """Capitalised runs ('Google Cloud', 'The Verge'), folded, without leading ordinary words
    ('Many', 'The') and possessive endings."""
    runs = []
    for run in NAME_RUN.findall(text):
        parts = [re.sub(r"['’]s$", "", part).rstrip(".") for part in run.split()]
        while parts and (fold(parts[0]) in STOPWORDS or fold(parts[0]) in SENTENCE_STARTERS):
            parts = parts[1:]
        if parts and not all(fold(part) in TIME_WORDS for part in parts):
            runs.append(fold(" ".join(parts)))
    return runs


def _check_dependency_direction(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Google Cloud services use Cloudflare' where the source says services at Cloudflare use
    Google Cloud: which of two named parties depends on the other is the fact, and swapping
    them keeps every word. Fails only when a cited sentence states the dependency the other
    way round and none states it the draft's way."""
    for clause in CLAUSE_BREAK.split(text):
        for verb in DEPENDS.finditer(clause):
            before, after = _name_runs(clause[: verb.start()]), _name_runs(clause[verb.end() :])
            if not before or not after or before[-1] == after[0]:
                continue
            user, used = before[-1], after[0]
            same = flipped = False
            for sentence in evidence.prose:
                for found in DEPENDS.finditer(sentence):
                    head, tail = sentence[: found.start()], sentence[found.end() :]
                    same = same or (_mentions(head, user) and _mentions(tail, used))
                    flipped = flipped or (_mentions(head, used) and _mentions(tail, user))
            if flipped and not same:
                pair = f"{user.title()} and {used.title()}"
                return [v("dependency", f"has {pair} the other way round from its cited sources")]
    return []


AGENT_RUN = re.compile(rf"(?<![\w'’]){NAME_RUN.pattern}")
LIST_COMMA = re.compile(r"\s*,\s*")
LIST_AND = re.compile(r"\s*,?\s+(?:and|or|&)\s+")


def _agent_name(run: str) -> tuple[frozenset[str], str] | None:
    """The words of a capitalised run that can do something, and the run as written: 'GoDaddy
    Registry' -> {godaddy, registry}. None for a possessive ('Zoom's domain' is not Zoom
    acting), ordinary opening words only ('The', 'Users') or times ('Monday')."""
    parts = run.split()
    if re.search(r"['’]s?$", parts[-1]):
        return None
    while parts and (fold(parts[0]) in STOPWORDS or fold(parts[0]) in SENTENCE_STARTERS):
        parts = parts[1:]
    folded = [fold(part.rstrip(".")) for part in parts]
    if not folded or all(part in TIME_WORDS for part in folded):
        return None
    return frozenset(folded), " ".join(parts)


def _action(after: str) -> tuple[str, ...]:
    """What a name directly before `after` does: the stems of the first five content words of its
    clause, when the clause opens with one ('mistakenly shutting down the zoom.us domain' ->
    mistaken, shut, down, zoom.us, domain). Empty for a verb of saying (the attribution rule's)
    or an auxiliary ('was shut down by': the name is not the doer)."""
    clause = CLAUSE_BREAK.split(after, maxsplit=1)[0]
    tokens = words(fold(clause))[:8]
    if not tokens or not _content_word(tokens[0]) or SAYING.fullmatch(tokens[0]):
        return ()
    return tuple(stem(t) for t in tokens if _content_word(t))[:5]


@lru_cache(maxsize=4_096)
def _agents(text: str) -> tuple[tuple[tuple[frozenset[str], str], tuple[str, ...], frozenset[str]], ...]:
    """Who does what in `text`: each named doer (its words, and as written), the action written
    right after it and the words of every name in its sentence. A list of names ('Google,
    Spotify and Discord went down') shares the action after its last name; a comma alone joins
    nothing ('According to Protocol, AWS declined to comment')."""
    found = []
    for sentence in SENTENCE_BREAK.split(clean(text)):
        runs = list(AGENT_RUN.finditer(sentence))
        named = frozenset(
            fold(part.rstrip(".")) for run in runs for part in re.split(r"['’]s?\b|\s+", run.group(0)) if part
        )
        group: list[tuple[frozenset[str], str]] = []
        listed = False  # the names gathered end in 'and' or 'or'
        for index, run in enumerate(runs):
            name = _agent_name(run.group(0))
            if name is None:
                group, listed = [], False
                continue
            group.append(name)
            following = runs[index + 1] if index + 1 < len(runs) else None
            if following and LIST_AND.fullmatch(sentence, run.end(), following.start()):
                listed = True
                continue
            if following and LIST_COMMA.fullmatch(sentence, run.end(), following.start()):
                continue
            action = _action(sentence[run.end() :])
            if action:
                found += [(member, action, named) for member in (group if listed else group[-1:])]
            group, listed = [], False
    return tuple(found)


def _check_agent(text: str, evidence: Evidence, v) -> list[Violation]:
    """'Markmonitor mistakenly shut down the zoom.us domain' where the cited sentence names
    Markmonitor but has GoDaddy Registry mistakenly shutting the domain down: who did it is the
    fact, and both names are the sources'. A named doer fails when a cited sentence that also
    names it writes the same action right after a different name (the first three content
    words of the draft's action among the first five of the source's), and no cited sentence
    writes it after this one. A passive ('was shut down by'), a name not directly before its
    verb, or an action too short to tell apart ('went down') decides nothing."""
    known = _agents(evidence.text)
    for (name, written), action, _named in _agents(text):
        if len(action) < 3 or not name <= evidence.names:
            continue  # too short to tell; a name the sources lack is the name rule's
        same = [(doer, named) for doer, done, named in known if set(action[:3]) <= set(done)]
        if any(doer[0] & name for doer, _named in same):
            continue
        for (_doer, other), named in same:
            if name <= named:
                return [v("agent", f"has {written} do what its cited sources say {other} did")]
    return []


SAYING = re.compile(
    r"\b(?:said|says|told|tells|wrote|writes|stated|states|claimed|claims|reported|reports|posted|added)\b"
)


def _speakers_and_content(clause: str) -> tuple[list[str], str] | None:
    """'A source at X told The Verge there had been an attack' -> (['x', 'verge'], ' there had
    been an attack'): whom a clause has speak (named before the verb of saying, or told), and
    what it has them say. None without a named speaker."""
    verb = SAYING.search(clause)
    if verb is None:
        return None
    speakers = _name_runs(clause[: verb.start()])
    said = clause[verb.end() :]
    if verb.group(0) in ("told", "tells"):
        addressee = re.match(rf"\s+({NAME_RUN.pattern})", said)
        if addressee:
            speakers += _name_runs(addressee.group(1))
            said = said[addressee.end() :]
    return (speakers, said) if speakers else None


@lru_cache(maxsize=8_192)
def _denial(sentence: str) -> tuple[int, frozenset[str], frozenset[str]] | None:
    """Where a folded sentence first plainly negates, what it negates (its scope) and the head
    of each denial, the first content word after the negation ('wasn't any such attack' denies
    an attack; 'isn't affecting existing users' denies an effect, not the users). None if it
    negates nothing."""
    first = next((m.start() for m in WORD.finditer(sentence) if _is_negation(m.group(0), evidence=False)), -1)
    if first < 0:
        return None
    heads = set()
    for clause in CLAUSE_BREAK.split(sentence):
        tokens = words(clause)
        for i, token in enumerate(tokens):
            if _is_negation(token, evidence=False):
                following = [t for t in tokens[i + 1 :] if t not in STOPWORDS and len(t) > 2]
                if following:
                    heads.add(stem(following[0]))
    return first, _negated_scope(sentence), frozenset(heads)


def _check_attributed_denial(text: str, evidence: Evidence, v) -> list[Violation]:
    """'A source at X told The Verge there had been a massive DDoS attack' where the cited sentence
    says a source at X told The Verge there wasn't any such attack: swapping who said what keeps
    every word, so the negation rules see nothing amiss. Fails when a cited sentence that names
    every speaker before its negation denies what the clause has them assert, and no cited
    sentence naming them asserts it. Quotes are read too: they are the speaker's words."""
    for clause in CLAUSE_BREAK.split(text):
        parsed = _speakers_and_content(clause)
        if parsed is None:
            continue
        speakers, said = parsed
        tokens = words(fold(said))
        if any(_is_negation(t, evidence=True) for t in tokens):
            continue
        content = _negation_window(tokens, 0, len(tokens)) - {stem(w) for s in speakers for w in s.split()}
        denied: set[str] = set()
        asserted: set[str] = set()
        for sentence in evidence.prose:
            if not all(_mentions(sentence, s) for s in speakers):
                continue
            denial = _denial(sentence)
            if denial is None:
                asserted |= content & _word_forms(sentence)
                continue
            cut, scope, heads = denial
            named_first = all(_mentions(sentence[:cut], s) for s in speakers)
            if named_first and content & heads and len(content & scope) >= min(2, len(scope)):
                denied |= content & scope
        if denied - asserted:
            return [v("attribution", "has a source assert what its cited sources say that source denied")]
    return []


def _content_word(token: str) -> bool:
    return token not in STOPWORDS and token not in REPORTING_WORDS and len(token) > 2


# Words a denial is often paraphrased with: 'did not say what caused it' is the source's 'did
# not disclose the reason for it'.
_SENSES = (("cause", "reason", "why"), ("disclose", "reveal", "explain", "specify", "share", "detail"))
SAME_SENSE = {stem(word): {stem(other) for other in group} for group in _SENSES for word in group}


def _negation_window(tokens: list[str], start: int, stop: int) -> set[str]:
    return {
        stem(part)
        for t in tokens[max(0, start) : stop]
        if t not in STOPWORDS and not _is_negation(t, evidence=False) and len(t) > 2
        for part in (t, t.removeprefix("cyber"))  # "cyberattack" meets "cyber attack"
        if len(part) > 2
    }


def _denied_outside_own_negation(text: str, content: set[str], evidence: Evidence, v) -> list[Violation]:
    """A sentence that negates something may still assert what its source denies: 'caused by a
    security incident rather than a launch' where the source says 'not caused by a security
    incident or a recent launch'. What it asserts is its content outside its own negations,
    quoted ones included: 'said there was "no indication" the outage was due to a cyberattack'
    denies the cyberattack as much as its source does."""
    asserted = content - _negated_scope(fold(text), evidence=True)
    for stems, negated, scope in evidence.sentences:
        if not negated or not scope or len(content & stems) < 0.5 * len(content):
            continue
        if len(asserted & scope) >= min(2, len(scope)):
            return [v("negation", "asserts what its cited source denies")]
    return []


def _check_dropped_negation(text: str, bare: str, evidence: Evidence, v) -> list[Violation]:
    """'This was a cyberattack.' citing 'This was not a cyberattack.': the source's denial dropped."""
    tokens = words(fold(bare))
    content = _negation_window(tokens, 0, len(tokens))
    if not content:
        return []
    if any(_is_negation(t, evidence=True) for t in words(fold(text))):
        return _denied_outside_own_negation(text, content, evidence, v)
    best, negated_only = 0.0, False
    for stems, negated, scope in evidence.sentences:
        shared = content & stems
        if len(shared) < min(2, len(content)):
            continue
        overlap = len(shared) / len(content)
        denies_it = negated and bool(content & scope)  # says what the source denies, not only the rest
        if overlap > best:
            best, negated_only = overlap, denies_it
        elif overlap == best:
            negated_only = negated_only and denies_it
    if best >= 0.6 and negated_only:
        return [v("negation", "leaves out a negation that its cited source makes")]
    for core in evidence.negated_cores:
        if len(core) >= 3 and len(content & core) / len(core) >= 0.75:
            return [v("negation", "repeats a statement its cited source negates, without the negation")]
    return []


def _check_negation(text: str, evidence: Evidence, v) -> list[Violation]:
    tokens = words(fold(text))
    for position, token in enumerate(tokens):
        if not _is_negation(token, evidence=False):
            continue
        window = _negation_window(tokens, position - 4, position + 5)
        if not window:
            continue
        needed = min(2, len(window))
        window |= {other for word in window for other in SAME_SENSE.get(word, ())}
        if not any(len(window & group) >= needed for group in evidence.negated_sentences):
            return [v("negation", "states a negation that its cited sources do not make")]
    return []


REPORTING_WORDS = frozenset(
    """says said say stated states told wrote posted reported reports report according per
    summary post-mortem postmortem review preliminary update statement blog outage incident
    event company later also own gives put puts traced traces""".split()
)


def _support_content(text: str) -> list[str]:
    return [
        t
        for t in words(fold(text))
        if t not in STOPWORDS
        and t not in REPORTING_WORDS
        and t not in TIME_WORDS
        and len(t) > 2
        and not t.replace(".", "").replace(",", "").isdigit()
    ]


def _well_supported(supported: int, total: int) -> bool:
    return total < 4 or supported / total >= (0.3 if total >= 8 else 0.25)


def _check_support(text: str, evidence: Evidence, v, incident: Incident | None = None) -> list[Violation]:
    """A last net for sentences whose content words are mostly absent from their sources. The
    times, dates and figures a sentence states that its sources give are content found there:
    'The first wave ran from about 7:10 to 9:20 a.m. EDT' says little else, and its zone words
    ('on the US East Coast') are part of the time, not content of their own."""
    content = _support_content(text)
    if len(content) < 4:
        return []
    known = evidence.stems | evidence.names
    supported = sum(1 for t in content if t in known or stem(t) in known)
    if _well_supported(supported, len(content)):
        return []
    if incident is not None:
        facts = extract_facts(text, _reference_date(incident))
        publishing = bool(PUBLISHING.search(text))
        checked = (
            [moment.span for moment in facts.times if _time_supported(moment, evidence)]
            + [day.span for day in facts.dates if _date_supported(day, evidence, publishing=publishing)]
            + [q.span for q in facts.quantities if _quantity_supported(q, evidence, incident)]
        )
        if checked:
            for start, end in checked:
                text = text[:start] + " " * (end - start) + text[end:]
            rest = _support_content(text)
            supported = sum(1 for t in rest if t in known or stem(t) in known) + len(checked)
            if _well_supported(supported, len(rest) + len(checked)):
                return []
    return [v("support", "most of the sentence is not in its cited sources")]
