"""What a figure counts, which day a zoned time falls on, what stayed up, whose post it is and
which source says it: each a slip that keeps the sources' own words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.core.check import check_draft
from bot.core.drafts import Draft, DraftSentence
from bot.core.records import Incident, Verdict
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident

START, END = datetime(2024, 2, 22, 8, 45, tzinfo=UTC), datetime(2024, 2, 22, 20, 10, tzinfo=UTC)


def _incident(*excerpts: str, publisher: str = "Tech Daily") -> Incident:
    """A Fabrikam Mobile outage on 22 February 2024, 08:45 to 20:10 UTC, one source per excerpt."""
    return made_up_incident(
        *excerpts,
        service="Fabrikam Mobile",
        alias="fabrikam",
        started_at=START,
        ended_at=END,
        publisher=publisher,
    )


COUNTS = (
    "All services were unavailable, affecting more than 125 million devices, blocking over 92 million "
    "voice calls, and preventing more than 25,000 calls to 911 call centers."
)


def test_a_figure_given_to_what_another_figure_counts_fails():
    violations = _check(_incident(COUNTS), "The outage blocked more than 125 million voice calls.")
    assert any("counts voice calls with 125 million" in v for v in violations)


def test_each_figure_with_what_it_counts_passes():
    text = "The outage affected more than 125 million devices and blocked over 92 million voice calls."
    assert _check(_incident(COUNTS), text) == []


def test_a_figure_whose_noun_the_source_leaves_out_counts_what_the_sentence_says():
    incident = _incident("Nearly 8,000 reports came from US users and over 7,300 from the UK.")
    assert _check(incident, "Over 7,300 reports came from the UK.") == []


def test_a_utc_time_given_the_local_date_of_the_record_s_start_fails():
    incident = made_up_incident(
        "At around 4.05am on Wednesday 8 November, the network received changes to routing information.",
        service="Fabrikam Mobile",
        alias="fabrikam",
        started_at=datetime(2023, 11, 7, 17, 5, tzinfo=UTC),
        ended_at=datetime(2023, 11, 8, 6, 35, tzinfo=UTC),
    )
    text = (
        "The network received the changes at around 4.05am AEDT on 8 November 2023 (17:05 UTC on 8 November)."
    )
    assert any("not the date of 17:05 UTC" in v for v in _check(incident, text))


def test_the_same_start_with_each_zone_s_own_date_passes():
    incident = made_up_incident(
        "At around 4.05am on Wednesday 8 November, the network received changes to routing information.",
        service="Fabrikam Mobile",
        alias="fabrikam",
        started_at=datetime(2023, 11, 7, 17, 5, tzinfo=UTC),
        ended_at=datetime(2023, 11, 8, 6, 35, tzinfo=UTC),
    )
    text = (
        "The network received the changes at around 4.05am AEDT on 8 November 2023 (17:05 UTC on 7 November)."
    )
    assert not any("date" in v for v in _check(incident, text))


def test_what_the_sources_say_stayed_online_said_to_have_gone_down_fails():
    incident = _incident(
        "Fabrikam's phone and chat services are still online, the company notes on its status page."
    )
    violations = _check(incident, "Fabrikam's phone and chat services went down along with meetings.")
    assert any("not affected" in v for v in violations)


def test_users_the_source_says_were_not_impacted_said_to_be_cut_off_fails():
    incident = _incident("End users who had already joined meetings or phone calls were not impacted.")
    violations = _check(incident, "Users who were already in meetings or phone calls were cut off as well.")
    assert any("not affected" in v for v in violations)


def test_what_stayed_up_said_to_have_stayed_up_passes():
    incident = _incident("End users who had already joined meetings or phone calls were not impacted.")
    assert _check(incident, "Users already in meetings or phone calls were not affected.") == []


def test_the_operator_s_own_words_given_to_another_party_fail():
    incident = _incident(
        "The block resulted from a communication error with Contoso Registry. There was no product, "
        "security, network failure, or DDoS attack at Fabrikam during the outage.",
        publisher="Fabrikam status page",
    )
    text = 'Contoso Registry stated: "There was no product, security, network failure, or DDoS attack."'
    assert any("the words of the operator's own post" in v for v in _check(incident, text))


def test_the_operator_s_own_words_given_to_a_pronoun_pass():
    incident = _incident(
        "There was no product, security, network failure, or DDoS attack at Fabrikam during the outage.",
        publisher="Fabrikam status page",
    )
    text = 'He added: "There was no product, security, network failure, or DDoS attack at Fabrikam."'
    assert _check(incident, text) == []


def test_the_operator_s_own_words_given_to_the_operator_pass():
    incident = _incident(
        "There was no product, security, network failure, or DDoS attack at Fabrikam during the outage.",
        publisher="Fabrikam status page",
    )
    text = 'Fabrikam stated: "There was no product, security, network failure, or DDoS attack at Fabrikam."'
    assert _check(incident, text) == []


def test_a_sentence_whose_words_are_in_a_source_it_does_not_cite_fails():
    incident = _incident(
        "Many users were unable to load the website; others could not join scheduled meetings.",
        "Fabrikam's phone and chat services are still online, the company notes on the status page.",
    )
    draft = Draft(
        incident_id=incident.id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[
            DraftSentence(
                text="Fabrikam's phone and chat services stayed online.", source_ids=["s1"], quote=None
            )
        ],
    )
    assert any("which it does not cite" in v for v in check_draft(draft, incident).describe())


def test_two_full_days_is_a_figure_the_sources_must_give():
    incident = _incident("The network came back almost exactly 24 hours later.")
    assert any(
        "two full days" in v for v in _check(incident, "The network stayed down for nearly two full days.")
    )


def test_a_round_figure_bounding_the_source_s_from_below_passes():
    incident = _incident("All told, Fabrikam canceled about 16,700 flights between Dec. 21 and Dec. 31.")
    assert _check(incident, "Fabrikam canceled more than 16,000 flights.") == []


def test_a_round_figure_far_below_the_source_s_fails():
    incident = _incident("All told, Fabrikam canceled about 16,700 flights between Dec. 21 and Dec. 31.")
    assert any("12,000" in v for v in _check(incident, "Fabrikam canceled more than 12,000 flights."))


def test_a_year_later_is_the_time_to_a_cited_source_s_publication():
    incident = made_up_incident(
        "The Department today issued a $140 million civil penalty against Fabrikam.",
        service="Fabrikam Air",
        alias="fabrikam",
        started_at=datetime(2022, 12, 21, 6, 0, tzinfo=UTC),
        ended_at=datetime(2022, 12, 30, 6, 0, tzinfo=UTC),
    )
    incident = replace(incident, sources=(replace(incident.sources[0], published_at="2023-12-18"),))
    assert _check(incident, "The Department fined Fabrikam $140 million a year later.") == []


def test_a_people_s_name_may_be_written_as_their_adjective_or_plural():
    incident = _incident(
        "Concerns were raised over the Houthis, though the Yemeni rebel group has denied it."
    )
    assert not any(
        "names" in v for v in _check(incident, "Concerns were raised about Yemen's Houthi rebels.")
    )


def test_swapped_counts_of_two_outcomes_fail():
    incident = _incident(
        "By evening more than 10,000 flights within, into or out of the country had been delayed and more "
        "than 1,300 canceled."
    )
    text = "More than 1,300 flights were delayed and more than 10,000 canceled within the country."
    assert any("a figure its cited sources give for something else" in v for v in _check(incident, text))


def test_a_time_the_sources_date_keeps_their_date():
    incident = _incident("A fault was detected at 4:04 a.m. (EET) on Monday 18th November, 2024.")
    violations = _check(incident, "The fault was detected at 4:04 a.m. EET on Sunday 17 November 2024.")
    assert any("a time its sources date 11-18" in v for v in violations)


def test_could_still_where_the_source_says_unable_fails():
    incident = _incident("For most of the incident, Fabrikam was also unable to serve webhook events.")
    violations = _check(incident, "For most of the incident Fabrikam could still serve webhook events.")
    assert any("denies" in v or "negation" in v for v in violations)


def test_the_number_of_a_name_the_sources_give_is_no_figure():
    incident = _incident("Users may be unable to access their mailbox.", publisher="Microsoft 365 Status")
    assert _check(incident, 'Microsoft 365 Status: "Users may be unable to access their mailbox."') == []


def test_a_speaker_s_sentence_runs_on_past_a_m_and_u_s():
    incident = _incident(
        "Fabrikam said at around 1 a.m. U.S. Eastern time on Sunday that the network had been fully "
        "restored, roughly three days after it was knocked offline."
    )
    text = (
        'Tech Daily: "Fabrikam said at around 1 a.m. U.S. Eastern time on Sunday that the network had been '
        'fully restored, roughly three days after it was knocked offline."'
    )
    assert not any("attribut" in v for v in _check(incident, text))


def test_a_duration_from_the_first_to_the_last_time_of_a_sentence_passes():
    incident = _incident(
        "Beginning at 1:54 PM ET, products were unavailable. At 2:05 AM ET systems began to recover, with "
        "payments restored by 5:19 AM ET."
    )
    text = (
        "It went down at 1:54 PM ET, began to recover at 2:05 AM ET and was restored by 5:19 AM ET, more "
        "than 15 hours later."
    )
    assert not any("15 hours" in v for v in _check(incident, text))


def test_an_excerpt_s_only_zone_is_the_zone_of_its_other_times():
    incident = _incident("Downdetector had 8,700 reports by 7 a.m. Eastern. By 8:30 a.m., reports dropped.")
    assert not any("time" in v for v in _check(incident, "Reports dropped by 8:30 a.m. Eastern (13:30 UTC)."))


def test_a_name_spelled_out_as_a_hyphenated_term_passes_as_its_initials():
    incident = _incident(
        "The problems have nothing to do with the content-delivery network providers such as Akamai."
    )
    assert not any("names" in v for v in _check(incident, "The problems had nothing to do with the CDN."))


def test_a_time_restated_in_another_zone_is_the_time_its_source_gives():
    incident = made_up_incident(
        "The fire broke out in an electrical room at 3:19 p.m. KST on Saturday.",
        service="Fabrikam Talk",
        alias="fabrikam",
        started_at=datetime(2022, 10, 15, 6, 30, tzinfo=UTC),
        ended_at=datetime(2022, 10, 20, 14, 0, tzinfo=UTC),
    )
    assert _check(incident, "The fire broke out at 3:19 p.m. KST on Saturday (06:19 UTC).") == []


OPENAI_LIKE = (datetime(2024, 11, 9, 0, 6, tzinfo=UTC), datetime(2024, 11, 9, 0, 41, tzinfo=UTC))


def _evening(*excerpts: str, publisher: str = "Tech Daily") -> Incident:
    """An outage from 4:06 to 4:41 PM PT on 8 November 2024 (00:06 to 00:41 UTC on the 9th)."""
    started_at, ended_at = OPENAI_LIKE
    return made_up_incident(
        *excerpts,
        service="Fabrikam Chat",
        alias="fabrikam",
        started_at=started_at,
        ended_at=ended_at,
        publisher=publisher,
    )


def test_between_two_times_the_first_takes_the_afternoon_of_the_second():
    incident = _evening("Between 4:06pm and 4:30pm PT, Fabrikam Chat was unavailable to all users.")
    assert not any(
        "time" in v for v in _check(incident, "Between 4:06 and 4:30 PM PT it was unavailable to all users.")
    )


def test_the_local_date_of_the_record_s_end_beside_its_local_time_is_checked():
    incident = _evening("From 4:06 PT to 4:41 PT, a large portion of traffic failed with 503 response codes.")
    text = "Traffic failed with 503 errors from 4:06 to 4:41 PM PT on 9 November 2024."
    assert any("the record's end" in v for v in _check(incident, text))


def test_about_eighty_minutes_for_seventy_eight_passes():
    incident = made_up_incident(
        "The impact window was 17:34 to 18:52 UTC.",
        service="Fabrikam Chat",
        alias="fabrikam",
        started_at=datetime(2026, 4, 28, 17, 34, tzinfo=UTC),
        ended_at=datetime(2026, 4, 28, 18, 52, tzinfo=UTC),
    )
    assert not any("80 minutes" in v for v in _check(incident, "The outage lasted about 80 minutes."))


def test_a_weekday_in_a_publisher_s_name_is_no_date():
    incident = _evening(
        "Fabrikam cancelled every chat for the rest of today.", publisher="Wales On Sunday (PA)"
    )
    assert _check(incident, 'Wales On Sunday: "Fabrikam cancelled every chat for the rest of today."') == []


def test_a_thread_s_numbering_is_no_figure_a_draft_may_use():
    incident = made_up_incident(
        "At 15:46 UTC a configuration update triggered a bug in our DNS system. (1/3)",
        "The disruption lasted up to an hour. (2/3)",
        service="Edgeco",
        alias="edgeco",
        started_at=datetime(2021, 7, 22, 15, 46, tzinfo=UTC),
        ended_at=datetime(2021, 7, 22, 16, 46, tzinfo=UTC),
    )
    assert _check(incident, "The disruption lasted up to three hours.") == [
        "sentence 1: the figure 'three hours' is not in its cited sources or the record"
    ]
