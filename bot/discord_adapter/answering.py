"""Runs the pipeline for Discord and posts what it returns: embed, buttons, no pings, recorded."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord

from bot.core.detect import Detection
from bot.core.pipeline import Answer
from bot.core.retrieve import Retrieval
from bot.discord_adapter.embeds import reply_embed
from bot.discord_adapter.feedback import FeedbackView
from bot.discord_adapter.services import BotServices

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()


@dataclass(frozen=True, slots=True)
class Asked:
    text: str
    user_id: int
    guild_id: int | None


async def run_pipeline(
    services: BotServices,
    asked: Asked,
    *,
    force: bool,
    detection: Detection | None = None,
    retrieval: Retrieval | None = None,
) -> Answer:
    """The pipeline under the guild's LLM budget and the user's limit; usage is counted."""
    use_llm = await services.may_use_llm(asked.user_id, asked.guild_id)
    answer = await services.checker.answer(
        asked.text, force=force, use_llm=use_llm, detection=detection, retrieval=retrieval
    )
    if asked.guild_id is not None and answer.incident is not None:
        await services.guilds.add_usage(
            str(asked.guild_id),
            tokens=answer.prompt_tokens,
            drafted_by=answer.drafted_by,
            reused=answer.reused != "made",
        )
    return answer


async def record_reply(
    services: BotServices, sent: discord.Message, answer: Answer, checked_message_id: int | None
) -> None:
    incident = answer.incident
    if incident is None or answer.draft is None:
        return
    await services.guilds.record_reply(
        guild_id=str(sent.guild.id) if sent.guild else None,
        channel_id=str(sent.channel.id),
        message_id=str(sent.id),
        checked_message_id=str(checked_message_id) if checked_message_id else None,
        incident_id=incident.id,
        claim_id=answer.claim.id if answer.claim else None,
        verdict=answer.draft.verdict.value,
        record_version=incident.version,
    )


async def reply_to_message(
    services: BotServices, target: discord.Message, answer: Answer
) -> discord.Message | None:
    """Reply to the checked message; a deleted target or a refused send is logged, not raised."""
    assert answer.reply is not None
    try:
        sent = await target.channel.send(
            embed=reply_embed(answer.reply),
            view=FeedbackView(services) if answer.incident else discord.utils.MISSING,
            allowed_mentions=NONE,
            # If the checked message is deleted meanwhile, post anyway instead of failing.
            reference=target.to_reference(fail_if_not_exists=False),
        )
    except discord.HTTPException as error:
        log.warning(
            "could not post the reply to message %s in channel %s: %s",
            target.id,
            target.channel.id,
            error,
        )
        return None
    await record_reply(services, sent, answer, target.id)
    return sent
