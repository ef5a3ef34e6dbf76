"""`/factcheck claim:` and the "Fact-check message" context menu."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_adapter.answering import Asked, record_reply, run_pipeline
from bot.discord_adapter.embeds import reply_embed
from bot.discord_adapter.feedback import FeedbackView
from bot.discord_adapter.services import BotServices

NONE = discord.AllowedMentions.none()
MAX_CLAIM = 1_000


class FactCheckCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: BotServices) -> None:
        self.bot = bot
        self.services = services
        self.menu = app_commands.ContextMenu(name="Fact-check message", callback=self.fact_check_message)

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.menu.name, type=self.menu.type)

    async def _respond(
        self, interaction: discord.Interaction, text: str, target: discord.Message | None
    ) -> None:
        await interaction.response.defer(thinking=True)
        answer = await run_pipeline(
            self.services,
            Asked(text, interaction.user.id, interaction.guild_id),
            force=True,
        )
        assert answer.reply is not None
        sent = await interaction.followup.send(
            embed=reply_embed(answer.reply),
            view=FeedbackView(self.services) if answer.incident else discord.utils.MISSING,
            allowed_mentions=NONE,
            wait=True,
        )
        await record_reply(self.services, sent, answer, target.id if target else None)

    @app_commands.command(name="factcheck", description="Check a claim about an outage against the records")
    @app_commands.describe(claim="The claim to check, e.g. 'AWS went down because of hackers'")
    async def factcheck(
        self, interaction: discord.Interaction, claim: app_commands.Range[str, 1, MAX_CLAIM]
    ) -> None:
        await self._respond(interaction, claim, None)

    async def fact_check_message(self, interaction: discord.Interaction, message: discord.Message) -> None:
        if not message.content.strip():
            await interaction.response.send_message(
                "That message has no text I can check.", ephemeral=True, allowed_mentions=NONE
            )
            return
        await self._respond(interaction, message.content[: MAX_CLAIM * 2], message)
