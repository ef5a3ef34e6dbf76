"""4. End to end: MESSAGE_CREATE at the fake gateway → the reply POST at the fake REST API.

The bot is built as `factbot run` builds it (`open_app` + `build_bot(BotServices(...))`, the
seeded SQLite database of the app) and the real discord.py client connects to the
protocol-level fake Discord of the test suite; drafting goes to the fake OpenAI server,
which answers every request at once with a valid draft for the matched claim (built with
`template_draft`). Everything runs on loopback; the fake Discord shares the bot's event loop
and the fake OpenAI runs in threads of the same process, as in the tests.

Sequential: ~100 mentions, each sent when the previous reply has arrived; the time runs from
just before the fake sends MESSAGE_CREATE to the moment its REST handler receives the reply
POST. Baseline: the same round trip for a plain discord.py bot on the same fake that answers
every mention with a fixed embed (the cost of Discord, discord.py and the loopback alone).

Burst: 1,000 claims about one incident across 20 watched channels sent back to back, then
LLM requests and reply POSTs are counted.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import discord

from bench.common import Row, Section, ms, p50, p95
from bench.synth import seed_incidents
from bot.app import open_app
from bot.core.records import Incident
from bot.core.template import template_draft
from bot.discord_adapter.client import build_bot, intents
from bot.discord_adapter.services import BotServices
from bot.settings import Settings
from bot.storage.guilds import GuildRepository
from tests.fakes.discord_server import FakeDiscord, point_discord_at, run_client
from tests.fakes.openai_server import FakeOpenAI, json_content, status

MESSAGES = r"/channels/\d+/messages"
REACTIONS = r"/channels/\d+/messages/\d+/reactions/.+/@me"
GOAL_P95_S = 0.050
BURST_INCIDENT = "crowdstrike-2024-07-19"
BURST_CHANNELS = 20


class TimedFakeDiscord(FakeDiscord):
    """The test suite's fake, noting when each message POST reaches its handler."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.post_times: list[tuple[float, str]] = []
        self.reaction_times: list[float] = []

    async def _r_create_message(self, rec, cid: str) -> Any:
        self.post_times.append((time.perf_counter(), cid))
        return await super()._r_create_message(rec, cid)

    async def _r_add_reaction(self, rec, cid: str, mid: str, emoji: str) -> Any:
        self.reaction_times.append(time.perf_counter())
        return await super()._r_add_reaction(rec, cid, mid, emoji)


def instant_llm(seed: tuple[Incident, ...]):
    """A responder: a valid record-built draft for the incident and claim in the prompt."""
    drafts: dict[tuple[str, str | None], str] = {}
    for incident in seed:
        for claim in (None, *incident.claims):
            draft = template_draft(incident, claim)
            drafts[(incident.id, claim.id if claim else None)] = draft.model_dump_json()
    record = re.compile(r"Incident record \(JSON\):\n(\{.*?\})\n")
    matched = re.compile(r"Matched curated claim \(JSON, or null\):\n(.*?)\n")

    def respond(request: dict[str, Any]):
        user = next(m["content"] for m in request["messages"] if m["role"] == "user")
        incident_id = json.loads(record.search(user).group(1))["id"]
        claim = json.loads(matched.search(user).group(1))
        key = (incident_id, claim["id"] if claim else None)
        return json_content(drafts[key]) if key in drafts else status(500)

    return respond


def mention_texts(rng: random.Random, seed: tuple[Incident, ...], count: int) -> list[str]:
    """Claims people ask the bot about: curated claims, reworded now and then."""
    claims = [(incident, claim) for incident in seed for claim in incident.claims]
    rng.shuffle(claims)
    texts = []
    for i in range(count):
        _incident, claim = claims[i % len(claims)]
        text = claim.text
        if rng.random() < 0.5:
            text = (
                rng.choice(("is it true that ", "wait, ", "someone said ", "")) + text[0].lower() + text[1:]
            )
        if rng.random() < 0.3:
            text += rng.choice((" really?", " source?", " 🤔", " lol"))
        texts.append(text)
    return texts


BURST_TEMPLATES = (
    "the crowdstrike outage was a cyberattack",
    "crowdstrike got hacked, it was a cyberattack",
    "crowdstrike was a russian cyberattack 100%",
    "the crowdstrike update crashed 8.5 million windows pcs",
    "crowdstrike bricked mac and linux machines too",
    "crowdstrike fixed the whole outage in 78 minutes",
    "blue screen everywhere, crowdstrike got hacked by china",
    "crowdstrike outage = cyberattack, change my mind",
)


