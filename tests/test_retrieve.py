"""Retrieval over the real SQLite store: the right incident and claim, or honestly nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.core.pipeline import FactChecker
from bot.core.retrieve import retrieve


async def lookup(checker: FactChecker, text: str) -> tuple[str | None, str | None]:
    result = await retrieve(await checker.screen(text), checker.store, now=datetime(2026, 1, 1, tzinfo=UTC))
    return (result.incident.id if result.incident else None, result.claim.id if result.claim else None)


async def test_a_claim_lands_on_its_incident_and_curated_claim(checker: FactChecker):
    assert await lookup(checker, "crowdstrike's july update was a cyberattack") == (
        "crowdstrike-2024-07-19",
        "c1",
    )


async def test_the_date_decides_between_incidents_sharing_an_alias(checker: FactChecker):
    spaces = await lookup(checker, "the trump spaces on x in august 2024 got ddosed")
    outage = await lookup(checker, "x went down on 10 march 2025 because of a cyberattack")
    assert spaces[0] == "x-spaces-2024-08-12"
    assert outage[0] == "x-2025-03-10"


async def test_a_service_without_a_record_gets_no_record(checker: FactChecker):
    assert await lookup(checker, "myspace was down all day because of a DDoS") == (None, None)


async def test_a_year_far_from_any_incident_gets_no_record(checker: FactChecker):
    assert (await lookup(checker, "facebook got hacked in 2012"))[0] is None


async def test_an_incident_without_a_matching_claim_has_no_claim(checker: FactChecker):
    incident, claim = await lookup(checker, "the crowdstrike outage made my coffee machine sing")
    assert incident == "crowdstrike-2024-07-19" and claim is None


@pytest.mark.parametrize(
    "text",
    [
        '"crowdstrike" OR "aws',
        "crowdstrike* NEAR(hack, 5)",
        "aws -hack AND OR NOT ^ : ( ) {}",
        'col:crowdstrike """',
    ],
)
async def test_full_text_operators_are_searched_as_words(checker: FactChecker, text: str):
    incident, _claim = await lookup(checker, text)
    assert incident is None or incident.startswith(("crowdstrike", "aws"))


async def test_an_outage_of_a_service_with_no_record_is_not_pinned_on_another(checker: FactChecker):
    assert await lookup(checker, "is discord down? pretty sure it's a DDoS") == (None, None)
    assert (await lookup(checker, "the github actions outage was caused by a problem at azure"))[0] is None


async def test_a_record_listing_the_named_service_as_affected_is_found(checker: FactChecker):
    incident, _ = await lookup(checker, "why did reddit, nyt and gov.uk all throw 503s back in june 2021?")
    assert incident == "fastly-2021-06-08"


async def test_a_full_date_pins_an_incident_even_when_the_wrong_service_is_blamed(checker: FactChecker):
    incident, _ = await lookup(
        checker, "it was a cloudflare outage that took everything down on 22 July 2021"
    )
    assert incident == "akamai-2021-07-22"


@pytest.mark.parametrize(
    "text",
    [
        "a queda do facebook em outubro de 2021 durou umas seis horas, né?",
        "la caída de facebook en octubre de 2021 duró unas seis horas",
    ],
)
async def test_a_claim_with_a_number_spelled_in_another_language_lands_on_its_claim(
    checker: FactChecker, text: str
):
    assert await lookup(checker, text) == ("facebook-2021-10-04", "c2")


async def test_a_duration_with_a_half_is_compared_as_a_number(checker: FactChecker):
    assert await lookup(checker, "aws us-east-1 was out for 14 and a half hours in october 2025") == (
        "aws-2025-10-20",
        "c4",
    )


async def test_the_whole_day_in_german_is_an_all_day_claim(checker: FactChecker):
    assert await lookup(checker, "Fastly war am 8. Juni 2021 den ganzen Tag down") == (
        "fastly-2021-06-08",
        "c3",
    )


async def test_pwned_is_a_claim_of_an_attack(checker: FactChecker):
    assert await lookup(checker, "openai got pwned in december 2024, that's why chatgpt died") == (
        "openai-2024-12-11",
        "c2",
    )


