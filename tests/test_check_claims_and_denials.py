"""Whose claim it is and what a source denies: a claim stated as fact fails, so does a short
denial restated without its 'not'; a denial in the company's words, a 'no' that denies only its
noun, the operator's own post under its parent's name, a window declared in UTC before a time in
another zone, and a spelled half hour with hyphens pass."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import CauseStatus, Claim, Incident, Verdict
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident

START, END = datetime(2014, 12, 25, 0, 0, tzinfo=UTC), datetime(2014, 12, 28, 6, 0, tzinfo=UTC)


def _incident(*excerpts: str, publisher: str = "Tech Daily", aliases: tuple[str, ...] = ()) -> Incident:
    """A Fabrikam Network outage over Christmas 2014, one source per excerpt."""
    incident = made_up_incident(
        *excerpts,
        service="Fabrikam Network",
        alias="fabrikam",
        started_at=START,
        ended_at=END,
        publisher=publisher,
    )
    return replace(incident, aliases=(*incident.aliases, *aliases))


CLAIMED = (
    "A hacker group calling itself Lizard Crew claimed on social media that it had brought down "
    "both Fabrikam Network and Contoso Live with denial-of-service attacks."
)


def test_what_a_group_only_claimed_stated_as_fact_fails():
    violations = _check(
        _incident(CLAIMED),
        "Lizard Crew brought down Fabrikam Network and Contoso Live with denial-of-service attacks.",
    )
    assert any("only as someone's claim" in v for v in violations)


def test_the_same_words_kept_as_the_group_s_claim_pass():
    assert (
        _check(
            _incident(CLAIMED),
            "Lizard Crew claimed it had brought down Fabrikam Network and Contoso Live with "
            "denial-of-service attacks.",
        )
        == []
    )


def test_a_short_denial_restated_without_its_not_in_one_clause_fails():
    incident = _incident(
        "Our dispute resolution policy was followed to the letter. This is not a legal dispute."
    )
    violations = _check(
        incident,
        "Fabrikam said its dispute resolution policy was followed and that this was a legal dispute.",
    )
    assert any("without the negation" in v for v in violations)


def test_the_company_s_denial_may_be_given_to_the_operator_by_name():
    incident = _incident(
        "The company did not offer any further information on what has caused the issue or for how long."
    )
    assert _check(incident, "Fabrikam did not say what caused the outage.") == []


def test_a_no_denies_its_noun_not_what_follows_it():
    incident = _incident(
        "We thank the regulator for the assurance that our providers will face no penalties "
        "providing Fabrikam Network to its customers."
    )
    assert (
        _check(
            incident,
            "Fabrikam thanked the regulator for assuring its providers that they would face no penalties.",
        )
        == []
    )


def test_the_operator_s_own_post_speaks_for_it_under_its_parent_s_name():
    incident = _incident(
        "Fabrikam Network and some other gaming services were attacked over the holidays with "
        "artificially high levels of traffic designed to disrupt connectivity.",
        publisher="Fabrikam.Blog (VP Consumer Experience)",
        aliases=("contoso network",),
    )
    text = (
        "Contoso itself said the network was attacked over the holidays with artificially high levels of "
        "traffic designed to disrupt connectivity."
    )
    assert _check(incident, text) == []


def test_a_window_declared_in_utc_keeps_its_zone_beside_times_in_another():
    incident = made_up_incident(
        "The services were offline between 1825 and 2012 UTC.",
        'Zoom said: "On April 16, between 2:25 P.M. ET and 4:12 P.M. ET, the domain was not available."',
        service="Contoso Meet",
        alias="contoso",
        started_at=datetime(2025, 4, 16, 18, 25, tzinfo=UTC),
        ended_at=datetime(2025, 4, 16, 20, 12, tzinfo=UTC),
    )
    text = (
        "Reports give the same window in UTC, 18:25 to 20:12, and Zoom put it at 2:25 to 4:12 p.m. Eastern."
    )
    assert not any("time" in v for v in _check(incident, text))


def test_a_half_hour_spelled_with_hyphens_is_the_same_figure():
    incident = _incident("For roughly two-and-a-half hours on Monday many users could not load the site.")
    assert _check(incident, "The trouble lasted roughly two and a half hours.") == []


def test_a_title_with_then_before_it_is_a_title_not_a_name():
    incident = _incident(
        "Chief executive Kelly Rosmarin told a Senate hearing that the network was restored."
    )
    assert (
        _check(incident, "Then-CEO Kelly Rosmarin told a Senate hearing that the network was restored.") == []
    )


def test_words_quoted_from_a_speaker_s_sentence_are_theirs_even_beside_the_narrator_s():
    incident = _incident(
        "The actions of a technician who switched off and then reconnected the power supply to the data "
        "centre are expected to form the centre of the inquiry.",
        'Willie Walsh, the chief executive of the parent company, IAG, said the technician was "authorised '
        "to be in the room, but wasn't authorised to do what he did\".",
    )
    text = (
        'IAG chief executive Willie Walsh said a technician who was "authorised to be in the room, but '
        "wasn't authorised to do what he did\" switched off and then reconnected the power supply."
    )
    assert _check(incident, text) == []


def test_a_speaker_named_by_title_and_full_name_where_the_source_gives_the_surname_passes():
    incident = _incident(
        "It appears from what we know at this stage that the malfunctions at Fabrikam were not the result "
        'of any nefarious actor," Johnson said during a speech.',
        "Homeland Security Secretary Jeh Johnson spoke on Wednesday.",
    )
    text = (
        "Homeland Security Secretary Jeh Johnson said the malfunctions at Fabrikam did not appear to be the "
        "result of any nefarious actor."
    )
    assert _check(incident, text) == []


def test_not_clear_when_it_began_does_not_deny_that_it_began():
    incident = _incident(
        "It's not clear when the outage began, but reports began streaming in early Friday morning, with "
        "Downdetector reporting a spike starting around 4:30am."
    )
    assert not any("negation" in v for v in _check(incident, "Outage reports began spiking early on Friday."))


def test_no_cause_given_may_be_said_of_a_cause_that_remains_unknown():
    incident = _incident("Despite these assurances, the cause of the outage remains unknown.")
    assert _check(incident, "Fabrikam acknowledged the issue but did not say what caused it.") == []


def test_a_cause_someone_only_told_a_channel_stated_as_found_fails_where_the_cause_is_claimed():
    incident = replace(
        _incident(
            "Speaking to a business channel the same day, the owner told the channel that the "
            "cyberattacker's IP addresses had been traced to Ukraine."
        ),
        cause_status=CauseStatus.CLAIMED,
    )
    violations = _check(incident, "Investigators traced the attackers' IP addresses to Ukraine.")
    assert any("only as someone's claim" in v for v in violations)


def test_a_cause_a_source_only_guesses_at_stated_as_the_cause_fails():
    incident = _incident(
        "Industry sources said the failures did not involve the streaming network, but rather the systems "
        "that authenticate subscribers, which may have been overloaded with login requests."
    )
    text = (
        "The launch failures were caused by the systems that authenticate subscribers being overloaded "
        "with logins."
    )
    assert any("only as someone's claim" in v for v in _check(incident, text))


def test_a_denial_the_source_says_was_never_made_fails():
    incident = _incident(
        "Fabrikam has not said what the operational issue was, and Fabrikam has neither confirmed nor "
        "denied a cause."
    )
    violations = _check(incident, "Fabrikam has denied that an attack was behind the outage.")
    assert any("a denial was made" in v for v in violations)


def test_not_ruled_out_where_the_source_has_them_rule_it_out_fails():
    incident = _incident(
        "Transport Secretary Mark Harper ruled out a cyber attack on Tuesday, saying it wasn't a "
        "cybersecurity incident."
    )
    violations = _check(incident, "Mark Harper said experts could not yet rule out a cybersecurity incident.")
    assert any("a denial was not made" in v for v in violations)


def test_the_operator_confirms_only_what_its_own_post_says():
    incident = _incident(
        "We are dealing with periodic outages due to an abnormal traffic pattern reflective of a DDoS "
        "attack.",
        "A group calling itself Lizard Crew claimed responsibility. Fabrikam did not attribute the attack "
        "to any group.",
        publisher="Fabrikam status page",
    )
    incident = replace(
        incident, sources=(incident.sources[0], replace(incident.sources[1], publisher="News"))
    )
    text = "Fabrikam confirmed that Lizard Crew was behind the abnormal traffic pattern."
    assert any("proven or confirmed" in v for v in _check(incident, text))


def _answering(excerpt: str, claim: str, verdict: Verdict, sentence: str) -> list[str]:
    """The violations of a one-sentence draft answering the incident's one curated claim."""
    incident = replace(_incident(excerpt), claims=(Claim("c1", claim, verdict, "", ("s1",)),))
    draft = Draft(
        incident_id=incident.id,
        claim_id="c1",
        verdict=verdict,
        sentences=[DraftSentence(text=sentence, source_ids=["s1"], quote=None)],
    )
    return check_draft(draft, incident).describe()


