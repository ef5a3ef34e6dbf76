"""Full-text search over incidents, their sources and claims (SQLite FTS5).

User text never reaches MATCH as syntax: every term is reduced to letters and digits and
wrapped in double quotes, so quotes, `*`, `NEAR`, `OR` and `-` are searched as words (or
dropped), never interpreted.
"""

from __future__ import annotations

import re

from sqlalchemy import Connection, Engine, text

from bot.core.records import Incident

SQLITE_TABLE = "incident_search"


def create_search_index(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    with engine.begin() as conn:
        conn.execute(
            text(
                f"CREATE VIRTUAL TABLE IF NOT EXISTS {SQLITE_TABLE} USING fts5("
                "incident_id UNINDEXED, names, title, body, "
                "tokenize='porter unicode61 remove_diacritics 2')"
            )
        )


def match_expression(terms: tuple[str, ...] | list[str]) -> str | None:
    """An FTS5 query that ORs the terms as quoted strings; None when nothing is left."""
    safe = []
    for term in terms:
        cleaned = re.sub(r"[^0-9a-z]+", " ", term.lower()).strip()
        for word in cleaned.split():
            safe.append(f'"{word}"')
    safe = list(dict.fromkeys(safe))
    return " OR ".join(safe) if safe else None


def index_document(incident: Incident) -> dict[str, str]:
    names = " ".join([incident.service, *incident.aliases, *incident.affected_services])
    body = "\n".join(
        [incident.summary, incident.cause or ""]
        + [f"{s.title} {s.excerpt}" for s in incident.sources]
        + [f"{c.text} {c.explanation}" for c in incident.claims]
    )
    return {"incident_id": incident.id, "names": names, "title": incident.title, "body": body}


def reindex(conn: Connection, incident: Incident) -> None:
    if conn.dialect.name != "sqlite":
        return
    conn.execute(text(f"DELETE FROM {SQLITE_TABLE} WHERE incident_id = :id"), {"id": incident.id})
    conn.execute(
        text(
            f"INSERT INTO {SQLITE_TABLE} (incident_id, names, title, body) "
            "VALUES (:incident_id, :names, :title, :body)"
        ),
        index_document(incident),
    )


def unindex(conn: Connection, incident_id: str) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text(f"DELETE FROM {SQLITE_TABLE} WHERE incident_id = :id"), {"id": incident_id})


def search(conn: Connection, terms: tuple[str, ...], limit: int) -> list[tuple[str, float]]:
    """(incident id, relevance 0..1 relative to the best hit), best first."""
    expression = match_expression(terms)
    if expression is None or conn.dialect.name != "sqlite":
        return []
    rows = conn.execute(
        text(
            f"SELECT incident_id, bm25({SQLITE_TABLE}, 0.0, 4.0, 2.0, 1.0) AS rank "
            f"FROM {SQLITE_TABLE} WHERE {SQLITE_TABLE} MATCH :q ORDER BY rank LIMIT :limit"
        ),
        {"q": expression, "limit": limit},
    ).all()
    if not rows:
        return []
    best = min(r.rank for r in rows) or -1e-9
    return [(r.incident_id, max(0.0, r.rank / best)) for r in rows]
