"""6. Resident memory of the bot, measured in a process of its own (run by bench.memory).

`python -m bench.memory_probe DATABASE_URL [--trace]` loads factbot as `factbot run` does
(settings, `open_app` with the OpenAI drafter configured, `build_bot`), builds the alias name
index, answers a few claims (record-built: no network), and prints a JSON line with VmRSS
and VmHWM after each stage. With `--trace`, tracemalloc runs from the start and the top
allocation sites are printed too (slower, and its own bookkeeping inflates RSS).
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

CLAIMS = (
    "the crowdstrike outage was a russian cyberattack",
    "was the facebook outage in october 2021 caused by hackers?",
    "aws went down in 2017 because of a typo, right?",
    "is discord down for everyone?",
    "cloudflare got ddosed last november",
)


def pymalloc_arenas_mb() -> float:
    """Memory held in pymalloc arenas (live small objects plus the free space inside their arenas)."""
    import os

    read, write = os.pipe()
    saved = os.dup(2)
    os.dup2(write, 2)
    try:
        sys._debugmallocstats()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(write)
    chunks = []
    while chunk := os.read(read, 65536):
        chunks.append(chunk)
    os.close(read)
    for line in b"".join(chunks).decode(errors="replace").splitlines():
        if "bytes/arena" in line:
            return int(line.split("=")[1].strip().replace(",", "")) / 1024 / 1024
    return 0.0


def status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


async def probe(url: str, trace: bool) -> dict:
    stages: list[tuple[str, int]] = [("interpreter", status_kb("VmRSS"))]
    import discord  # noqa: F401 - the bot's imports, counted as the bot's

    from bot.app import open_app
    from bot.discord_adapter.client import build_bot
    from bot.discord_adapter.services import BotServices
    from bot.settings import Settings
    from bot.storage.guilds import GuildRepository

    stages.append(("imports", status_kb("VmRSS")))
    settings = Settings(
        database_url=url,
        discord_token="probe-token",
        openai_api_key="sk-probe",
        openai_base_url="http://127.0.0.1:9/v1",
        discord_api_base="http://127.0.0.1:9/api/v10",
    )
    result: dict = {}
    async with open_app(settings, seed=False) as app:
        services = BotServices(settings, app.checker, app.repository, GuildRepository(app.repository.engine))
        bot = build_bot(services)
        await bot.setup_hook()  # adds the cogs and the persistent view, as on start
        stages.append(("app + bot built", status_kb("VmRSS")))
        result["arenas_before_mb"] = pymalloc_arenas_mb()
        started = time.perf_counter()
        names = await app.repository.name_index()
        result["name_index_s"] = time.perf_counter() - started
        result["names"] = len(names)
        result["incidents"] = await app.repository.count()
        stages.append(("name index built", status_kb("VmRSS")))
        result["arenas_after_mb"] = pymalloc_arenas_mb()
        answered = []
        for claim in CLAIMS:
            answer = await app.checker.answer(claim, use_llm=False)
            answered.append(answer.incident.id if answer.incident else None)
        result["answered"] = answered
        stages.append(("answered 5 claims", status_kb("VmRSS")))
        if trace:
            import tracemalloc

            snapshot = tracemalloc.take_snapshot()
            top = snapshot.statistics("filename")[:8]
            root = str(Path(__file__).resolve().parent.parent) + "/"
            result["top_allocations"] = [
                (str(stat.traceback[0].filename).replace(root, ""), stat.size) for stat in top
            ]
            result["traced_total"] = sum(stat.size for stat in snapshot.statistics("filename"))
        await bot.close()
    result["stages"] = stages
    result["rss_kb"] = stages[-1][1]
    result["hwm_kb"] = status_kb("VmHWM")
    return result


def main() -> None:
    url = sys.argv[1]
    trace = "--trace" in sys.argv[2:]
    if trace:
        import tracemalloc

        tracemalloc.start()
    print(json.dumps(asyncio.run(probe(url, trace))))


if __name__ == "__main__":
    main()
