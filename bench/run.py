"""Runs every benchmark and writes BENCHMARKS.md: `.venv/bin/python -m bench [--quick]`.

Full mode takes several minutes on a 2-core machine (most of it growing the 100k-incident
databases); `--quick` uses small sizes and finishes in well under a minute, as a smoke test.
Everything runs on loopback: the fake Discord and fake OpenAI servers of the test suite,
a SQLite file in a temporary directory and a PostgreSQL schema of our own (dropped at the end).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

if __package__ in (None, ""):  # run as `python bench/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import checker, end_to_end, machine, memory, prompt_tokens, retrieval, screening
from bench.common import Row, Section, ms, p50, p95
from bench.dataset import POSTGRES_URL, BenchDatabase, postgres_available
from bench.synth import ROOT, seed_incidents
from bot.core.pipeline import FactChecker
from bot.storage import fts
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import IncidentRepository


@dataclass(frozen=True)
class Plan:
    mode: str
    sizes: tuple[int, ...]  # synthetic incidents per retrieval step (the seed comes on top)
    import_limit: int  # up to here incidents go through import_incidents, beyond it bulk_insert
    queries: int
    screen_messages: int
    screen_repeats: int
    checker_passes: int
    checker_variants: int
    mentions: int
    burst: int
    trace_memory: bool


FULL = Plan("full", (1_000, 10_000, 100_000), 10_000, 200, 20_000, 9, 6, 3, 100, 1_000, True)
QUICK = Plan("quick", (1_000,), 10_000, 40, 2_000, 3, 2, 1, 20, 200, False)


T = TypeVar("T")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


async def seed_database(workdir: Path) -> tuple[IncidentRepository, str]:
    url = f"sqlite:///{workdir / 'seed.db'}"
    engine = make_engine(url)
    prepare(engine)
    repository = IncidentRepository(engine)
    await repository.import_incidents(seed_incidents(), actor="bench-seed")
    return repository, url


async def retrieval_on(kind: str, workdir: Path, plan: Plan, section: Section, after_last=None) -> None:
    label = "SQLite" if kind == "sqlite" else "PostgreSQL"
    db = BenchDatabase(kind, workdir, import_limit=plan.import_limit)
    try:
        await db.load_seed()
        rng = random.Random(3)
        last = None
        for size in plan.sizes:
            log(f"{label}: growing to {size:,} synthetic incidents")
            await db.grow_to(size)
            names = await db.repository.name_index()
            texts, kinds = retrieval.queries(rng, db.sample, db.seed, plan.queries, names)
            log(f"{label}: {len(texts)} lookups at {db.size:,} incidents")
            measured = await retrieval.measure(db, texts, kinds, warmup=min(20, len(texts)))
            row, detail = retrieval.summarize(label, db.size, measured)
            section.rows.append(row)
            section.details.append(detail)
            last = measured
        assert last is not None
        big_row = section.rows[-1]
        section.notes.append(retrieval.split_note(label, db.size, last))
        if max(last.lookup) > retrieval.GOAL_P95_S:
            profile, sql = await retrieval.profile_slowest(db, last)
            section.notes.append(
                f"- cProfile of the 10 slowest {label} lookups at {db.size:,} incidents run again "
                f"(inline, top 10 by own time):\n\n```\n{profile}\n```\n\n  and the SQL they ran, "
                f"by total time:\n\n```\n{sql}\n```"
            )
            counts, (_low, high) = await retrieval.match_counts(db, last)
            section.notes.append(counts)
            if big_row.met is False:
                heavy = [t for t, n in zip(last.lookup, last.named, strict=True) if n > 100]
                share = sum(last.candidates) / sum(last.lookup)
                kinds = "; ".join(
                    f"messages {kind}: p95 {ms(value)}" for kind, _n, value in retrieval.by_kind(last)
                )
                big_row.hint = (
                    f"by kind of message, {kinds}. The store's `candidates()` is {share:.0%} of lookup time "
                    "(its SQL is listed under 2.). The bare full-text query alone (the OR of the message's "
                    f"terms, every match ranked before LIMIT 20) has p50 {ms(p50(last.bare))} · p95 "
                    f"{ms(p95(last.bare))}; the terms of the 5 slowest lookups match up to {high:.0%} of all "
                    f"documents. {len(heavy)} of {len(last.lookup)} lookups named a service with more than "
                    + (f"100 incidents (p95 {ms(p95(heavy))})." if heavy else "100 incidents.")
                )
        if after_last is not None:
            await after_last(db)
        await import_report(db, label, section, plan)
    finally:
        db.close()


async def import_report(db: BenchDatabase, label: str, section: Section, plan: Plan) -> None:
    """How writing incidents scales: `import_incidents` per batch, and one more batch at the end."""
    service, count = db.busiest_service()
    growth = db.log
    steps = ", ".join(f"to {size:,} in {seconds:.0f} s ({how})" for size, how, seconds in growth.steps)
    batches = growth.import_batches
    probe_n = 20
    probe_s = await db.probe_import(probe_n)
    section.rows.append(
        Row(
            f"Import `import_incidents`, {label} (batches of 1,000)",
            f"{ms(growth.import_s / growth.imported)}/incident over the first {growth.imported:,} "
            f"(first batch {ms(batches[0][1])}, last {ms(batches[-1][1])}); {ms(probe_s)}/incident at "
            f"{db.size - probe_n:,}",
            f"`bulk_insert` of the same rows: {ms(growth.bulk_s / growth.bulk)}/incident"
            if growth.bulk
            else "—",
            f"{(growth.import_s / growth.imported) / (growth.bulk_s / growth.bulk):.0f}×"
            if growth.bulk
            else "—",
            "— (context for 2.)",
            None,
        )
    )
    section.notes.append(
        f"- {label}: grown {steps}. `import_incidents` wrote {growth.imported:,} incidents in batches "
        f"of 1,000 ({ms(batches[0][1])} per incident in the first batch, {ms(batches[-1][1])} in the last: "
        f"at that pace 100k would take {100_000 * batches[-1][1] / 60:.0f} min or more)"
        + (
            f"; the other {growth.bulk:,} went in through `bench.dataset.bulk_insert` (the same rows with "
            f"executemany) at {growth.bulk / growth.bulk_s:,.0f}/s"
            if growth.bulk
            else ""
        )
        + f". One more `import_incidents` of {probe_n} incidents at {db.size - probe_n:,} took {ms(probe_s)} "
        f"per incident. Busiest service: {service!r} with {count:,} incidents."
    )
    plan_text = retrieval.import_plan(db)
    if plan_text:
        # FTS5 prints SCAN for every plan; an empty index string after "0:" is a full scan.
        full_scan = plan_text.rstrip().endswith(":")
        section.notes.append(
            "- SQLite plan of the full-text index's per-incident delete (run by `fts.reindex` on every "
            f"write, `{fts.SQLITE_DELETE}`): `{plan_text}` — "
            + (
                "a full scan of the index: imports grow quadratically."
                if full_scan
                else "a rowid lookup (the FTS rows are keyed by a hash of the incident id)."
            )
        )


async def run_all(plan: Plan, output: Path, use_postgres: bool) -> None:
    started = time.perf_counter()
    logging.basicConfig(level=logging.ERROR)
    pg_problem = postgres_available() if use_postgres else "switched off with --no-postgres"
    sections: list[Section] = []
    with tempfile.TemporaryDirectory(prefix="factbot-bench-") as tmp:
        workdir = Path(tmp)
        repository, seed_url = await seed_database(workdir)
        names = await repository.name_index()

        t0 = time.perf_counter()
        log("1. screening")
        screen = screening.run(
            names, messages=plan.screen_messages, repeats=plan.screen_repeats, seed_url=seed_url
        )
        screen.seconds = time.perf_counter() - t0
        sections.append(screen)

        t0 = time.perf_counter()
        log("3. checker")
        check = checker.run(seed_incidents(), passes=plan.checker_passes, variants=plan.checker_variants)
        check.seconds = time.perf_counter() - t0

        t0 = time.perf_counter()
        log("5. prompt tokens")
        prompts = await prompt_tokens.run(FactChecker(repository), seed_incidents())
        prompts.seconds = time.perf_counter() - t0
        repository.engine.dispose()

        t0 = time.perf_counter()
        log("4. end to end")
        e2e = await end_to_end.run(mentions=plan.mentions, burst=plan.burst)
        e2e.seconds = time.perf_counter() - t0

        t0 = time.perf_counter()
        ret = Section("2. Retrieval latency")
        # Each database in a fresh interpreter, as the bot runs with one store: measured in one
        # process after the other, the second one's lookups were slower (p95 9-12 ms against
        # 7-8 ms for PostgreSQL alone at 100k).
        log("2. retrieval on SQLite (in a fresh interpreter)")
        sqlite_ret, screen_lines, mem = _in_fresh_interpreter(_sqlite_part, workdir, plan, seed_url)
        _merge(ret, sqlite_ret)
        screen.add(*screen_lines)
        if pg_problem is None:
            log("2. retrieval on PostgreSQL (in a fresh interpreter)")
            _merge(ret, _in_fresh_interpreter(_postgres_part, workdir, plan))
        else:
            ret.notes.append(f"- PostgreSQL was not measured: {pg_problem}.")
        ret.rows.sort(key=lambda row: row.benchmark.startswith("Import"))  # retrieval rows first
        ret.seconds = time.perf_counter() - t0 - mem.seconds
        sections[1:1] = [ret, check, e2e, prompts, mem]
    total = time.perf_counter() - started
    pg_url = POSTGRES_URL if pg_problem is None else None
    output.write_text(render(plan, sections, machine.describe(pg_url), total), encoding="utf-8")
    log(f"wrote {output} in {total:.0f} s")
    for section in sections:
        for row in section.rows:
            mark = {True: "met", False: "NOT MET", None: "-"}[row.met]
            print(f"  {mark:8} {row.benchmark}: {row.figure} | {row.ratio}")


def _in_fresh_interpreter(fn: Callable[..., T], *args: object) -> T:
    """`fn(*args)` in a new Python process (spawned, not forked): nothing left over from the
    benchmarks before it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _merge(into: Section, part: Section) -> None:
    into.rows.extend(part.rows)
    into.details.extend(part.details)
    into.notes.extend(part.notes)


