"""Rendering: what a person reads is escaped, sourced from the records and within Discord's limits."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.drafts import Draft, DraftSentence
from bot.core.records import Verdict
from bot.core.render import escape, render_reply
from bot.core.template import template_draft
from tests.conftest import seed_incident


def test_links_and_times_come_from_the_records():
    incident = seed_incident("fastly-2021-06-08")
    reply = render_reply(template_draft(incident, incident.claims[0]), incident)
    text = reply.as_text()
    for source in reply.sources:
        if source.url:
            assert f"<{source.url}>" in text
    assert "08 Jun 2021" in text and f"records of incident `{incident.id}`" in text


def test_markdown_and_mentions_from_records_are_neutralised():
    incident = seed_incident("fastly-2021-06-08")
    hostile = dataclasses.replace(
        incident,
        claims=(dataclasses.replace(incident.claims[0], text="**@everyone** [x](http://e.vil) <@&1>"),),
    )
    reply = render_reply(template_draft(hostile, hostile.claims[0]), hostile)
    text = reply.as_text()
    assert "@everyone" not in text and "<@&1>" not in text and "**@" not in text


def test_citations_are_numbered_in_order_of_first_use():
    incident = seed_incident("crowdstrike-2024-07-19")
    first, second = incident.sources[1], incident.sources[0]
    draft = Draft(
        incident_id=incident.id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[
            DraftSentence(text="One.", source_ids=[first.id]),
            DraftSentence(text="Two.", source_ids=[second.id, first.id]),
        ],
    )
    reply = render_reply(draft, incident)
    assert [s.citations for s in reply.sentences] == [(1,), (2, 1)]
    assert reply.sources[0].title == first.title


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=3_000))
def test_escaped_text_never_pings(text: str):
    escaped = escape(text)
    assert "@everyone" not in escaped and "@here" not in escaped
    assert "<@" not in escaped.replace("\\<", "")  # an escaped "\<@" is shown, never parsed


@settings(max_examples=50, deadline=None)
@given(st.lists(st.text(min_size=1, max_size=800), min_size=1, max_size=6))
def test_the_text_reply_fits_discords_limit(sentences: list[str]):
    incident = seed_incident("crowdstrike-2024-07-19")
    draft = Draft(
        incident_id=incident.id,
        claim_id=None,
        verdict=Verdict.UNVERIFIED,
        sentences=[DraftSentence(text=t, source_ids=[s.id for s in incident.sources]) for t in sentences],
    )
    assert len(render_reply(draft, incident).as_text()) <= 2_000
