"""ClaimReview JSON-LD export over the real seed, checked against what Google's fact-check markup needs.

Google Search Central, "Fact check (ClaimReview) structured data"
(https://developers.google.com/search/docs/appearance/structured-data/factcheck): a ClaimReview
requires claimReviewed, reviewRating and url, and recommends author and itemReviewed; the rating's
textual value (alternateName) is what is shown. The Fact Check Tools API (ClaimReviewMarkup) allows
``url`` to be the page URL plus an anchor and maps itemReviewed.datePublished / .appearance.url.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlparse

import pytest

from bot.core.kb_format import valid_http_url
from bot.core.records import Incident, ReviewState, Verdict
from bot.exporters.claimreview import RATING_VALUES, claimreview_documents, write_claimreview
from tests.conftest import seed_incident, seed_incidents

SITE = "https://factbot.example/checks"
NOW = datetime(2025, 6, 1, 23, 30, tzinfo=UTC)


def export(incidents: list[Incident] | None = None, **kwargs) -> list[dict]:
    options = {"organisation": "Factbot", "site_url": SITE, "now": NOW, **kwargs}
    return claimreview_documents(list(seed_incidents()) if incidents is None else incidents, **options)


def anchor(doc: dict) -> str:
    return urlparse(doc["url"]).fragment


def test_every_review_carries_the_fields_google_requires():
    docs = export()
    assert docs
    for doc in docs:
        assert doc["@context"] == "https://schema.org"
        assert doc["@type"] == "ClaimReview"
        assert isinstance(doc["claimReviewed"], str) and doc["claimReviewed"].strip()
        assert valid_http_url(doc["url"]) and doc["url"].startswith(SITE + "#")
        assert doc["author"] == {"@type": "Organization", "name": "Factbot"}
        assert date.fromisoformat(doc["datePublished"]) == date(2025, 6, 1)
        rating = doc["reviewRating"]
        assert rating["@type"] == "Rating"
        assert rating["alternateName"] in {v.value for v in Verdict}
        assert rating["worstRating"] <= rating["ratingValue"] <= rating["bestRating"]
        assert (rating["worstRating"], rating["bestRating"]) == (1, 5)
        item = doc["itemReviewed"]
        assert item["@type"] == "Claim"
        date.fromisoformat(item["datePublished"])
        for appearance in item.get("appearance", []):
            assert appearance["@type"] == "CreativeWork" and valid_http_url(appearance["url"])


def test_every_curated_claim_appears_exactly_once():
    expected = Counter(f"{i.id}-{c.id}" for i in seed_incidents() for c in i.claims)
    assert Counter(anchor(doc) for doc in export()) == expected


def test_each_review_states_its_claim_and_the_curated_verdict():
    by_anchor = {anchor(doc): doc for doc in export()}
    for incident in seed_incidents():
        for claim in incident.claims:
            doc = by_anchor[f"{incident.id}-{claim.id}"]
            assert doc["claimReviewed"] == claim.text
            assert doc["reviewRating"]["alternateName"] == claim.verdict.value
            assert doc["reviewRating"]["ratingValue"] == RATING_VALUES[claim.verdict]


def test_ratings_follow_the_documented_scheme():
    assert {v.value: n for v, n in RATING_VALUES.items()} == {
        "supported": 5,
        "misleading": 3,
        "unverified": 2,
        "refuted": 1,
    }


def test_pending_and_archived_incidents_are_not_published():
    incidents = list(seed_incidents())
    hidden = {incidents[0].id: ReviewState.PENDING, incidents[1].id: ReviewState.ARCHIVED}
    incidents = [dataclasses.replace(i, state=hidden.get(i.id, i.state)) for i in incidents]
    published = {anchor(doc).rsplit("-", 1)[0] for doc in export(incidents)}
    assert published.isdisjoint(hidden)
    assert len(published) == len(incidents) - 2


def test_the_claim_is_dated_by_the_incident_and_appears_in_its_cited_sources():
    incident = seed_incident("aws-s3-2017-02-28")
    claim = incident.claims[0]
    doc = next(d for d in export([incident]) if anchor(d) == f"{incident.id}-{claim.id}")
    assert doc["itemReviewed"]["datePublished"] == "2017-02-28"
    cited = [incident.source(s).url for s in claim.source_ids]
    assert [a["url"] for a in doc["itemReviewed"]["appearance"]] == [u for u in cited if u]


def test_a_claim_citing_no_web_source_has_no_appearance():
    incident = seed_incident("crowdstrike-2024-07-19")
    claim = incident.claim("c2")
    assert claim is not None and not any(incident.source(s).url for s in claim.source_ids)
    doc = next(d for d in export([incident]) if anchor(d) == f"{incident.id}-c2")
    assert "appearance" not in doc["itemReviewed"]


def test_without_a_site_url_the_url_is_the_first_cited_web_source():
    incident = seed_incident("aws-s3-2017-02-28")
    docs = export([incident], site_url=None)
    for claim, doc in zip(incident.claims, docs, strict=True):
        urls = [incident.source(s).url for s in claim.source_ids if incident.source(s).url]
        assert doc["url"] == urls[0]


def test_the_review_date_defaults_to_today_in_utc():
    before = datetime.now(UTC).date().isoformat()
    (doc, *_) = export([seed_incident("aws-s3-2017-02-28")], now=None)
    assert doc["datePublished"] in {before, datetime.now(UTC).date().isoformat()}


def test_a_site_url_that_is_not_http_is_refused():
    with pytest.raises(ValueError, match="site_url must be an http or https URL"):
        export(site_url="javascript:alert(1)")


def test_the_written_file_is_a_valid_utf8_json_array(tmp_path: Path):
    docs = export()
    path = write_claimreview(tmp_path / "out" / "claimreview.json", docs)
    text = path.read_text(encoding="utf-8")
    assert json.loads(text) == docs
    assert text.startswith("[\n  {")
    assert list(path.parent.iterdir()) == [path]  # no temporary file left behind
