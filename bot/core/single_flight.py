"""Shares one checked draft between everyone asking about the same record at the same time.

When a big service goes down, hundreds of people paste the same claim within minutes. Keyed
by (incident, claim, record version), concurrent requests wait for the first one's draft and
later ones reuse it until it expires; a new record version is a new key, so an edit by a
moderator is never answered from a stale draft.
"""

from __future__ import annotations

import asyncio
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass
class CacheStats:
    hits: int = 0
    shared: int = 0  # waited for a draft already being made
    misses: int = 0


class SingleFlightCache(Generic[T]):
    def __init__(self, max_entries: int = 2_048, clock: Callable[[], float] = time.monotonic) -> None:
        self.max_entries = max_entries
        self.clock = clock
        self.stats = CacheStats()
        self._done: OrderedDict[Hashable, tuple[float, T]] = OrderedDict()
        self._flying: dict[Hashable, asyncio.Future[T]] = {}

    def _fresh(self, key: Hashable) -> T | None:
        entry = self._done.get(key)
        if entry is None:
            return None
        expires, value = entry
        if self.clock() >= expires:
            del self._done[key]
            return None
        self._done.move_to_end(key)
        return value

    async def get(
        self, key: Hashable, make: Callable[[], Awaitable[T]], ttl: Callable[[T], float]
    ) -> tuple[T, str]:
        """The value and how it was obtained: "made", "shared" or "cached"."""
        cached = self._fresh(key)
        if cached is not None:
            self.stats.hits += 1
            return cached, "cached"
        flying = self._flying.get(key)
        if flying is not None:
            self.stats.shared += 1
            return await asyncio.shield(flying), "shared"
        self.stats.misses += 1
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self._flying[key] = future
        try:
            value = await make()
        except BaseException as error:
            future.set_exception(error)
            future.exception()  # retrieved: waiters re-raise it, nobody logs "never retrieved"
            raise
        else:
            future.set_result(value)
            lifetime = ttl(value)
            if lifetime > 0:
                self._done[key] = (self.clock() + lifetime, value)
                while len(self._done) > self.max_entries:
                    self._done.popitem(last=False)
            return value, "made"
        finally:
            del self._flying[key]
