"""Benchmark databases: SQLite files and PostgreSQL schemas of our own, grown step by step.

Incidents go in through `IncidentRepository.import_incidents` in batches of 1,000, the way
`factbot db import` writes them. That path costs a few milliseconds per incident, so past
`import_limit` the rest is written by `bulk_insert`, which writes the very same rows
(incident, names, sources, claims, audit entry, full-text document, generation bump) with
executemany; the import rate is measured on the part that went through the repository.
"""

from __future__ import annotations

import os
import random
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import Engine, create_engine, func, insert, select, text, update
from sqlalchemy.engine import make_url

from bench.synth import IncidentFactory, seed_incidents
from bot.core.kb_format import incident_to_json
from bot.core.records import Incident
from bot.storage import fts
from bot.storage.database import make_engine
from bot.storage.migrations import prepare
from bot.storage.repository import GENERATION, IncidentRepository, _rows_for
from bot.storage.tables import AuditRow, ClaimRow, IncidentRow, MetaRow, NameRow, SourceRow, utcnow

POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
BATCH = 1_000


@dataclass
class GrowthLog:
    imported: int = 0
    import_s: float = 0.0
    bulk: int = 0
    bulk_s: float = 0.0
    import_batches: list[tuple[int, float]] = field(default_factory=list)  # (size before, s per incident)
    steps: list[tuple[int, str, float]] = field(default_factory=list)  # (size reached, how, seconds)

    @property
    def import_rate(self) -> float:
        return self.imported / self.import_s if self.import_s else 0.0

    @property
    def bulk_rate(self) -> float:
        return self.bulk / self.bulk_s if self.bulk_s else 0.0


class PostgresSchema:
    """A `bench_<random>` schema, dropped by `drop()`."""

    def __init__(self, base_url: str = POSTGRES_URL) -> None:
        self.base_url = base_url
        self.name = f"bench_{uuid.uuid4().hex[:10]}"
        self.admin = create_engine(base_url)
        with self.admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{self.name}"'))
        url = make_url(base_url).update_query_dict({"options": f"-csearch_path={self.name}"})
        self.url = url.render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.name}" CASCADE'))
        self.admin.dispose()