async def test_a_duration_within_a_claims_upper_bound_lands_on_it(checker: FactChecker):
    assert await lookup(checker, "gmail and youtube were only out for like 45 min in december 2020") == (
        "google-2020-12-14",
        "c2",
    )


async def test_a_duration_spelled_in_words_is_compared_as_a_number(checker: FactChecker):
    assert await lookup(checker, "microsoft 365 was out for 5.5 hrs in january 2023") == (
        "microsoft-365-2023-01-25",
        "c2",
    )


async def test_a_month_the_incident_did_not_run_in_gets_no_record(checker: FactChecker):
    assert await lookup(checker, "microsoft 365 went down in november 2023 because of a ddos") == (None, None)


async def test_a_holiday_names_a_day_not_what_was_claimed(checker: FactChecker):
    incident, claim = await lookup(
        checker, "slack paid compensation to every customer after the holidays in 2021"
    )
    assert incident == "slack-2021-01-04" and claim is None


async def test_a_figure_given_as_a_ceiling_agrees_with_a_claim_below_it(checker: FactChecker):
    assert await lookup(checker, "slack was barely down on feb 26 2025, maybe 15 minutes tops") == (
        "slack-2025-02-26",
        "c2",
    )


async def test_asking_whether_a_service_is_down_right_now_is_not_about_its_old_outage(checker: FactChecker):
    assert await lookup(checker, "is fastly down rn? my site won't load") == (None, None)


async def test_asking_whether_a_service_is_down_right_now_is_not_about_an_old_outage_with_no_end_on_file(
    checker: FactChecker,
):
    assert await lookup(checker, "is rogers down right now?? can't even call") == (None, None)


async def test_an_outage_today_is_not_an_old_one(checker: FactChecker):
    assert await lookup(checker, "cloudflare is 500ing again today, probably a bad deploy") == (None, None)


async def test_another_service_down_during_a_recorded_outage_is_about_the_recorded_one(checker: FactChecker):
    incident, _claim = await lookup(checker, "venmo went down too during the crowdstrike outage in july 2024")
    assert incident == "crowdstrike-2024-07-19"


async def test_a_season_with_its_year_rules_out_an_incident_of_another_season(checker: FactChecker):
    assert (await lookup(checker, "crowdstrike crashed linux servers with kernel panics in spring 2024"))[
        0
    ] is None


async def test_a_season_with_its_year_keeps_an_incident_within_it(checker: FactChecker):
    assert (await lookup(checker, "the crowdstrike mess in summer 2024 was a cyberattack")) == (
        "crowdstrike-2024-07-19",
        "c1",
    )


async def test_a_service_caught_in_another_s_outage_finds_that_outage_by_its_year(checker: FactChecker):
    # Amazon's only record is of 2025; in June 2021 it was caught in the CDN outage of Fastly.
    assert (await lookup(checker, "amazon and reddit went down in june 2021 when their cdn broke"))[0] == (
        "fastly-2021-06-08"
    )


async def test_a_numeric_date_with_the_day_first_pins_its_incident(checker: FactChecker):
    assert (await lookup(checker, "m365 was down on 05/06/2023, outlook too"))[0] is not None
    assert (await lookup(checker, "outlook and teams died on 25/01/2023"))[0] == "microsoft-365-2023-01-25"


async def test_a_month_with_a_short_year_rules_out_other_years(checker: FactChecker):
    assert (await lookup(checker, "outlook and teams were dead after the jan '23 network change"))[0] == (
        "microsoft-365-2023-01-25"
    )
    assert (await lookup(checker, "outlook and teams were dead in june '23"))[0] == "microsoft-365-2023-06-05"


async def test_a_holiday_with_its_year_rules_out_an_incident_of_another_month(checker: FactChecker):
    assert (await lookup(checker, "aws went down again on christmas day 2025"))[0] is None


async def test_a_service_with_no_record_named_in_french_gets_no_record(checker: FactChecker):
    assert await lookup(checker, "Le site de la SNCF est tombé à cause d'une cyberattaque") == (None, None)


async def test_a_recorded_alias_inside_another_services_outage_is_that_services_own(checker: FactChecker):
    assert (await lookup(checker, "shopee's card payments crashed right at midnight"))[0] is None
