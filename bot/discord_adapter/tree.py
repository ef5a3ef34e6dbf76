"""The command tree with a single error handler: every failure gets a clear ephemeral answer."""

from __future__ import annotations

import logging

import discord
from discord import app_commands

from bot.core.curation import CurationError

log = logging.getLogger(__name__)


def explain(error: app_commands.AppCommandError) -> str:
    original = getattr(error, "original", error)
    if isinstance(original, CurationError):
        return f"Nothing was changed. {original}"
    if isinstance(error, app_commands.CheckFailure):
        return str(error) or "You can't use this command here."
    if isinstance(error, app_commands.CommandOnCooldown):
        return f"Slow down: try again in {error.retry_after:.0f} seconds."
    if isinstance(error, app_commands.TransformerError):
        return f"I couldn't understand {error.value!r}: {error}"
    return "Something went wrong on my side and nothing was changed. Please try again in a minute."


class FactBotTree(app_commands.CommandTree):
    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        original = getattr(error, "original", error)
        if not isinstance(
            error, app_commands.CheckFailure | app_commands.TransformerError
        ) and not isinstance(original, CurationError):
            command = interaction.command.qualified_name if interaction.command else "?"
            log.error("command %s failed", command, exc_info=original)
        message = explain(error)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(
                    message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
                )
            else:
                await interaction.response.send_message(
                    message, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
                )
        except discord.HTTPException:
            log.warning("could not tell the user about a failed command", exc_info=True)
