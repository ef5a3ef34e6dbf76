"""`check_draft`: runs every rule over a draft and gathers what fails.

Besides calling the rule modules sentence by sentence, it holds the rules that need little or
no evidence: ids and verdict, citations, length, links, pings, voice and verbatim quotes.
"""

from __future__ import annotations

import re

from bot.core.check.certainty import (
    _check_certainty,
    _check_claimed_as_fact,
    _check_dropped_hedge,
    _check_speculated_cause,
)
from bot.core.check.evidence import Evidence, build_evidence
from bot.core.check.figures import _check_counted_things, _check_facts, _check_number_binding
from bot.core.check.names import _check_causes, _check_technical_terms, _missing_names
from bot.core.check.negation import ABSENCE, _check_dropped_negation, _check_negation, _check_unmade_denial
from bot.core.check.parties import (
    _check_agent,
    _check_attributed_denial,
    _check_dependency_direction,
    _check_quoted_operator,
    _check_speaker,
)
from bot.core.check.reading import _blanked, _is_negation
from bot.core.check.results import CheckResult, Violation
from bot.core.check.roles import _check_roles
from bot.core.check.scope import _check_scope
from bot.core.check.states import _check_contrary_state
from bot.core.check.support import _check_cited_source, _check_support
from bot.core.check.vocabulary import (
    CONFUSABLES,
    DOUBLE_QUOTED,
    FIRST_PERSON,
    JAILBREAK,
    MARKDOWN_LINK,
    MENTION,
    META_TALK,
    PLACE_HINT,
    SINGLE_QUOTED,
    URL,
)
from bot.core.drafts import MAX_SENTENCE_CHARS, MAX_SENTENCES, Draft, DraftSentence
from bot.core.facts import PLACE_TIME, PLACE_ZONES, extract_facts
from bot.core.records import CauseStatus, Incident, Verdict
from bot.core.text import clean, fold, squash_spaces, words

ANY_CLAIM = object()
"""Sentinel for `expected_claim_id`: accept any claim that belongs to the incident."""


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
    denied = _denied_claim(draft, incident)
    for index, sentence in enumerate(draft.sentences, start=1):
        violations.extend(_check_sentence(index, sentence, incident, denied))
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


def _denied_claim(draft: Draft, incident: Incident | None) -> tuple[str, bool]:
    """The text of the curated claim a draft answers, when its sentences may deny what it says
    without a source that says it ('well over nine hours, not ten minutes'), and whether only
    as not established (an unverified claim: 'no source establishes a hack', never 'it was not
    a hack')."""
    claim = incident.claim(draft.claim_id) if incident and draft.claim_id else None
    if claim is None or claim.verdict is Verdict.SUPPORTED:
        return "", False
    return claim.text, claim.verdict is Verdict.UNVERIFIED


def _denial_of(text: str, denied: tuple[str, bool]) -> str:
    """The claim text a sentence denies, if it denies (plainly, or as not established)."""
    claim, hedged_only = denied
    folded = fold(text)
    if not claim:
        return ""
    if ABSENCE.search(folded):
        return claim
    if hedged_only:
        return ""
    if not any(_is_negation(t, evidence=False) for t in words(folded)) and not FAR_FROM.search(folded):
        return ""
    return claim


# Denials without a negation word: 'That is about 2 hours 38 minutes, nowhere near 12 hours.'
FAR_FROM = re.compile(r"\b(?:nowhere near|far from|nothing like)\b")


def _check_sentence(
    index: int, sentence: DraftSentence, incident: Incident | None, answered: tuple[str, bool] = ("", False)
) -> list[Violation]:
    def v(rule: str, message: str) -> Violation:
        return Violation(rule, message, index)

    text = clean(sentence.text)
    denied = _denial_of(text, answered)
    out: list[Violation] = []
    if not text.strip():
        return [v("empty", "the sentence is empty")]
    if len(text) > MAX_SENTENCE_CHARS:
        out.append(v("length", f"the sentence is {len(text)} characters; at most {MAX_SENTENCE_CHARS}"))
    cited = _sources_text(sentence, incident) if JAILBREAK.search(text) else ""  # most drafts: no need
    out.extend(_check_hygiene(text, v, cited))
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
    out.extend(_check_facts(text, incident, evidence, v, denied))
    out.extend(_check_number_binding(bare, evidence, v))
    out.extend(_check_counted_things(bare, evidence, v))
    missing_names = _missing_names(_without_place_zones(bare), evidence)
    if denied:  # 'none of them mentions Roku': the names of the claim a sentence says is unsupported
        missing_names = [name for name in missing_names if fold(name) not in fold(denied)]
    if missing_names:
        out.append(v("name", f"names not found in its cited sources: {', '.join(missing_names)}"))
    out.extend(_check_technical_terms(bare, evidence, {fold(n) for n in missing_names}, v))
    out.extend(_check_causes(bare, evidence, v, denied))
    out.extend(_check_roles(bare, evidence, v))
    out.extend(_check_certainty(bare, evidence, v))
    out.extend(_check_dropped_hedge(bare, evidence, v))
    out.extend(_check_speculated_cause(bare, evidence, v))
    out.extend(_check_claimed_as_fact(bare, evidence, v, incident.cause_status is CauseStatus.CLAIMED))
    out.extend(_check_scope(bare, evidence, v))
    out.extend(_check_contrary_state(bare, evidence, v))
    out.extend(_check_dependency_direction(bare, evidence, v))
    out.extend(_check_attributed_denial(text, evidence, v))
    out.extend(_check_speaker(text, evidence, v))
    out.extend(_check_quoted_operator(text, sources, (incident.service, *incident.aliases), v))
    out.extend(_check_agent(bare, evidence, v))
    out.extend(_check_negation(bare, evidence, v, denied))
    out.extend(_check_dropped_negation(text, bare, evidence, v))
    out.extend(_check_unmade_denial(bare, evidence, v))
    out.extend(_check_support(bare, evidence, v, incident, denied))
    out.extend(_check_cited_source(bare, evidence, v, incident, tuple(sentence.source_ids), denied))
    return out


def _without_place_zones(text: str) -> str:
    """The text with each time that a place gives the zone of blanked: '3 p.m. on the US East
    Coast' names a time zone, not a party, and the time rule checks it."""
    if not PLACE_HINT.search(text):
        return text
    text = _blanked(text, [moment.span for moment in extract_facts(text).times if moment.zone in PLACE_ZONES])
    return PLACE_TIME.sub(lambda m: " " * len(m.group()), text)  # ', Japan time,'


def _sources_text(sentence: DraftSentence, incident: Incident | None) -> str:
    """The excerpts a sentence cites, as written."""
    if incident is None:
        return ""
    return "\n".join(s.excerpt for sid in sentence.source_ids if (s := incident.source(sid)) is not None)


def _check_hygiene(text: str, v, cited: str = "") -> list[Violation]:
    out = []
    if JAILBREAK.search(cited):
        text = JAILBREAK.sub("", text)  # a jailbreak its sources report is the record's subject
    if URL.search(text) or MARKDOWN_LINK.search(text):
        out.append(v("url", "model text must not contain links; links come from the records"))
    outside = _without_quotes(text)
    if MENTION.search(text) or MENTION.search(text.translate(CONFUSABLES)) or "@" in outside:
        out.append(v("mention", "model text must not contain mentions or @everyone/@here"))
    if FIRST_PERSON.search(outside) or META_TALK.search(text) or JAILBREAK.search(text):
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
