"""Who holds which post, how sure a claim is, how far it reaches, who depends on whom and who
said what are facts the sources fix: a draft may not upgrade, widen or swap them. A plain word
at the start of a sentence is not a name."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.records import Incident
from tests.one_sentence import check, check_incident, made_up_incident

# --- a sentence's first word ----------------------------------------------------------------


def test_a_participle_opening_a_sentence_before_a_name_is_not_taken_for_a_name():
    text = "Citing Mediaite, The Daily Beast counted three outages during the day."
    assert check("x-2025-03-10", text, "s3") == []


def test_a_name_after_an_opening_participle_is_still_checked():
    text = "Quoting Mediaite, Reuters counted three outages during the day."
    assert check("x-2025-03-10", text, "s3") == ["sentence 1: names not found in its cited sources: Reuters"]


def test_a_possessive_opening_a_sentence_is_still_a_name():
    found = check("x-2025-03-10", "Beijing's hackers were behind the outage, Musk said.", "s4")
    assert "sentence 1: names not found in its cited sources: Beijing" in found


# --- titles ---------------------------------------------------------------------------------


def test_a_title_its_source_gives_someone_else_fails():
    text = (
        "Santosh Janardhan, Facebook's chief technology officer, said the outage was caused not by "
        "malicious activity but by an error of the company's own making."
    )
    assert check("facebook-2021-10-04", text, "s2") == [
        "sentence 1: titles not given so in its cited sources: chief technology officer (Janardhan)"
    ]


def test_the_title_its_source_gives_passes():
    text = (
        "Santosh Janardhan, Facebook's vice president of infrastructure, said the outage was caused not "
        "by malicious activity but by an error of the company's own making."
    )
    assert check("facebook-2021-10-04", text, "s2") == []


def test_a_title_before_the_name_must_be_the_sources_too():
    text = "Microsoft CEO David Weston put the number of affected devices at around 8.5 million."
    assert check("crowdstrike-2024-07-19", text, "s3") == [
        "sentence 1: titles not given so in its cited sources: CEO (Weston)"
    ]


def test_an_abbreviated_title_meets_its_spelled_out_form():
    text = "Microsoft vice president David Weston put the number of affected devices at around 8.5 million."
    assert check("crowdstrike-2024-07-19", text, "s3") == []


def test_what_narrows_a_title_must_match_too():
    text = "David Weston, Microsoft's vice president of cloud security, put the number at around 8.5 million."
    assert check("crowdstrike-2024-07-19", text, "s3") == [
        "sentence 1: titles not given so in its cited sources: vice president of cloud security (Weston)"
    ]


def test_a_company_title_with_no_name_must_be_in_the_sources():
    text = "Facebook's chief technology officer said the outage was caused by an error of its own making."
    assert check("facebook-2021-10-04", text, "s2") == [
        "sentence 1: titles not given so in its cited sources: chief technology officer"
    ]


def test_a_plain_description_of_staff_is_not_a_title_claim():
    text = "Facebook engineers said the outage was caused by an error of the company's own making."
    assert check("facebook-2021-10-04", text, "s2") == []


# --- certainty ------------------------------------------------------------------------------


def test_proof_where_the_source_reports_only_a_claim_fails():
    text = "Musk proved the attack came from Ukraine by tracing the attackers' IP addresses."
    assert check("x-2025-03-10", text, "s4") == [
        "sentence 1: states as proven or confirmed what its cited sources do not"
    ]


def test_a_confirmation_the_source_reports_passes():
    text = "Musk confirmed that the site continued to have issues throughout the afternoon."
    assert check("x-2025-03-10", text, "s1") == []


def test_a_confirmation_of_something_else_than_the_source_confirms_fails():
    text = "Musk confirmed that a country was behind the massive cyberattack."
    assert check("x-2025-03-10", text, "s1") == [
        "sentence 1: states as proven or confirmed what its cited sources do not"
    ]


def test_saying_a_claim_was_not_verified_passes():
    text = "The hacking group Dark Storm claimed responsibility, a claim Musk had not verified."
    assert check("x-2025-03-10", text, "s3") == []


def test_the_operators_own_account_confirms_what_it_says_about_itself():
    text = "Akamai confirmed a software configuration update triggered a bug in the DNS system."
    assert check("akamai-2021-07-22", text, "s1") == []


def test_a_confirmation_in_the_source_does_not_back_proof():
    text = "Microsoft proved the group calling itself Anonymous Sudan was behind the attacks."
    assert check("microsoft-365-2023-06-05", text, "s1", "s2", "s3", "s4") == [
        "sentence 1: states as proven or confirmed what its cited sources do not"
    ]


def test_an_established_procedure_is_not_a_claim_of_certainty():
    text = "An authorized S3 team member using an established playbook executed a command."
    assert check("aws-s3-2017-02-28", text, "s1", "s2", "s3") == []


# --- scope ----------------------------------------------------------------------------------


def test_every_where_the_source_gives_a_small_share_fails():
    text = (
        "Microsoft estimated around 8.5 million devices were affected, which it said was every Windows "
        "machine running CrowdStrike."
    )
    assert check("crowdstrike-2024-07-19", text, "s3") == [
        "sentence 1: says all or every where its cited sources do not"
    ]


def test_every_where_the_source_says_all_passes():
    text = (
        "A command issued during routine maintenance took down every connection in Facebook's "
        "backbone network."
    )
    assert check("facebook-2021-10-04", text, "s1") == []


def test_a_share_of_all_is_not_a_universal_claim():
    text = "Around 8.5 million devices were affected, less than 1 percent of all Windows machines."
    assert check("crowdstrike-2024-07-19", text, "s3") == []


def test_a_frequency_is_not_a_scope():
    assert check("x-2025-03-10", "Musk said X gets attacked every day.", "s1") == []


def test_the_whole_day_where_the_source_gives_waves_fails():
    assert check("x-2025-03-10", "X was down for the whole day on 10 March 2025.", "s1") == [
        "sentence 1: says all or every where its cited sources do not"
    ]


# --- who depends on whom, who said what -----------------------------------------------------


def test_swapping_who_uses_whom_fails():
    text = "Cloudflare said a limited number of Google Cloud services use Cloudflare and were impacted."
    assert check("google-cloud-2025-06-12", text, "s4") == [
        "sentence 1: has Google Cloud and Cloudflare the other way round from its cited sources"
    ]


def test_the_dependency_as_the_source_states_it_passes():
    text = "Cloudflare said a limited number of its services that use Google Cloud were impacted."
    assert check("google-cloud-2025-06-12", text, "s4") == []


def test_having_a_source_assert_what_it_denied_fails():
    text = "A source at X told The Verge there had been a massive DDoS attack."
    assert check("x-spaces-2024-08-12", text, "s1") == [
        "sentence 1: has a source assert what its cited sources say that source denied"
    ]


def test_the_source_denying_as_the_source_says_passes():
    text = "A source at X told The Verge there had been no such attack."
    assert check("x-spaces-2024-08-12", text, "s1") == []


def test_the_claimant_asserting_what_another_denied_passes():
    text = "Musk said there was a massive DDoS attack on X."
    assert check("x-spaces-2024-08-12", text, "s1") == []


# --- causes ---------------------------------------------------------------------------------


def test_a_firewall_rule_where_the_source_gives_database_permissions_fails():
    text = "It was triggered by a change to one of its firewall rules."
    assert check("cloudflare-2025-11-18", text, "s2") == [
        "sentence 1: cause terms not found in its cited sources: firewall"
    ]


def test_a_firewall_rule_where_the_source_says_waf_passes():
    text = "The cause was a newly deployed firewall rule whose regular expression spiked CPU."
    assert check("cloudflare-2019-07-02", text, "s1") == []


def _exchange_halt(*excerpts: str) -> Incident:
    return made_up_incident(
        *excerpts,
        service="Exchangeco",
        alias="exchangeco",
        started_at=datetime(2015, 7, 8, 15, 32, tzinfo=UTC),
        ended_at=datetime(2015, 7, 8, 19, 10, tzinfo=UTC),
    )


SPECULATION = (
    "The halt at Exchangeco came on the same day that Skyline grounded flights and a newspaper's "
    "website went down, fueling speculation online about a coordinated attack."
)


def test_a_cause_the_sources_only_speculate_about_stated_as_fact_fails():
    text = "The halt was part of a coordinated attack that also grounded Skyline flights the same day."
    assert check_incident(_exchange_halt(SPECULATION), text) == [
        "sentence 1: states as fact a cause its cited sources only speculate about"
    ]


def test_the_speculation_reported_as_speculation_passes():
    text = "Skyline's grounded flights the same day fueled speculation online about a coordinated attack."
    assert check_incident(_exchange_halt(SPECULATION), text) == []


def test_what_unnamed_sources_told_a_paper_stated_as_fact_fails():
    incident = _exchange_halt(
        "Sources familiar with the systems told The Ledger that an inexperienced operator made a "
        "critical error while backing out a failed update to the batch scheduler."
    )
    text = (
        "The outage was caused by an inexperienced operator who made a critical error while "
        "backing out a failed update."
    )
    assert check_incident(incident, text) == [
        "sentence 1: states as fact what its cited sources report only as someone's claim"
    ]


def test_what_there_were_reports_of_stated_as_fact_fails():
    incident = _exchange_halt(
        "There were reports other brokers and major banks were also affected, as well as the "
        "emergency payment service on the east coast."
    )
    text = "The halt also knocked out the emergency payment service on the east coast."
    assert check_incident(incident, text) == [
        "sentence 1: states as fact what its cited sources report only as someone's claim"
    ]


def _own_update(excerpt: str) -> Incident:
    """A carrier's own network update (the operator's first-party account)."""
    return made_up_incident(
        excerpt,
        service="Telvaro",
        alias="telvaro",
        started_at=datetime(2024, 2, 22, 8, 45, tzinfo=UTC),
        ended_at=datetime(2024, 2, 22, 20, 10, tzinfo=UTC),
        publisher="Telvaro",
    )


CONFIRMED = (
    "Telvaro confirmed that the outage was caused by an incorrect process used while expanding its network."
)


def test_the_operators_belief_reported_as_its_confirmation_fails():
    incident = _own_update(
        "Based on our initial review, we believe that today's outage was caused by an incorrect process "
        "used as we were expanding our network."
    )
    assert any("proven or confirmed" in v for v in check_incident(incident, CONFIRMED))


def test_the_operators_own_plain_account_backs_its_confirmation():
    incident = _own_update(
        "Today's outage was caused by an incorrect process used as we were expanding our network."
    )
    assert check_incident(incident, CONFIRMED) == []
