"""`factbot run` (with DISCORD_TOKEN) and `factbot sync`."""

from __future__ import annotations

import logging

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
        bot = build_bot(services)
        async with bot:
            if sync_only:
                await bot.login(settings.discord_token)
                count = await sync_commands(bot, settings.dev_guild_id)
                where = f"guild {settings.dev_guild_id}" if settings.dev_guild_id else "all guilds"
                print(f"synced {count} commands to {where}")
                return 0
            await bot.start(settings.discord_token)
    return 0