def postgres_available(base_url: str = POSTGRES_URL) -> str | None:
    """None when PostgreSQL answers, else the reason."""
    try:
        engine = create_engine(base_url, connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        engine.dispose()
        return None
    except Exception as error:  # any failure means: skip the PostgreSQL half
        return f"{type(error).__name__}: {error}".splitlines()[0]


class BenchDatabase:
    """One database (SQLite file or PostgreSQL schema) holding the seed plus synthetic incidents."""

    def __init__(self, kind: str, workdir: Path, *, import_limit: int) -> None:
        self.kind = kind
        self.schema: PostgresSchema | None = None
        if kind == "sqlite":
            self.path = workdir / "bench.db"
            self.url = f"sqlite:///{self.path}"
        else:
            self.schema = PostgresSchema()
            self.url = self.schema.url
        self.engine: Engine = make_engine(self.url)
        prepare(self.engine)
        self.repository = IncidentRepository(self.engine)
        self.factory = IncidentFactory()
        self.import_limit = import_limit
        self.synthetic = 0
        self.log = GrowthLog()
        self.seed = seed_incidents()
        self.sample: list[Incident] = []  # a uniform sample of the synthetic incidents, for queries
        self._sample_rng = random.Random(99)

    async def load_seed(self) -> None:
        await self.repository.import_incidents(self.seed, actor="bench-seed")

    @property
    def size(self) -> int:
        return len(self.seed) + self.synthetic

    async def grow_to(self, synthetic: int) -> None:
        """Add synthetic incidents until there are `synthetic` of them."""
        started = time.perf_counter()
        how = set()
        for batch in self.factory.batches(synthetic - self.synthetic, BATCH):
            t0 = time.perf_counter()
            if self.synthetic < self.import_limit:
                await self.repository.import_incidents(batch, actor="bench")
                self.log.imported += len(batch)
                self.log.import_s += time.perf_counter() - t0
                self.log.import_batches.append((self.size, (time.perf_counter() - t0) / len(batch)))
                how.add("import_incidents")
            else:
                bulk_insert(self.engine, batch)
                self.log.bulk += len(batch)
                self.log.bulk_s += time.perf_counter() - t0
                how.add("bulk")
            self.synthetic += len(batch)
            self._keep_sample(batch)
        if self.kind == "sqlite":
            with self.engine.begin() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            # What autovacuum does to a live database: planner statistics, and the visibility
            # map and hint bits, without which the first reads of fresh rows also write them.
            with self.engine.connect() as conn:
                autocommit = conn.execution_options(isolation_level="AUTOCOMMIT")
                autocommit.exec_driver_sql("VACUUM (ANALYZE)")
                autocommit.exec_driver_sql("CHECKPOINT")
        os.sync()  # lookups are timed on a settled machine, not while the load is still being written out
        self.repository._index_checked = 0.0  # as after any write: rebuild the alias index
        self.log.steps.append((self.size, "+".join(sorted(how)), time.perf_counter() - started))

    async def probe_import(self, count: int) -> float:
        """Seconds per incident for `import_incidents` of `count` new incidents at the current size."""
        batch = next(self.factory.batches(count, count))
        started = time.perf_counter()
        await self.repository.import_incidents(batch, actor="bench")
        took = (time.perf_counter() - started) / count
        self.synthetic += count
        return took

    def _keep_sample(self, batch: list[Incident], keep: int = 2_000) -> None:
        seen = self.synthetic - len(batch)
        for incident in batch:
            seen += 1
            if len(self.sample) < keep:
                self.sample.append(incident)
            elif (slot := self._sample_rng.randrange(seen)) < keep:
                self.sample[slot] = incident

    def busiest_service(self) -> tuple[str, int]:
        """The service with the most incidents, and how many."""
        with self.engine.connect() as conn:
            row = conn.execute(
                select(IncidentRow.service, func.count())
                .group_by(IncidentRow.service)
                .order_by(func.count().desc())
                .limit(1)
            ).one()
        return str(row[0]), int(row[1])

    def close(self) -> None:
        self.engine.dispose()
        if self.schema is not None:
            self.schema.drop()


def _values(row) -> dict:
    return {k: v for k, v in row.model_dump().items() if k != "pk"}


def bulk_insert(engine: Engine, incidents: Iterable[Incident]) -> None:
    """The rows `import_incidents` writes for new incidents, written with executemany."""
    incidents = list(incidents)
    now = utcnow()
    incident_rows, names, sources, claims, audits, documents = [], [], [], [], [], []
    for incident in incidents:
        incident_rows.append(
            {
                "id": incident.id,
                "service": incident.service,
                "title": incident.title,
                "started_at": incident.started_at,
                "ended_at": incident.ended_at,
                "status": incident.status.value,
                "cause": incident.cause,
                "cause_status": incident.cause_status.value,
                "summary": incident.summary,
                "state": incident.state.value,
                "extra": dict(incident.extra),
                "version": 1,
                "created_at": now,
                "updated_at": now,
                "updated_by": "bench",
            }
        )
        name_rows, source_rows, claim_rows = _rows_for(incident)
        names += [_values(r) for r in name_rows]
        sources += [_values(r) for r in source_rows]
        claims += [_values(r) for r in claim_rows]
        audits.append(
            {
                "at": now,
                "actor": "bench",
                "guild_id": None,
                "action": "import.create",
                "incident_id": incident.id,
                "summary": "created by import",
                "before": None,
                "after": incident_to_json(incident),
            }
        )
        documents.append(fts.index_document(incident))
    with engine.begin() as conn:
        conn.execute(insert(IncidentRow.__table__), incident_rows)
        conn.execute(insert(NameRow.__table__), names)
        conn.execute(insert(SourceRow.__table__), sources)
        conn.execute(insert(ClaimRow.__table__), claims)
        conn.execute(insert(AuditRow.__table__), audits)
        fts.insert_documents(conn, documents)
        row = conn.execute(select(MetaRow.value).where(MetaRow.key == GENERATION)).scalar_one_or_none()
        generation = str(int(row or 0) + 1)
        if row is None:
            conn.execute(insert(MetaRow.__table__), {"key": GENERATION, "value": generation})
        else:
            conn.execute(update(MetaRow.__table__).where(MetaRow.key == GENERATION).values(value=generation))
