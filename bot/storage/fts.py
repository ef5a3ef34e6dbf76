"""Full-text search over incidents, their sources and claims: SQLite FTS5 or PostgreSQL tsvector.

Both engines index the same document (names weighted highest, then the title, then the
body) and rank relative to the best hit, so retrieval behaves the same on either. User text
never reaches the engine as syntax: every term is reduced to letters and digits, quoted for
FTS5 and OR-ed as plain lexemes for `to_tsquery`, so quotes, `*`, `NEAR`, `OR`, `-`, `&`,
`|`, `!` and `:` are searched as words (or dropped), never interpreted.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from sqlalchemy import Connection, Engine, text

from bot.core.records import Incident

TABLE = "incident_search"


def engine_words(terms: tuple[str, ...] | list[str]) -> list[str]:
    """The words the engines are given for some terms: letters and digits only, each once."""
    found: list[str] = []
    for term in terms:
        found.extend(re.sub(r"[^0-9a-z]+", " ", term.lower()).split())
    return list(dict.fromkeys(found))


def match_expression(terms: tuple[str, ...] | list[str]) -> str | None:
    """An FTS5 query that ORs the terms as quoted strings; None when nothing is left."""
    words = engine_words(terms)
    return " OR ".join(f'"{w}"' for w in words) if words else None


def tsquery_expression(terms: tuple[str, ...] | list[str]) -> str | None:
    """A `to_tsquery` text ORing the terms as plain lexemes; None when nothing is left."""
    words = engine_words(terms)
    return " | ".join(words) if words else None


def sqlite_rowid(incident_id: str) -> int:
    """The rowid of an incident's FTS5 row: a signed 64-bit hash of its id.

    `incident_id` is UNINDEXED in FTS5, so finding a row by it scans the whole table; a rowid
    known from the id alone turns the per-write delete into a b-tree lookup.
    """
    digest = hashlib.blake2b(incident_id.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


# Both columns are matched: the rowid finds the row in O(log n), and the incident_id check means
# a (astronomically unlikely) hash collision can never remove another incident's row; the INSERT
# that follows then fails on the taken rowid instead of silently replacing it.
SQLITE_DELETE = f"DELETE FROM {TABLE} WHERE rowid = :rowid AND incident_id = :incident_id"
SQLITE_INSERT = (
    f"INSERT INTO {TABLE} (rowid, incident_id, names, title, body) "
    "VALUES (:rowid, :incident_id, :names, :title, :body)"
)
POSTGRES_INSERT = (
    f"INSERT INTO {TABLE} (incident_id, document) VALUES (:incident_id, "
    "setweight(to_tsvector('english', :names), 'A') || "
    "setweight(to_tsvector('english', :title), 'B') || "
    "setweight(to_tsvector('english', :body), 'D'))"
)


def create_search_index_on(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
                "incident_id UNINDEXED, names, title, body, "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
        )
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(
                f"CREATE TABLE IF NOT EXISTS {TABLE} ("
                "incident_id VARCHAR(120) PRIMARY KEY REFERENCES incident(id) ON DELETE CASCADE, "
                "document tsvector NOT NULL)"
            )
        )
        conn.execute(text(f"CREATE INDEX IF NOT EXISTS ix_{TABLE}_document ON {TABLE} USING GIN (document)"))


def drop_search_index_on(conn: Connection) -> None:
    conn.execute(text(f"DROP TABLE IF EXISTS {TABLE}"))


def create_search_index(engine: Engine) -> None:
    with engine.begin() as conn:
        create_search_index_on(conn)


def index_document(incident: Incident) -> dict[str, str]:
    names = " ".join([incident.service, *incident.aliases, *incident.affected_services])
    body = "\n".join(
        [incident.summary, incident.cause or ""]
        + [f"{s.title} {s.excerpt}" for s in incident.sources]
        + [f"{c.text} {c.explanation}" for c in incident.claims]
    )
    return {"incident_id": incident.id, "names": names, "title": incident.title, "body": body}


def _sqlite_rows(documents: Sequence[dict[str, str]]) -> list[dict[str, str | int]]:
    """Rows with their rowids, in rowid order: hashed rowids are random, and b-trees fill best in order."""
    rows = [{**d, "rowid": sqlite_rowid(d["incident_id"])} for d in documents]
    return sorted(rows, key=lambda row: row["rowid"])


def insert_documents(conn: Connection, documents: Sequence[dict[str, str]]) -> None:
    """Index incidents that have no row yet (bulk loads); on SQLite each row gets its hashed
    rowid, which `reindex` relies on to find it again."""
    if not documents:
        return
    if conn.dialect.name == "sqlite":
        conn.execute(text(SQLITE_INSERT), _sqlite_rows(documents))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(POSTGRES_INSERT), list(documents))


def reindex(conn: Connection, incident: Incident) -> None:
    """Replace the incident's row: on SQLite a delete by rowid then an insert, on PostgreSQL an upsert."""
    document = index_document(incident)
    if conn.dialect.name == "sqlite":
        (row,) = _sqlite_rows([document])
        conn.execute(text(SQLITE_DELETE), row)
        conn.execute(text(SQLITE_INSERT), row)
    elif conn.dialect.name == "postgresql":
        conn.execute(
            text(POSTGRES_INSERT + " ON CONFLICT (incident_id) DO UPDATE SET document = EXCLUDED.document"),
            document,
        )


def search(conn: Connection, terms: tuple[str, ...], limit: int) -> list[tuple[str, float]]:
    """(incident id, relevance 0..1 relative to the best hit), best first."""
    if conn.dialect.name == "sqlite":
        expression = match_expression(terms)
        if expression is None:
            return []
        rows = conn.execute(
            text(
                f"SELECT incident_id, -bm25({TABLE}, 0.0, 4.0, 2.0, 1.0) AS score "
                f"FROM {TABLE} WHERE {TABLE} MATCH :q ORDER BY score DESC LIMIT :limit"
            ),
            {"q": expression, "limit": limit},
        ).all()
    elif conn.dialect.name == "postgresql":
        expression = tsquery_expression(terms)
        if expression is None:
            return []
        rows = conn.execute(
            text(
                f"SELECT incident_id, ts_rank(document, query) AS score "
                f"FROM {TABLE}, to_tsquery('english', :q) AS query "
                "WHERE document @@ query ORDER BY score DESC, incident_id LIMIT :limit"
            ),
            {"q": expression, "limit": limit},
        ).all()
    else:
        return []
    if not rows:
        return []
    best = max(r.score for r in rows) or 1e-9
    return [(r.incident_id, max(0.0, r.score / best)) for r in rows]
