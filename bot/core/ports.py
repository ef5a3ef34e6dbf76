"""The small protocols the core needs from the outside world.

Adapters (SQL storage, the OpenAI drafter) implement these; the core imports none of them,
which keeps the pipeline testable with plain objects and runnable from the console, the CLI,
the evaluation and Discord alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.core.drafts import Draft
from bot.core.names import NameIndex
from bot.core.records import Claim, Incident


@dataclass(frozen=True, slots=True)
class SearchQuery:
    terms: tuple[str, ...]  # plain words; the store escapes them for its full-text engine
    incident_ids: frozenset[str]  # incidents named by alias: returned instead of full-text hits
    limit: int = 20
    years: tuple[int, ...] = ()  # years the message gives, to narrow a much-shared name
    days: tuple[date, ...] = ()  # full dates the message gives: incidents begun then are candidates


@dataclass(frozen=True, slots=True)
class Candidate:
    incident: Incident
    text_score: float  # full-text relevance, 0..1 relative to the best hit of this query


class IncidentStore(Protocol):
    async def name_index(self) -> NameIndex:
        """Aliases and service names of the incidents that may be used for answers."""
        ...

    async def candidates(self, query: SearchQuery) -> list[Candidate]:
        """Approved incidents matching the terms, plus those named in `incident_ids`."""
        ...

    async def get(self, incident_id: str) -> Incident | None: ...


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """Everything a drafter may see: the user's text as data, and only the matched records."""

    user_text: str
    incident: Incident
    claim: Claim | None
    feedback: tuple[str, ...] = ()  # violations of a previous attempt, to be fixed


@dataclass(frozen=True, slots=True)
class DraftOutcome:
    draft: Draft | None
    prompt_tokens: int = 0
    error: str | None = None  # why no draft came back (timeout, refusal, bad schema, ...)


class Drafter(Protocol):
    name: str

    async def draft(self, request: DraftRequest) -> DraftOutcome: ...
