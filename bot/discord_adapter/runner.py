"""`factbot run` (with DISCORD_TOKEN) and `factbot sync`."""

from __future__ import annotations

import logging

import discord

from bot.app import open_app
from bot.discord_adapter.client import build_bot, sync_commands
from bot.discord_adapter.services import BotServices
from bot.settings import Settings
from bot.storage.guilds import GuildRepository

log = logging.getLogger(__name__)


async def run_discord(settings: Settings, *, sync_only: bool = False) -> int:
    assert settings.discord_token is not None
    async with open_app(settings) as app:
        services = BotServices(
            settings=settings,
            checker=app.checker,
            incidents=app.repository,
            guilds=GuildRepository(app.repository.engine),
        )
        if sync_only:
            bot = build_bot(services)
            async with bot:
                await bot.login(settings.discord_token)
                count = await sync_commands(bot, settings.dev_guild_id)
            where = f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "all guilds"
            print(f"synced {count} commands to {where}")
            return 0
        await serve(services)
    return 0


async def serve(services: BotServices) -> None:
    """Run until closed; fall back to mentions and slash commands without message content."""
    token = services.settings.discord_token
    assert token is not None
    try:
        async with build_bot(services) as bot:
            await bot.start(token)
    except discord.PrivilegedIntentsRequired:
        log.warning(
            "the Message Content intent is not enabled for this application in the Developer Portal: "
            "watched channels are off; mentions, the context menu and slash commands still work"
        )
        async with build_bot(services, message_content=False) as bot:
            await bot.start(token)
