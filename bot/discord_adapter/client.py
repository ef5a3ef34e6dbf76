"""The bot, built in one place with its dependencies passed in."""

from __future__ import annotations

import logging

import discord
import yarl
from discord.ext import commands

from bot.discord_adapter.cogs.admin import FactbotAdmin
from bot.discord_adapter.cogs.factcheck import FactCheckCog
from bot.discord_adapter.cogs.incidents import IncidentsCog
from bot.discord_adapter.cogs.messages import MessagesCog
from bot.discord_adapter.corrections import Corrector
from bot.discord_adapter.feedback import FeedbackView
from bot.discord_adapter.services import BotServices
from bot.discord_adapter.tree import FactBotTree

log = logging.getLogger(__name__)


def intents(*, message_content: bool = True) -> discord.Intents:
    """Guilds, guild messages and message content (privileged: needed to read watched channels)."""
    chosen = discord.Intents.none()
    chosen.guilds = True
    chosen.guild_messages = True
    chosen.message_content = message_content
    return chosen


def point_at_server(api_base: str, gateway_url: str | None) -> None:
    """Aim discord.py at a Discord-compatible server (tests, self-hosted); defaults are Discord's."""
    discord.http.Route.BASE = api_base.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


class FactBotMixin:
    services: BotServices

    async def setup_hook(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        corrector = Corrector(bot, self.services.guilds)
        await bot.add_cog(MessagesCog(bot, self.services))
        await bot.add_cog(FactCheckCog(bot, self.services))
        await bot.add_cog(IncidentsCog(bot, self.services, corrector))
        await bot.add_cog(FactbotAdmin(bot, self.services))
        bot.add_view(FeedbackView(self.services))

    async def on_message(self, message: discord.Message) -> None:
        """No prefix commands: chat is handled by MessagesCog, commands are slash commands."""

    async def on_ready(self) -> None:
        bot: commands.Bot = self  # type: ignore[assignment]
        log.info("connected as %s to %d guilds", bot.user, len(bot.guilds))


def _options(message_content: bool) -> dict:
    return {
        "command_prefix": commands.when_mentioned,
        "intents": intents(message_content=message_content),
        "tree_cls": FactBotTree,
        "allowed_mentions": discord.AllowedMentions.none(),
        "help_command": None,
    }


class FactBot(FactBotMixin, commands.Bot):
    def __init__(self, services: BotServices, *, message_content: bool = True) -> None:
        super().__init__(**_options(message_content))
        self.services = services


class ShardedFactBot(FactBotMixin, commands.AutoShardedBot):
    def __init__(self, services: BotServices, shard_count: int, *, message_content: bool = True) -> None:
        super().__init__(shard_count=shard_count, **_options(message_content))
        self.services = services


def build_bot(services: BotServices, *, message_content: bool = True) -> commands.Bot:
    """Without the message-content intent, mentions and slash commands still work."""
    settings = services.settings
    point_at_server(settings.discord_api_base, settings.discord_gateway_url)
    if settings.shard_count:
        return ShardedFactBot(services, settings.shard_count, message_content=message_content)
    return FactBot(services, message_content=message_content)


async def sync_commands(bot: commands.Bot, dev_guild_id: int | None) -> int:
    """Sync to the development guild when set (instant), globally otherwise."""
    if dev_guild_id:
        guild = discord.Object(id=dev_guild_id)
        bot.tree.copy_global_to(guild=guild)
        synced = await bot.tree.sync(guild=guild)
    else:
        synced = await bot.tree.sync()
    return len(synced)
