"""Checking a one-sentence draft against a seed incident, as the checker tests need it."""

from __future__ import annotations

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import Verdict
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
