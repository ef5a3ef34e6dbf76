"""Shared fixtures: real SQLite databases in temporary directories, the real seed and dev data."""

from __future__ import annotations

import contextlib
import json
import os
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.core.kb_format import load_knowledge_base_text
from bot.core.pipeline import FactChecker
from bot.core.records import Incident
from bot.storage.database import create_schema, make_engine
from bot.storage.repository import IncidentRepository

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "db" / "seed" / "incidents.json"
DEV_EVAL = ROOT.parent / "shared" / "eval" / "dev"


def seed_incidents() -> tuple[Incident, ...]:
    return load_knowledge_base_text(SEED.read_text(encoding="utf-8")).incidents


def seed_incident(incident_id: str) -> Incident:
    return next(i for i in seed_incidents() if i.id == incident_id)


def seed_json() -> dict:
    return json.loads(SEED.read_text(encoding="utf-8"))


POSTGRES_ENV = "FACTBOT_TEST_POSTGRES"
POSTGRES_EXAMPLE = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SCHEMA_PREFIX = "factbot_t"


def postgres_base_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def pytest_sessionstart(session: pytest.Session) -> None:
    """With PostgreSQL runs switched on, an unreachable server fails the run at once."""
    base = postgres_base_url()
    if base is None:
        return
    try:
        engine = create_engine(base)
        with engine.begin() as conn:
            conn.execute(text("SELECT 1"))
            _drop_stale_schemas(conn)
        engine.dispose()
    except Exception as error:
        pytest.exit(f"{POSTGRES_ENV} is set but PostgreSQL cannot be reached: {error}", returncode=1)


def _drop_stale_schemas(conn) -> None:
    """Schemas left by a killed run (older than an hour) are removed; live runs are untouched."""
    cutoff = int(time.time()) - 3_600
    rows = conn.execute(
        text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :p"), {"p": f"{SCHEMA_PREFIX}%"}
    ).scalars()
    for name in list(rows):
        stamp = name.removeprefix(SCHEMA_PREFIX).split("_")[0]
        if stamp.isdigit() and int(stamp) < cutoff:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))


@contextlib.contextmanager
def postgres_schema() -> Iterator[str]:
    """A database URL confined to a new schema of its own, dropped afterwards."""
    base = postgres_base_url()
    assert base is not None
    schema = f"{SCHEMA_PREFIX}{int(time.time())}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Every storage and pipeline test runs on SQLite and, when switched on, on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'factbot.db'}"
        return
    if postgres_base_url() is None:
        pytest.skip(f"PostgreSQL runs are off: set {POSTGRES_ENV}={POSTGRES_EXAMPLE} to run them")
    with postgres_schema() as url:
        yield url


@pytest.fixture
async def repository(database_url: str) -> AsyncIterator[IncidentRepository]:
    engine = make_engine(database_url)
    create_schema(engine)
    repo = IncidentRepository(engine)
    await repo.import_incidents(seed_incidents(), actor="test")
    yield repo
    engine.dispose()


@pytest.fixture
def checker(repository: IncidentRepository) -> FactChecker:
    return FactChecker(repository)


@pytest.fixture(autouse=True)
def _isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test reads the developer's .env or shell settings, or writes into ./data."""
    for name in ("DISCORD_TOKEN", "OPENAI_API_KEY", "OPENAI_BASE_URL", "DATABASE_URL", "DEV_GUILD_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)


from tests.discord_world import world  # noqa: E402, F401 - the Discord world fixture, for every test module
