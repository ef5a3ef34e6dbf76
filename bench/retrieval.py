"""2. Retrieval latency: `FactChecker.lookup(screen(text))` vs the bare full-text query.

For each database size the same kinds of claims are looked up: claims about synthetic
incidents in the database, the seed's curated claims, and claims about services the
knowledge base has no record of. Only `lookup` is timed (screening is benchmark 1). The
baseline is the full-text query alone with the same terms (`fts_terms` of the screened
text, the same expression, ranking and LIMIT 20 as `bot/storage/fts.py`) on a raw DBAPI
connection: what any retrieval over this index must pay at least.
"""

from __future__ import annotations

import cProfile
import random
import re
import time
from dataclasses import dataclass

from sqlalchemy import event, text

from bench.common import Row, clear_caches, ms, p50, p95, profile_table
from bench.dataset import BenchDatabase
from bench.synth import MESSAGE_CLAIMS, claim_about
from bot.core.detect import Detection
from bot.core.lexicon import KNOWN_SERVICES
from bot.core.names import NameIndex
from bot.core.pipeline import FactChecker
from bot.core.ports import Candidate, SearchQuery
from bot.core.records import Incident
from bot.core.retrieve import fts_terms
from bot.storage import fts

GOAL_P95_S = 0.010
GOAL_RATIO = 2.0


