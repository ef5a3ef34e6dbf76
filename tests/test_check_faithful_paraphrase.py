"""A faithful paraphrase must pass: a title given in the sentence next to a name, a reporting
verb that looks like a cause word, a denial quoted from the source, a confirmation whose object
is the next sentence, a duration worked out from two checked times, a time given for the US
East Coast, a sentence whose content is its checked times. Each is paired with the unfaithful
draft the same rule must still catch."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core.facts import extract_facts
from bot.core.records import Claim, Incident, Verdict
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident

OCTOBER = date(2024, 10, 15)  # US Eastern time is UTC-4, Pacific UTC-7


def _incident(
    *excerpts: str,
    publisher: str = "Tech Daily",
    summary: str = "Contoso Cloud was unreachable.",
    claims: tuple[Claim, ...] = (),
) -> Incident:
    """A resolved Contoso Cloud outage on 15 October 2024, 11:10 to 19:40 UTC, with one source
    per excerpt (s1, s2, ...), each from `publisher`."""
    return made_up_incident(
        *excerpts,
        service="Contoso Cloud",
        alias="contoso",
        started_at=datetime(2024, 10, 15, 11, 10, tzinfo=UTC),
        ended_at=datetime(2024, 10, 15, 19, 40, tzinfo=UTC),
        publisher=publisher,
        summary=summary,
        claims=claims,
    )


def _utc(text: str) -> list[str]:
    out = []
    for moment in extract_facts(text, OCTOBER).times:
        minutes = moment.utc_minutes
        out.append("?" if minutes is None else f"{minutes // 60:02d}:{minutes % 60:02d} UTC")
    return out


# --- titles -----------------------------------------------------------------------------------

APOLOGY = (
    "The chief executive of Contoso Cloud has apologised for the outage.\n\n"
    '"We know how much our customers rely on us," Dana Whitfield said in a statement.'
)


def test_a_title_the_neighbouring_sentence_gives_no_one_belongs_to_the_person_named_next_to_it():
    text = "Contoso CEO Dana Whitfield apologised for the outage."
    assert _check(_incident(APOLOGY), text) == []


def test_a_neighbouring_title_that_names_its_own_holder_is_not_lent_to_another_person():
    excerpt = (
        "Lee Park, the chief executive of Contoso Cloud, has apologised for the outage.\n\n"
        '"We know how much our customers rely on us," Dana Whitfield said in a statement.'
    )
    text = "Contoso CEO Dana Whitfield apologised for the outage."
    assert _check(_incident(excerpt), text) == [
        "sentence 1: titles not given so in its cited sources: CEO (Whitfield)"
    ]


NAMED_ONLY = '"We know how much our customers rely on us," Dana Whitfield said in a statement.'


def test_the_records_own_text_backs_a_title_its_cited_source_leaves_out():
    incident = _incident(NAMED_ONLY, summary="CEO Dana Whitfield apologised for the outage.")
    assert _check(incident, "CEO Dana Whitfield said customers rely on Contoso.") == []


def test_a_title_neither_the_source_nor_the_record_gives_still_fails():
    incident = _incident(NAMED_ONLY, summary="Dana Whitfield apologised for the outage.")
    assert _check(incident, "CEO Dana Whitfield said customers rely on Contoso.") == [
        "sentence 1: titles not given so in its cited sources: CEO (Whitfield)"
    ]


def test_a_claim_that_someone_made_does_not_back_a_title():
    claim = Claim("c1", "Contoso CEO Dana Whitfield admitted a hack.", Verdict.REFUTED, "No hack.", ("s1",))
    incident = _incident(NAMED_ONLY, summary="Dana Whitfield apologised.", claims=(claim,))
    assert _check(incident, "CEO Dana Whitfield said customers rely on Contoso.") == [
        "sentence 1: titles not given so in its cited sources: CEO (Whitfield)"
    ]


RESEARCHER = (
    "Northwind's scrubbing service absorbed the traffic.\n\n"
    'Sam Ortiz, research director at Fabrikam, called the attack "a warning shot."'
)


def test_the_organisation_a_source_gives_a_title_passes():
    text = "Fabrikam research director Sam Ortiz called the attack a warning shot."
    assert _check(_incident(RESEARCHER), text) == []


def test_a_title_given_with_another_organisation_than_its_source_gives_fails():
    text = "Northwind research director Sam Ortiz called the attack a warning shot."
    assert _check(_incident(RESEARCHER), text) == [
        "sentence 1: titles not given so in its cited sources: Northwind research director (Ortiz)"
    ]


# --- cause words --------------------------------------------------------------------------------

UPDATE = "Contoso said a failed maintenance update caused the outage."


def test_pointed_to_reports_a_cause_without_naming_one():
    assert _check(_incident(UPDATE), "Contoso pointed to a failed maintenance update.") == []


def test_a_null_pointer_is_still_a_cause_its_sources_must_give():
    assert _check(_incident(UPDATE), "Contoso pointed to a null pointer in a maintenance update.") == [
        "sentence 1: cause terms not found in its cited sources: null"
    ]


# --- negation -------------------------------------------------------------------------------------

NO_INDICATION = (
    'There is "no indication" the outage was due to a cyberattack, the national cyber agency said.'
)


def test_a_sentence_repeating_the_denial_its_source_quotes_passes():
    text = 'The national cyber agency said there was "no indication" the outage was due to a cyberattack.'
    assert _check(_incident(NO_INDICATION), text) == []


def test_a_sentence_dropping_the_denial_its_source_makes_still_fails():
    text = "The national cyber agency said the outage was due to a cyberattack."
    assert _check(_incident(NO_INDICATION), text) == [
        "sentence 1: leaves out a negation that its cited source makes"
    ]


# --- certainty ------------------------------------------------------------------------------------


def _confirmed_it(next_sentence: str) -> Incident:
    return _incident(f"After an internal audit, Contoso's boss has confirmed it.\n\n{next_sentence}")


def test_a_confirmation_of_it_is_backed_by_the_sentence_after_it():
    incident = _confirmed_it('"There were 120 support calls that could not connect," the company said.')
    assert _check(incident, "Contoso confirmed that 120 support calls could not connect.") == []


def test_a_confirmation_of_it_does_not_back_a_guess_next_to_it():
    incident = _confirmed_it("Analysts speculate that 120 support calls could not connect.")
    assert _check(incident, "Contoso confirmed that 120 support calls could not connect.") == [
        "sentence 1: states as proven or confirmed what its cited sources do not"
    ]


def test_a_confirmation_its_source_makes_passes():
    incident = _incident("Contoso has confirmed the issue stemmed from a database failover.")
    assert _check(incident, "Contoso later confirmed that the issue stemmed from a database failover.") == []


def test_a_source_saying_the_operator_has_yet_to_confirm_backs_no_confirmation():
    incident = _incident(
        "Experts speculate the issue stemmed from a database failover. Contoso has yet to officially "
        "confirm the cause and has only issued a statement acknowledging the issue."
    )
    assert _check(incident, "Contoso later confirmed that the issue stemmed from a database failover.") == [
        "sentence 1: states as proven or confirmed what its cited sources do not"
    ]


def test_the_operators_own_account_confirms_what_it_says_about_itself():
    incident = _incident("The issue stemmed from a database failover.", publisher="Contoso Cloud")
    assert _check(incident, "Contoso confirmed that the issue stemmed from a database failover.") == []


def test_the_operators_own_account_confirms_nothing_once_it_says_it_has_not_confirmed_it():
    incident = _incident(
        "The issue may have stemmed from a database failover. Contoso has not confirmed the cause yet.",
        publisher="Contoso Cloud",
    )
    violations = _check(incident, "Contoso confirmed that the issue stemmed from a database failover.")
    assert "sentence 1: states as proven or confirmed what its cited sources do not" in violations


# --- durations ----------------------------------------------------------------------------------

UNAVAILABLE = "The site was unavailable from 17:21 to 17:26 UTC and degraded until 17:30 UTC."


def test_a_duration_between_two_checked_times_of_the_sentence_passes():
    text = "The site was fully unavailable for about five minutes, from 1:21 to 1:26 p.m. EDT."
    assert _check(_incident(UNAVAILABLE), text) == []


def test_a_duration_that_is_not_the_span_of_its_times_fails():
    text = "The site was fully unavailable for about ten minutes, from 1:21 to 1:26 p.m. EDT."
    assert _check(_incident(UNAVAILABLE), text) == [
        "sentence 1: the figure 'ten minutes' is not in its cited sources or the record"
    ]


WAVES = "Contoso was attacked from 11:10 UTC to 13:20 UTC and again from 15:50 UTC until 17:00 UTC."


def test_a_span_of_times_rounded_to_whole_hours_passes_when_the_sentence_says_it_is_rounded():
    text = "The first wave lasted about two hours, from 11:10 to 13:20 UTC."
    assert _check(_incident(WAVES), text) == []


def test_a_span_of_times_rounded_to_whole_hours_without_saying_so_fails():
    text = "The first wave lasted two hours, from 11:10 to 13:20 UTC."
    assert _check(_incident(WAVES), text) == [
        "sentence 1: the figure 'two hours' is not in its cited sources or the record"
    ]


# --- time zones named by a place ----------------------------------------------------------------


def test_a_time_on_the_us_east_coast_is_new_york_time():
    assert _utc("6:52 p.m. on the US East Coast") == ["22:52 UTC"]


def test_a_time_in_california_or_on_the_west_coast_is_pacific_time():
    assert _utc("3:52 p.m. in California, 3:52 p.m. West Coast time") == ["22:52 UTC", "22:52 UTC"]


def test_a_place_after_a_time_without_a_preposition_names_no_zone():
    assert _utc("at 9:00 California regulators met") == ["?"]


STARTED = "The outage began at 22:52 UTC on October 15."


def test_a_time_restated_for_the_us_east_coast_passes_and_the_place_is_no_name():
    text = "The outage began at 22:52 UTC on October 15, which was 6:52 p.m. on the US East Coast."
    assert _check(_incident(STARTED), text) == []


def test_a_time_wrongly_restated_for_the_us_east_coast_fails():
    text = "The outage began at 22:52 UTC on October 15, which was 5:52 p.m. on the US East Coast."
    assert _check(_incident(STARTED), text) == [
        "sentence 1: the time 17:52 US EAST COAST is not in its cited sources or the record"
    ]


# --- how much of a sentence its sources hold ----------------------------------------------------


def test_a_sentence_carried_by_its_checked_times_is_supported():
    text = (
        "The first wave ran from about 7:10 to 9:20 a.m. EDT and the second from 11:50 a.m. to 1:00 p.m. EDT."
    )
    assert _check(_incident(WAVES), text) == []


def test_a_sentence_of_unchecked_words_beside_a_checked_time_is_not_supported():
    text = "Furious shareholders demanded sweeping resignations over lunch at 7:10 a.m. EDT."
    assert _check(_incident(WAVES), text) == ["sentence 1: most of the sentence is not in its cited sources"]


# --- names closed up, a first name the record gives, denials and loads in other words ----------


def test_a_name_the_source_writes_in_two_words_passes_closed_up():
    incident = _incident("Down Detector logged more than 20,000 reports about Contoso Cloud.")
    assert _check(incident, "More than 20,000 reports about Contoso Cloud reached Downdetector.") == []


def test_a_name_the_source_never_writes_still_fails():
    incident = _incident("Down Detector logged more than 20,000 reports about Contoso Cloud.")
    violations = _check(incident, "More than 20,000 reports about Contoso Cloud reached Statuspal.")
    assert any("names not found" in v for v in violations)


def test_a_first_name_the_record_gives_with_the_sources_surname_passes():
    incident = _incident(
        "Bastian said Contoso Cloud would refund customers.",
        summary="Contoso Cloud was unreachable; CEO Ed Bastian apologised.",
    )
    assert _check(incident, "Ed Bastian said Contoso Cloud would refund customers.") == []


def test_a_first_name_nobody_gives_fails():
    incident = _incident("Bastian said Contoso Cloud would refund customers.")
    assert any("Ed" in v for v in _check(incident, "Ed Bastian said Contoso Cloud would refund customers."))


def test_a_denial_in_other_words_passes():
    incident = _incident("A Contoso spokesperson did not disclose the reason for the outage.")
    assert _check(incident, "The spokesperson did not say what caused the outage.") == []


def test_a_denial_the_source_does_not_make_fails():
    incident = _incident("A Contoso spokesperson apologised for the outage.")
    violations = _check(incident, "The spokesperson did not say what caused the outage.")
    assert any("negation" in v for v in violations)


def test_overloaded_servers_where_the_source_says_unexpected_load_pass():
    incident = _incident("The change caused unexpected load on our internal DNS servers, which failed.")
    assert _check(incident, "The change overloaded its internal DNS servers, which then failed.") == []
