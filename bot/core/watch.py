"""Rules that keep the bot quiet in watched channels: cooldowns and per-user limits.

Shared by the console and the Discord adapter, so both behave the same: per channel and
incident the bot answers once per cooldown and afterwards points to its earlier answer.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CooldownDecision:
    answer: bool
    earlier_reply: str | None = None  # a reference to the answer already given


class ChannelCooldown:
    def __init__(self, cooldown_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown_s = cooldown_s
        self.clock = clock
        self._last: dict[tuple[str, str], tuple[float, str]] = {}

    def check(self, channel: str, incident_id: str) -> CooldownDecision:
        seen = self._last.get((channel, incident_id))
        if seen is None or self.clock() - seen[0] >= self.cooldown_s:
            return CooldownDecision(True)
        return CooldownDecision(False, seen[1])

    def record(self, channel: str, incident_id: str, reply_reference: str) -> None:
        now = self.clock()
        self._last[(channel, incident_id)] = (now, reply_reference)
        if len(self._last) > 10_000:  # forget expired entries so memory stays bounded
            self._last = {k: v for k, v in self._last.items() if now - v[0] < self.cooldown_s}


class SlidingWindowLimit:
    """At most `limit` events per key in `window_s` seconds."""

    def __init__(self, limit: int, window_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window_s = window_s
        self.clock = clock
        self._events: dict[str, deque[float]] = {}

    def allow(self, key: str) -> bool:
        now = self.clock()
        events = self._events.setdefault(key, deque())
        while events and now - events[0] >= self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True
