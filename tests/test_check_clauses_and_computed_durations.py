"""A sentence read part by part, and what it works out for itself: a clause that drops a
source's 'never' in a sentence that negates something else, a duration worked out from two times
of a cited source, a figure of the refuted claim put 'nowhere near' the right one, an update that
is a post rather than a software change, and a quote whose speaker is all that is left around it.
Each faithful case is paired with the unfaithful one the same rule must still catch."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import Claim, Incident, Verdict
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident


def _incident(*excerpts: str, claims: tuple[Claim, ...] = ()) -> Incident:
    """A resolved Contoso Cloud outage on 10 November 2025, 16:02 to 18:40 UTC, one source per excerpt."""
    return made_up_incident(
        *excerpts,
        service="Contoso Cloud",
        alias="contoso",
        started_at=datetime(2025, 11, 10, 16, 2, tzinfo=UTC),
        ended_at=datetime(2025, 11, 10, 18, 40, tzinfo=UTC),
        claims=claims,
    )


ROLLOUT = (
    "On May 29, a new feature was added for quota policy checks. This code change went through our "
    "region by region rollout, but the code path that failed was never exercised during this rollout. "
    "The change did not have appropriate error handling nor was it feature flag protected."
)


def test_a_clause_that_drops_the_sources_never_fails_beside_a_negation_of_its_own():
    text = (
        "Contoso says the code path that failed was exercised during the region by region rollout of "
        "the May 29 quota policy change, which lacked appropriate error handling and feature flag protection."
    )
    assert any("asserts what its cited source denies" in v for v in _check(_incident(ROLLOUT), text))


def test_a_clause_that_keeps_the_sources_never_passes():
    text = (
        "The code path that failed was never exercised during the region by region rollout, "
        "and the change lacked appropriate error handling."
    )
    assert _check(_incident(ROLLOUT), text) == []


CHECKOUT = (
    "Some shoppers were unable to complete checkout between 12:02am and 2:40am SGT. "
    "All vouchers have been extended by 24 hours."
)


def test_a_duration_worked_out_from_two_times_of_a_cited_source_passes():
    assert _check(_incident(CHECKOUT), "That is about 2 hours 38 minutes of failed checkouts.") == []


def test_a_duration_no_two_times_of_the_source_give_fails():
    assert any(
        "figure" in v for v in _check(_incident(CHECKOUT), "That is about 5 hours of failed checkouts.")
    )


def _answering(incident: Incident, claim_id: str, verdict: Verdict, text: str) -> list[str]:
    draft = Draft(
        incident_id=incident.id,
        claim_id=claim_id,
        verdict=verdict,
        sentences=[DraftSentence(text=text, source_ids=["s1"], quote=None)],
    )
    return check_draft(draft, incident).describe()


TWELVE_HOURS = Claim(
    "c1", "Contoso's checkout was broken for more than 12 hours.", Verdict.REFUTED, "", ("s1",)
)


def test_the_refuted_claims_figure_put_nowhere_near_the_right_one_passes():
    text = "That is about 2 hours 38 minutes, nowhere near 12 hours."
    assert _answering(_incident(CHECKOUT, claims=(TWELVE_HOURS,)), "c1", Verdict.REFUTED, text) == []


def test_a_figure_of_neither_the_sources_nor_the_claim_still_fails():
    text = "That is about 2 hours 38 minutes, nowhere near 20 hours."
    violations = _answering(_incident(CHECKOUT, claims=(TWELVE_HOURS,)), "c1", Verdict.REFUTED, text)
    assert any("20 hours" in v for v in violations)


FORENSICS = (
    "Our forensic investigation is continuing, and we have not yet determined whether any patient "
    "data was taken."
)


def test_an_update_that_is_a_post_is_no_cause():
    text = 'In a later update, Contoso said it had "not yet determined whether any patient data was taken".'
    assert _check(_incident(FORENSICS), text) == []


def test_an_update_given_as_the_cause_still_fails():
    text = "A faulty update meant Contoso had not yet determined whether any patient data was taken."
    assert any("cause terms" in v for v in _check(_incident(FORENSICS), text))


CONTRACTOR = (
    "A third-party contractor struck and severed one of our 288-fiber cables. "
    "The contractor was not working for Contoso Cloud."
)


def test_a_quote_with_only_its_speaker_around_it_drops_no_negation():
    text = 'Contoso Cloud: "A third-party contractor struck and severed one of our 288-fiber cables."'
    assert _check(_incident(CONTRACTOR), text) == []


CACHING = "A maintenance action, combined with a latency defect in our caching system, caused an overload."


def test_a_load_balancer_the_source_does_not_name_is_no_cause_it_gives():
    text = (
        "A maintenance action combined with a latency defect in the load-balancing layer caused an overload."
    )
    assert any("cause terms" in v for v in _check(_incident(CACHING), text))


def test_one_clause_that_drops_the_sources_never_fails_in_a_sentence_that_negates_nothing():
    text = (
        "On May 29 Contoso added a new feature for quota policy checks; "
        "the code path that failed was exercised during this rollout."
    )
    assert any("negat" in v for v in _check(_incident(ROLLOUT), text))


DOWN_ALL_DAY = Claim(
    "c1", "Contoso was completely down for about five hours.", Verdict.MISLEADING, "", ("s1",)
)
PARTIAL = (
    "Some shoppers were unable to complete checkout between 12:02am and 2:40am SGT; browsing kept working."
)


def test_saying_the_claims_subject_was_not_offline_answers_a_claim_that_it_was_down():
    text = "Contoso itself did not go offline, though: browsing kept working throughout."
    assert _answering(_incident(PARTIAL, claims=(DOWN_ALL_DAY,)), "c1", Verdict.MISLEADING, text) == []


def test_saying_something_else_was_not_offline_is_still_a_negation_the_sources_must_make():
    text = "The payment database did not go offline: some shoppers were unable to complete checkout."
    violations = _answering(_incident(PARTIAL, claims=(DOWN_ALL_DAY,)), "c1", Verdict.MISLEADING, text)
    assert any("negation" in v for v in violations)


ONLY_ONE = Claim(
    "c1", "Only DynamoDB was affected by the October 2025 Contoso outage.", Verdict.REFUTED, "", ("s1",)
)
WIDE = (
    "Reuters said the DynamoDB outage caused turmoil among thousands of sites globally, "
    "including some of the web's most popular apps like Snapchat and Reddit."
)


def test_not_the_only_one_answers_a_claim_that_only_it_was_affected():
    text = (
        "DynamoDB was not the only casualty: Reuters reported that the outage caused turmoil among "
        "thousands of sites, including Snapchat and Reddit."
    )
    assert _answering(_incident(WIDE, claims=(ONLY_ONE,)), "c1", Verdict.REFUTED, text) == []


BANS = "All 41,300 automatic bans issued because of the faulty signature were lifted by 18:00 KST."


def test_all_of_them_counts_what_the_sentence_before_counted():
    text = "Contoso says all of them were lifted by 18:00 KST."
    assert _check(_incident(BANS), text) == []
