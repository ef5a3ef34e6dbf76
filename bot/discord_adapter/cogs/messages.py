"""Mentions and watched channels: the bot reads chat and answers what it should, quietly."""

from __future__ import annotations

import logging
import re

import discord
from discord.ext import commands

from bot.discord_adapter.answering import Asked, reply_to_message, run_pipeline
from bot.discord_adapter.services import BotServices

log = logging.getLogger(__name__)
REPEAT_REACTION = "☝️"  # "answered above": quieter than a second reply


def strip_mentions_of(text: str, user_id: int) -> str:
    return re.sub(rf"<@!?{user_id}>", " ", text).strip()


class MessagesCog(commands.Cog):
    def __init__(self, bot: commands.Bot, services: BotServices) -> None:
        self.bot = bot
        self.services = services

    def _mentions_me(self, message: discord.Message) -> bool:
        me = self.bot.user
        return me is not None and any(user.id == me.id for user in message.mentions)

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if message.author.bot or message.webhook_id is not None or self.bot.user is None:
            return
        direct = self._mentions_me(message)
        try:
            if direct:
                await self._answer_mention(message)
            elif message.guild is not None:
                await self._screen_watched(message)
        except Exception:  # the database or the network failed: log it, keep the bot up
            log.exception("could not handle message %s in channel %s", message.id, message.channel.id)
            if direct:
                await self._say_unavailable(message)

    async def _say_unavailable(self, message: discord.Message) -> None:
        try:
            await message.reply(
                "I can't reach my records right now; please try again in a minute.",
                allowed_mentions=discord.AllowedMentions.none(),
                mention_author=False,
            )
        except discord.HTTPException:
            log.warning("could not tell the author of message %s that answering failed", message.id)

    async def _answer_mention(self, message: discord.Message) -> None:
        assert self.bot.user is not None
        text = strip_mentions_of(message.content, self.bot.user.id)
        target = message
        if not text and message.reference is not None and message.reference.message_id:
            target = await self._referenced(message)
            if target is None:
                return
            text = target.content
        if not text.strip():
            await message.reply(
                "Tell me the claim to check, e.g. `@factbot was AWS hacked?`, or reply to a message "
                "and mention me.",
                allowed_mentions=discord.AllowedMentions.none(),
                mention_author=False,
            )
            return
        async with message.channel.typing():
            answer = await run_pipeline(
                self.services,
                Asked(text, message.author.id, message.guild.id if message.guild else None),
                force=True,
            )
        await reply_to_message(self.services, target, answer)

    async def _referenced(self, message: discord.Message) -> discord.Message | None:
        assert message.reference is not None
        resolved = message.reference.resolved
        if isinstance(resolved, discord.Message):
            return resolved
        try:
            return await message.channel.fetch_message(message.reference.message_id or 0)
        except discord.HTTPException:
            await message.reply(
                "I can't see the message you replied to (it may have been deleted).",
                allowed_mentions=discord.AllowedMentions.none(),
                mention_author=False,
            )
            return None

    async def _screen_watched(self, message: discord.Message) -> None:
        assert message.guild is not None
        config = await self.services.guilds.config(str(message.guild.id))
        if str(message.channel.id) not in config.watched_channel_ids or not message.content:
            return
        detection = await self.services.checker.screen(message.content, quick=True)
        if not detection.is_claim:
            return
        retrieval = await self.services.checker.lookup(detection)
        incident = retrieval.incident
        if incident is None:
            return  # no record: not worth a message in a busy channel
        cooldown = self.services.cooldown(config.cooldown_s or self.services.settings.watch_cooldown_s)
        decision = cooldown.check(str(message.channel.id), incident.id)
        if not decision.answer:
            try:
                await message.add_reaction(REPEAT_REACTION)
            except discord.HTTPException as error:
                log.info("could not react to message %s: %s", message.id, error)
            return
        cooldown.record(str(message.channel.id), incident.id, "pending")  # claims the slot now
        async with message.channel.typing():
            answer = await run_pipeline(
                self.services,
                Asked(message.content, message.author.id, message.guild.id),
                force=False,
                detection=detection,
                retrieval=retrieval,
            )
        sent = await reply_to_message(self.services, message, answer)
        if sent is not None:
            cooldown.record(str(message.channel.id), incident.id, sent.jump_url)
