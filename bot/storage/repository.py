"""The one small repository over the knowledge base; implements the core's IncidentStore.

SQL runs in worker threads (`asyncio.to_thread`), so the event loop never waits on the
database, and every write is one transaction that also bumps a generation counter: readers
in any process notice a change and rebuild their alias index.
"""

from __future__ import annotations

import asyncio
import gc
import sys
import time as clock
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine, String, any_, bindparam, delete, func, or_, select, text, update
from sqlalchemy.dialects.postgresql import ARRAY
from sqlmodel import Session

from bot.core.curation import Change, CurationError, StaleVersionError
from bot.core.kb_format import incident_to_json
from bot.core.lexicon import INDEXED_SERVICES, NICKNAMES
from bot.core.names import NameIndex, normalise_name
from bot.core.ports import Candidate, SearchQuery
from bot.core.records import (
    CauseStatus,
    Claim,
    Incident,
    IncidentStatus,
    ReviewState,
    Source,
    Verdict,
)
from bot.storage import fts
from bot.storage.database import writer
from bot.storage.record_cache import RecordParts, RecordPartsCache
from bot.storage.tables import AuditRow, ClaimRow, IncidentRow, MetaRow, NameRow, SourceRow, utcnow
from bot.storage.term_frequency import TermFrequencies

T = TypeVar("T")
GENERATION = "generation"
IMPORT_LOCK = 0x66616374  # any constant shared by every factbot process


def serialise_imports(session: Session) -> None:
    """Imports run one at a time across processes (SQLite already is, through BEGIN IMMEDIATE)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})


NAME_INDEX_TTL_S = 2.0
LARGE_INDEX = 10_000  # incidents from which the alias index is kept out of the cyclic GC
# Every candidate is loaded whole and its claims compared with the message, so their number is
# what a lookup costs at scale (~0.2 ms each at 100k records).
MAX_NAMED = 16  # a name shared by more incidents: those of the days, then the years asked, latest first
MAX_ON_DAYS = 40  # incidents begun on a day the message gives, when it names no recorded service
MAX_ON_DAYS_BESIDES_NAMED = 8  # ... and when it does (they matter only if it blames the wrong one)


@dataclass(frozen=True, slots=True)
class ImportReport:
    created: tuple[str, ...]
    replaced: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    actor: str
    guild_id: str | None
    action: str
    incident_id: str
    summary: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def _keep_out_of_the_collector() -> None:
    """A large alias index lives until the records change: keep the cyclic collector from
    walking its objects on every full collection (60 ms at 100k records). Collected first, so
    no garbage of the moment is pinned with it."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _among(session: Session, column: Any, keys: Sequence[str]) -> Any:
    """`column IN keys`; on PostgreSQL as `= ANY(array)`, one statement whatever the number of
    keys, which the server can keep prepared instead of planning each list length anew."""
    if session.get_bind().dialect.name == "postgresql":
        return column == any_(bindparam(None, list(keys), type_=ARRAY(String)))
    return column.in_(keys)


# Enum members by stored value: a dict lookup, where calling the Enum costs microseconds each,
# thousands of times a second when answers load candidates.
_VERDICTS = {v.value: v for v in Verdict}
_STATUSES = {s.value: s for s in IncidentStatus}
_CAUSE_STATUSES = {s.value: s for s in CauseStatus}
_REVIEW_STATES = {s.value: s for s in ReviewState}


def _parts(names: list[NameRow], sources: list[SourceRow], claims: list[ClaimRow]) -> RecordParts:
    ordered_names = sorted(names, key=lambda n: n.position)
    return RecordParts(
        aliases=tuple(n.name for n in ordered_names if n.kind == "alias"),
        affected_services=tuple(n.name for n in ordered_names if n.kind == "affected"),
        sources=tuple(
            Source(s.source_id, s.title, s.publisher, s.url, s.published_at, s.excerpt)
            for s in sorted(sources, key=lambda s: s.position)
        ),
        claims=tuple(
            Claim(c.claim_id, c.text, _VERDICTS[c.verdict], c.explanation, tuple(c.source_ids))
            for c in sorted(claims, key=lambda c: c.position)
        ),
    )