def test_not_a_full_day_denies_the_claim_of_the_whole_day():
    violations = _answering(
        "PayPal was able to restore service after approximately two hours.",
        "PayPal was down for the whole day.",
        Verdict.REFUTED,
        "PayPal restored service after approximately two hours, not a full day.",
    )
    assert violations == []


def test_a_negation_of_one_half_of_a_contrast_does_not_cover_the_other():
    incident = _incident(
        "Fabrikam Online websites were available; however, Fabrikam Online customers were unable to "
        "process payments."
    )
    violations = _check(incident, "Fabrikam Online websites were not available during the outage.")
    assert any("negation" in v for v in violations)


def test_the_source_s_words_around_its_hedge_run_together_fail():
    incident = _incident(
        "Engineers had to add servers manually, indicating its auto-scaling feature may have failed to work "
        "properly, according to experts."
    )
    violations = _check(incident, "Fabrikam's auto-scaling feature failed to work properly.")
    assert any("drops the 'may have'" in v for v in violations)


REFUNDS = (
    "Orders that failed were never charged; where a customer's bank placed a temporary hold, the hold is "
    "released automatically by the bank, usually within 7 days."
)
ESTIMATE = (
    "Priya Raman, an analyst at Corbel Research, estimated that the disruption cost Fabrikam between "
    "$20 million and $35 million in sales."
)


