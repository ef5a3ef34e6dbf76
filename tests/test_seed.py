"""The seed knowledge base is one a moderator would trust: complete, sourced and consistent."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from bot.core.check import check_draft
from bot.core.kb_format import valid_http_url
from bot.core.pipeline import FactChecker
from bot.core.template import template_draft
from tests.conftest import seed_incidents, seed_json

REQUIRED = {
    "x-2025-03-10",
    "x-spaces-2024-08-12",
    "crowdstrike-2024-07-19",
    "facebook-2021-10-04",
    "fastly-2021-06-08",
    "aws-2025-10-20",
    "cloudflare-2025-11-18",
}
ALIASES_USERS_TYPE = {"twitter", "x.com", "fb", "insta", "aws", "us-east-1", "azure", "gcp", "cf"}
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
ATTACK = re.compile(r"hack|attack|ddos|breach", re.IGNORECASE)

INCIDENTS = seed_json()["incidents"]
CLAIMS = [(i["id"], c["id"]) for i in INCIDENTS for c in i["claims"]]


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in NUMBER.findall(text)}


def test_it_holds_at_least_30_outages_from_2017_to_2025():
    years = {int(i["started_at"][:4]) for i in INCIDENTS}
    assert len(INCIDENTS) >= 30 and min(years) >= 2017 and max(years) <= 2025


def test_it_holds_the_outages_people_argue_about():
    assert {i["id"] for i in INCIDENTS} >= REQUIRED


def test_at_least_five_incidents_carry_a_cyberattack_claim():
    assert sum(any(ATTACK.search(c["text"]) for c in i["claims"]) for i in INCIDENTS) >= 5


def test_aliases_include_the_names_users_type():
    assert {a for i in INCIDENTS for a in i["aliases"]} >= ALIASES_USERS_TYPE


def test_ids_are_unique():
    ids = [i["id"] for i in INCIDENTS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("incident", INCIDENTS, ids=lambda i: i["id"])
def test_each_incident_has_two_to_four_sources_and_two_to_five_claims(incident: dict):
    assert 2 <= len(incident["sources"]) <= 4
    assert 2 <= len(incident["claims"]) <= 5


@pytest.mark.parametrize("incident", INCIDENTS, ids=lambda i: i["id"])
def test_every_reference_and_url_is_sound(incident: dict):
    sources = {s["id"] for s in incident["sources"]}
    for claim in incident["claims"]:
        assert set(claim["source_ids"]) <= sources, claim["id"]
    for source in incident["sources"]:
        assert source["url"] is None or valid_http_url(source["url"]), source["id"]


@pytest.mark.parametrize("incident", INCIDENTS, ids=lambda i: i["id"])
def test_times_are_utc_and_ordered(incident: dict):
    start = datetime.fromisoformat(incident["started_at"])
    assert start.utcoffset() is not None and start.astimezone(UTC) == start
    if incident["ended_at"]:
        assert datetime.fromisoformat(incident["ended_at"]) >= start
    elif incident["status"] == "resolved":
        assert incident.get("ended_at_note"), "a resolved incident without an end says why"


@pytest.mark.parametrize("incident", INCIDENTS, ids=lambda i: i["id"])
def test_every_number_in_the_summary_is_in_a_source_or_the_record(incident: dict):
    known = numbers(" ".join(s["excerpt"] for s in incident["sources"]))
    known |= numbers(f"{incident['started_at']} {incident['ended_at'] or ''}")
    assert numbers(incident["summary"]) <= known


@pytest.mark.parametrize("incident", INCIDENTS, ids=lambda i: i["id"])
def test_every_number_in_an_explanation_is_in_its_cited_sources(incident: dict):
    excerpts = {s["id"]: s["excerpt"] for s in incident["sources"]}
    for claim in incident["claims"]:
        cited = numbers(" ".join(excerpts[sid] for sid in claim["source_ids"]))
        assert numbers(claim["explanation"]) <= cited, claim["id"]


def test_the_record_built_reply_for_every_claim_passes_the_checker():
    failures = []
    for incident in seed_incidents():
        for claim in incident.claims:
            result = check_draft(template_draft(incident, claim, claim.text), incident, claim.id)
            if not result.passed:
                failures.append((incident.id, claim.id, result.describe()))
    assert failures == []


async def test_asking_each_curated_claim_lands_on_that_claim(checker: FactChecker):
    landed = []
    for incident_id, claim_id in CLAIMS:
        incident = next(i for i in seed_incidents() if i.id == incident_id)
        answer = await checker.answer(incident.claim(claim_id).text, use_llm=False)
        got = (answer.incident.id if answer.incident else None, answer.claim.id if answer.claim else None)
        landed.append(got == (incident_id, claim_id) or (incident_id, claim_id, got))
    assert all(item is True for item in landed), [i for i in landed if i is not True]