def _as_incident(row: IncidentRow, parts: RecordParts) -> Incident:
    return Incident(
        id=row.id,
        service=row.service,
        aliases=parts.aliases,
        affected_services=parts.affected_services,
        title=row.title,
        started_at=row.started_at,
        ended_at=row.ended_at,
        status=_STATUSES[row.status],
        cause=row.cause,
        cause_status=_CAUSE_STATUSES[row.cause_status],
        summary=row.summary,
        sources=parts.sources,
        claims=parts.claims,
        version=row.version,
        state=_REVIEW_STATES[row.state],
        extra=dict(row.extra or {}),
    )


def _rows_for(incident: Incident) -> tuple[list[NameRow], list[SourceRow], list[ClaimRow]]:
    names = [
        NameRow(
            incident_id=incident.id,
            kind="service",
            position=0,
            name=incident.service,
            normalised=normalise_name(incident.service),
        )
    ]
    names += [
        NameRow(incident_id=incident.id, kind="alias", position=i, name=a, normalised=normalise_name(a))
        for i, a in enumerate(incident.aliases)
    ]
    names += [
        NameRow(incident_id=incident.id, kind="affected", position=i, name=a, normalised=normalise_name(a))
        for i, a in enumerate(incident.affected_services)
    ]
    sources = [
        SourceRow(
            incident_id=incident.id,
            source_id=s.id,
            position=i,
            title=s.title,
            publisher=s.publisher,
            url=s.url,
            published_at=s.published_at,
            excerpt=s.excerpt,
        )
        for i, s in enumerate(incident.sources)
    ]
    claims = [
        ClaimRow(
            incident_id=incident.id,
            claim_id=c.id,
            position=i,
            text=c.text,
            verdict=c.verdict.value,
            explanation=c.explanation,
            source_ids=list(c.source_ids),
        )
        for i, c in enumerate(incident.claims)
    ]
    return names, sources, claims