def test_a_rule_of_thumb_stated_as_a_rule_fails():
    violations = _check(_incident(REFUNDS), "The bank releases the hold automatically within 7 days.")
    assert any("drops the 'usually'" in v for v in violations)


def test_a_rule_of_thumb_kept_passes():
    assert _check(_incident(REFUNDS), "The bank usually releases the hold automatically within 7 days.") == []


def test_an_estimate_reported_as_a_statement_fails():
    text = "Analyst Priya Raman said the disruption cost Fabrikam between $20 million and $35 million."
    assert any("drops the 'estimated'" in v for v in _check(_incident(ESTIMATE), text))


def test_an_estimate_reported_as_one_passes():
    text = (
        "Analyst Priya Raman estimated that the disruption cost Fabrikam between $20 million and $35 million."
    )
    assert _check(_incident(ESTIMATE), text) == []


def test_the_same_words_with_the_hedge_kept_pass():
    incident = _incident(
        "Engineers had to add servers manually, indicating its auto-scaling feature may have failed to work "
        "properly, according to experts."
    )
    assert (
        _check(incident, "Experts said Fabrikam's auto-scaling feature may have failed to work properly.")
        == []
    )


def test_not_a_total_blackout_denies_the_claim_that_it_was_down_for_everyone():
    violations = _answering(
        "Downdetector logged more than 1.1 million reports, while 60 million households watched live.",
        "Fabrikam was completely down for everyone.",
        Verdict.MISLEADING,
        "But it was not a total blackout, since 60 million households watched live.",
    )
    assert violations == []
