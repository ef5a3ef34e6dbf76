"""Schema migrations: the models and the migrations agree, and upgrades keep every row."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, func, inspect, select, text
from sqlmodel import Session, SQLModel

from bot.cli import main
from bot.storage import fts
from bot.storage.database import make_engine
from bot.storage.migrations import current_revision, head_revision, include_object, prepare, upgrade
from bot.storage.repository import IncidentRepository
from bot.storage.tables import AuditRow, ClaimRow, IncidentRow, NameRow, SourceRow
from tests.conftest import seed_incidents


def test_the_migrations_build_exactly_the_schema_the_models_describe(database_url: str):
    engine = make_engine(database_url)
    upgrade(engine)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []


def test_the_first_migration_creates_the_full_text_index(database_url: str):
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    assert inspect(engine).has_table("incident_search")
    engine.dispose()


async def test_upgrading_a_database_of_the_first_migration_keeps_every_row(database_url: str):
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    await IncidentRepository(engine).import_incidents(seed_incidents(), actor="test")

    def counts() -> dict[str, int]:
        with Session(engine) as session:
            return {
                table.__tablename__: session.execute(select(func.count()).select_from(table)).scalar_one()
                for table in (IncidentRow, NameRow, SourceRow, ClaimRow, AuditRow)
            }

    before = counts()
    upgrade(engine)
    assert counts() == before and before["incident"] == len(seed_incidents())
    assert current_revision(engine) == head_revision(engine)
    assert inspect(engine).has_table("posted_reply")
    engine.dispose()


def test_the_bot_refuses_to_start_on_a_database_behind_the_code(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    engine = make_engine(database_url)
    upgrade(engine, "0001")
    engine.dispose()
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert main(["db", "init"]) == 2
    assert "factbot db upgrade" in capsys.readouterr().err
    assert main(["db", "upgrade"]) == 0
    assert main(["db", "init"]) == 0


async def old_layout_database(url: str) -> Engine:
    """A SQLite database at 0003 whose full-text rows have the rowids SQLite picked (1, 2, ...)."""
    engine = make_engine(url)
    upgrade(engine, "0003")
    await IncidentRepository(engine).import_incidents(seed_incidents(), actor="test")
    with engine.begin() as conn:
        rows = conn.execute(text(f"SELECT incident_id, names, title, body FROM {fts.TABLE}")).mappings().all()
        conn.execute(text(f"DELETE FROM {fts.TABLE}"))
        conn.execute(
            text(
                f"INSERT INTO {fts.TABLE} (incident_id, names, title, body) "
                "VALUES (:incident_id, :names, :title, :body)"
            ),
            [dict(row) for row in rows],
        )
        old_rowids = conn.execute(text(f"SELECT rowid FROM {fts.TABLE}")).scalars().all()
    assert sorted(old_rowids) == list(range(1, len(seed_incidents()) + 1))
    return engine


def full_text_rows(engine: Engine) -> list[tuple[int, str]]:
    with engine.connect() as conn:
        return sorted(tuple(r) for r in conn.execute(text(f"SELECT rowid, incident_id FROM {fts.TABLE}")))


async def test_the_upgrade_keys_every_old_full_text_row_by_the_hash_of_its_incident_id(tmp_path: Path):
    engine = await old_layout_database(f"sqlite:///{tmp_path / 'factbot.db'}")

    upgrade(engine)

    assert full_text_rows(engine) == sorted((fts.sqlite_rowid(i.id), i.id) for i in seed_incidents())
    engine.dispose()


async def test_search_and_edits_work_on_a_full_text_index_upgraded_from_the_old_layout(tmp_path: Path):
    engine = await old_layout_database(f"sqlite:///{tmp_path / 'factbot.db'}")
    incident = seed_incidents()[0]
    upgrade(engine)

    await IncidentRepository(engine).import_incidents(
        [dataclasses.replace(incident, summary="tangerine outage")], actor="test"
    )

    with engine.connect() as conn:
        assert [i for i, _ in fts.search(conn, ("tangerine",), 10)] == [incident.id]
        assert incident.id in {i for i, _ in fts.search(conn, (incident.service,), 50)}
    assert sorted(i for _, i in full_text_rows(engine)) == sorted(i.id for i in seed_incidents())
    engine.dispose()


async def test_an_upgraded_full_text_index_is_declared_exactly_as_a_fresh_one(tmp_path: Path):
    upgraded = await old_layout_database(f"sqlite:///{tmp_path / 'upgraded.db'}")
    upgrade(upgraded)
    fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
    prepare(fresh)

    def declarations(engine: Engine) -> list[tuple[str, str]]:
        with engine.connect() as conn:
            return sorted(
                tuple(r)
                for r in conn.execute(
                    text("SELECT name, sql FROM sqlite_master WHERE name LIKE :t"), {"t": f"{fts.TABLE}%"}
                )
            )

    assert declarations(upgraded) == declarations(fresh) != []
    upgraded.dispose()
    fresh.dispose()


async def test_incidents_indexed_at_0003_are_still_found_after_upgrading_to_head(database_url: str):
    engine = make_engine(database_url)
    upgrade(engine, "0003")
    await IncidentRepository(engine).import_incidents(seed_incidents(), actor="test")
    incident = seed_incidents()[0]

    upgrade(engine)

    with engine.connect() as conn:
        assert incident.id in {i for i, _ in fts.search(conn, (incident.service,), 50)}
    engine.dispose()
