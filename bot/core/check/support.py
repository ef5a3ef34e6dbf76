"""The last net: a sentence whose content words are mostly absent from its sources fails.

It catches what the more specific rules have no name for.
"""

from __future__ import annotations

from bot.core.check.evidence import Evidence, _reference_date, build_evidence
from bot.core.check.figures import _date_supported, _quantity_supported, _time_supported
from bot.core.check.reading import _blanked
from bot.core.check.results import Violation
from bot.core.check.vocabulary import PUBLISHING, REPORTING_WORDS, TIME_WORDS
from bot.core.facts import extract_facts
from bot.core.records import Incident
from bot.core.text import STOPWORDS, fold, stem, words

# Words about the evidence itself, not facts a source must give: 'the claim ... is not
# established by the available sources'.
ABOUT_EVIDENCE = frozenset(
    "claim claims source sources available evidence establish established establishes record records rests"
    " therefore yes indeed".split()
)


def _support_content(text: str) -> list[str]:
    return [
        t
        for t in words(fold(text))
        if t not in STOPWORDS
        and t not in REPORTING_WORDS
        and t not in ABOUT_EVIDENCE
        and t not in TIME_WORDS
        and len(t) > 2
        and not t.replace(".", "").replace(",", "").isdigit()
    ]


def _well_supported(supported: int, total: int) -> bool:
    return total < 4 or supported / total >= (0.3 if total >= 8 else 0.25)


def _check_support(
    text: str, evidence: Evidence, v, incident: Incident | None = None, denied: str = ""
) -> list[Violation]:
    """A last net for sentences whose content words are mostly absent from their sources. The
    times, dates and figures a sentence states that its sources give are content found there:
    'The first wave ran from about 7:10 to 9:20 a.m. EDT' says little else, and its zone words
    ('on the US East Coast') are part of the time, not content of their own."""
    content = _support_content(text)
    if len(content) < 4:
        return []
    known = evidence.stems | evidence.names
    if denied:  # the words of the claim the sentence denies: 'none of the reports establishes a hack'
        known = known | {stem(t) for t in words(fold(denied))} | set(words(fold(denied)))
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
            rest = _support_content(_blanked(text, checked))
            supported = sum(1 for t in rest if t in known or stem(t) in known) + len(checked)
            if _well_supported(supported, len(rest) + len(checked)):
                return []
    return [v("support", "most of the sentence is not in its cited sources")]


def _check_cited_source(
    text: str, evidence: Evidence, v, incident: Incident, cited: tuple[str, ...], denied: str = ""
) -> list[Violation]:
    """'Zoom's phone and chat services stayed online throughout' citing a report that never
    mentions phone or chat, where another source of the record says they stayed online: the
    words a sentence's cited sources lack (two or more, and a good part of it) are mostly in one
    source it does not cite. The fact may be right; the citation a reader follows is not."""
    known = evidence.stems | evidence.names
    if denied:
        known = known | {stem(t) for t in words(fold(denied))}
    if sum(1 for t in _support_content(text) if t not in known and stem(t) not in known) < 2:
        return []  # most sentences: (almost) nothing missing
    facts = extract_facts(text, _reference_date(incident))
    spans = [m.span for m in facts.times] + [d.span for d in facts.dates] + [q.span for q in facts.quantities]
    content = _support_content(_blanked(text, spans))  # times and figures have rules of their own
    if len(content) < 4:
        return []
    missing = [t for t in content if t not in known and stem(t) not in known]
    if len(missing) < 2 or len(missing) < 0.5 * len(content):
        return []
    for source in incident.sources:
        if source.id in cited:
            continue
        other = build_evidence(incident, [source])
        other_known = other.stems | other.names
        found = sum(1 for t in missing if t in other_known or stem(t) in other_known)
        if found >= 2 and found >= 0.6 * len(missing):
            return [v("citation", f"what it says is in {source.id}, which it does not cite")]
    return []