def _sqlite_part(workdir: Path, plan: Plan, seed_url: str) -> tuple[Section, list[str], Section]:
    """Retrieval on SQLite; then, with its largest database, the screen against that alias
    index (lines for section 1) and resident memory (section 6)."""
    logging.basicConfig(level=logging.ERROR)
    ret, screen = Section("2"), Section("1")
    measured: list[Section] = []

    async def main() -> None:
        names = await IncidentRepository(make_engine(seed_url)).name_index()

        async def after_sqlite(db: BenchDatabase) -> None:
            big_names = await db.repository.name_index()
            screening.add_big_index(screen, names, big_names, plan.screen_messages, plan.screen_repeats)
            db.engine.dispose()
            log("6. memory (subprocesses)")
            m0 = time.perf_counter()
            measured.append(memory.run(db.url, db.size, seed_url, trace=plan.trace_memory))
            measured[0].seconds = time.perf_counter() - m0

        await retrieval_on("sqlite", workdir, plan, ret, after_last=after_sqlite)

    asyncio.run(main())
    return ret, screen.details, measured[0]


def _postgres_part(workdir: Path, plan: Plan) -> Section:
    logging.basicConfig(level=logging.ERROR)
    ret = Section("2")
    asyncio.run(retrieval_on("postgresql", workdir, plan, ret))
    return ret


