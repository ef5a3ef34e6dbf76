"""The parts of incident records that are costly to read, remembered by record version.

Answers about one outage load the same few records over and over (a burst, a much-named
service). An incident's row is always read fresh, since it is one primary-key lookup; its
names, sources and claims are taken from here when the row's version and update time are
those they were read at. Every write bumps both, so nothing stale is ever served.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from bot.core.records import Claim, Source

MAX_RECORDS = 1_000  # about 5 MB of sources and claims


@dataclass(frozen=True, slots=True)
class RecordParts:
    aliases: tuple[str, ...]
    affected_services: tuple[str, ...]
    sources: tuple[Source, ...]
    claims: tuple[Claim, ...]


Stamp = tuple[int, datetime]  # (version, updated_at) of the incident row


class RecordPartsCache:
    """A bounded LRU, safe to share between the worker threads that run SQL."""

    def __init__(self, size: int = MAX_RECORDS) -> None:
        self.size = size
        self._entries: OrderedDict[str, tuple[Stamp, RecordParts]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, incident_id: str, stamp: Stamp) -> RecordParts | None:
        with self._lock:
            entry = self._entries.get(incident_id)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(incident_id)
            return entry[1]

    def put(self, incident_id: str, stamp: Stamp, parts: RecordParts) -> None:
        if self.size <= 0:
            return
        with self._lock:
            self._entries[incident_id] = (stamp, parts)
            self._entries.move_to_end(incident_id)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
