"""Incident records as the core sees them: plain, immutable values.

Storage adapters build these from rows; the pipeline never touches a row directly, so the
same logic runs over SQLite, PostgreSQL or an in-memory list.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum


class Verdict(StrEnum):
    SUPPORTED = "supported"
    REFUTED = "refuted"
    MISLEADING = "misleading"
    UNVERIFIED = "unverified"


class IncidentStatus(StrEnum):
    ONGOING = "ongoing"
    MONITORING = "monitoring"
    RESOLVED = "resolved"


class CauseStatus(StrEnum):
    CONFIRMED = "confirmed"
    CLAIMED = "claimed"
    UNKNOWN = "unknown"


class ReviewState(StrEnum):
    """Whether a record may be used for answers (imports from status pages wait for a moderator)."""

    APPROVED = "approved"
    PENDING = "pending"
    ARCHIVED = "archived"


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str | None
    published_at: str | None
    excerpt: str


@dataclass(frozen=True, slots=True)
class Claim:
    id: str
    text: str
    verdict: Verdict
    explanation: str
    source_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Incident:
    id: str
    service: str
    aliases: tuple[str, ...]
    affected_services: tuple[str, ...]
    title: str
    started_at: datetime
    ended_at: datetime | None
    status: IncidentStatus
    cause: str | None
    cause_status: CauseStatus
    summary: str
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]
    version: int = 1
    state: ReviewState = ReviewState.APPROVED
    extra: dict[str, object] = field(default_factory=dict, compare=False, hash=False)

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)

    def claim(self, claim_id: str) -> Claim | None:
        return next((c for c in self.claims if c.id == claim_id), None)

    @property
    def record_count(self) -> int:
        """Records a reply is checked against: the incident itself and each source."""
        return 1 + len(self.sources)
