"""Moderator edits to incident records, as pure functions that validate before anything is saved.

Each edit returns a new `Incident` that has passed the same contract validation as an
imported file, plus a one-line summary for the audit log and whether the change can alter
earlier replies (cause, verdicts or sources), which is what triggers corrections.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import UTC, datetime

from pydantic import ValidationError

from bot.core.kb_format import IncidentModel, incident_from_model, incident_to_json
from bot.core.records import (
    CauseStatus,
    Claim,
    Incident,
    IncidentStatus,
    ReviewState,
    Source,
    Verdict,
)

EDITABLE_FIELDS = ("title", "service", "summary", "cause", "cause_status", "status", "aliases")


class CurationError(ValueError):
    """A moderator's input that cannot be saved; the message says what to fix."""


class StaleVersionError(CurationError):
    def __init__(self, incident_id: str, expected: int, actual: int) -> None:
        super().__init__(
            f"{incident_id} was changed by someone else (you edited version {expected}, it is now "
            f"version {actual}). Reload it with /incident show and make your change again."
        )
        self.incident_id = incident_id
        self.expected = expected
        self.actual = actual


@dataclass(frozen=True, slots=True)
class Change:
    incident: Incident
    action: str
    summary: str
    affects_replies: bool  # cause, verdicts or sources changed: earlier replies need correcting


def validated(incident: Incident) -> Incident:
    """Run a record through the knowledge-base contract; raise CurationError naming the field."""
    try:
        model = IncidentModel.model_validate(incident_to_json(incident))
    except ValidationError as error:
        item = error.errors()[0]
        where = ".".join(str(p) for p in item["loc"]) or "record"
        raise CurationError(f"{where}: {item['msg']}") from error
    checked = incident_from_model(model)
    return dataclasses.replace(checked, version=incident.version, state=incident.state)


def _next_id(existing: tuple[str, ...], prefix: str) -> str:
    numbers = [int(i[1:]) for i in existing if i.startswith(prefix) and i[1:].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1}"


def new_incident(
    *,
    incident_id: str,
    service: str,
    title: str,
    started_at: datetime,
    summary: str,
    source: Source,
    aliases: tuple[str, ...] = (),
) -> Change:
    incident = Incident(
        id=incident_id,
        service=service.strip(),
        aliases=tuple(a.strip().lower() for a in aliases if a.strip()),
        affected_services=(),
        title=title.strip(),
        started_at=started_at,
        ended_at=None,
        status=IncidentStatus.ONGOING,
        cause=None,
        cause_status=CauseStatus.UNKNOWN,
        summary=summary.strip(),
        sources=(dataclasses.replace(source, id="s1"),),
        claims=(),
    )
    return Change(validated(incident), "create", f"created {incident_id}", False)


def edit_fields(incident: Incident, **changes: object) -> Change:
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise CurationError(f"cannot edit {', '.join(sorted(unknown))}")
    values = {k: v for k, v in changes.items() if v is not None}
    if not values:
        raise CurationError("nothing to change: give at least one field")
    if "cause_status" in values:
        values["cause_status"] = CauseStatus(values["cause_status"])
    if "status" in values:
        values["status"] = IncidentStatus(values["status"])
    if "aliases" in values and isinstance(values["aliases"], str):
        values["aliases"] = tuple(a.strip().lower() for a in str(values["aliases"]).split(",") if a.strip())
    updated = validated(dataclasses.replace(incident, **values))  # type: ignore[arg-type]
    affects = any(k in values for k in ("cause", "cause_status"))
    return Change(updated, "edit", "edited " + ", ".join(sorted(values)), affects)


def add_source(incident: Incident, source: Source) -> Change:
    source = dataclasses.replace(source, id=_next_id(tuple(s.id for s in incident.sources), "s"))
    updated = validated(dataclasses.replace(incident, sources=(*incident.sources, source)))
    return Change(updated, "source.add", f"added source {source.id} ({source.publisher})", True)


def add_claim(
    incident: Incident, text: str, verdict: Verdict, explanation: str, source_ids: tuple[str, ...]
) -> Change:
    claim = Claim(
        id=_next_id(tuple(c.id for c in incident.claims), "c"),
        text=text.strip(),
        verdict=verdict,
        explanation=explanation.strip(),
        source_ids=source_ids,
    )
    updated = validated(dataclasses.replace(incident, claims=(*incident.claims, claim)))
    return Change(updated, "claim.add", f"added claim {claim.id} ({verdict.value})", True)


def set_verdict(incident: Incident, claim_id: str, verdict: Verdict, explanation: str | None) -> Change:
    claim = incident.claim(claim_id)
    if claim is None:
        raise CurationError(f"{incident.id} has no claim {claim_id}")
    changed = dataclasses.replace(claim, verdict=verdict, explanation=(explanation or claim.explanation))
    claims = tuple(changed if c.id == claim_id else c for c in incident.claims)
    updated = validated(dataclasses.replace(incident, claims=claims))
    return Change(
        updated, "claim.verdict", f"claim {claim_id}: {claim.verdict.value} → {verdict.value}", True
    )


def resolve(incident: Incident, ended_at: datetime | None = None) -> Change:
    ended = ended_at or datetime.now(UTC)
    updated = validated(dataclasses.replace(incident, status=IncidentStatus.RESOLVED, ended_at=ended))
    return Change(updated, "resolve", f"resolved at {ended.isoformat()}", False)


def archive(incident: Incident) -> Change:
    return Change(dataclasses.replace(incident, state=ReviewState.ARCHIVED), "archive", "archived", False)


def approve(incident: Incident) -> Change:
    return Change(dataclasses.replace(incident, state=ReviewState.APPROVED), "approve", "approved", False)
