"""The Discord world for end-to-end tests: a fake Discord on loopback, a seeded database, the bot."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import pytest_asyncio
from discord.ext import commands

from bot.app import App, open_app
from bot.discord_adapter.client import build_bot
from bot.discord_adapter.services import BotServices
from bot.settings import Settings
from bot.storage.guilds import GuildRepository
from tests.fakes.discord_server import FakeDiscord, Perm, point_discord_at, run_client
from tests.fakes.openai_server import FakeOpenAI

MESSAGES = r"/channels/\d+/messages"
CLAIM = "was the july 2024 crowdstrike outage a cyberattack?"


@dataclass
class World:
    fake: FakeDiscord
    bot: commands.Bot
    services: BotServices
    app: App
    llm: FakeOpenAI | None = None


@pytest_asyncio.fixture
async def world(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[World]:
    llm_default = getattr(request, "param", None)
    async with contextlib.AsyncExitStack() as stack:
        llm = stack.enter_context(FakeOpenAI(default=llm_default)) if llm_default is not None else None
        yield await stack.enter_async_context(_world(tmp_path, llm))


@contextlib.asynccontextmanager
async def _world(tmp_path: Path, llm: FakeOpenAI | None) -> AsyncIterator[World]:
    async with FakeDiscord() as fake, point_discord_at(fake):
        settings = Settings(
            database_url=f"sqlite:///{tmp_path / 'bot.db'}",
            discord_token=fake.token,
            discord_api_base=fake.api_base,
            discord_gateway_url=fake.gateway_url,
            openai_api_key="sk-test" if llm else None,
            openai_base_url=llm.base_url if llm else None,
            llm_request_timeout_s=0.5,
            llm_deadline_s=2.0,
        )
        async with open_app(settings) as app:
            services = BotServices(
                settings, app.checker, app.repository, GuildRepository(app.repository.engine)
            )
            bot = build_bot(services)
            async with run_client(bot, fake):
                await bot.tree.sync()
                yield World(fake, bot, services, app, llm)
    assert fake.internal_errors == []


@contextlib.contextmanager
def point_discord_at_defaults():
    """build_bot sets discord.py's global URLs; put them back afterwards."""
    import discord

    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


def mention(world: World, text: str) -> str:
    return f"<@{world.fake.bot.id}> {text}"


async def bot_reply(world: World) -> dict:
    """The bot's next reply in #general (a message with embeds, not a command response)."""
    return await world.fake.wait_for_bot_message(
        channel_id=world.fake.channel.id, predicate=lambda m: bool(m.get("embeds")) and "interaction" not in m
    )


async def watch_general(world: World) -> None:
    interaction = await world.fake.dispatch_slash_command(
        "factbot watch", {"channel": world.fake.channel, "enabled": True}, user=world.fake.owner
    )
    await world.fake.wait_for_interaction_response(interaction)


def moderator(world: World):
    role = world.fake.guild.add_role("mods", Perm.MANAGE_MESSAGES)
    user = world.fake.add_user("mod")
    world.fake.guild.add_member(user, roles=[role])
    return user
