"""Buttons under every reply: Helpful / Not helpful / Report to moderators.

The view is persistent (fixed custom ids, no timeout) so the buttons keep working after a
restart; which reply was clicked comes from the interaction's message.
"""

from __future__ import annotations

import logging

import discord

from bot.discord_adapter.services import BotServices

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


class FeedbackView(discord.ui.View):
    def __init__(self, services: BotServices) -> None:
        super().__init__(timeout=None)
        self.services = services

    async def _record(self, interaction: discord.Interaction, kind: str) -> bool:
        assert interaction.message is not None
        return await self.services.guilds.add_feedback(
            str(interaction.message.id), str(interaction.user.id), kind
        )

    async def _thank(self, interaction: discord.Interaction, kind: str) -> None:
        fresh = await self._record(interaction, kind)
        text = "Thanks for the feedback!" if fresh else "You already gave feedback on this reply."
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=NONE)

    @discord.ui.button(
        label="Helpful", style=discord.ButtonStyle.success, custom_id="factbot:feedback:helpful"
    )
    async def helpful(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        await self._thank(interaction, "helpful")

    @discord.ui.button(
        label="Not helpful", style=discord.ButtonStyle.secondary, custom_id="factbot:feedback:not_helpful"
    )
    async def not_helpful(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        await self._thank(interaction, "not_helpful")

    @discord.ui.button(
        label="Report to moderators", style=discord.ButtonStyle.danger, custom_id="factbot:feedback:report"
    )
    async def report(self, interaction: discord.Interaction, _button: discord.ui.Button) -> None:
        assert interaction.message is not None
        if interaction.guild is None:
            await interaction.response.send_message("Reports work in servers only.", ephemeral=True)
            return
        config = await self.services.guilds.config(str(interaction.guild.id))
        if config.log_channel_id is None:
            await interaction.response.send_message(
                "This server has no moderator log channel yet (moderators set one with /factbot config).",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        await self._record(interaction, "report")
        channel = interaction.client.get_partial_messageable(int(config.log_channel_id))  # type: ignore[attr-defined]
        try:
            await channel.send(
                f"Reply reported by {interaction.user.mention} (user id {interaction.user.id}): "
                f"{interaction.message.jump_url}",
                allowed_mentions=NONE,
            )
        except discord.HTTPException as error:
            log.warning("could not post report for message %s: %s", interaction.message.id, error)
            await interaction.response.send_message(
                "I couldn't post in the moderator log channel; please tell a moderator.", ephemeral=True
            )
            return
        await interaction.response.send_message("Reported to the moderators. Thank you.", ephemeral=True)
