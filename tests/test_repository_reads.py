"""How the repository finds candidates cheaply at scale without ever answering from stale records."""

from __future__ import annotations

import asyncio
import dataclasses
import gc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from bot.core.curation import add_source
from bot.core.ports import SearchQuery
from bot.core.records import Incident, Source
from bot.storage import repository as repository_module
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.record_cache import RecordParts, RecordPartsCache
from bot.storage.repository import IncidentRepository
from bot.storage.term_frequency import TermFrequencies
from tests.conftest import seed_incident, seed_incidents


def copies(incident: Incident, count: int, start: datetime) -> list[Incident]:
    """`count` incidents of the same service, a month apart from `start`."""
    return [
        dataclasses.replace(
            incident,
            id=f"{incident.id}-copy-{n}",
            started_at=start + timedelta(days=30 * n),
            ended_at=start + timedelta(days=30 * n, hours=2),
        )
        for n in range(count)
    ]


async def ids_found(repository: IncidentRepository, query: SearchQuery) -> list[str]:
    return [c.incident.id for c in await repository.candidates(query)]


# --- full-text words ----------------------------------------------------------------------------


async def test_a_word_most_records_share_is_left_out_of_the_search(repository: IncidentRepository):
    repository.term_frequencies = TermFrequencies(cap=5)  # as if "outage" were in 1,000 of 100k records
    assert await ids_found(repository, SearchQuery(terms=("outage",), incident_ids=frozenset())) == []


async def test_a_rare_word_is_still_searched_beside_a_common_one(repository: IncidentRepository):
    repository.term_frequencies = TermFrequencies(cap=5)
    found = await ids_found(repository, SearchQuery(terms=("outage", "falcon"), incident_ids=frozenset()))
    assert found[0] == "crowdstrike-2024-07-19"


async def test_a_small_knowledge_base_searches_by_every_word(repository: IncidentRepository):
    query = SearchQuery(terms=("outage", "caused"), incident_ids=frozenset())
    assert len(await ids_found(repository, query)) == query.limit  # nothing left out: the seed is small


async def test_word_counts_are_counted_again_once_the_records_change(repository: IncidentRepository):
    frequencies = repository.term_frequencies
    await repository.candidates(SearchQuery(terms=("falcon",), incident_ids=frozenset()))
    with repository.engine.connect() as conn:
        assert frequencies.count(conn, "falcon") == 1
    incident = seed_incident("crowdstrike-2024-07-19")
    await repository.import_incidents(copies(incident, 2, incident.started_at), actor="test")
    await repository.name_index()  # what every answer asks first: it notices the new generation
    with repository.engine.connect() as conn:
        assert frequencies.count(conn, "falcon") == 3


def test_a_word_count_stops_at_the_cap(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'factbot.db'}")
    prepare(engine)
    asyncio.run(IncidentRepository(engine).import_incidents(seed_incidents(), actor="test"))
    with engine.connect() as conn:
        assert TermFrequencies(cap=3).count(conn, "outage") == 3
        assert TermFrequencies(cap=3).count(conn, "zzzunseen") == 0
    engine.dispose()


# --- services named by many incidents ---------------------------------------------------------


async def test_a_much_named_service_yields_its_latest_incidents(repository: IncidentRepository):
    incident = seed_incident("crowdstrike-2024-07-19")
    many = copies(incident, repository_module.MAX_NAMED + 5, datetime(2019, 1, 1, tzinfo=UTC))
    await repository.import_incidents(many, actor="test")
    found = await ids_found(repository, SearchQuery(terms=(), incident_ids=frozenset(i.id for i in many)))
    latest = sorted(many, key=lambda i: i.started_at, reverse=True)[: repository_module.MAX_NAMED]
    assert found == [i.id for i in latest]


async def test_a_much_named_service_yields_only_incidents_of_the_years_asked(repository: IncidentRepository):
    incident = seed_incident("crowdstrike-2024-07-19")
    many = copies(incident, repository_module.MAX_NAMED + 5, datetime(2019, 1, 1, tzinfo=UTC))
    await repository.import_incidents(many, actor="test")
    query = SearchQuery(terms=(), incident_ids=frozenset(i.id for i in many), years=(2020,))
    found = await ids_found(repository, query)
    assert found and all(i.startswith(incident.id) for i in found)
    assert {c.year for c in [next(m.started_at for m in many if m.id == i) for i in found]} == {2020}


async def test_incidents_begun_on_the_day_given_are_candidates_beside_the_named_ones(
    repository: IncidentRepository,
):
    query = SearchQuery(
        terms=(),
        incident_ids=frozenset({"crowdstrike-2024-07-19"}),
        days=(date(2021, 7, 22),),  # the Akamai outage's day
    )
    found = await ids_found(repository, query)
    assert found[0] == "crowdstrike-2024-07-19"
    assert any(i.startswith("akamai") for i in found[1:])


