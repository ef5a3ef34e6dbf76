"""Importing an Atlassian Statuspage v2 incidents.json: real HTTP on 127.0.0.1, parsing, re-import."""

from __future__ import annotations

import asyncio
import contextlib
import copy
import dataclasses
import json
import socket
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web

from bot.core.curation import approve, archive, validated
from bot.core.kb_format import SLUG
from bot.core.records import CauseStatus, Incident, IncidentStatus, ReviewState
from bot.importers.statuspage import (
    StatuspageError,
    fetch_statuspage,
    merge_import,
    parse_statuspage,
    strip_html,
)
from bot.storage.repository import IncidentRepository

FIXTURE = Path(__file__).parent / "data" / "statuspage" / "incidents.json"
OVERSIZED = 20_000  # bytes the oversized routes send; the tests allow far fewer


def fixture_json() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def imported(data: dict | None = None, **kwargs) -> dict[str, Incident]:
    raw = FIXTURE.read_bytes() if data is None else json.dumps(data).encode()
    return {i.extra["statuspage"]["incident_id"]: i for i in parse_statuspage(raw, **kwargs)}


@pytest.fixture
async def status_server() -> AsyncIterator[str]:
    """A real aiohttp server on 127.0.0.1 in the test's own loop; returns its base URL."""
    release = asyncio.Event()
    body = FIXTURE.read_bytes()

    async def incidents(_: web.Request) -> web.Response:
        return web.Response(body=body, content_type="application/json")

    async def malformed(_: web.Request) -> web.Response:
        truncated = b'{"page": {"name": "Acme Cloud"}, "incidents": [{"id": '
        return web.Response(body=truncated, content_type="application/json")

    async def hang(_: web.Request) -> web.Response:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                await release.wait()
        return web.Response(body=body, content_type="application/json")

    async def oversized(_: web.Request) -> web.Response:
        return web.Response(body=b" " * OVERSIZED, content_type="application/json")

    async def endless(request: web.Request) -> web.StreamResponse:
        response = web.StreamResponse()  # chunked: no Content-Length to refuse up front
        response.content_type = "application/json"
        await response.prepare(request)
        with contextlib.suppress(ConnectionError):
            for _ in range(500):
                await response.write(b" " * 4096)
        return response

    app = web.Application()
    app.router.add_get("/api/v2/incidents.json", incidents)
    app.router.add_get("/malformed.json", malformed)
    app.router.add_get("/hang.json", hang)
    app.router.add_get("/oversized.json", oversized)
    app.router.add_get("/endless.json", endless)
    runner = web.AppRunner(app, shutdown_timeout=1.0)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    host, port = runner.addresses[0][:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        release.set()
        await runner.cleanup()


# --- a good page ----------------------------------------------------------------------------


async def test_a_status_page_fetched_over_http_becomes_pending_incidents_without_claims(status_server: str):
    raw = await fetch_statuspage(f"{status_server}/api/v2/incidents.json")
    incidents = parse_statuspage(raw)
    assert len(incidents) == len(fixture_json()["incidents"])
    for incident in incidents:
        assert incident.state is ReviewState.PENDING
        assert incident.claims == ()
        assert incident.cause is None and incident.cause_status is CauseStatus.UNKNOWN
        assert incident.service == "Acme Cloud"
        assert SLUG.match(incident.id) and incident.id.startswith("statuspage-acme-cloud-")


async def test_sources_are_the_updates_oldest_first_with_html_stripped_and_the_shortlink_as_url():
    incident = imported()["x8kq1mz0vd3n"]
    assert [s.id for s in incident.sources] == ["s1", "s2", "s3", "s4"]
    assert [s.title for s in incident.sources] == [
        "Acme Cloud status update (investigating)",
        "Acme Cloud status update (identified)",
        "Acme Cloud status update (monitoring)",
        "Acme Cloud status update (resolved)",
    ]
    assert incident.sources[0].excerpt == (
        "We are investigating reports of degraded performance for Git Operations & API Requests."
    )
    assert incident.sources[2].excerpt == (
        "Update: A fix has been deployed and error rates are returning to normal. "
        "We are monitoring the results."
    )
    assert {s.url for s in incident.sources} == {"https://stspg.example/x8kq1m"}
    assert {s.publisher for s in incident.sources} == {"Acme Cloud"}
    assert incident.sources[0].published_at == "2025-03-04"


def test_every_impact_is_imported_including_none():
    by_id = imported()
    assert sorted(i.extra["statuspage"]["impact"] for i in by_id.values()) == sorted(
        i["impact"] for i in fixture_json()["incidents"]
    )
    assert {i.extra["statuspage"]["impact"] for i in by_id.values()} >= {"none", "minor", "major", "critical"}
    assert "impact: none" in by_id["z0x9c8v7b6n5"].summary


def test_the_record_is_built_from_the_incident_fields():
    incident = imported()["x8kq1mz0vd3n"]
    assert incident.id == "statuspage-acme-cloud-x8kq1mz0vd3n"
    assert incident.title == "Elevated error rates for Git operations"
    assert incident.aliases == ("acme cloud", "Git Operations", "API Requests")
    assert incident.affected_services == ("Git Operations", "API Requests")
    assert incident.summary == (
        "Elevated error rates for Git operations (impact: major), reported on the Acme Cloud status page."
    )


def test_statuspage_statuses_map_onto_the_three_contract_statuses():
    by_id = imported()
    assert by_id["x8kq1mz0vd3n"].status is IncidentStatus.RESOLVED  # resolved
    assert by_id["k9j8h7g6f5d4"].status is IncidentStatus.RESOLVED  # postmortem: resolved, post-mortem out
    assert by_id["7ZTR0QW1B9CA"].status is IncidentStatus.MONITORING
    assert by_id["p4m2n8c6v0bx"].status is IncidentStatus.ONGOING  # investigating
    assert by_id["q1w2e3r4t5y6"].status is IncidentStatus.ONGOING  # scheduled


def test_times_are_utc_and_the_id_is_lowercased():
    incident = imported()["7ZTR0QW1B9CA"]
    assert incident.id == "statuspage-acme-cloud-7ztr0qw1b9ca"
    assert incident.started_at.isoformat() == "2025-03-11T14:40:12.004000+00:00"  # 06:40 at -08:00
    assert incident.ended_at is None
    assert imported()["x8kq1mz0vd3n"].ended_at.isoformat() == "2025-03-04T15:40:03.100000+00:00"


def test_an_incident_without_updates_gets_one_source_quoting_its_name():
    (source,) = imported()["z0x9c8v7b6n5"].sources
    assert source.excerpt == "Brief API latency spike"
    assert source.url == "https://stspg.example/z0x9c8"


def test_a_missing_or_non_http_shortlink_is_not_used_as_a_source_url():
    by_id = imported()
    assert {s.url for s in by_id["p4m2n8c6v0bx"].sources} == {None}  # ftp://
    assert {s.url for s in by_id["q1w2e3r4t5y6"].sources} == {None}  # null


def test_every_imported_record_passes_the_knowledge_base_contract():
    for incident in imported().values():
        assert validated(incident) == incident


def test_html_stripping_removes_tags_but_keeps_plain_text_comparisons():
    assert strip_html("<p>Errors &amp; timeouts</p><p>latency < 5 ms, a<b</p>") == (
        "Errors & timeouts latency < 5 ms, a<b"
    )


def test_the_page_name_argument_names_the_service_when_the_file_has_no_page():
    data = fixture_json()
    del data["page"]
    incident = imported(data, page_name="Acme Cloud")["x8kq1mz0vd3n"]
    assert incident.service == "Acme Cloud"
    assert incident.id == "statuspage-acme-cloud-x8kq1mz0vd3n"


# --- bad input ------------------------------------------------------------------------------


async def test_malformed_json_is_a_clear_error(status_server: str):
    raw = await fetch_statuspage(f"{status_server}/malformed.json")
    with pytest.raises(StatuspageError, match=r"not valid JSON: .* at line 1 column \d+"):
        parse_statuspage(raw)


def test_json_that_is_not_an_incidents_file_is_a_clear_error():
    with pytest.raises(StatuspageError, match='"incidents" field is missing'):
        parse_statuspage(b'{"page": {"name": "Acme Cloud"}, "components": []}')


def test_every_bad_incident_is_named_by_position_id_and_field():
    data = fixture_json()
    del data["incidents"][1]["created_at"]
    data["incidents"][2]["resolved_at"] = "2020-01-01T00:00:00Z"  # before it started
    data["incidents"][3]["incident_updates"] = "none"
    with pytest.raises(StatuspageError) as caught:
        parse_statuspage(json.dumps(data).encode())
    assert caught.value.problems == [
        "incident #1 (id '7ZTR0QW1B9CA'): field 'created_at' is missing",
        "incident #2 (id 'x8kq1mz0vd3n') (record 'statuspage-acme-cloud-x8kq1mz0vd3n') is not a valid "
        "record: field record: Value error, ended_at is before started_at",
        "incident #3 (id 'k9j8h7g6f5d4'): field 'incident_updates' must be a list",
    ]


async def test_a_404_is_a_clear_error(status_server: str):
    url = f"{status_server}/no/such/page.json"
    with pytest.raises(StatuspageError, match=f"^HTTP 404 from {url}"):
        await fetch_statuspage(url)


async def test_a_server_that_hangs_times_out_within_the_limit(status_server: str):
    started = time.monotonic()
    with pytest.raises(StatuspageError, match=r"timed out after 0\.5 s"):
        await fetch_statuspage(f"{status_server}/hang.json", timeout_s=0.5)
    assert time.monotonic() - started < 1.5


async def test_an_oversized_body_is_refused(status_server: str):
    with pytest.raises(StatuspageError, match="larger than 1000 bytes"):
        await fetch_statuspage(f"{status_server}/oversized.json", max_bytes=1000)


async def test_an_endless_body_is_cut_off_at_the_limit(status_server: str):
    with pytest.raises(StatuspageError, match="larger than 10000 bytes"):
        await fetch_statuspage(f"{status_server}/endless.json", max_bytes=10_000)


async def test_a_refused_connection_is_a_clear_error():
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(StatuspageError, match=f"could not connect to 127.0.0.1:{port}.*connection refused"):
        await fetch_statuspage(f"http://127.0.0.1:{port}/incidents.json", timeout_s=2)


@pytest.mark.parametrize("url", ["ftp://status.example/incidents.json", "file:///etc/passwd"])
async def test_a_non_http_url_scheme_is_rejected(url: str):
    scheme = url.split(":", 1)[0]
    message = f"only http and https URLs or local files can be imported, not a {scheme}: URL"
    with pytest.raises(StatuspageError, match=message):
        await fetch_statuspage(url)


# --- local files ----------------------------------------------------------------------------


async def test_a_local_file_path_works():
    raw = await fetch_statuspage(str(FIXTURE))
    assert raw == FIXTURE.read_bytes()
    assert len(parse_statuspage(raw)) == len(fixture_json()["incidents"])


async def test_a_missing_local_file_is_a_clear_error(tmp_path: Path):
    with pytest.raises(StatuspageError, match="no such file"):
        await fetch_statuspage(str(tmp_path / "absent.json"))


async def test_an_oversized_local_file_is_refused(tmp_path: Path):
    path = tmp_path / "big.json"
    path.write_bytes(b" " * OVERSIZED)
    with pytest.raises(StatuspageError, match="larger than 1000 bytes"):
        await fetch_statuspage(str(path), max_bytes=1000)


# --- re-import ------------------------------------------------------------------------------


def _with_new_update(data: dict, statuspage_id: str, body: str) -> dict:
    data = copy.deepcopy(data)
    incident = next(i for i in data["incidents"] if i["id"] == statuspage_id)
    update = copy.deepcopy(incident["incident_updates"][0])
    update.update(id="newupdate001", body=body, created_at="2025-03-12T09:00:00.000Z", status="update")
    incident["incident_updates"].insert(0, update)
    return data


def test_a_new_record_is_saved_as_pending():
    record = imported()["x8kq1mz0vd3n"]
    assert merge_import(None, record) == record


def test_a_pending_record_is_replaced_keeping_its_version():
    stored = dataclasses.replace(imported()["x8kq1mz0vd3n"], version=3)
    fresh = imported(_with_new_update(fixture_json(), "x8kq1mz0vd3n", "Still resolved."))["x8kq1mz0vd3n"]
    saved = merge_import(stored, fresh)
    assert saved is not None and saved.version == 3 and saved.state is ReviewState.PENDING
    assert saved.sources[-1].excerpt == "Still resolved."


def test_an_unchanged_pending_record_is_left_alone():
    record = imported()["x8kq1mz0vd3n"]
    assert merge_import(dataclasses.replace(record, version=2), record) is None


def test_a_record_a_moderator_approved_or_archived_is_never_overwritten():
    record = imported()["x8kq1mz0vd3n"]
    fresh = imported(_with_new_update(fixture_json(), "x8kq1mz0vd3n", "Later news."))["x8kq1mz0vd3n"]
    assert merge_import(approve(record).incident, fresh) is None
    assert merge_import(archive(record).incident, fresh) is None


async def test_reimport_updates_a_pending_record_but_never_one_a_moderator_approved(
    repository: IncidentRepository,
):
    async def run_import(data: dict) -> list[str]:
        to_save = []
        for record in imported(data).values():
            merged = merge_import(await repository.get(record.id), record)
            if merged is not None:
                to_save.append(merged)
        await repository.import_incidents(to_save, actor="statuspage-import")
        return sorted(i.id for i in to_save)

    first = fixture_json()
    assert len(await run_import(first)) == len(first["incidents"])
    to_approve = await repository.get("statuspage-acme-cloud-x8kq1mz0vd3n")
    assert to_approve is not None
    await repository.save_change(approve(to_approve), expected_version=to_approve.version, actor="moderator")
    approved_before = await repository.get("statuspage-acme-cloud-x8kq1mz0vd3n")

    second = _with_new_update(first, "x8kq1mz0vd3n", "A post-incident review will follow.")
    second = _with_new_update(second, "7ZTR0QW1B9CA", "Deliveries are back to normal.")
    assert await run_import(second) == ["statuspage-acme-cloud-7ztr0qw1b9ca"]

    pending = await repository.get("statuspage-acme-cloud-7ztr0qw1b9ca")
    assert pending is not None and pending.state is ReviewState.PENDING
    assert pending.sources[-1].excerpt == "Deliveries are back to normal."
    assert await repository.get("statuspage-acme-cloud-x8kq1mz0vd3n") == approved_before
