"""Schema migrations: the models and the migrations agree, and upgrades keep every row."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import func, inspect, select
from sqlmodel import Session, SQLModel

from bot.cli import main
from bot.storage.database import make_engine
from bot.storage.migrations import current_revision, head_revision, include_object, upgrade
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