def test_reads_of_approved_incidents_by_time_use_one_index(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'factbot.db'}")
    prepare(engine)
    with engine.connect() as conn:
        plans = [
            " ".join(
                row[-1]
                for row in conn.execute(text(f"EXPLAIN QUERY PLAN SELECT id FROM incident WHERE {where}"))
            )
            for where in (
                "state = 'approved' AND started_at BETWEEN '2021-07-21' AND '2021-07-23' LIMIT 12",
                "state = 'approved' ORDER BY started_at DESC LIMIT 10",
            )
        ]
    engine.dispose()
    for plan in plans:
        assert "ix_incident_state_started_at" in plan
        assert "TEMP B-TREE" not in plan


# --- the record cache -------------------------------------------------------------------------


async def test_an_edited_incident_is_read_with_its_new_sources(repository: IncidentRepository):
    before = await repository.get("crowdstrike-2024-07-19")
    assert before is not None
    source = Source("s9", "Follow-up", "CrowdStrike", "https://example.com/follow-up", None, "More.")
    await repository.save_change(add_source(before, source), expected_version=before.version, actor="mod")
    after = await repository.get("crowdstrike-2024-07-19")
    assert after is not None and after.sources[-1].excerpt == "More."
    assert after.version == before.version + 1


async def test_an_incident_replaced_by_import_is_read_as_replaced(repository: IncidentRepository):
    incident = seed_incident("crowdstrike-2024-07-19")
    await repository.candidates(SearchQuery(terms=(), incident_ids=frozenset({incident.id})))
    changed = dataclasses.replace(incident, aliases=(*incident.aliases, "falcon sensor"))
    await repository.import_incidents([changed], actor="test")
    found = await repository.candidates(SearchQuery(terms=(), incident_ids=frozenset({incident.id})))
    assert "falcon sensor" in found[0].incident.aliases


def test_the_record_cache_keeps_only_its_most_recent_records():
    cache = RecordPartsCache(size=2)
    parts = RecordParts((), (), (), ())
    stamp = (1, datetime(2025, 1, 1, tzinfo=UTC))
    for incident_id in ("a", "b", "c"):
        cache.put(incident_id, stamp, parts)
    assert len(cache) == 2
    assert cache.get("a", stamp) is None
    assert cache.get("c", stamp) is parts


def test_the_record_cache_never_serves_another_version():
    cache = RecordPartsCache()
    parts = RecordParts(("old alias",), (), (), ())
    cache.put("a", (1, datetime(2025, 1, 1, tzinfo=UTC)), parts)
    assert cache.get("a", (2, datetime(2025, 1, 2, tzinfo=UTC))) is None
    assert cache.get("a", (1, datetime(2025, 1, 1, 0, 0, 1, tzinfo=UTC))) is None


def test_a_record_cache_of_size_zero_keeps_nothing():
    cache = RecordPartsCache(size=0)
    stamp = (1, datetime(2025, 1, 1, tzinfo=UTC))
    cache.put("a", stamp, RecordParts((), (), (), ()))
    assert cache.get("a", stamp) is None


async def test_a_much_named_service_yields_first_its_incidents_of_the_day_given(
    repository: IncidentRepository,
):
    incident = seed_incident("crowdstrike-2024-07-19")
    many = copies(incident, repository_module.MAX_NAMED + 5, datetime(2019, 1, 1, 9, tzinfo=UTC))
    await repository.import_incidents(many, actor="test")
    oldest = many[0]
    named = frozenset(i.id for i in many)
    query = SearchQuery(terms=(), incident_ids=named, days=(oldest.started_at.date(),))
    found = await ids_found(repository, query)
    assert found[0] == oldest.id


async def test_the_alias_index_picks_the_same_incidents_of_a_much_named_service(
    repository: IncidentRepository,
):
    incident = seed_incident("crowdstrike-2024-07-19")
    many = copies(incident, repository_module.MAX_NAMED + 5, datetime(2019, 1, 1, 9, tzinfo=UTC))
    await repository.import_incidents(many, actor="test")
    named = frozenset(i.id for i in many)
    query = SearchQuery(terms=(), incident_ids=named, years=(2020,), days=(many[3].started_at.date(),))
    read_from_the_database = await ids_found(repository, query)
    await repository.name_index()  # now the start times come with the index
    assert await ids_found(repository, query) == read_from_the_database


async def test_a_large_alias_index_is_kept_out_of_the_cyclic_collector(
    repository: IncidentRepository, monkeypatch
):
    monkeypatch.setattr(repository_module, "LARGE_INDEX", 1)  # the seed's 32 count as large here
    try:
        await repository.name_index()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
