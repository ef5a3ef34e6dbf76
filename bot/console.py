"""A channel in the terminal: each line is a message, answered as in a watched Discord channel.

Lines that start with `@factbot` are direct asks and always get an answer; other lines are
screened and only confident claims are answered, once per incident per cooldown.
"""

from __future__ import annotations

import asyncio
import logging
import re
import sys
from collections.abc import Callable
from typing import TextIO

from bot.core.pipeline import FactChecker
from bot.core.watch import ChannelCooldown

log = logging.getLogger(__name__)

MENTION = re.compile(r"^\s*@factbot\b[:,]?\s*", re.IGNORECASE)
CHANNEL = "console"
BANNER = "factbot console: type chat messages; '@factbot <claim>' asks directly; Ctrl-D or /quit ends.\n"


class ConsoleChannel:
    def __init__(
        self,
        checker: FactChecker,
        cooldown: ChannelCooldown,
        write: Callable[[str], None],
    ) -> None:
        self.checker = checker
        self.cooldown = cooldown
        self.write = write
        self.replies = 0

    async def handle(self, line: str) -> None:
        text = line.strip()
        if not text:
            return
        direct = bool(MENTION.match(text))
        if direct:
            text = MENTION.sub("", text, count=1)
            if not text:
                self.write("factbot: tell me the claim to check, e.g. '@factbot was AWS hacked?'\n")
                return
        try:
            answer = await self.checker.answer(text, force=direct)
        except Exception:  # storage down, locked or full: say so, keep the channel alive
            log.exception("could not answer %r", text[:80])
            if direct:
                self.write("factbot: I can't reach my records right now; please try again in a minute.\n")
            return
        if answer.reply is None:
            return
        incident = answer.incident
        if not direct and incident is None:
            return  # in a watched channel, "no record" is not worth a message
        if not direct and incident is not None:
            decision = self.cooldown.check(CHANNEL, incident.id)
            if not decision.answer:
                self.write(f"factbot: (already answered this above, {decision.earlier_reply})\n")
                return
        self.replies += 1
        if incident is not None:
            self.cooldown.record(CHANNEL, incident.id, f"reply #{self.replies}")
        self.write(f"factbot [reply #{self.replies}]:\n{answer.reply.as_text()}\n\n")


async def run_console(
    checker: FactChecker, cooldown_s: float, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout
) -> None:
    def write(text: str) -> None:
        stdout.write(text)
        stdout.flush()

    channel = ConsoleChannel(checker, ChannelCooldown(cooldown_s), write)
    if stdin.isatty():
        write(BANNER)
    while True:
        if stdin.isatty():
            write("> ")
        line = await asyncio.to_thread(stdin.readline)
        if not line or line.strip() == "/quit":
            return
        await channel.handle(line)