class TimedStore:
    """The repository, with the time spent in `candidates` (SQL + loading rows) recorded."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.last_candidates_s = 0.0
        self.last_count = 0

    async def name_index(self):
        return await self.inner.name_index()

    async def get(self, incident_id: str):
        return await self.inner.get(incident_id)

    async def candidates(self, query: SearchQuery) -> list[Candidate]:
        started = time.perf_counter()
        found = await self.inner.candidates(query)
        self.last_candidates_s = time.perf_counter() - started
        self.last_count = len(found)
        return found


@dataclass
class Measured:
    lookup: list[float]
    bare: list[float]
    candidates: list[float]
    loaded: list[int]
    named: list[int]
    matched: int
    texts: list[str]
    kinds: list[str]


KINDS = (
    "about a synthetic incident",
    "quoting a curated seed claim",
    "naming a known service with no record",
)


def queries(
    rng: random.Random, sample: list[Incident], seed: tuple[Incident, ...], count: int, names: NameIndex
) -> tuple[list[str], list[str]]:
    """Half about synthetic incidents, a quarter the seed's claims, a quarter about well-known services
    the knowledge base has no record of ("is okta down?"); the texts and their kinds."""
    seed_claims = [claim.text for incident in seed for claim in incident.claims]
    unknown = sorted(
        s for s in KNOWN_SERVICES if len(s) > 3 and not any(hit.incident_ids for hit in names.find(s))
    )
    texts, kinds = [], []
    for i in range(count):
        kind = i % 4
        if kind in (0, 1) and sample:
            texts.append(claim_about(rng, rng.choice(sample)))
            kinds.append(KINDS[0])
        elif kind == 2:
            texts.append(rng.choice(seed_claims))
            kinds.append(KINDS[1])
        else:
            texts.append(rng.choice(MESSAGE_CLAIMS).format(service=rng.choice(unknown)))
            kinds.append(KINDS[2])
    return texts, kinds


def bare_query(db: BenchDatabase):
    """A function running the bare full-text query on one raw DBAPI connection."""
    raw = db.engine.raw_connection()
    cursor = raw.cursor()
    if db.kind == "sqlite":
        sql = (
            f"SELECT incident_id, -bm25({fts.TABLE}, 0.0, 4.0, 2.0, 1.0) AS score FROM {fts.TABLE} "
            f"WHERE {fts.TABLE} MATCH ? ORDER BY score DESC LIMIT 20"
        )

        def run(terms: tuple[str, ...]) -> list:
            expression = fts.match_expression(terms)
            if expression is None:
                return []
            cursor.execute(sql, (expression,))
            return cursor.fetchall()
    else:
        sql = (
            f"SELECT incident_id, ts_rank(document, query) AS score FROM {fts.TABLE}, "
            "to_tsquery('english', %s) AS query WHERE document @@ query "
            "ORDER BY score DESC, incident_id LIMIT 20"
        )

        def run(terms: tuple[str, ...]) -> list:
            expression = fts.tsquery_expression(terms)
            if expression is None:
                return []
            cursor.execute(sql, (expression,))
            rows = cursor.fetchall()
            raw.commit()
            return rows

    return run, raw


async def measure(db: BenchDatabase, texts: list[str], kinds: list[str], warmup: int) -> Measured:
    store = TimedStore(db.repository)
    checker = FactChecker(store)
    run_bare, raw = bare_query(db)
    detections: list[Detection] = [await checker.screen(t) for t in texts]
    for detection in detections[:warmup]:
        await checker.lookup(detection)
        run_bare(fts_terms(detection.text))
    clear_caches()  # the warm-up is for connections and pages, not for the bot's text caches
    result = Measured([], [], [], [], [], 0, texts, kinds)
    for i, detection in enumerate(detections):
        terms = fts_terms(detection.text)
        order = (0, 1) if i % 2 else (1, 0)
        for which in order:
            if which == 0:
                started = time.perf_counter()
                retrieval = await checker.lookup(detection)
                result.lookup.append(time.perf_counter() - started)
                result.candidates.append(store.last_candidates_s)
                result.loaded.append(store.last_count)
                result.matched += retrieval.incident is not None
            else:
                started = time.perf_counter()
                run_bare(terms)
                result.bare.append(time.perf_counter() - started)
        result.named.append(len({i for hit in detection.services for i in hit.incident_ids}))
    raw.close()
    return result


async def profile_slowest(db: BenchDatabase, measured: Measured, top: int = 10) -> tuple[str, str]:
    """cProfile of the slowest lookups, run inline (no worker thread) so the SQL side shows, and the
    SQL statements they ran with their total time."""
    slow = sorted(range(len(measured.lookup)), key=lambda i: measured.lookup[i], reverse=True)[:top]
    repository = db.repository
    checker = FactChecker(repository)
    detections = [await checker.screen(measured.texts[i]) for i in slow]
    statements: dict[str, list[float]] = {}
    started_at: list[float] = []

    def before(_conn, _cursor, _statement, _parameters, _context, _many) -> None:
        started_at.append(time.perf_counter())

    def after(_conn, _cursor, statement, _parameters, _context, _many) -> None:
        took = time.perf_counter() - started_at.pop()
        key = " ".join(statement.split())
        key = re.sub(r"\bIN \((?:[^()]|\([^()]*\))*\)", "IN (…)", key)
        key = re.sub(r"^SELECT (?:(?!\bFROM\b).){70,}? FROM ", "SELECT … FROM ", key)[:200]
        statements.setdefault(key, []).append(took)

    async def inline(fn, *args):
        return fn(*args)

    event.listen(db.engine, "before_cursor_execute", before)
    event.listen(db.engine, "after_cursor_execute", after)
    repository._run = inline  # type: ignore[method-assign]
    profiler = cProfile.Profile()
    try:
        profiler.enable()
        for detection in detections:
            await checker.lookup(detection)
        profiler.disable()
    finally:
        del repository._run
        event.remove(db.engine, "before_cursor_execute", before)
        event.remove(db.engine, "after_cursor_execute", after)
    table, _names = profile_table(profiler, 10)
    ranked = sorted(statements.items(), key=lambda item: sum(item[1]), reverse=True)[:4]
    sql = "\n".join(f"{sum(t) * 1000:8.1f} ms {len(t):4d}×  {statement}" for statement, t in ranked)
    return table, sql


async def match_counts(
    db: BenchDatabase, measured: Measured, top: int = 5
) -> tuple[str, tuple[float, float]]:
    """How many documents the full-text query of the slowest lookups matches (what it must rank)."""
    slow = sorted(range(len(measured.lookup)), key=lambda i: measured.lookup[i], reverse=True)[:top]
    checker = FactChecker(db.repository)
    raw = db.engine.raw_connection()
    cursor = raw.cursor()
    parts = []
    fractions = []
    try:
        for i in slow:
            terms = fts_terms((await checker.screen(measured.texts[i])).text)
            if db.kind == "sqlite":
                expression = fts.match_expression(terms)
                cursor.execute(f"SELECT count(*) FROM {fts.TABLE} WHERE {fts.TABLE} MATCH ?", (expression,))
            else:
                expression = fts.tsquery_expression(terms)
                cursor.execute(
                    f"SELECT count(*) FROM {fts.TABLE} WHERE document @@ to_tsquery('english', %s)",
                    (expression,),
                )
            matches = cursor.fetchone()[0]
            fractions.append(matches / db.size)
            parts.append(
                f"`{measured.texts[i]}` ({ms(measured.lookup[i])}; terms {' '.join(terms)}; "
                f"{matches:,} matching documents; {measured.loaded[i]} incidents loaded)"
            )
    finally:
        raw.close()
    text = f"- Slowest {db.kind} lookups at {db.size:,}: " + "; ".join(parts) + "."
    return text, (min(fractions, default=0.0), max(fractions, default=0.0))


def import_plan(db: BenchDatabase) -> str:
    """How SQLite runs the full-text index's per-incident DELETE (fts.reindex)."""
    if db.kind != "sqlite":
        return ""
    with db.engine.connect() as conn:
        plan = conn.execute(
            text(f"EXPLAIN QUERY PLAN {fts.SQLITE_DELETE}"), {"rowid": 0, "incident_id": "x"}
        ).all()
    return " / ".join(str(row[-1]) for row in plan)