async def _wait_quiet(fake: FakeDiscord, quiet_s: float, limit_s: float) -> None:
    """Until no request reached the fake for `quiet_s` (or `limit_s` passed)."""
    deadline = time.perf_counter() + limit_s
    seen, since = len(fake.requests), time.perf_counter()
    while time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
        if len(fake.requests) != seen:
            seen, since = len(fake.requests), time.perf_counter()
        elif time.perf_counter() - since >= quiet_s:
            return


async def sequential(fake: TimedFakeDiscord, texts: list[str], users: list, channel) -> list[float]:
    latencies = []
    for i, text in enumerate(texts):
        before = len(fake.post_times)
        started = time.perf_counter()
        await fake.dispatch_message_create(
            f"<@{fake.bot.id}> {text}", author=users[i % len(users)], channel=channel
        )
        await fake.wait_for_request("POST", MESSAGES, count=before + 1, timeout=15)
        latencies.append(fake.post_times[before][0] - started)
        await asyncio.sleep(0.005)
    return latencies


@contextlib.asynccontextmanager
async def factbot_world(database: Path, seed: tuple[Incident, ...], users: int):
    async with TimedFakeDiscord() as fake, point_discord_at(fake):
        assert fake.guild is not None
        channels = [fake.channel] + [
            fake.guild.add_text_channel(f"watch-{i}") for i in range(BURST_CHANNELS - 1)
        ]
        people = [fake.add_user(f"member{i}") for i in range(users)]
        for person in people:
            fake.guild.add_member(person)
        with FakeOpenAI(default=instant_llm(seed)) as llm:
            settings = Settings(
                database_url=f"sqlite:///{database}",
                discord_token=fake.token,
                discord_api_base=fake.api_base,
                discord_gateway_url=fake.gateway_url,
                openai_api_key="sk-bench",
                openai_base_url=llm.base_url,
                llm_request_timeout_s=5.0,
                llm_deadline_s=10.0,
                guild_daily_llm_tokens=50_000_000,  # the budget is not what is measured here
                log_level="WARNING",
            )
            async with open_app(settings) as app:
                services = BotServices(
                    settings, app.checker, app.repository, GuildRepository(app.repository.engine)
                )
                bot = build_bot(services)
                async with run_client(bot, fake):
                    yield fake, llm, services, channels, people


@contextlib.asynccontextmanager
async def echo_world(users: int):
    """A plain discord.py bot on the same fake that replies to each mention with a fixed embed."""
    async with TimedFakeDiscord() as fake, point_discord_at(fake):
        assert fake.guild is not None
        people = [fake.add_user(f"member{i}") for i in range(users)]
        for person in people:
            fake.guild.add_member(person)
        client = discord.Client(intents=intents(), allowed_mentions=discord.AllowedMentions.none())

        @client.event
        async def on_message(message: discord.Message) -> None:
            if client.user is not None and client.user in message.mentions and not message.author.bot:
                await message.channel.send(
                    embed=discord.Embed(title="False", description="a fixed reply"),
                    reference=message.to_reference(fail_if_not_exists=False),
                )

        async with run_client(client, fake):
            yield fake, people


async def run(*, mentions: int, burst: int) -> Section:
    section = Section("4. End to end")
    seed = seed_incidents()
    rng = random.Random(5)
    texts = mention_texts(rng, seed, mentions)
    users = max(mentions, 200)
    with tempfile.TemporaryDirectory(prefix="factbot-bench-e2e-") as tmp:
        async with echo_world(users) as (fake, people):
            await sequential(fake, texts[:5], people, fake.channel)  # warm-up
            echo = await sequential(fake, texts, people, fake.channel)
        async with factbot_world(Path(tmp) / "sequential.db", seed, users) as (fake, llm, _s, _c, people):
            await sequential(fake, texts[:3], people[-3:], fake.channel)  # warm-up (caches, connections)
            llm_before = llm.request_count
            latencies = await sequential(fake, texts, people, fake.channel)
            seq_llm = llm.request_count - llm_before
        # The burst gets a bot of its own: nothing drafted or cached by the sequential part.
        async with factbot_world(Path(tmp) / "burst.db", seed, users) as (
            fake,
            llm,
            services,
            channels,
            people,
        ):
            await sequential(fake, ["is discord down for everyone?"], people[-1:], fake.channel)  # warm-up
            burst_report = await run_burst(fake, llm, services, channels, people, rng, burst)
    seq_p95, echo_p95 = p95(latencies), p95(echo)
    section.rows.append(
        Row(
            f"End to end, {len(latencies)} sequential mentions (instant fake LLM)",
            f"p50 {ms(p50(latencies))} · p95 {ms(seq_p95)}",
            f"plain discord.py echo bot: p50 {ms(p50(echo))} · p95 {ms(echo_p95)}",
            f"{seq_p95 / echo_p95:.1f}× (p95)",
            "p95 < 50 ms",
            seq_p95 < GOAL_P95_S,
        )
    )
    section.add(
        f"- Sequential: {len(latencies)} mentions of {len(set(texts))} distinct texts (the seed's "
        f"{sum(len(i.claims) for i in seed)} curated claims, half reworded) from {len(latencies)} "
        f"different members; {seq_llm} LLM requests (later asks about a claim already drafted reuse the "
        f"cached checked draft). Max {ms(max(latencies))}.",
    )
    section.rows.extend(burst_report.rows)
    section.details.extend(burst_report.details)
    return section


