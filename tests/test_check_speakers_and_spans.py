"""Who said it, in which zone, for how long: a finding given to the wrong cited party fails; an
agency's initials, a half hour, a name with a digit in brackets and a denial in other words
pass; times a sentence declares to be UTC are read as UTC; an operator that says in its own
post that it cannot verify a figure has not confirmed it."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.core.records import Incident
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident


def _incident(*excerpts: str, publisher: str = "Tech Daily") -> Incident:
    """A Contoso Air outage on 11 January 2023, 08:40 UTC to 23:12 UTC, one source per excerpt."""
    return made_up_incident(
        *excerpts,
        service="Contoso Air",
        alias="contoso",
        started_at=datetime(2023, 1, 11, 8, 40, tzinfo=UTC),
        ended_at=datetime(2023, 1, 11, 23, 12, tzinfo=UTC),
        publisher=publisher,
    )


# Outages that began late in the evening in the US, past midnight UTC.
LATE_2018 = (datetime(2018, 10, 17, 1, 20, tzinfo=UTC), datetime(2018, 10, 17, 2, 50, tzinfo=UTC))
FRIDAY_2024 = (datetime(2024, 11, 16, 2, 0, tzinfo=UTC), datetime(2024, 11, 16, 5, 30, tzinfo=UTC))


def _video(excerpt: str, span: tuple[datetime, datetime]) -> Incident:
    """A Contoso Video outage over `span` (UTC), with one source."""
    started_at, ended_at = span
    return made_up_incident(
        excerpt, service="Contoso Video", alias="contoso", started_at=started_at, ended_at=ended_at
    )


def _two_publishers(first: str, second: str, first_publisher: str, second_publisher: str) -> Incident:
    incident = _incident(first, second)
    s1, s2 = incident.sources
    return replace(
        incident, sources=(replace(s1, publisher=first_publisher), replace(s2, publisher=second_publisher))
    )


AGENCY = (
    "The agency determined that contract staff unintentionally deleted files while syncing two databases."
)
TRACKER = "More than 10,000 flights were delayed, according to FlightTrack."


def test_a_finding_given_to_a_party_named_only_in_another_cited_source_fails():
    incident = _two_publishers(AGENCY, TRACKER, "Federal Aviation Administration", "Associated Press")
    violations = _check(
        incident,
        "FlightTrack's review found that contract staff unintentionally deleted files while syncing.",
    )
    assert any("Flighttrack say what" in v for v in violations)


def test_a_finding_given_to_the_publisher_of_the_source_that_states_it_passes():
    incident = _two_publishers(AGENCY, TRACKER, "Federal Aviation Administration", "Associated Press")
    assert (
        _check(incident, "The FAA found that contract staff unintentionally deleted files while syncing.")
        == []
    )


def test_an_agency_may_be_named_by_its_initials_from_the_publisher_field():
    incident = _incident(
        "A switching module in the Denver node generated four malformed packets.",
        publisher="Federal Communications Commission, Public Safety and Homeland Security Bureau",
    )
    assert (
        _check(
            incident, "The FCC said a switching module in the Denver node generated four malformed packets."
        )
        == []
    )


def test_initials_the_sources_do_not_spell_out_still_fail():
    incident = _incident(
        "A switching module in the Denver node generated four malformed packets.",
        publisher="Federal Communications Commission",
    )
    assert _check(
        incident, "The NTSB said a switching module in the Denver node generated four malformed packets."
    )


def test_a_span_rounded_to_the_nearest_half_hour_passes():
    incident = _incident("The outage began at 08:40 UTC and service was restored at 23:12 UTC.")
    assert _check(incident, "Service was out for about fourteen and a half hours.") == []


def test_a_half_hour_too_many_fails():
    incident = _incident("The outage began at 08:40 UTC and service was restored at 23:12 UTC.")
    assert _check(incident, "Service was out for about fifteen and a half hours.")


def test_a_digit_in_brackets_glued_to_a_name_is_part_of_the_name():
    incident = _incident("Traffic routed through Level(3) dropped by 3.5% across the network.")
    assert _check(incident, "Traffic through Level(3) dropped by 3.5%.") == []


def test_a_denial_may_call_the_outage_a_problem():
    incident = _incident("The company has not said what caused the problem.")
    assert _check(incident, "Contoso Air fixed the issue but has not said what caused it.") == []


def test_a_verbatim_denial_of_what_a_party_said_is_not_an_attributed_denial():
    incident = _incident(
        "Contoso Air has not said who was behind the attacks or offered any evidence of them."
    )
    assert (
        _check(
            incident, "Contoso Air has not said who was behind the attacks or offered any evidence of them."
        )
        == []
    )


def test_times_a_sentence_says_are_in_utc_must_be_the_utc_times():
    incident = _incident("The disruption ran from 12:40 a.m. PST until 3:12 p.m. PST on January 11.")
    assert _check(incident, "In UTC, that is from 00:40 to 15:12 on 11 January.")


def test_the_same_times_converted_to_utc_pass():
    incident = _incident("The disruption ran from 12:40 a.m. PST until 3:12 p.m. PST on January 11.")
    assert _check(incident, "In UTC, that is from 08:40 to 23:12 on 11 January.") == []


def test_an_operator_unable_to_verify_a_figure_has_not_confirmed_it():
    incident = _incident(
        "We are able to confirm that most of the traffic came from one botnet. There have been reports "
        "of a magnitude in the 1.2 Tbps range; at this time we are unable to verify that claim.",
        publisher="Contoso Air",
    )
    assert any(
        "confirmed" in v for v in _check(incident, "Contoso Air confirmed that the attack reached 1.2 Tbps.")
    )


def test_a_date_on_the_calendar_of_the_zone_the_sentence_gives_passes():
    incident = _incident("At about 12:40 a.m. PST the service went down globally.")
    # 08:40 UTC on 11 January is 00:40 PST the same day; 01:20 UTC on 17 October is 6:20 PM PDT on the 16th.
    late = _video("At about 6:20 PM PDT the video service went down globally.", LATE_2018)
    assert _check(late, "Contoso Video went down globally at about 6:20 PM PDT on 16 October 2018.") == []
    assert _check(incident, "The service went down globally at about 12:40 a.m. PST on 11 January.") == []


def test_a_date_on_no_calendar_of_the_record_fails():
    late = _video("At about 6:20 PM PDT the video service went down globally.", LATE_2018)
    assert _check(late, "Contoso Video went down globally at about 6:20 PM PDT on 15 October 2018.")


def test_has_yet_to_reveal_is_a_denial_a_draft_may_repeat():
    incident = _incident("The company has yet to reveal the reason for the crash.")
    assert _check(incident, "Contoso Air had not revealed what caused the crash.") == []


def test_a_name_written_in_words_the_source_glues_together_passes():
    incident = _incident("The Qi'anxin XLab laboratory said nearly 60 botnet masters initiated this attack.")
    assert _check(incident, "Qi An Xin's XLab said nearly 60 botnet masters initiated the attack.") == []


def test_a_growth_factor_is_a_figure():
    incident = _incident("That feature file, in turn, doubled in size and crashed the software.")
    assert _check(incident, "The feature file doubled in size and crashed the software.") == []
    assert any(
        "triple" in v for v in _check(incident, "The feature file tripled in size and crashed the software.")
    )


def test_a_quote_given_to_someone_the_sentence_around_it_does_not_name_fails():
    incident = _incident(
        "The tech account HackManac shared a message allegedly from a group called Dark Storm. The "
        'Swedish company was quick to respond. "Reports suggesting a security attack are false," '
        "Contoso Air stated on its official account."
    )
    assert _check(incident, 'HackManac stated: "Reports suggesting a security attack are false."')
    assert _check(incident, 'Contoso Air stated: "Reports suggesting a security attack are false."') == []


def test_an_affirmation_after_instead_is_no_denial_a_draft_may_negate():
    incident = _incident(
        "The issue was not caused by a cyber attack. "
        "Instead, it was triggered by changes to our body parsing logic."
    )
    assert _check(
        incident, "Contoso Air said the outage was not triggered by the changes to its body parsing logic."
    )
    assert _check(incident, "Contoso Air said it was triggered by changes to its body parsing logic.") == []


def test_a_place_time_said_apart_from_the_time_is_its_zone():
    incident = _incident(
        "The disruption began at around 5:40 p.m. JST on Wednesday, while staff replaced a router."
    )
    # 08:40 UTC on 11 January 2023 is 5:40 p.m. in Japan (UTC+9).
    assert _check(incident, "The disruption began at around 5:40 p.m. on 11 January, Japan time.") == []
    assert _check(incident, "The disruption began at around 5:40 p.m. on 11 January, UK time.")


def test_how_much_of_the_internet_went_down_needs_a_source_that_says_so():
    incident = _incident("Contoso Air and its affiliated services were all down for about six hours.")
    assert _check(
        incident, "Contoso Air and most of the rest of the internet were offline for about six hours."
    )
    wide = _incident("The outage took down large parts of the internet for about six hours.")
    assert _check(wide, "The outage took down much of the internet for about six hours.") == []


def test_a_date_on_the_calendar_of_the_zone_a_cited_source_uses_passes():
    late = _video(
        "The stream on Friday night was plagued by buffering; reports peaked around 11 p.m. ET.", FRIDAY_2024
    )
    assert _check(late, "The stream on 15 November 2024 was plagued by buffering.") == []
    assert _check(late, "The stream on 14 November 2024 was plagued by buffering.")


def test_a_cause_written_with_capitals_is_no_name():
    incident = _incident("Contoso Air did not say what caused the problems.")
    assert not any(
        "names not found" in v for v in _check(incident, "Contoso Air did not say whether a DDoS caused it.")
    )


def test_every_place_of_the_zone_table_is_read_as_a_zone_and_seen_by_the_place_hint():
    from bot.core.check.vocabulary import PLACE_HINT
    from bot.core.facts import PLACE_ZONES, extract_facts

    for place in PLACE_ZONES:
        text = f"It began at 9:00 {place} time."
        assert PLACE_HINT.search(text), place
        assert extract_facts(text).times[0].offset is not None, place