def _met(value: bool | None) -> str:
    return {True: "yes", False: "**NO**", None: "—"}[value]


def render(plan: Plan, sections: list[Section], host: list[tuple[str, str]], total: float) -> str:
    rows: list[Row] = [row for section in sections for row in section.rows]
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench` "
        f"(`.venv/bin/python -m bench{' --quick' if plan.mode == 'quick' else ''}`), "
        f"**{plan.mode} mode**, in {total / 60:.1f} min. Do not edit by hand: rerun the command.",
    ]
    if plan.mode == "quick":
        out += [
            "",
            "> Quick mode is a smoke test with small sizes; goals set at 100k incidents are not judged.",
        ]
    out += ["", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {key} | {value} |" for key, value in host]
    out += [
        "",
        "## Results",
        "",
        "Each figure is compared with a baseline measured in the same run on the same data.",
        "",
        "| benchmark | figure | baseline | ratio | goal | met? |",
        "|---|---|---|---|---|---|",
    ]
    out += [
        f"| {r.benchmark} | {r.figure} | {r.baseline} | {r.ratio} | {r.goal} | {_met(r.met)} |" for r in rows
    ]
    missed = [r for r in rows if r.met is False]
    out += ["", "### Goals not met", ""]
    if missed:
        for r in missed:
            line = f"- **{r.benchmark}**: {r.figure}; goal {r.goal}; against its baseline: {r.ratio}."
            if r.hint:
                line += f" Where it goes: {r.hint}"
            out.append(line)
        out += ["", "The details below have the profiles these notes come from."]
    else:
        out += ["None."]
    for section in sections:
        out += ["", f"## {section.title}", ""]
        if section.title.startswith("2."):
            out += [retrieval.DETAIL_HEADER]
            out += section.details
            out += [""]
            out += section.notes
        else:
            out += section.details
        intro = METHOD.get(section.title[:2])
        if intro:
            out += ["", intro]
        out += ["", f"_Took {section.seconds:.0f} s._"]
    out += ["", "## Method", "", *METHOD_NOTES, ""]
    return "\n".join(out)


METHOD = {
    "1.": (
        "Method: `bench/screening.py` (best of several runs over the whole stream; payloads built by "
        "`tests/fakes/discord_server.py`, parsed by a `ConnectionState` holding the guild from its "
        "GUILD_CREATE payload, event dispatch stubbed; each parse run gets freshly decoded payloads, as "
        "discord.py mutates them)."
    ),
    "2.": (
        "Method: `bench/retrieval.py`. Each lookup is `FactChecker.lookup(await checker.screen(text))` with "
        "only `lookup` timed; the bare query runs right before or after it (alternating), same terms. "
        "Half the texts are claims about synthetic incidents in the database, a quarter the seed's curated "
        'claims, a quarter name well-known services the knowledge base has no record of ("no record").'
    ),
    "3.": "Method: `bench/checker.py`; each draft is timed individually with `time.perf_counter`.",
    "4.": (
        "Method: `bench/end_to_end.py`; the LLM budget per guild is raised so it does not interfere, every "
        "other setting is the default (10 LLM answers per user per hour: each mention comes from its own "
        "member)."
    ),
    "5.": "Method: `bench/prompt_tokens.py`.",
    "6.": "Method: `bench/memory.py` runs `bench/memory_probe.py` in fresh processes.",
}
METHOD_NOTES = [
    "- Data: synthetic incidents from `bench/synth.py` (seeded RNG): ~4,000 made-up services plus the "
    "seed's real ones, popularity skewed as 1/√rank, 1-3 aliases each, dates 2015-2025, 2-3 sources with "
    "excerpts and 2-3 curated claims per incident, always on top of the 32 seed incidents. Chat messages "
    "and claims come from templates in the same file; nothing is copied from the evaluation sets.",
    "- Percentiles are nearest-rank. Times are wall-clock (`time.perf_counter`) on a 2-core machine with "
    "the benchmark, the bot and the fake servers in one process, so they include scheduling noise.",
    "- Databases: a SQLite file in a temporary directory and a `bench_<random>` PostgreSQL schema "
    "(search_path set through the URL), both removed at the end.",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke test under a minute")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "BENCHMARKS.md", help="where to write the report"
    )
    parser.add_argument(
        "--no-postgres", action="store_true", help="skip the PostgreSQL half of the retrieval"
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    asyncio.run(run_all(plan, args.output, use_postgres=not args.no_postgres))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