class IncidentRepository:
    """Reads and writes incidents; every public method is async and runs SQL off the loop."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writer = writer(engine)
        self._index: NameIndex | None = None
        self._starts: dict[str, float] = {}  # incident id -> start (epoch seconds), with the index
        self._index_generation: int | None = None
        self._index_checked = 0.0
        self._index_lock = asyncio.Lock()
        self.term_frequencies = TermFrequencies()
        self._parts = RecordPartsCache()

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    # --- reads ----------------------------------------------------------------------------

    def _generation(self, session: Session) -> int:
        row = session.get(MetaRow, GENERATION)
        return int(row.value) if row else 0

    def _load(self, session: Session, ids: Sequence[str]) -> dict[str, Incident]:
        if not ids:
            return {}

        # Plain rows, not ORM objects: loading candidates is on every answer's path.
        def rows_of(model: type, key: Any, keys: Sequence[str]) -> list[Any]:
            statement = select(model.__table__).where(_among(session, key, keys))
            return list(session.connection().execute(statement).all())  # Core: no ORM step

        rows = rows_of(IncidentRow, IncidentRow.id, ids)
        known: dict[str, RecordParts] = {}
        for r in rows:
            if (cached := self._parts.get(r.id, (r.version, r.updated_at))) is not None:
                known[r.id] = cached
        missing = [r.id for r in rows if r.id not in known]
        if missing:
            by: dict[str, tuple[list[Any], list[Any], list[Any]]] = {i: ([], [], []) for i in missing}
            for n in rows_of(NameRow, NameRow.incident_id, missing):
                by[n.incident_id][0].append(n)
            for s in rows_of(SourceRow, SourceRow.incident_id, missing):
                by[s.incident_id][1].append(s)
            for c in rows_of(ClaimRow, ClaimRow.incident_id, missing):
                by[c.incident_id][2].append(c)
            for r in rows:
                if r.id in by:
                    known[r.id] = parts = _parts(*by[r.id])
                    self._parts.put(r.id, (r.version, r.updated_at), parts)
        return {r.id: _as_incident(r, known[r.id]) for r in rows}

    async def get(self, incident_id: str) -> Incident | None:
        def work() -> Incident | None:
            with Session(self.engine) as session:
                return self._load(session, [incident_id]).get(incident_id)

        return await self._run(work)

    async def name_index(self) -> NameIndex:
        async with self._index_lock:
            now = clock.monotonic()
            if self._index is not None and now - self._index_checked < NAME_INDEX_TTL_S:
                return self._index
            generation = await self._run(self._read_generation)
            if self._index is None or generation != self._index_generation:
                self._index, self._starts = await self._run(self._build_index)
                self._index_generation = generation
                if len(self._starts) >= LARGE_INDEX:
                    await self._run(_keep_out_of_the_collector)
                self.term_frequencies.forget()  # the records changed: so may their words' counts
            self._index_checked = now
            return self._index

    def _read_generation(self) -> int:
        with Session(self.engine) as session:
            return self._generation(session)

    def _build_index(self) -> tuple[NameIndex, dict[str, float]]:
        """The alias index, and when each incident in it began (to pick among the many incidents
        of a much-named service without a query). Streamed in batches: with 100k incidents,
        fetching every row at once costs more memory than the index itself."""
        aliases: dict[str, set[str]] = {}
        starts: dict[str, float] = {}
        with Session(self.engine) as session:
            rows = session.execute(
                select(NameRow.name, NameRow.incident_id, IncidentRow.started_at)
                .join(IncidentRow, IncidentRow.id == NameRow.incident_id)
                .where(NameRow.kind != "affected", IncidentRow.state == ReviewState.APPROVED.value)
                .execution_options(yield_per=5_000)
            )
            for name, incident_id, started_at in rows:
                incident_id = sys.intern(incident_id)
                aliases.setdefault(name, set()).add(incident_id)
                starts[incident_id] = started_at.timestamp()
        return NameIndex(aliases, INDEXED_SERVICES, NICKNAMES), starts

    async def candidates(self, query: SearchQuery) -> list[Candidate]:
        """Incidents named by alias (the most relevant few when a name is common), or else the
        best full-text hits for the message's words that are not too common to tell records
        apart: a message that names a service needs no scan of every record."""

        def work() -> list[Candidate]:
            with Session(self.engine) as session:
                if query.incident_ids:
                    scores: dict[str, float] = {}
                    ids = self._most_relevant(session, query)
                else:
                    conn = session.connection()
                    terms = self.term_frequencies.selective(conn, query.terms)
                    scores = dict(fts.search(conn, terms, query.limit))
                    ids = list(scores)
                day_limit = MAX_ON_DAYS_BESIDES_NAMED if query.incident_ids else MAX_ON_DAYS
                on_days = self._on_days(session, query.days, day_limit)
                ids += [i for i in on_days if i not in ids]
                loaded = self._load(session, ids)
            return [
                Candidate(loaded[i], scores.get(i, 0.0))
                for i in ids
                if i in loaded and loaded[i].state is ReviewState.APPROVED
            ]

        return await self._run(work)

    def _on_days(self, session: Session, days: tuple[date, ...], limit: int) -> list[str]:
        """Incidents that began on a day the message names (a full date pins an incident)."""
        if not days:
            return []
        windows = [
            IncidentRow.started_at.between(
                datetime.combine(day, time.min, UTC) - timedelta(hours=12),
                datetime.combine(day, time.max, UTC) + timedelta(hours=12),
            )
            for day in days[:3]
        ]
        statement = (
            select(IncidentRow.id)
            .where(or_(*windows), IncidentRow.state == ReviewState.APPROVED.value)
            .limit(limit)
        )
        return list(session.execute(statement).scalars().all())

    def _most_relevant(self, session: Session, query: SearchQuery) -> list[str]:
        """The approved incidents among those named that begun on a day the message gives, then
        the latest (in the years asked, if any).

        Their start times come with the alias index that named them; only ids it does not hold
        are read, by primary key, and sorted here (given an ORDER BY, SQLite walks the whole
        started_at index instead, ~30 ms at 100k records)."""
        named = sorted(query.incident_ids)
        if len(named) <= MAX_NAMED:
            return named
        starts = self._starts
        began = {i: datetime.fromtimestamp(starts[i], UTC) for i in named if i in starts}
        unknown = [i for i in named if i not in began]
        if unknown:
            rows = session.execute(
                select(IncidentRow.id, IncidentRow.started_at).where(
                    _among(session, IncidentRow.id, unknown),
                    IncidentRow.state == ReviewState.APPROVED.value,
                )
            ).all()
            began.update((row.id, row.started_at) for row in rows)
        years = set(query.years)
        noons = [datetime.combine(day, time(12), UTC) for day in query.days]
        kept = [
            (any(abs(start - noon) <= timedelta(hours=24) for noon in noons), start, incident_id)
            for incident_id, start in began.items()
            if not years or start.year in years
        ]
        return [incident_id for *_, incident_id in sorted(kept, reverse=True)[:MAX_NAMED]]

    async def all_incidents(self, *, include_pending: bool = True) -> list[Incident]:
        def work() -> list[Incident]:
            with Session(self.engine) as session:
                stmt = select(IncidentRow.id).order_by(IncidentRow.started_at, IncidentRow.id)
                if not include_pending:
                    stmt = stmt.where(IncidentRow.state == ReviewState.APPROVED.value)
                ids = list(session.exec(stmt).scalars().all())
                loaded = self._load(session, ids)
            return [loaded[i] for i in ids]

        return await self._run(work)

    async def recent(self, limit: int = 10) -> list[Incident]:
        def work() -> list[Incident]:
            with Session(self.engine) as session:
                ids = list(
                    session.exec(
                        select(IncidentRow.id)
                        .where(IncidentRow.state == ReviewState.APPROVED.value)
                        .order_by(IncidentRow.started_at.desc())
                        .limit(limit)
                    )
                    .scalars()
                    .all()
                )
                loaded = self._load(session, ids)
            return [loaded[i] for i in ids]

        return await self._run(work)

    async def count(self) -> int:
        def work() -> int:
            with Session(self.engine) as session:
                return int(session.exec(select(func.count()).select_from(IncidentRow)).scalar_one())

        return await self._run(work)

    async def history(self, incident_id: str, limit: int = 20) -> list[AuditEntry]:
        def work() -> list[AuditEntry]:
            with Session(self.engine) as session:
                rows = (
                    session.exec(
                        select(AuditRow)
                        .where(AuditRow.incident_id == incident_id)
                        .order_by(AuditRow.at.desc(), AuditRow.pk.desc())
                        .limit(limit)
                    )
                    .scalars()
                    .all()
                )
            return [
                AuditEntry(r.at, r.actor, r.guild_id, r.action, r.incident_id, r.summary, r.before, r.after)
                for r in rows
            ]

        return await self._run(work)

    # --- writes ---------------------------------------------------------------------------

    def _bump_generation(self, session: Session) -> None:
        row = session.get(MetaRow, GENERATION)
        if row is None:
            session.add(MetaRow(key=GENERATION, value="1"))
        else:
            row.value = str(int(row.value) + 1)
            session.add(row)

    def _write(self, session: Session, incident: Incident, version: int, actor: str) -> None:
        session.exec(delete(NameRow).where(NameRow.incident_id == incident.id))
        session.exec(delete(SourceRow).where(SourceRow.incident_id == incident.id))
        session.exec(delete(ClaimRow).where(ClaimRow.incident_id == incident.id))
        row = session.get(IncidentRow, incident.id)
        now = utcnow()
        if row is None:
            row = IncidentRow(
                id=incident.id,
                created_at=now,
                service="",
                title="",
                started_at=now,
                status="",
                cause_status="",
                summary="",
            )
        row.service = incident.service
        row.title = incident.title
        row.started_at = incident.started_at
        row.ended_at = incident.ended_at
        row.status = incident.status.value
        row.cause = incident.cause
        row.cause_status = incident.cause_status.value
        row.summary = incident.summary
        row.state = incident.state.value
        row.extra = dict(incident.extra)
        row.version = version
        row.updated_at = now
        row.updated_by = actor
        session.add(row)
        session.flush()
        names, sources, claims = _rows_for(incident)
        session.add_all([*names, *sources, *claims])
        fts.reindex(session.connection(), incident)

    async def import_incidents(
        self, incidents: Iterable[Incident], *, actor: str, guild_id: str | None = None
    ) -> ImportReport:
        """Create or replace whole incidents by id, all in one transaction, each audited."""
        batch = list(incidents)

        def work() -> ImportReport:
            created: list[str] = []
            replaced: list[str] = []
            with Session(self.writer) as session, session.begin():
                serialise_imports(session)
                existing = self._load(session, [i.id for i in batch])
                for incident in batch:
                    before = existing.get(incident.id)
                    version = before.version + 1 if before else 1
                    self._write(session, incident, version, actor)
                    session.add(
                        AuditRow(
                            actor=actor,
                            guild_id=guild_id,
                            action="import.replace" if before else "import.create",
                            incident_id=incident.id,
                            summary="replaced by import" if before else "created by import",
                            before=incident_to_json(before) if before else None,
                            after=incident_to_json(incident),
                        )
                    )
                    (replaced if before else created).append(incident.id)
                self._bump_generation(session)
            return ImportReport(tuple(created), tuple(replaced))

        report = await self._run(work)
        self._index_checked = 0.0
        return report

    async def save_change(
        self, change: Change, *, expected_version: int | None, actor: str, guild_id: str | None = None
    ) -> Incident:
        """Save a moderator's change; refuse it if the record moved on since it was read.

        The version check and bump are one conditional UPDATE, so two processes editing the same
        incident cannot both win.
        """
        incident = change.incident

        def work() -> Incident:
            with Session(self.writer) as session, session.begin():
                before = self._load(session, [incident.id]).get(incident.id)
                if expected_version is None:
                    if before is not None:
                        raise CurationError(f"an incident with id {incident.id!r} already exists")
                    version = 1
                else:
                    if before is None:
                        raise CurationError(f"there is no incident {incident.id!r}")
                    bumped = session.execute(
                        update(IncidentRow)
                        .where(IncidentRow.id == incident.id, IncidentRow.version == expected_version)
                        .values(version=expected_version + 1)
                    )
                    if bumped.rowcount != 1:
                        raise StaleVersionError(incident.id, expected_version, before.version)
                    version = expected_version + 1
                self._write(session, incident, version, actor)
                session.add(
                    AuditRow(
                        actor=actor,
                        guild_id=guild_id,
                        action=change.action,
                        incident_id=incident.id,
                        summary=change.summary,
                        before=incident_to_json(before) if before else None,
                        after=incident_to_json(incident),
                    )
                )
                self._bump_generation(session)
                saved = self._load(session, [incident.id])[incident.id]
            return saved

        saved = await self._run(work)
        self._index_checked = 0.0
        return saved

    async def search_titles(self, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """(id, title) of approved incidents whose id, title or service contains `text`."""

        def work() -> list[tuple[str, str]]:
            pattern = f"%{text.strip().lower()[:80]}%"
            with Session(self.engine) as session:
                rows = session.execute(
                    select(IncidentRow.id, IncidentRow.title)
                    .where(
                        IncidentRow.state == ReviewState.APPROVED.value,
                        or_(
                            func.lower(IncidentRow.title).like(pattern),
                            func.lower(IncidentRow.service).like(pattern),
                            IncidentRow.id.like(pattern),
                        ),
                    )
                    .order_by(IncidentRow.started_at.desc())
                    .limit(limit)
                ).all()
            return [(r.id, r.title) for r in rows]

        return await self._run(work)

    async def touched_by_moderator(self, incident_id: str) -> bool:
        """Whether anyone changed this incident other than by importing it."""

        def work() -> bool:
            with Session(self.engine) as session:
                found = session.execute(
                    select(AuditRow.pk)
                    .where(AuditRow.incident_id == incident_id, AuditRow.action.not_like("import%"))
                    .limit(1)
                ).first()
            return found is not None

        return await self._run(work)

    async def get_meta(self, key: str) -> str | None:
        def work() -> str | None:
            with Session(self.engine) as session:
                row = session.get(MetaRow, key)
                return row.value if row else None

        return await self._run(work)

    async def set_meta(self, key: str, value: str) -> None:
        def work() -> None:
            with Session(self.writer) as session, session.begin():
                row = session.get(MetaRow, key) or MetaRow(key=key, value=value)
                row.value = value
                session.add(row)

        await self._run(work)
