"""Which words of a message are worth a full-text search, by how many records hold them.

A word found in a large share of the knowledge base ("hacked", "day" among 100k records)
tells the ranking nothing, yet the engine must score every record holding it before it can
return the best 20: that is what makes a search slow at scale. So before searching, each
word's document count is probed (a count that stops at `COMMON_DOCUMENTS`, so the probe
itself stays cheap) and remembered for a while; the words at the cap are left out. A small
knowledge base never reaches the cap, so its results are exactly those of the plain search.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from sqlalchemy import Connection, text

from bot.storage import fts

COMMON_DOCUMENTS = 1_000  # a word in at least this many records is too common to search by
TTL_S = 600.0  # document counts drift slowly: re-probe a word every ten minutes
MAX_REMEMBERED = 20_000


class TermFrequencies:
    """Bounded document counts per word, remembered across lookups (thread-safe: SQL runs in
    worker threads)."""

    def __init__(self, cap: int = COMMON_DOCUMENTS, clock: Callable[[], float] = time.monotonic) -> None:
        self.cap = cap
        self._clock = clock
        self._counts: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def selective(self, conn: Connection, terms: tuple[str, ...]) -> tuple[str, ...]:
        """The terms whose words are not all too common to search by."""
        return tuple(t for t in terms if any(self.count(conn, w) < self.cap for w in fts.engine_words((t,))))

    def count(self, conn: Connection, word: str) -> int:
        """Records holding `word`, counted up to the cap."""
        now = self._clock()
        with self._lock:
            known = self._counts.get(word)
        if known is not None and now - known[1] < TTL_S:
            return known[0]
        found = _probe(conn, word, self.cap)
        with self._lock:
            if len(self._counts) >= MAX_REMEMBERED:
                self._counts.clear()
            self._counts[word] = (found, now)
        return found

    def forget(self) -> None:
        with self._lock:
            self._counts.clear()


def _probe(conn: Connection, word: str, cap: int) -> int:
    if conn.dialect.name == "sqlite":
        expression = fts.match_expression((word,))
        sql = f"SELECT count(*) FROM (SELECT 1 FROM {fts.TABLE} WHERE {fts.TABLE} MATCH :q LIMIT :cap)"
    elif conn.dialect.name == "postgresql":
        expression = fts.tsquery_expression((word,))
        sql = (
            f"SELECT count(*) FROM (SELECT 1 FROM {fts.TABLE} "
            "WHERE document @@ to_tsquery('english', :q) LIMIT :cap) AS hits"
        )
    else:
        return 0
    if expression is None:
        return 0
    return int(conn.execute(text(sql), {"q": expression, "cap": cap}).scalar_one())
