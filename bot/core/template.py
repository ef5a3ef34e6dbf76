"""The deterministic drafter: builds a reply straight from the records.

It quotes the sources verbatim, so what it writes passes the checker by construction; it is
used without an LLM, when the LLM fails or is too slow, and when a model draft fails the
check twice.
"""

from __future__ import annotations

import re

from bot.core.drafts import Draft, DraftSentence
from bot.core.ports import DraftOutcome, DraftRequest
from bot.core.records import Claim, Incident, Source, Verdict
from bot.core.text import STOPWORDS, clean, fold, stem, words

MAX_QUOTE_CHARS = 280
MAX_TEMPLATE_SENTENCES = 3


def excerpt_sentences(excerpt: str) -> list[str]:
    """Sentences of an excerpt, verbatim (whitespace inside kept as in the source)."""
    parts = re.split(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))(\s+)(?=[A-Z\"“‘(])|\n+", excerpt.strip())
    sentences: list[str] = []
    glue = ""
    for part in parts:
        if part is None:
            continue
        if not part.strip():
            glue = part
            continue
        if sentences and ABBREVIATION.search(sentences[-1]):
            sentences[-1] += glue + part
        else:
            sentences.append(part)
        glue = ""
    return [p.strip() for p in sentences if len(p.strip()) > 20]


ABBREVIATION = re.compile(
    r"(?:\b[ap]\.m\.|\bU\.[SK]\.|\b(?:Mr|Mrs|Ms|Dr|St|Inc|Corp|Ltd|vs|approx|No|Jan|Feb|Mar|Apr"
    r"|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.|\b[A-Z]\.)$"
)


def _trim(sentence: str) -> str:
    """Keep a quote short without breaking verbatim-ness: cut at a clause boundary."""
    if len(sentence) <= MAX_QUOTE_CHARS:
        return sentence
    cut = sentence[:MAX_QUOTE_CHARS]
    for mark in ("; ", ", ", " - ", " — "):
        position = cut.rfind(mark)
        if position > 80:
            return cut[:position]
    return cut[: cut.rfind(" ")]


def _terms(text: str) -> set[str]:
    return {stem(w) for w in words(fold(text)) if w not in STOPWORDS and len(w) > 2}


def _publisher(source: Source) -> str:
    name = re.split(r"\s[(\[]", source.publisher, maxsplit=1)[0].strip()
    return name or "A source"


QUOTED = re.compile(r"['\"‘“]([^'\"‘’“”]{12,}?)['\"’”]")


def _rank_sentences(
    sources: list[Source], key: set[str], focus: set[str], evidence_quotes: list[str]
) -> list[tuple[float, Source, str]]:
    """Sentences that carry the claim's own words rank first, and above all those the
    moderators quoted in the claim's explanation: that is the evidence they chose."""
    ranked = []
    for order, source in enumerate(sources):
        for position, sentence in enumerate(excerpt_sentences(source.excerpt)):
            if "@" in sentence or "http" in sentence or "www." in sentence:
                continue  # handles and links are not ours to repeat
            terms = _terms(sentence)
            overlap = (2 * len(terms & key) + len(terms & focus)) / (1 + len(terms) ** 0.5)
            folded = fold(sentence)
            if any(quote in folded for quote in evidence_quotes):
                overlap += 2.0
            ranked.append((overlap - 0.01 * position - 0.02 * order, source, sentence))
    ranked.sort(key=lambda item: item[0], reverse=True)
    return ranked


def _sentence(source: Source, quote: str) -> DraftSentence:
    quote = clean(quote).strip("\"' ").replace('"', "'")
    return DraftSentence(text=f'{_publisher(source)}: "{quote}"', source_ids=[source.id], quote=quote)


def template_draft(incident: Incident, claim: Claim | None, user_text: str = "") -> Draft:
    if claim is not None:
        cited = [s for sid in claim.source_ids if (s := incident.source(sid)) is not None]
        key = _terms(claim.text)
        focus = _terms(claim.explanation) | _terms(user_text)
        evidence_quotes = [fold(q).strip(" .,") for q in QUOTED.findall(clean(claim.explanation))]
    else:
        cited = list(incident.sources)
        key = _terms(user_text)
        focus = _terms(incident.cause or "") | _terms(incident.title)
        evidence_quotes = []
    chosen: list[DraftSentence] = []
    used_sources: set[str] = set()
    for _score, source, sentence in _rank_sentences(cited, key, focus, evidence_quotes):
        if len(chosen) >= MAX_TEMPLATE_SENTENCES:
            break
        if source.id in used_sources and len(used_sources) < len(cited):
            continue
        quote = _trim(sentence)
        if any(quote == s.quote for s in chosen):
            continue
        chosen.append(_sentence(source, quote))
        used_sources.add(source.id)
    return Draft(
        incident_id=incident.id,
        claim_id=claim.id if claim else None,
        verdict=claim.verdict if claim else Verdict.UNVERIFIED,
        sentences=chosen,
    )


class TemplateDrafter:
    name = "template"

    async def draft(self, request: DraftRequest) -> DraftOutcome:
        return DraftOutcome(template_draft(request.incident, request.claim, request.user_text))
