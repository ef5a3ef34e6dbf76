"""SQLite full-text rows keyed by a hash of the incident id, so re-indexing one is a rowid lookup.

`incident_id` is UNINDEXED in the FTS5 table, so `fts.reindex` deleting by it scanned every
row on every write. From now on each row's rowid is `fts.sqlite_rowid(incident_id)`; this
rebuilds the existing rows that way, in the upgrade's one transaction: the documents are
copied aside, the table is recreated exactly as a fresh database creates it, and they are
put back (the newest row per incident, should an old database hold more than one).

PostgreSQL keys its table by incident_id already: nothing to do there.

Downgrade is a no-op: the table's columns are unchanged, and the older code (which deletes by
incident_id and lets SQLite pick the next rowid) works the same over hashed rowids.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

from bot.storage.fts import TABLE, create_search_index_on, drop_search_index_on, sqlite_rowid

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

COPY = "factbot_search_rebuild"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    # A deterministic SQL function, so the rows are rekeyed in SQLite without a trip through Python.
    bind.connection.driver_connection.create_function(
        "factbot_search_rowid", 1, sqlite_rowid, deterministic=True
    )
    bind.exec_driver_sql(
        f"CREATE TEMP TABLE {COPY} AS SELECT factbot_search_rowid(incident_id) AS new_rowid, "
        f"incident_id, names, title, body FROM {TABLE} "
        f"WHERE rowid IN (SELECT max(rowid) FROM {TABLE} GROUP BY incident_id)"
    )
    drop_search_index_on(bind)
    create_search_index_on(bind)
    bind.exec_driver_sql(
        f"INSERT INTO {TABLE} (rowid, incident_id, names, title, body) "
        f"SELECT new_rowid, incident_id, names, title, body FROM {COPY} ORDER BY new_rowid"
    )
    bind.exec_driver_sql(f"DROP TABLE {COPY}")


def downgrade() -> None:
    """Nothing to undo: see the module docstring."""
