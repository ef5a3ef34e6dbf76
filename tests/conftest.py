"""Shared fixtures: real SQLite databases in temporary directories, the real seed and dev data."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

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


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'factbot.db'}"


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
