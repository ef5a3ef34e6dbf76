"""`/factbot watch|config|stats`: per-guild settings, for people who can manage the server."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.ext import commands

from bot.discord_adapter.permissions import moderator_only
from bot.discord_adapter.services import BotServices

NONE = discord.AllowedMentions.none()


@app_commands.guild_only()
@app_commands.default_permissions(manage_messages=True)
class FactbotAdmin(commands.GroupCog, group_name="factbot", group_description="Configure factbot"):
    def __init__(self, bot: commands.Bot, services: BotServices) -> None:
        self.bot = bot
        self.services = services
        super().__init__()

    @app_commands.command(name="watch", description="Screen a channel for outage claims (or stop)")
    @app_commands.describe(channel="The channel to watch", enabled="On to watch it, off to stop")
    @moderator_only()
    async def watch(
        self, interaction: discord.Interaction, channel: discord.TextChannel, enabled: bool = True
    ) -> None:
        assert interaction.guild is not None
        await self.services.guilds.set_watched(str(interaction.guild.id), str(channel.id), enabled)
        state = "now watching" if enabled else "no longer watching"
        await interaction.response.send_message(
            f"I'm {state} {channel.mention} for outage claims.", ephemeral=True, allowed_mentions=NONE
        )

    @app_commands.command(name="stats", description="Today's answers, LLM tokens and feedback")
    @moderator_only()
    async def stats(self, interaction: discord.Interaction) -> None:
        assert interaction.guild is not None
        usage = await self.services.guilds.usage_today(str(interaction.guild.id))
        budget = self.services.settings.guild_daily_llm_tokens
        cache = self.services.checker.drafts.stats
        feedback = (
            ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in sorted(usage.feedback.items())) or "none"
        )
        await interaction.response.send_message(
            f"**Today ({usage.day}, UTC)**\n"
            f"LLM tokens: {usage.llm_tokens:,} of {budget:,}\n"
            f"Answers drafted by the LLM: {usage.llm_answers}; record-built: {usage.record_answers}; "
            f"reused drafts: {usage.reused_answers}\n"
            f"Replies posted in the last 24 h: {usage.replies_last_24h}\n"
            f"Feedback: {feedback}\n"
            f"Draft cache (this process): {cache.misses} made, {cache.shared} shared, {cache.hits} reused",
            ephemeral=True,
            allowed_mentions=NONE,
        )

    @app_commands.command(name="config", description="Moderator role, moderator log channel, cooldown")
    @app_commands.describe(
        moderator_role="Members with this role may curate incidents",
        log_channel="Where reports from the feedback buttons go",
        cooldown_minutes="In watched channels, answer each incident once per this many minutes",
    )
    @moderator_only()
    async def config(
        self,
        interaction: discord.Interaction,
        moderator_role: discord.Role | None = None,
        log_channel: discord.TextChannel | None = None,
        cooldown_minutes: app_commands.Range[int, 1, 1_440] | None = None,
    ) -> None:
        assert interaction.guild is not None
        changes: dict[str, object] = {}
        if moderator_role is not None:
            changes["moderator_role_id"] = str(moderator_role.id)
        if log_channel is not None:
            changes["log_channel_id"] = str(log_channel.id)
        if cooldown_minutes is not None:
            changes["cooldown_s"] = cooldown_minutes * 60
        guild_id = str(interaction.guild.id)
        config = (
            await self.services.guilds.update_config(guild_id, **changes)
            if changes
            else await self.services.guilds.config(guild_id)
        )
        role = (
            f"<@&{config.moderator_role_id}>" if config.moderator_role_id else "none (Manage Messages only)"
        )
        log_channel_text = f"<#{config.log_channel_id}>" if config.log_channel_id else "none"
        cooldown = (config.cooldown_s or self.services.settings.watch_cooldown_s) // 60
        watched = ", ".join(f"<#{c}>" for c in sorted(config.watched_channel_ids)) or "none"
        await interaction.response.send_message(
            f"Moderator role: {role}\nModerator log: {log_channel_text}\nCooldown: {cooldown} min\n"
            f"Watched channels: {watched}",
            ephemeral=True,
            allowed_mentions=NONE,
        )
