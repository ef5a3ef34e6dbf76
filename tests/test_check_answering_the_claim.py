"""A draft answers one curated claim: it may deny what a refuted claim says, and say that an
unverified claim is not established, in the claim's own words, without a source that repeats
them. It may not assert them, nor flatly deny an unverified claim."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import Claim, Incident, Verdict
from tests.one_sentence import made_up_incident

RESTORED = "From 6:45 AM PST to 4:13 PM PST on February 26, 2025, many users could not send messages."
SILENT = (
    "Contoso apologised and said it had fixed the issue. The company has not said what caused the problem."
)


def _incident(excerpt: str, claim: Claim) -> Incident:
    return made_up_incident(
        excerpt,
        service="Contoso Chat",
        alias="contoso",
        started_at=datetime(2025, 2, 26, 14, 45, tzinfo=UTC),
        ended_at=datetime(2025, 2, 27, 0, 13, tzinfo=UTC),
        claims=(claim,),
    )


def _answer(incident: Incident, text: str) -> list[str]:
    claim = incident.claims[0]
    draft = Draft(
        incident_id=incident.id,
        claim_id=claim.id,
        verdict=claim.verdict,
        sentences=[DraftSentence(text=text, source_ids=["s1"], quote=None)],
    )
    return check_draft(draft, incident, claim.id).describe()


SHORT = Claim("c1", "Contoso Chat was only down for about ten minutes.", Verdict.REFUTED, "", ("s1",))
HACK = Claim("c1", "The Contoso Chat outage was caused by a hack.", Verdict.UNVERIFIED, "", ("s1",))


def test_a_refutation_may_deny_the_claims_figure():
    assert _answer(_incident(RESTORED, SHORT), "That is well over nine hours, not ten minutes.") == []


def test_the_refuted_claims_figure_asserted_still_fails():
    assert _answer(_incident(RESTORED, SHORT), "Contoso Chat was down for about ten minutes.")


def test_an_unverified_claim_may_be_called_not_established():
    assert _answer(_incident(SILENT, HACK), "None of the reports establishes that a hack was involved.") == []


def test_there_is_no_evidence_of_the_unverified_cause():
    assert _answer(_incident(SILENT, HACK), "There is no evidence that a hack caused the outage.") == []


def test_an_unverified_claim_flatly_denied_fails():
    assert _answer(_incident(SILENT, HACK), "The outage was not caused by a hack.")


def test_an_unverified_claim_asserted_fails():
    assert _answer(_incident(SILENT, HACK), "The outage was caused by a hack.")


def test_the_sources_not_establishing_it_may_be_said_in_so_many_words():
    assert (
        _answer(
            _incident(SILENT, HACK),
            "So the claim that it was a hack is not established by the available sources.",
        )
        == []
    )


def test_no_source_establishing_the_unverified_claim_may_be_said():
    assert _answer(_incident(SILENT, HACK), "No source establishes that a hack caused the outage.") == []


ATTACK = Claim("c1", "The Contoso Chat outage was a cyberattack.", Verdict.REFUTED, "", ("s1",))
CHANGE = "A configuration change within Contoso Chat triggered a widespread service disruption."


def test_a_refutation_may_say_the_outage_was_not_an_attack_in_other_words():
    assert (
        _answer(
            _incident(CHANGE, ATTACK),
            "Contoso blames the disruption on a configuration change, not an attack.",
        )
        == []
    )


def test_a_refuted_attack_asserted_still_fails():
    assert _answer(_incident(CHANGE, ATTACK), "Contoso blames the disruption on an attack.")


WEEK = Claim("c1", "Contoso Chat was down for a whole week in February 2025.", Verdict.REFUTED, "", ("s1",))
EVERYONE = Claim("c1", "Contoso Chat was completely down for everyone.", Verdict.MISLEADING, "", ("s1",))
SOME = "Many users saw frozen screens, while others said the service worked fine all night."


def test_a_refutation_may_deny_a_whole_week():
    assert (
        _answer(_incident(RESTORED, WEEK), "The February 2025 outage was not a week long: it ended that day.")
        == []
    )


def test_a_misleading_claim_of_everyone_may_be_denied_for_everyone():
    assert (
        _answer(_incident(SOME, EVERYONE), "Many users saw frozen screens, but it was not down for everyone.")
        == []
    )
