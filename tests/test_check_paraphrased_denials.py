"""Denials said in other words pass: 'could not reach' for 'unavailable', a long subject before
'were not affected', the same denial in another word order, an inability and how long it lasted,
and a cause that is still being looked for. Their flips still fail."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident

START, END = datetime(2025, 7, 31, 13, 20, tzinfo=UTC), datetime(2025, 7, 31, 19, 35, tzinfo=UTC)


def _portal(*excerpts: str, alias: str = "taxpoint"):
    """A tax-filing portal's outage on deadline day, one source per excerpt."""
    return made_up_incident(
        *excerpts,
        service="TaxPoint",
        alias=alias,
        started_at=START,
        ended_at=END,
        publisher="Revenue Service",
    )


def test_could_not_reach_the_service_restates_that_it_was_unavailable():
    incident = _portal("TaxPoint was unavailable to most users from 13:20 to 19:35 UTC on Thursday 31 July.")
    assert _check(incident, "Most users could not reach TaxPoint from 13:20 to 19:35 UTC on 31 July.") == []


def test_could_not_reach_the_service_where_the_source_says_it_was_available_fails():
    incident = _portal("TaxPoint was available to most users all day on Thursday 31 July.")
    violations = _check(incident, "Most users could not reach TaxPoint on 31 July.")
    assert any("negation" in v for v in violations)


def test_a_word_of_the_services_alias_that_the_source_writes_in_lower_case_still_counts():
    incident = _portal(
        "From 10:15 to 14:40 BST on Thursday 31 July, students could not sign in to their accounts.",
        alias="student loan portal",
    )
    text = "Students could not sign in from 09:15 to 13:40 UTC on 31 July."
    assert _check(incident, text) == []


def test_a_long_subject_before_its_denial_is_found_in_the_denying_sentence():
    incident = _portal(
        "At 14:05 UTC we paused refunds on the card network. Refunds on all other networks are unaffected."
    )
    text = "Refunds on other networks, bank transfers and direct debits were not affected."
    assert _check(incident, text) == []


def test_a_long_subject_the_sources_never_deny_anything_of_fails():
    incident = _portal("At 14:05 UTC we paused refunds on the card network. Refunds on other networks work.")
    violations = _check(
        incident, "Refunds on other networks, bank transfers and direct debits were not affected."
    )
    assert any("negation" in v for v in violations)


def test_a_saying_verb_beside_a_denial_is_not_what_it_denies():
    incident = _portal(
        'The minister said: "We have no sign of an attack, but we are not ruling anything out."'
    )
    text = 'The minister said: "We have no sign of an attack", while adding that nothing was ruled out.'
    assert _check(incident, text) == []


def test_the_same_denial_in_another_word_order_passes():
    incident = _portal(
        "However, no late-filing penalty will be charged on returns received by 23:59 on 2 August."
    )
    text = (
        "What it offered was a waiver: returns received by 23:59 on 2 August will not be charged a "
        "late-filing penalty."
    )
    assert _check(incident, text) == []


def test_asserting_outside_a_clause_what_the_source_denies_still_fails():
    incident = _portal("No late-filing penalty will be charged on returns received by 23:59 on 2 August.")
    text = (
        "Returns received by 23:59 on 2 August will be charged a late-filing penalty; the deadline did "
        "not move."
    )
    assert "sentence 1: asserts what its cited source denies" in _check(incident, text)


def test_how_long_an_inability_lasted_is_not_denied_by_it():
    incident = _portal(
        "The portal went dark at the opening, leaving many users unable to log in or file for nearly "
        "two and a half hours."
    )
    text = "The outage lasted nearly two and a half hours."
    assert _check(incident, text) == []


def test_what_may_follow_a_denied_start_is_not_denied():
    incident = _portal(
        "Filers whose return was interrupted or could not start on 31 July may refile free of charge "
        "within the next 60 days."
    )
    text = (
        "Only filers whose return was interrupted or could not start may refile, free of charge, within "
        "60 days."
    )
    assert _check(incident, text) == []


def test_a_cause_still_being_looked_for_is_one_not_yet_published():
    incident = _portal(
        "Since 13:20 UTC, filers have been unable to submit returns. Our teams are working to identify "
        "the cause."
    )
    assert _check(incident, "The Revenue Service has not published a cause.") == []


def test_unable_to_is_its_sources_fail_to():
    incident = _portal("The change caused a significant number of portal nodes to fail to load properly.")
    assert (
        _check(incident, "The change left a significant number of portal nodes unable to load properly.")
        == []
    )


def test_a_root_cause_promised_once_the_investigation_ends_is_one_not_yet_published():
    incident = _portal(
        "We are continuing to monitor and will publish a root cause once our investigation is complete."
    )
    assert _check(incident, "TaxPoint has not published a cause.") == []


def test_what_follows_and_need_is_not_denied():
    incident = _portal(
        "A small number of filers may have received an error; those returns were not received and need to be "
        "filed again."
    )
    text = "Only a small number of filers may have got an error, and those returns have to be filed again."
    assert _check(incident, text) == []


def test_a_draft_that_shares_one_word_of_a_two_word_denial_leaves_out_nothing():
    incident = _portal(
        '"Our staff are still answering and returns are moving, but filers call all day because they '
        "can't see where their return is,\" said the union."
    )
    assert _check(incident, "The union said its staff were still answering and returns were moving.") == []


def test_what_failed_restates_what_could_not_be_done():
    incident = _portal(
        "From 13:20 to 19:35 UTC filers could not submit returns, and filers could not pay in the app."
    )
    assert (
        _check(incident, "What failed was submitting returns and paying in the app, from 13:20 to 19:35 UTC.")
        == []
    )


def test_a_failure_said_elsewhere_does_not_excuse_a_dropped_denial():
    incident = _portal(
        "TaxPoint said no taxpayer data was exposed. Card payments failed for about four hours."
    )
    text = "Card payments failed for about four hours, and taxpayer data was exposed in the incident."
    assert any("negat" in v for v in _check(incident, text))


def test_an_object_after_an_inability_is_still_denied():
    incident = _portal("Filers could not withdraw refunds from their accounts.")
    assert any(
        "negat" in v for v in _check(incident, "Filers withdrew refunds from their accounts as usual.")
    )


def test_requests_that_failed_restate_that_they_could_not_be_processed():
    incident = _portal("Between 13:20 and 19:35 UTC, filers worldwide were unable to submit tax returns.")
    assert _check(incident, "Tax return submissions failed worldwide until 19:35 UTC.") == []


def test_the_service_not_commenting_on_it_restates_its_not_commenting_on_the_claim():
    incident = _portal(
        "A widely shared post claimed the outage was caused by a crash at a data centre in Dublin; "
        "TaxPoint has not commented on the claim."
    )
    text = (
        "The Dublin data centre story comes from a widely shared post, and TaxPoint has not commented on it."
    )
    assert _check(incident, text) == []


def test_the_service_not_commenting_where_the_source_says_it_commented_fails():
    incident = _portal(
        "A widely shared post claimed the outage was caused by a crash at a data centre in Dublin; "
        "TaxPoint commented on the claim at once."
    )
    text = (
        "The Dublin data centre story comes from a widely shared post, and TaxPoint has not commented on it."
    )
    assert any("negation" in v for v in _check(incident, text))
