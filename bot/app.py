"""Builds factbot's parts from settings in one place: storage, seed, drafter, pipeline."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from bot import compiled
from bot.core.detect import warm_up
from bot.core.kb_format import load_knowledge_base_text
from bot.core.pipeline import FactChecker, PipelineSettings
from bot.core.ports import Drafter
from bot.settings import Settings
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository

log = logging.getLogger(__name__)

SEED_FILE = Path(__file__).resolve().parent.parent / "db" / "seed" / "incidents.json"
SEEDED = "seeded"


@dataclass(frozen=True, slots=True)
class App:
    settings: Settings
    repository: IncidentRepository
    checker: FactChecker
    drafter: Drafter | None


async def ensure_seeded(repository: IncidentRepository, seed_file: Path = SEED_FILE) -> int:
    """Load the seed once, when the bot's own database is first created (and empty)."""
    if await repository.get_meta(SEEDED) is not None:
        return 0
    if await repository.count() == 0 and seed_file.is_file():
        parsed = load_knowledge_base_text(seed_file.read_text(encoding="utf-8"))
        await repository.import_incidents(parsed.incidents, actor="seed")
        log.info("loaded %d seed incidents from %s", len(parsed.incidents), seed_file)
        await repository.set_meta(SEEDED, str(len(parsed.incidents)))
        return len(parsed.incidents)
    await repository.set_meta(SEEDED, "0")
    return 0


def build_drafter(settings: Settings) -> Drafter | None:
    if not settings.llm_enabled:
        return None
    from bot.llm.openai_drafter import OpenAIDrafter

    assert settings.openai_api_key is not None
    return OpenAIDrafter(
        api_key=settings.openai_api_key,
        model=settings.openai_model,
        base_url=settings.openai_base_url,
        request_timeout_s=settings.llm_request_timeout_s,
        deadline_s=settings.llm_deadline_s,
        max_output_tokens=settings.llm_max_output_tokens,
    )


@asynccontextmanager
async def open_app(settings: Settings, *, seed: bool = True) -> AsyncIterator[App]:
    engine = make_engine(settings.database_url, busy_timeout_ms=settings.db_busy_timeout_ms)
    try:
        prepare(engine)
        repository = IncidentRepository(engine)
        if seed:
            await ensure_seeded(repository)
        drafter = build_drafter(settings)
        await asyncio.to_thread(warm_up)  # the screen's native scan is compiled now, not on a message
        if compiled.in_use():
            log.info("the screen runs compiled (bot/core/_compiled)")
        else:
            log.info("the screen runs as Python: `make compiled` builds the faster compiled one")
        checker = FactChecker(
            repository,
            drafter,
            PipelineSettings(
                draft_deadline_s=settings.llm_deadline_s, draft_cache_ttl_s=settings.draft_cache_ttl_s
            ),
        )
        try:
            yield App(settings, repository, checker, drafter)
        finally:
            close = getattr(drafter, "aclose", None)
            if close is not None:
                await close()
    finally:
        engine.dispose()
