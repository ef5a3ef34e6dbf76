"""The real moderator check behind the `default_permissions` hint."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.discord_adapter.errors import NotInGuild, NotModerator
from bot.storage.guilds import GuildConfig

MODERATOR_PERMISSIONS = discord.Permissions(manage_messages=True)


def is_moderator(member: discord.abc.User, config: GuildConfig, permissions: discord.Permissions) -> bool:
    """`permissions` are the member's resolved permissions in the channel, as Discord sends them."""
    if not isinstance(member, discord.Member):
        return False
    if permissions.manage_messages or permissions.administrator:
        return True
    return config.moderator_role_id is not None and any(
        str(role.id) == config.moderator_role_id for role in member.roles
    )


async def _moderator_predicate(interaction: discord.Interaction) -> bool:
    if interaction.guild is None:
        raise NotInGuild()
    services = interaction.client.services  # type: ignore[attr-defined]
    config = await services.guilds.config(str(interaction.guild.id))
    if not is_moderator(interaction.user, config, interaction.permissions):
        raise NotModerator()
    return True


def moderator_only():
    """Manage Messages, or the guild's configured moderator role."""
    return app_commands.check(_moderator_predicate)
