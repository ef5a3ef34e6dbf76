"""Times given in a place's zone ('02:35 on 8 November in Brasília', 'Brasília time'), amounts
that look like years ('2000 yen'), and words a draft may use because its sources report them
('jailbreak' of a reported jailbreak attack); each paired with what the same rule still catches."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.core.facts import extract_facts
from bot.core.records import Incident
from tests.one_sentence import check_incident as _check
from tests.one_sentence import made_up_incident

NOVEMBER = date(2025, 11, 8)


def _incident(*excerpts: str) -> Incident:
    """A resolved Contoso Pay outage on 8 November 2025, 00:50 to 05:35 UTC."""
    return made_up_incident(
        *excerpts,
        service="Contoso Pay",
        alias="contoso",
        started_at=datetime(2025, 11, 8, 0, 50, tzinfo=UTC),
        ended_at=datetime(2025, 11, 8, 5, 35, tzinfo=UTC),
    )


def _utc(text: str) -> list[int | None]:
    return [moment.utc_minutes for moment in extract_facts(text, NOVEMBER).times]


def test_a_place_after_a_times_date_is_its_zone():
    assert _utc("which was 21:50 on 7 November to 02:35 on 8 November in Brasília") == [50, 335]


def test_brasilia_time_and_brt_are_utc_minus_three():
    assert _utc("restored by 02:35 Brasília time") == [335]
    assert _utc("restored by 02:35 BRT") == [335]


def test_an_amount_is_no_year():
    assert extract_facts("Contoso gave every customer 2000 yen", NOVEMBER).years == ()
    assert extract_facts("the same thing happened in 2000", NOVEMBER).years == (2000,)


OUTAGE = (
    "Between 21:50 on 7 November and 02:35 on 8 November (Brasília time), customers were unable to "
    "send transfers."
)


def test_local_times_converted_by_a_draft_pass():
    text = (
        "Customers could not send transfers from 00:50 to 05:35 UTC on 8 November "
        "(21:50 to 02:35 Brasília time)."
    )
    assert _check(_incident(OUTAGE), text) == []


def test_a_wrongly_converted_local_time_fails():
    text = "Customers could not send transfers from 21:50 UTC on 7 November to 02:35 UTC on 8 November."
    assert any("time" in v for v in _check(_incident(OUTAGE), text))


JAILBREAK = 'A group claimed it had knocked Contoso offline with a "jailbreak attack" on its AI assistant.'


def test_a_jailbreak_the_sources_report_may_be_named():
    text = "A group claimed a jailbreak attack on Contoso's AI assistant knocked it offline."
    assert _check(_incident(JAILBREAK), text) == []


def test_talk_of_a_jailbreak_the_sources_do_not_report_fails():
    source = "Customers were unable to send transfers for five hours."
    violations = _check(_incident(source), "Customers were unable to send transfers; jailbreak mode enabled.")
    assert any("first person or about its instructions" in v for v in violations)


KEY = "The root cause was an expired credential: the API key we use to call our upstream provider expired."


def test_a_revoked_key_where_the_source_says_expired_fails():
    text = "Contoso says its upstream provider revoked the API key it used."
    assert any("cause terms" in v for v in _check(_incident(KEY), text))


def test_a_title_the_publisher_signs_with_is_given_by_the_source():
    incident = made_up_incident(
        "Today's outage was caused by a failure in our cloud provider's Frankfurt region.",
        service="Contoso Chat",
        alias="contoso",
        started_at=datetime(2025, 2, 4, 7, 0, tzinfo=UTC),
        ended_at=datetime(2025, 2, 4, 12, 50, tzinfo=UTC),
        publisher="Maren Holt, Contoso CEO (LinkedIn)",
        source_title="Post by Maren Holt on today's Contoso outage",
    )
    text = "Contoso CEO Maren Holt blamed a failure in the cloud provider's Frankfurt region."
    assert _check(incident, text) == []
    assert any("titles" in v for v in _check(incident, text.replace("CEO", "CTO")))
