"""Engine creation: one place that knows SQLite and PostgreSQL differ."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import StaticPool
from sqlmodel import SQLModel, create_engine

from bot.storage import tables  # noqa: F401 - registers the tables on SQLModel.metadata
from bot.storage.fts import create_search_index

WRITE_OPTION = "factbot_write"


def writer(engine: Engine) -> Engine:
    """The same engine, marked so that SQLite transactions take the write lock when they begin."""
    return engine.execution_options(**{WRITE_OPTION: True})


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_path(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def make_engine(url: str, *, busy_timeout_ms: int = 5_000) -> Engine:
    """An engine with the pragmas factbot relies on: WAL, foreign keys, a bounded busy wait."""
    if is_sqlite(url):
        path = sqlite_path(url)
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            # An in-memory database lives in one connection: share it between threads.
            poolclass=StaticPool if path is None else None,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record) -> None:
            # SQLAlchemy emits BEGIN itself (below), so writes can take the write lock up front.
            dbapi_connection.isolation_level = None
            cursor = dbapi_connection.cursor()
            if path is not None:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _begin(conn) -> None:
            # A write transaction that started as a reader cannot wait for the lock in WAL mode
            # (SQLITE_BUSY_SNAPSHOT); BEGIN IMMEDIATE queues it behind the busy timeout instead.
            immediate = conn.get_execution_options().get(WRITE_OPTION)
            conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5)


def create_schema(engine: Engine) -> None:
    """Create every table and the full-text index (idempotent)."""
    SQLModel.metadata.create_all(engine)
    create_search_index(engine)
