"""Checking a one-sentence draft, against a seed incident or a made-up one, as the checker
tests need it."""

from __future__ import annotations

from datetime import datetime

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import CauseStatus, Claim, Incident, IncidentStatus, Source, Verdict
from tests.conftest import seed_incident


def check(incident_id: str, text: str, *source_ids: str) -> list[str]:
    """What a maintainer reads for a one-sentence draft: its violations, empty when it may be posted."""
    draft = Draft(
        incident_id=incident_id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[DraftSentence(text=text, source_ids=list(source_ids), quote=None)],
    )
    return check_draft(draft, seed_incident(incident_id)).describe()


def made_up_incident(
    *excerpts: str,
    service: str,
    alias: str,
    started_at: datetime,
    ended_at: datetime,
    publisher: str | None = None,
    source_title: str | None = None,
    summary: str | None = None,
    claims: tuple[Claim, ...] = (),
) -> Incident:
    """A resolved incident with one source per excerpt (s1, s2, ...), for what no seed record says."""
    return Incident(
        id=f"{alias}-{started_at:%Y-%m-%d}",
        service=service,
        aliases=(alias,),
        affected_services=(),
        title=f"{service} outage",
        started_at=started_at,
        ended_at=ended_at,
        status=IncidentStatus.RESOLVED,
        cause=None,
        cause_status=CauseStatus.UNKNOWN,
        summary=summary or f"{service} was unreachable.",
        sources=tuple(
            Source(f"s{n}", source_title or f"{service} outage", publisher or service, None, None, excerpt)
            for n, excerpt in enumerate(excerpts, start=1)
        ),
        claims=claims,
    )


def check_incident(incident: Incident, text: str) -> list[str]:
    """The violations of a one-sentence draft citing every source of `incident`."""
    draft = Draft(
        incident_id=incident.id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[DraftSentence(text=text, source_ids=[s.id for s in incident.sources], quote=None)],
    )
    return check_draft(draft, incident).describe()
