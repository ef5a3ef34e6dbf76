"""Turns a checked draft and its records into the reply a person reads.

The structure (`Reply`) is what adapters format: Discord builds an embed from it, the console
and CLI print `Reply.as_text()`. Links, times and the verdict label always come from the
records, never from model text, and every string is escaped so neither a record nor a user
can inject markdown or pings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.drafts import MAX_SENTENCE_CHARS, Draft
from bot.core.records import Incident, Source, Verdict

TEXT_LIMIT = 2_000
MAX_REPLY_SENTENCES = 4
SENTENCE_LIMIT = MAX_SENTENCE_CHARS  # the checker's bound: what is posted is what was checked

VERDICT_LABELS = {
    Verdict.SUPPORTED: "Supported",
    Verdict.REFUTED: "False",
    Verdict.MISLEADING: "Misleading",
    Verdict.UNVERIFIED: "Unverified",
}
NO_RECORD = "No record"

_MARKDOWN = re.compile(r"([\\*_~`|<>\[\]#])")
_MENTION_AT = re.compile(r"@")


def escape(text: str) -> str:
    """Neutralise markdown and mentions: a record or a user cannot format or ping anything."""
    text = re.sub(r"\s+", " ", text).strip()
    text = _MARKDOWN.sub(r"\\\1", text)
    return _MENTION_AT.sub("@\u200b", text)


def truncate(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: max(0, limit - 1)].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class CitedSource:
    number: int
    title: str
    publisher: str
    url: str | None


@dataclass(frozen=True, slots=True)
class ReplySentence:
    text: str  # escaped
    citations: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Reply:
    verdict: Verdict | None  # None when there is no record
    label: str
    headline: str  # escaped
    sentences: tuple[ReplySentence, ...] = ()
    sources: tuple[CitedSource, ...] = ()
    incident_id: str | None = None
    incident_title: str | None = None  # escaped
    started_at: datetime | None = None
    ended_at: datetime | None = None
    claim_id: str | None = None
    record_count: int = 0
    record_version: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def as_text(self, limit: int = TEXT_LIMIT) -> str:
        """Plain-text form within Discord's message limit."""
        lines = [f"**{self.label}**: {self.headline}"]
        for sentence in self.sentences:
            refs = "".join(f"[{n}]" for n in sentence.citations)
            lines.append(f"- {sentence.text} {refs}".rstrip())
        if self.started_at is not None:
            lines.append(f"When: {format_span(self.started_at, self.ended_at)}")
        for source in self.sources:
            where = f" <{source.url}>" if source.url else ""
            lines.append(f"[{source.number}] {escape(source.publisher)}: {escape(source.title)}{where}")
        lines.extend(self.notes)
        if self.incident_id:
            lines.append(f"Checked against {self.record_count} records of incident `{self.incident_id}`.")
        text = "\n".join(lines)
        # Too long: drop whole lines from the end (sources, then sentences), never cut a checked
        # sentence; the verdict line and the first sentence stay.
        while len(text) > limit and len(lines) > 2:
            lines.pop(-2 if self.incident_id and len(lines) > 3 else -1)
            text = "\n".join(lines)
        return truncate(text, limit)


def format_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%d %b %Y %H:%M UTC")


def format_span(start: datetime, end: datetime | None) -> str:
    if end is None:
        return f"from {format_time(start)} (no end time published)"
    return f"{format_time(start)} to {format_time(end)}"


def _source_numbers(draft: Draft, incident: Incident) -> list[Source]:
    ordered: list[Source] = []
    for sentence in draft.sentences[:MAX_REPLY_SENTENCES]:
        for sid in sentence.source_ids:
            source = incident.source(sid)
            if source is not None and source not in ordered:
                ordered.append(source)
    return ordered


def headline_for(incident: Incident, verdict: Verdict, claim_text: str | None) -> str:
    if claim_text:
        return escape(truncate(claim_text, 200))
    return escape(truncate(incident.title, 200))


def render_reply(draft: Draft, incident: Incident) -> Reply:
    claim = incident.claim(draft.claim_id) if draft.claim_id else None
    sources = _source_numbers(draft, incident)
    number = {s.id: i for i, s in enumerate(sources, start=1)}
    sentences = tuple(
        ReplySentence(
            escape(truncate(s.text, SENTENCE_LIMIT)),
            tuple(number[sid] for sid in s.source_ids if sid in number),
        )
        for s in draft.sentences[:MAX_REPLY_SENTENCES]
    )
    return Reply(
        verdict=draft.verdict,
        label=VERDICT_LABELS[draft.verdict],
        headline=headline_for(incident, draft.verdict, claim.text if claim else None),
        sentences=sentences,
        sources=tuple(CitedSource(number[s.id], s.title, s.publisher, s.url) for s in sources),
        incident_id=incident.id,
        incident_title=escape(incident.title),
        started_at=incident.started_at,
        ended_at=incident.ended_at,
        claim_id=claim.id if claim else None,
        record_count=1 + len(sources),
        record_version=incident.version,
    )


def render_no_record(detection_text: str) -> Reply:
    del detection_text  # the user's words are not repeated back: nothing to escape, nothing to ping
    return Reply(
        verdict=None,
        label=NO_RECORD,
        headline="I have no record of this outage, so I can't check the claim.",
        notes=("Moderators can add incidents with /incident create.",),
    )
