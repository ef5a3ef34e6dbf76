"""A source's denial binds what it denies, not its whole sentence; a weekday written with a date
must be that date's."""

from __future__ import annotations

from tests.one_sentence import check


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
