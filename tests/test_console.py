"""The console channel follows the watched-channel rules: quiet on chatter, one answer per cooldown."""

from __future__ import annotations

from bot.console import ConsoleChannel
from bot.core.pipeline import FactChecker
from bot.core.watch import ChannelCooldown


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def channel(checker: FactChecker, clock: Clock) -> tuple[ConsoleChannel, list[str]]:
    out: list[str] = []
    return ConsoleChannel(checker, ChannelCooldown(600, clock), out.append), out


async def test_chatter_gets_no_reply(checker: FactChecker):
    console, out = channel(checker, Clock())
    await console.handle("gg wp, see you tomorrow")
    assert out == []


async def test_a_claim_is_answered_once_then_pointed_to_within_the_cooldown(checker: FactChecker):
    clock = Clock()
    console, out = channel(checker, clock)
    await console.handle("crowdstrike outage was a cyberattack, 100% russia")
    await console.handle("crowdstrike got hacked by russia for sure")
    assert len(out) == 2
    assert "reply #1" in out[0] and "already answered" in out[1]
    clock.now += 601
    await console.handle("crowdstrike got hacked by russia for sure")
    assert "reply #2" in out[2]


async def test_a_direct_ask_is_always_answered(checker: FactChecker):
    console, out = channel(checker, Clock())
    await console.handle("@factbot is myspace down")
    assert "no record" in out[0]


async def test_a_claim_without_a_record_stays_silent_in_a_watched_channel(checker: FactChecker):
    console, out = channel(checker, Clock())
    await console.handle("myspace is down again, massive ddos")
    assert out == []