def summarize(kind: str, size: int, m: Measured) -> tuple[Row, str]:
    lookup_p95, bare_p95 = p95(m.lookup), p95(m.bare)
    ratio = lookup_p95 / bare_p95 if bare_p95 else float("inf")
    big = size >= 100_000
    met: bool | None = (lookup_p95 < GOAL_P95_S and ratio <= GOAL_RATIO) if big else None
    row = Row(
        f"Retrieval `lookup`, {kind}, {size:,} incidents",
        f"p50 {ms(p50(m.lookup))} · p95 {ms(lookup_p95)}",
        f"bare {'FTS5 MATCH' if kind == 'SQLite' else 'tsvector @@'}: "
        f"p50 {ms(p50(m.bare))} · p95 {ms(bare_p95)}",
        f"{ratio:.1f}× (p95)",
        "p95 < 10 ms and ≤ 2× bare" if big else "(goal is set at 100k)",
        met,
    )
    detail = (
        f"| {kind} | {size:,} | {len(m.lookup)} | {ms(p50(m.lookup))} | {ms(lookup_p95)} | "
        f"{ms(max(m.lookup))} | "
        f"{ms(p50(m.bare))} | {ms(bare_p95)} | {ms(p95(m.candidates))} | "
        f"{sum(m.loaded) / len(m.loaded):.0f} (max {max(m.loaded)}) | {max(m.named)} | "
        f"{m.matched / len(m.lookup):.0%} |"
    )
    return row, detail


def split_note(kind: str, size: int, m: Measured, many: int = 100) -> str:
    """Lookups naming a service with many incidents against the rest, and where the time goes."""
    heavy = [i for i, n in enumerate(m.named) if n > many]
    light = [i for i, n in enumerate(m.named) if n <= many]
    share = sum(m.candidates) / sum(m.lookup)
    parts = [
        f"- {kind} at {size:,}: `candidates()` (the store: full-text query and/or named incidents, loading "
        f"them) is {share:.0%} of lookup time, the rest is scoring in `retrieve` (time windows, claim "
        f"matching). At most {max(m.loaded)} incidents were loaded by one lookup."
    ]
    if heavy:
        parts.append(
            f" The {len(heavy)} lookups naming a service with more than {many} incidents: "
            f"p50 {ms(p50([m.lookup[i] for i in heavy]))} · p95 {ms(p95([m.lookup[i] for i in heavy]))}, "
            f"{max(m.loaded[i] for i in heavy)} incidents loaded at most; the other {len(light)}: "
            f"p50 {ms(p50([m.lookup[i] for i in light]))} · p95 {ms(p95([m.lookup[i] for i in light]))}."
        )
    for kind in KINDS:
        chosen = [t for t, k in zip(m.lookup, m.kinds, strict=True) if k == kind]
        if chosen:
            parts.append(f" Messages {kind} ({len(chosen)}): p50 {ms(p50(chosen))} · p95 {ms(p95(chosen))}.")
    return "".join(parts)


def by_kind(m: Measured) -> list[tuple[str, int, float]]:
    """(kind, count, p95) for each kind of message, slowest first."""
    found = []
    for kind in KINDS:
        chosen = [t for t, k in zip(m.lookup, m.kinds, strict=True) if k == kind]
        if chosen:
            found.append((kind, len(chosen), p95(chosen)))
    return sorted(found, key=lambda item: item[2], reverse=True)


DETAIL_HEADER = (
    "| database | incidents | lookups | lookup p50 | lookup p95 | lookup max | bare p50 | bare p95 | "
    "`candidates()` p95 | incidents loaded per lookup (mean) | most incidents named by one message | "
    "matched an incident |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
)
