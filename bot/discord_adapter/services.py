"""Everything the cogs need, built once and handed to the bot (no module-level state)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.core.pipeline import FactChecker
from bot.core.watch import ChannelCooldown, SlidingWindowLimit
from bot.settings import Settings
from bot.storage.guilds import GuildRepository
from bot.storage.repository import IncidentRepository


@dataclass
class BotServices:
    settings: Settings
    checker: FactChecker
    incidents: IncidentRepository
    guilds: GuildRepository
    cooldowns: dict[int, ChannelCooldown] = field(default_factory=dict)
    user_llm_limit: SlidingWindowLimit | None = None

    def __post_init__(self) -> None:
        if self.user_llm_limit is None:
            self.user_llm_limit = SlidingWindowLimit(self.settings.user_llm_answers_per_hour, 3_600)

    def cooldown(self, seconds: int) -> ChannelCooldown:
        """One tracker per cooldown length, so a guild's own setting applies to it alone."""
        tracker = self.cooldowns.get(seconds)
        if tracker is None:
            tracker = self.cooldowns[seconds] = ChannelCooldown(seconds)
        return tracker

    async def may_use_llm(self, user_id: int, guild_id: int | None) -> bool:
        """Within the guild's daily token budget and the user's hourly limit; else record-built."""
        assert self.user_llm_limit is not None
        if not self.settings.llm_enabled:
            return False
        if guild_id is not None:
            usage = await self.guilds.usage_today(str(guild_id))
            if usage.llm_tokens >= self.settings.guild_daily_llm_tokens:
                return False
        return self.user_llm_limit.allow(str(user_id))