async def run_burst(fake, llm, services, channels, people, rng: random.Random, count: int) -> Section:
    report = Section("burst")
    assert fake.guild is not None
    guild_id = str(fake.guild.id)
    for channel in channels:
        await services.guilds.set_watched(guild_id, str(channel.id), True)
    incident = await services.incidents.get(BURST_INCIDENT)
    texts = [rng.choice(BURST_TEMPLATES) for _ in range(count)]
    detections = [await services.checker.screen(t) for t in texts]
    lookups = [await services.checker.lookup(d) for d in detections if d.is_claim]
    pairs = {(r.incident.id, r.claim.id if r.claim else None) for r in lookups if r.incident}
    llm_before, mark = llm.request_count, fake.mark()
    started = time.perf_counter()
    for i, text in enumerate(texts):
        await fake.dispatch_message_create(
            text, author=people[i % len(people)], channel=channels[i % len(channels)]
        )
    sent_s = time.perf_counter() - started
    await _wait_quiet(fake, quiet_s=2.0, limit_s=120.0)
    posts = fake.find_requests("POST", MESSAGES, since=mark)
    reply_times = sorted(t - started for t, _cid in fake.post_times if t >= started)
    reactions = fake.find_requests("PUT", REACTIONS, since=mark)
    answered_at = [t for t, _cid in fake.post_times if t >= started] + [
        t for t in fake.reaction_times if t >= started
    ]
    drained_s = max(answered_at, default=started) - started
    llm_calls = llm.request_count - llm_before
    per_channel: dict[str, int] = {}
    for post in posts:
        cid = post.path.split("/")[2]
        per_channel[cid] = per_channel.get(cid, 0) + 1
    expected_llm = len(pairs)
    expected_replies = len({channels[i % len(channels)].id for i, d in enumerate(detections) if d.is_claim})
    flagged = sum(d.is_claim for d in detections)
    report.rows.append(
        Row(
            f"Burst: {count:,} claims about one incident in {len(channels)} watched channels — LLM calls",
            f"{llm_calls} LLM requests",
            f"{expected_llm} distinct (incident, claim) pairs",
            f"{llm_calls / expected_llm:.2f}×" if expected_llm else "n/a",
            "≤ 1 per distinct (incident, claim)",
            llm_calls <= expected_llm,
        )
    )
    report.rows.append(
        Row(
            "Burst — replies posted",
            f"{len(posts)} replies (max {max(per_channel.values(), default=0)} in one channel)",
            f"{expected_replies} watched channels with a claim",
            f"{len(posts) / expected_replies:.2f}×" if expected_replies else "n/a",
            "≤ 1 per channel per cooldown",
            max(per_channel.values(), default=0) <= 1,
        )
    )
    report.add(
        f"- Burst: {count:,} messages about `{incident.id if incident else BURST_INCIDENT}` "
        f"({len(BURST_TEMPLATES)} phrasings) sent round-robin to {len(channels)} watched channels by "
        f"{min(count, len(people))} members in {sent_s:.2f} s; {flagged:,} screened as claims, matching "
        f"{expected_llm} distinct curated claims. The bot answered with {len(posts)} replies and "
        f"{len(reactions):,} ☝️ reactions (repeats within the cooldown), all handled within "
        f"{drained_s:.1f} s of the first message ({count / max(drained_s, 1e-9):,.0f} messages/s)"
        + (
            f"; the replies were posted {reply_times[0]:.2f}-{reply_times[-1]:.2f} s after the first message"
            if reply_times
            else ""
        )
        + f"; {llm_calls} LLM requests.",
    )
    return report
