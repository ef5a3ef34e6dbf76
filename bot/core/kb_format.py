"""The knowledge-base JSON contract (shared/eval/FORMAT.md): parse, validate, serialise.

Validation covers the whole file before anything is written, and every problem is reported
with the incident id and the field, so a moderator can fix a file in one pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.core.records import (
    CauseStatus,
    Claim,
    Incident,
    IncidentStatus,
    ReviewState,
    Source,
    Verdict,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_TEXT = 20_000
MAX_SHORT = 500


def valid_http_url(url: str) -> bool:
    parsed = urlparse(url)
    return parsed.scheme in ("http", "https") and bool(parsed.netloc) and " " not in url


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("must carry a UTC offset, e.g. 2025-03-10T10:00:00+00:00")
    return value.astimezone(UTC)


class SourceModel(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=40)
    title: str = Field(min_length=1, max_length=MAX_SHORT)
    publisher: str = Field(min_length=1, max_length=MAX_SHORT)
    url: str | None = Field(default=None, max_length=2_000)
    published_at: date | None = None
    excerpt: str = Field(min_length=1, max_length=MAX_TEXT)

    @field_validator("url")
    @classmethod
    def _http_only(cls, url: str | None) -> str | None:
        if url is not None and not valid_http_url(url):
            raise ValueError("must be an http or https URL")
        return url


class ClaimModel(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=MAX_SHORT * 2)
    verdict: Verdict
    explanation: str = Field(min_length=1, max_length=MAX_TEXT)
    source_ids: list[str] = Field(min_length=1)


class IncidentModel(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1, max_length=120)
    service: str = Field(min_length=1, max_length=MAX_SHORT)
    aliases: list[str] = Field(default_factory=list)
    affected_services: list[str] = Field(default_factory=list)
    title: str = Field(min_length=1, max_length=MAX_SHORT)
    started_at: datetime
    ended_at: datetime | None = None
    status: IncidentStatus
    cause: str | None = Field(default=None, max_length=MAX_TEXT)
    cause_status: CauseStatus
    summary: str = Field(min_length=1, max_length=MAX_TEXT)
    sources: list[SourceModel] = Field(min_length=1)
    claims: list[ClaimModel] = Field(default_factory=list)
    state: ReviewState = ReviewState.APPROVED

    @field_validator("id")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be a slug of lowercase letters, digits and dashes")
        return value

    @field_validator("started_at", "ended_at")
    @classmethod
    def _utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else _aware(value)

    @field_validator("aliases", "affected_services")
    @classmethod
    def _names(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.strip() or len(value) > 200:
                raise ValueError("names must be non-empty and at most 200 characters")
        return values

    @model_validator(mode="after")
    def _references(self) -> IncidentModel:
        if self.ended_at is not None and self.ended_at < self.started_at:
            raise ValueError("ended_at is before started_at")
        source_ids = [s.id for s in self.sources]
        if len(set(source_ids)) != len(source_ids):
            raise ValueError("source ids must be unique within an incident")
        claim_ids = [c.id for c in self.claims]
        if len(set(claim_ids)) != len(claim_ids):
            raise ValueError("claim ids must be unique within an incident")
        for claim in self.claims:
            missing = sorted(set(claim.source_ids) - set(source_ids))
            if missing:
                raise ValueError(f"claim {claim.id} cites unknown sources {missing}")
        return self


class KnowledgeBaseError(ValueError):
    """Every problem found in a knowledge-base file, each naming its record and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True, slots=True)
class ParsedKnowledgeBase:
    incidents: tuple[Incident, ...]


def _describe(record_id: str, error: ValidationError) -> list[str]:
    lines = []
    for item in error.errors():
        where = ".".join(str(p) for p in item["loc"]) or "record"
        lines.append(f"incident {record_id!r}, field {where}: {item['msg']}")
    return lines


def parse_knowledge_base(data: Any) -> ParsedKnowledgeBase:
    """Validate a whole knowledge base; raise KnowledgeBaseError listing every bad record."""
    if not isinstance(data, dict) or not isinstance(data.get("incidents"), list):
        raise KnowledgeBaseError(['the file must be a JSON object {"incidents": [...]}'])
    problems: list[str] = []
    incidents: list[Incident] = []
    seen: set[str] = set()
    for index, raw in enumerate(data["incidents"]):
        record_id = str(raw.get("id", f"#{index}")) if isinstance(raw, dict) else f"#{index}"
        try:
            model = IncidentModel.model_validate(raw)
        except ValidationError as error:
            problems.extend(_describe(record_id, error))
            continue
        if model.id in seen:
            problems.append(f"incident {model.id!r}, field id: duplicate id in the file")
            continue
        seen.add(model.id)
        incidents.append(incident_from_model(model))
    if problems:
        raise KnowledgeBaseError(problems)
    return ParsedKnowledgeBase(tuple(incidents))


def load_knowledge_base_text(text: str) -> ParsedKnowledgeBase:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise KnowledgeBaseError([f"not valid JSON: {error}"]) from error
    return parse_knowledge_base(data)


_KNOWN_INCIDENT_FIELDS = set(IncidentModel.model_fields)


def incident_from_model(model: IncidentModel) -> Incident:
    extra = {k: v for k, v in (model.model_extra or {}).items() if k not in _KNOWN_INCIDENT_FIELDS}
    return Incident(
        id=model.id,
        service=model.service,
        aliases=tuple(model.aliases),
        affected_services=tuple(model.affected_services),
        title=model.title,
        started_at=model.started_at,
        ended_at=model.ended_at,
        status=model.status,
        cause=model.cause,
        cause_status=model.cause_status,
        summary=model.summary,
        sources=tuple(
            Source(
                id=s.id,
                title=s.title,
                publisher=s.publisher,
                url=s.url,
                published_at=s.published_at.isoformat() if s.published_at else None,
                excerpt=s.excerpt,
            )
            for s in model.sources
        ),
        claims=tuple(
            Claim(
                id=c.id,
                text=c.text,
                verdict=c.verdict,
                explanation=c.explanation,
                source_ids=tuple(c.source_ids),
            )
            for c in model.claims
        ),
        state=model.state,
        extra=extra,
    )


def iso(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def incident_to_json(incident: Incident) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": incident.id,
        "service": incident.service,
        "aliases": list(incident.aliases),
        "affected_services": list(incident.affected_services),
        "title": incident.title,
        "started_at": iso(incident.started_at),
        "ended_at": iso(incident.ended_at),
    }
    data.update(incident.extra)
    data.update(
        {
            "status": incident.status.value,
            "cause": incident.cause,
            "cause_status": incident.cause_status.value,
            "summary": incident.summary,
            "sources": [
                {
                    "id": s.id,
                    "title": s.title,
                    "publisher": s.publisher,
                    "url": s.url,
                    "published_at": s.published_at,
                    "excerpt": s.excerpt,
                }
                for s in incident.sources
            ],
            "claims": [
                {
                    "id": c.id,
                    "text": c.text,
                    "verdict": c.verdict.value,
                    "explanation": c.explanation,
                    "source_ids": list(c.source_ids),
                }
                for c in incident.claims
            ],
        }
    )
    if incident.state is not ReviewState.APPROVED:
        data["state"] = incident.state.value
    return data


def knowledge_base_to_json(incidents: list[Incident]) -> dict[str, Any]:
    return {"incidents": [incident_to_json(i) for i in incidents]}
