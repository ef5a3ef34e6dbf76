"""What a fact is bound to is part of the fact: the zone a time is written in, how sure a figure
is, which place or party a figure belongs to, who did something, and whether anyone broke in.
A draft may restate these, never loosen, swap or invent them."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core.facts import extract_facts
from tests.one_sentence import check, check_incident, made_up_incident

WINTER = date(2020, 12, 14)  # Pacific time is UTC-8


def _utc(text: str) -> list[str]:
    """Each time in `text`, as UTC when its zone is known."""
    out = []
    for moment in extract_facts(text, WINTER).times:
        if moment.utc_minutes is None:
            out.append(f"{moment.minutes // 60:02d}:{moment.minutes % 60:02d} ?")
        else:
            out.append(f"{moment.utc_minutes // 60:02d}:{moment.utc_minutes % 60:02d} UTC")
    return out


# --- time zones and brackets ----------------------------------------------------------------


def test_a_time_followed_by_its_own_zone_keeps_it_before_a_bracketed_conversion():
    assert _utc("9:00 PT (17:00 UTC)") == ["17:00 UTC", "17:00 UTC"]


def test_a_bracketed_time_keeps_its_own_zone_after_a_time_in_another():
    assert _utc("17:00 UTC (9:00 PT)") == ["17:00 UTC", "17:00 UTC"]


def test_a_zone_after_a_range_applies_to_the_whole_range_and_a_bracket_to_its_own_range():
    assert _utc("from 03:46 to 04:33 US/Pacific (11:46 to 12:33 UTC)") == [
        "11:46 UTC",
        "12:33 UTC",
        "11:46 UTC",
        "12:33 UTC",
    ]


def test_a_bracket_does_not_lend_its_zone_to_the_time_before_it():
    assert _utc("at 9:00 (17:00 UTC)") == ["09:00 ?", "17:00 UTC"]


def test_a_zone_still_reaches_the_later_time_of_its_range_across_a_bracket_aside():
    assert _utc("from 9:00 (local) to 10:00 PT") == ["17:00 UTC", "18:00 UTC"]


def test_a_range_restated_in_utc_in_brackets_passes():
    text = (
        "From 03:46 to 04:33 US/Pacific (11:46 to 12:33 UTC), credential issuance and account "
        "metadata lookups for all Google user accounts failed."
    )
    assert check("google-2020-12-14", text, "s2") == []


def test_a_range_restated_wrongly_in_brackets_fails():
    text = (
        "From 03:46 to 04:33 US/Pacific (10:46 to 11:33 UTC), credential issuance and account "
        "metadata lookups for all Google user accounts failed."
    )
    assert check("google-2020-12-14", text, "s2") == [
        "sentence 1: the time 10:46 UTC is not in its cited sources or the record",
        "sentence 1: the time 11:33 UTC is not in its cited sources or the record",
    ]


# --- how sure a figure is -------------------------------------------------------------------

HEROKU = "heroku-2025-06-10"  # s1: 'creating up to 12 hours of downtime for many customers'
CROWDSTRIKE = "crowdstrike-2024-07-19"  # s3: 'Around 8.5 million devices'
PSN = (
    "psn-2025-02-08"  # s1: 'almost a full 24 hours'; s2: 'nearly 8,000 from US users, over 7,300 from the UK'
)


def test_exactly_where_the_source_says_up_to_fails():
    text = "Heroku says many customers had exactly 12 hours of downtime."
    assert check(HEROKU, text, "s1") == [
        "sentence 1: says exactly 12 hours where its cited sources say up to 12 hours"
    ]


def test_up_to_as_the_source_says_passes():
    assert check(HEROKU, "Heroku says many customers had up to 12 hours of downtime.", "s1") == []


def test_only_where_the_source_says_up_to_fails():
    text = "Heroku says many customers had only 12 hours of downtime."
    assert check(HEROKU, text, "s1") == [
        "sentence 1: says only 12 hours where its cited sources say up to 12 hours"
    ]


def test_a_lower_bound_where_the_source_gives_an_upper_bound_fails():
    text = "Heroku says many customers had 12 hours or more of downtime."
    assert check(HEROKU, text, "s1") == [
        "sentence 1: says 12 hours or more where its cited sources say up to 12 hours"
    ]


def test_about_is_weaker_than_up_to_and_passes():
    assert check(HEROKU, "Heroku says many customers had about 12 hours of downtime.", "s1") == []


def test_exactly_where_the_source_says_about_fails():
    text = "Microsoft put the number of affected devices at exactly 8.5 million."
    assert check(CROWDSTRIKE, text, "s3") == [
        "sentence 1: says exactly 8.5 million where its cited sources say around 8.5 million"
    ]


def test_more_than_where_the_source_says_about_fails():
    text = "Microsoft put the number of affected devices at more than 8.5 million."
    assert check(CROWDSTRIKE, text, "s3") == [
        "sentence 1: says more than 8.5 million where its cited sources say around 8.5 million"
    ]


def test_about_where_the_source_says_around_passes():
    text = "Microsoft put the number of affected devices at about 8.5 million."
    assert check(CROWDSTRIKE, text, "s3") == []


def test_exactly_where_the_source_says_almost_fails():
    text = "PlayStation confirmed PSN was back at 11.58pm GMT on February 8, exactly 24 hours later."
    assert check(PSN, text, "s1") == [
        "sentence 1: says exactly 24 hours where its cited sources say almost a full 24 hours"
    ]


def test_nearly_where_the_source_says_almost_passes():
    text = "PlayStation confirmed PSN was back at 11.58pm GMT on February 8, nearly 24 hours later."
    assert check(PSN, text, "s1") == []


def test_exactly_where_the_source_gives_the_figure_bare_passes():
    text = "Heroku says a routine OS update took down Heroku for exactly 23 hours."
    assert check(HEROKU, text, "s4") == []


# --- every one of ---------------------------------------------------------------------------


def test_every_one_of_is_a_universal_the_sources_must_give():
    text = "Heroku says every one of its customers had up to 12 hours of downtime."
    assert check(HEROKU, text, "s1") == ["sentence 1: says all or every where its cited sources do not"]


def test_many_of_as_the_source_says_passes():
    assert check(HEROKU, "Heroku says many of its customers had up to 12 hours of downtime.", "s1") == []


# --- which place or party a figure belongs to -----------------------------------------------

VISA = "visa-europe-2018-06-01"  # s1: 'In the UK, 2.4m ... a further 2.8m failed in the rest of Europe'


def test_two_figures_swapped_between_two_places_fail():
    text = (
        "In the UK, 2.8m transactions failed to process properly, while a further 2.4m failed in the "
        "rest of Europe."
    )
    assert check(VISA, text, "s1") == ["sentence 1: ties 2.8m to UK where its cited sources give UK 2.4m"]


def test_the_two_figures_with_their_own_places_pass():
    text = (
        "In the UK, 2.4m transactions failed to process properly, while a further 2.8m failed in the "
        "rest of Europe."
    )
    assert check(VISA, text, "s1") == []


def test_the_places_and_figures_in_another_order_pass():
    assert check(VISA, "2.8m transactions failed in the rest of Europe and 2.4m in the UK.", "s1") == []


def test_a_place_with_the_other_places_figure_fails_on_its_own():
    text = "Of 5.2 million failed Visa transactions, 2.8 million were in the UK."
    assert "sentence 1: ties 2.8 million to UK where its cited sources give UK 2.4m" in check(
        VISA, text, "s1"
    )


def test_a_share_with_its_own_place_passes():
    assert check(VISA, "Of 5.2 million failed Visa transactions, 2.4 million were in the UK.", "s3") == []


def test_the_services_own_name_beside_a_figure_ties_nothing():
    assert check(VISA, "Visa said 2.4m transactions failed to process properly.", "s1") == []


def test_a_swapped_pair_of_report_counts_fails():
    text = "According to Downdetector, over 7,300 reports came from US users and nearly 8,000 from the UK."
    assert check(PSN, text, "s2") == ["sentence 1: ties 8,000 to UK where its cited sources give UK 7,300"]


def test_the_report_counts_with_their_own_countries_pass():
    text = "According to Downdetector, nearly 8,000 reports came from US users and over 7,300 from the UK."
    assert check(PSN, text, "s2") == []


# --- who did it -----------------------------------------------------------------------------


def _check_against(excerpt: str, text: str) -> list[str]:
    """A resolved Example Meetings outage with one source, for what no seed record says."""
    incident = made_up_incident(
        excerpt,
        service="Example Meetings",
        alias="example",
        started_at=datetime(2025, 1, 1, 18, 0, tzinfo=UTC),
        ended_at=datetime(2025, 1, 1, 20, 0, tzinfo=UTC),
        source_title="Example Meetings status",
    )
    return check_incident(incident, text)


REGISTRY = (
    "The block was the result of a miscommunication between our registrar, Northwind, and Contoso "
    "Registry, which resulted in Contoso Registry mistakenly suspending the example.com domain."
)
TAKEN_DOWN = "Google Cloud went down, taking Spotify and Discord with it."


def test_the_other_named_party_doing_what_the_source_has_one_do_fails():
    assert _check_against(REGISTRY, "Northwind mistakenly suspended the example.com domain.") == [
        "sentence 1: has Northwind do what its cited sources say Contoso Registry did"
    ]


def test_the_party_the_source_names_as_doing_it_passes():
    assert _check_against(REGISTRY, "Contoso Registry mistakenly suspended the example.com domain.") == []


def test_a_passive_naming_the_doer_decides_nothing():
    text = "The example.com domain was mistakenly suspended by Contoso Registry."
    assert _check_against(REGISTRY, text) == []


def test_an_action_too_short_to_tell_apart_decides_nothing():
    assert _check_against(TAKEN_DOWN, "Spotify went down.") == []


def test_names_listed_together_share_the_action_after_them():
    excerpt = "Google Cloud, Spotify and Discord went down across Europe on Thursday."
    assert _check_against(excerpt, "Spotify went down across Europe on Thursday.") == []


# --- a break-in -----------------------------------------------------------------------------


def test_a_break_in_where_the_source_reports_only_a_ddos_attack_fails():
    text = "Attackers used the DDoS attack to break into Microsoft's protection mechanisms."
    assert check("azure-2024-07-30", text, "s3") == [
        "sentence 1: cause terms not found in its cited sources: break-in"
    ]


def test_the_ddos_attack_the_source_reports_passes():
    text = "A DDoS attack set off Microsoft's protection mechanisms."
    assert check("azure-2024-07-30", text, "s3") == []


def test_a_break_in_by_hackers_the_source_names_passes():
    text = "The Sudan-based hacker gang broke into Microsoft Outlook, according to the group."
    assert check("microsoft-365-2023-06-05", text, "s4") == []
