"""A source's denial binds what it denies, not its whole sentence; a weekday written with a date
must be that date's."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.core.records import Incident
from tests.one_sentence import check, check_incident, made_up_incident


def test_the_affirmed_half_of_a_sentence_that_also_denies_something_passes():
    text = "The event was the result of an internal change to roll out new telemetry across the fleet."
    assert check("openai-2024-12-11", text, "s1") == []


def test_the_denied_half_said_without_its_negation_fails():
    text = "The event was caused by a security incident."
    assert check("openai-2024-12-11", text, "s1") != []


def test_what_precedes_a_denial_in_another_clause_passes():
    text = "CNN reported a 42-minute delay to the start of the talk with Donald Trump on X."
    assert check("x-spaces-2024-08-12", text, "s2") == []


def test_a_dropped_denial_still_fails():
    found = check("att-2024-02-22", "AT&T said the nationwide outage was caused by a cyberattack.", "s3")
    assert found and "negat" in " ".join(found)


def test_a_sentence_after_a_closing_quote_is_read_on_its_own():
    text = (
        "The problems stemmed from the Domain Name System, which prevented applications from "
        "finding the correct address for AWS's DynamoDB API."
    )
    assert check("aws-2025-10-20", text, "s3") == []


def test_a_weekday_that_is_not_the_dates_fails():
    text = "Donald Trump's interview with Elon Musk on Tuesday, August 12, was delayed by technical issues."
    assert check("x-spaces-2024-08-12", text, "s3") == [
        "sentence 1: Tuesday is not the weekday of 2024-08-12"
    ]


def test_the_weekday_of_the_date_passes():
    text = "Donald Trump's interview with Elon Musk on Monday, August 12, was delayed by technical issues."
    assert check("x-spaces-2024-08-12", text, "s3") == []


def test_asserting_what_the_source_denies_beside_a_negation_of_something_else_fails():
    text = "OpenAI said the event was caused by a security incident rather than by a recent launch."
    assert check("openai-2024-12-11", text, "s1") == ["sentence 1: asserts what its cited source denies"]


def test_repeating_the_denial_passes():
    text = "OpenAI said the event was not caused by a security incident or a recent launch."
    assert check("openai-2024-12-11", text, "s1") == []


def test_a_cause_stated_beside_the_denied_one_passes():
    text = "The event was the result of an internal change to roll out telemetry, not a security incident."
    assert check("openai-2024-12-11", text, "s1") == []


def _console_outage(excerpt: str) -> Incident:
    return made_up_incident(
        excerpt,
        service="Playhub",
        alias="playhub",
        started_at=datetime(2014, 12, 25, 8, tzinfo=UTC),
        ended_at=datetime(2014, 12, 26, 8, tzinfo=UTC),
    )


def test_what_happened_after_a_denial_is_not_denied():
    incident = _console_outage(
        "Gamers who unwrapped new consoles on Christmas Day found themselves unable to play online "
        "after Playhub and Netplay both suffered outages."
    )
    text = "On Christmas Day, Playhub and Netplay both went down, leaving many unable to play online."
    assert check_incident(incident, text) == []


def test_what_a_denial_is_for_is_not_denied():
    incident = _console_outage(
        "The rules were deployed in a simulated mode where no customer traffic is actually blocked "
        "so that we can measure false positive rates of the new rules."
    )
    text = "Playhub measured the false positive rates of the new rules in a simulated mode."
    assert check_incident(incident, text) == []


def test_what_nobody_realized_is_not_denied():
    incident = _console_outage(
        "Nobody at Playhub realized that the old matchmaking code had been left on the eighth server."
    )
    assert check_incident(incident, "The old matchmaking code had been left on the eighth server.") == []


def test_christmas_day_is_the_holiday_the_source_names():
    incident = _console_outage("Playhub went down early on Christmas morning.")
    assert check_incident(incident, "Playhub went down on Christmas Day.") == []
