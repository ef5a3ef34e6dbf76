"""Several factbot processes on one database: edits conflict cleanly, imports never interleave."""

from __future__ import annotations

import asyncio
import multiprocessing
import queue
from pathlib import Path

from sqlalchemy import func, select
from sqlmodel import Session

from bot.core.curation import StaleVersionError, edit_fields
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository
from bot.storage.tables import IncidentRow, NameRow, SourceRow
from tests.conftest import SEED, seed_incidents

SPAWN = multiprocessing.get_context("spawn")
INCIDENT = "fastly-2021-06-08"


def edit_in_a_process(url: str, title: str, barrier, results) -> None:
    engine = make_engine(url)
    repository = IncidentRepository(engine)
    incident = asyncio.run(repository.get(INCIDENT))
    assert incident is not None
    barrier.wait(timeout=30)
    try:
        asyncio.run(
            repository.save_change(
                edit_fields(incident, title=title), expected_version=incident.version, actor=title
            )
        )
        results.put(("won", title))
    except StaleVersionError as error:
        results.put(("conflict", str(error)))
    finally:
        engine.dispose()


def import_in_a_process(url: str, barrier, results) -> None:
    from bot.core.kb_format import load_knowledge_base_text

    engine = make_engine(url)
    incidents = load_knowledge_base_text(Path(SEED).read_text(encoding="utf-8")).incidents
    barrier.wait(timeout=30)
    report = asyncio.run(IncidentRepository(engine).import_incidents(incidents, actor="process"))
    results.put((len(report.created), len(report.replaced)))
    engine.dispose()


def count_in_a_process(url: str, stop, results) -> None:
    engine = make_engine(url)
    seen = set()
    while not stop.is_set():
        with Session(engine) as session:
            seen.add(session.execute(select(func.count()).select_from(IncidentRow)).scalar_one())
    results.put(seen)
    engine.dispose()


def drain(results, count: int) -> list:
    found = []
    for _ in range(count):
        try:
            found.append(results.get(timeout=60))
        except queue.Empty:
            break
    return found


def run(processes: list) -> None:
    for process in processes:
        process.start()
    for process in processes:
        process.join(timeout=90)
        assert process.exitcode == 0, f"{process.name} exited with {process.exitcode}"


async def test_two_processes_editing_one_incident_one_wins_the_other_gets_a_conflict(
    repository: IncidentRepository, database_url: str
):
    barrier, results = SPAWN.Barrier(2), SPAWN.Queue()
    processes = [
        SPAWN.Process(target=edit_in_a_process, args=(database_url, title, barrier, results))
        for title in ("Edit from process A", "Edit from process B")
    ]
    run(processes)
    outcomes = sorted(drain(results, 2))
    assert [kind for kind, _ in outcomes] == ["conflict", "won"]
    assert "changed by someone else" in outcomes[0][1]
    stored = await repository.get(INCIDENT)
    assert stored.title == outcomes[1][1] and stored.version == 2


def test_two_processes_importing_at_once_leave_no_duplicates(database_url: str):
    engine = make_engine(database_url)
    prepare(engine)
    barrier, results = SPAWN.Barrier(2), SPAWN.Queue()
    run([SPAWN.Process(target=import_in_a_process, args=(database_url, barrier, results)) for _ in range(2)])
    reports = sorted(drain(results, 2))
    total = len(seed_incidents())
    assert reports == [(0, total), (total, 0)]  # one created everything, the other replaced it
    with Session(engine) as session:
        assert session.execute(select(func.count()).select_from(IncidentRow)).scalar_one() == total
        names = sum(1 + len(i.aliases) + len(i.affected_services) for i in seed_incidents())
        assert session.execute(select(func.count()).select_from(NameRow)).scalar_one() == names
        sources = sum(len(i.sources) for i in seed_incidents())
        assert session.execute(select(func.count()).select_from(SourceRow)).scalar_one() == sources
    engine.dispose()


def test_a_reader_never_sees_a_partial_import(database_url: str):
    engine = make_engine(database_url)
    prepare(engine)
    barrier, stop, imported, seen = SPAWN.Barrier(1), SPAWN.Event(), SPAWN.Queue(), SPAWN.Queue()
    reader = SPAWN.Process(target=count_in_a_process, args=(database_url, stop, seen))
    reader.start()
    run([SPAWN.Process(target=import_in_a_process, args=(database_url, barrier, imported))])
    stop.set()
    reader.join(timeout=60)
    counts = drain(seen, 1)[0]
    assert counts <= {0, len(seed_incidents())}
    engine.dispose()
