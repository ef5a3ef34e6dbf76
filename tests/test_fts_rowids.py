"""The full-text index finds an incident's row by a hash of its id: writes stay cheap as it grows."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, text
from sqlalchemy.exc import IntegrityError

from bot.core.records import Incident
from bot.storage import fts
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository
from tests.conftest import seed_incidents


def with_summary(incident: Incident, summary: str) -> Incident:
    return dataclasses.replace(incident, summary=summary)


def found(engine: Engine, word: str) -> list[str]:
    with engine.connect() as conn:
        return [incident_id for incident_id, _score in fts.search(conn, (word,), 50)]


def index_rows(engine: Engine) -> dict[str, tuple]:
    """Every row of the full-text index (with its rowid on SQLite), by incident id."""
    rowid = "rowid, " if engine.dialect.name == "sqlite" else ""
    with engine.connect() as conn:
        rows = conn.execute(text(f"SELECT {rowid}* FROM {fts.TABLE}")).all()
    return {row.incident_id: tuple(row) for row in rows}


@pytest.fixture
async def engine(database_url: str):
    """A fresh database (created and stamped the way the bot creates one) holding the seed."""
    engine = make_engine(database_url)
    prepare(engine)
    await IncidentRepository(engine).import_incidents(seed_incidents(), actor="test")
    yield engine
    engine.dispose()


@pytest.fixture
async def sqlite_engine(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'factbot.db'}")
    prepare(engine)
    await IncidentRepository(engine).import_incidents(seed_incidents(), actor="test")
    yield engine
    engine.dispose()


def test_the_rowid_is_a_stable_signed_64_bit_hash_of_the_incident_id():
    rowid = fts.sqlite_rowid("aws-us-east-1-2021-12-07")
    assert rowid == fts.sqlite_rowid("aws-us-east-1-2021-12-07")
    assert rowid != fts.sqlite_rowid("aws-us-east-1-2021-12-08")
    assert -(2**63) <= rowid < 2**63


def test_reindex_finds_the_row_it_replaces_by_rowid_instead_of_scanning_the_index(sqlite_engine: Engine):
    """FTS5 plans every statement as `SCAN <table> VIRTUAL TABLE INDEX <n>:<idxStr>`; the idxStr
    says which constraints it uses: empty for a full scan (as a delete by the UNINDEXED
    incident_id gets), `=` for a rowid equality, which FTS5 answers with one b-tree lookup."""
    deletes: list[tuple[str, dict]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many) -> None:
        if statement.lstrip().upper().startswith("DELETE"):
            deletes.append((statement, parameters))

    event.listen(sqlite_engine, "before_cursor_execute", record)
    with sqlite_engine.begin() as conn:
        fts.reindex(conn, seed_incidents()[0])
    event.remove(sqlite_engine, "before_cursor_execute", record)

    assert deletes
    with sqlite_engine.connect() as conn:
        for statement, parameters in deletes:
            plan = " / ".join(
                str(row[-1]) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}", parameters)
            )
            index = re.fullmatch(rf"SCAN {fts.TABLE} VIRTUAL TABLE INDEX \d+:(\S*)", plan)
            assert index is not None and "=" in index.group(1), plan


async def test_an_edited_incident_is_found_by_its_new_words_and_no_longer_by_its_old_ones(engine: Engine):
    repository = IncidentRepository(engine)
    incident = seed_incidents()[0]
    await repository.import_incidents([with_summary(incident, "marmalade outage")], actor="test")
    assert found(engine, "marmalade") == [incident.id]

    await repository.import_incidents([with_summary(incident, "tangerine outage")], actor="test")

    assert found(engine, "tangerine") == [incident.id]
    assert found(engine, "marmalade") == []


async def test_reindexing_one_incident_leaves_every_other_incidents_row_as_it_was(engine: Engine):
    incident = seed_incidents()[0]
    before = index_rows(engine)

    await IncidentRepository(engine).import_incidents([with_summary(incident, "tangerine")], actor="test")

    after = index_rows(engine)
    assert after.keys() == before.keys()
    assert {i: row for i, row in after.items() if i != incident.id} == {
        i: row for i, row in before.items() if i != incident.id
    }
    assert after[incident.id] != before[incident.id]


async def test_every_incident_has_exactly_one_row_keyed_by_the_hash_of_its_id(sqlite_engine: Engine):
    incident = seed_incidents()[0]
    await IncidentRepository(sqlite_engine).import_incidents([with_summary(incident, "edited")], actor="test")

    with sqlite_engine.connect() as conn:
        rows = conn.execute(text(f"SELECT rowid, incident_id FROM {fts.TABLE}")).all()
    assert sorted(rows) == sorted((fts.sqlite_rowid(i.id), i.id) for i in seed_incidents())


def test_a_rowid_shared_by_two_incidents_never_removes_the_other_incidents_row(
    sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch
):
    """A 64-bit collision is astronomically unlikely; should one happen, the write fails loudly
    rather than dropping someone else's incident from search."""
    first, second = seed_incidents()[:2]
    monkeypatch.setattr(fts, "sqlite_rowid", lambda _incident_id: 42)
    with sqlite_engine.connect() as conn, conn.begin():
        fts.reindex(conn, with_summary(first, "marmalade"))
        with pytest.raises(IntegrityError):
            fts.reindex(conn, with_summary(second, "tangerine"))
        # Still inside the transaction: the failed write removed nothing.
        assert [i for i, _ in fts.search(conn, ("marmalade",), 5)] == [first.id]
