"""The database misbehaving: locked, restarted, full. Requests fail clearly or recover; no half-writes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlmodel import Session

from bot.cli import main
from bot.console import ConsoleChannel
from bot.core.pipeline import FactChecker
from bot.core.watch import ChannelCooldown
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository
from bot.storage.tables import IncidentRow
from tests.conftest import postgres_base_url, postgres_schema, seed_incidents

CLAIM = "was the july 2024 crowdstrike outage a cyberattack?"


@pytest.fixture
def sqlite_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "locked.db"
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.setenv("DB_BUSY_TIMEOUT_MS", "200")
    assert main(["db", "init"]) == 0
    return path


def hold_write_lock(path: Path) -> sqlite3.Connection:
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    return holder


def test_answers_keep_flowing_while_another_process_holds_the_write_lock(sqlite_file: Path, capsys):
    holder = hold_write_lock(sqlite_file)
    try:
        capsys.readouterr()
        assert main(["ask", CLAIM, "--json"]) == 0
        assert '"verdict": "refuted"' in capsys.readouterr().out
    finally:
        holder.rollback()
        holder.close()


def test_an_import_into_a_locked_database_fails_clearly_and_writes_nothing(
    sqlite_file: Path, tmp_path: Path, capsys
):
    changed = tmp_path / "changed.json"
    main(["db", "export", str(changed)])
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("Fastly", "Fastly (edited)"), encoding="utf-8"
    )
    holder = hold_write_lock(sqlite_file)
    try:
        capsys.readouterr()
        assert main(["db", "import", str(changed)]) == 1
        assert "database is locked" in capsys.readouterr().err
    finally:
        holder.rollback()
        holder.close()
    out = tmp_path / "after.json"
    main(["db", "export", str(out)])
    assert "Fastly (edited)" not in out.read_text(encoding="utf-8")


async def test_a_database_that_cannot_be_read_gets_a_clear_answer_in_the_console(tmp_path: Path):
    path = tmp_path / "exclusive.db"
    engine = make_engine(f"sqlite:///{path}", busy_timeout_ms=100)
    prepare(engine)
    repository = IncidentRepository(engine)
    await repository.import_incidents(seed_incidents(), actor="test")
    engine.dispose()  # the lock below needs the file to itself, as a rogue process would take it
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    out: list[str] = []
    try:
        console = ConsoleChannel(FactChecker(IncidentRepository(engine)), ChannelCooldown(600), out.append)
        await console.handle(f"@factbot {CLAIM}")
    finally:
        holder.rollback()
        holder.close()
        engine.dispose()
    assert out == ["factbot: I can't reach my records right now; please try again in a minute.\n"]


async def test_a_full_disk_during_an_import_leaves_nothing_half_written(tmp_path: Path):
    engine = make_engine(f"sqlite:///{tmp_path / 'full.db'}")
    prepare(engine)
    with engine.connect() as conn:
        pages = conn.execute(text("PRAGMA page_count")).scalar_one()

    @event.listens_for(engine, "connect")
    def _tiny_disk(dbapi_connection, _record) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + 8}")

    engine.dispose()
    repository = IncidentRepository(engine)
    with pytest.raises(OperationalError, match="full"):
        await repository.import_incidents(seed_incidents(), actor="test")
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(IncidentRow)).scalar_one() == 0
    engine.dispose()


@pytest.mark.skipif(postgres_base_url() is None, reason="PostgreSQL runs are off (set FACTBOT_TEST_POSTGRES)")
async def test_the_bot_reconnects_after_postgresql_drops_its_connections():
    with postgres_schema() as schema_url:
        url = make_url(schema_url).update_query_dict({"application_name": "factbot_fault_test"})
        engine = make_engine(url.render_as_string(hide_password=False))
        prepare(engine)
        repository = IncidentRepository(engine)
        await repository.import_incidents(seed_incidents(), actor="test")
        checker = FactChecker(repository)
        assert (await checker.answer(CLAIM)).incident is not None
        admin = make_engine(postgres_base_url() or "")
        with admin.begin() as conn:  # what a server restart does to every open connection
            killed = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'factbot_fault_test'"
                )
            ).scalar_one()
        admin.dispose()
        assert killed >= 1
        answer = await checker.answer(CLAIM)
        assert answer.incident is not None and answer.check.passed
        engine.dispose()
