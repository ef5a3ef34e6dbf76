"""Edits earlier replies when a moderator changes the records they relied on.

A reply is rebuilt from the new records with the record-built drafter (checked like any
draft) and edited in place, titled "Updated", so people who read the old answer see the new
verdict where they saw the old one.
"""

from __future__ import annotations

import logging
from datetime import datetime

import discord

from bot.core.check import check_draft
from bot.core.records import Incident, ReviewState
from bot.core.render import Reply, render_reply
from bot.core.template import template_draft
from bot.discord_adapter.embeds import reply_embed
from bot.storage.guilds import GuildRepository, PostedReply

log = logging.getLogger(__name__)


def corrected_reply(incident: Incident, posted: PostedReply) -> Reply | None:
    claim = incident.claim(posted.claim_id) if posted.claim_id else None
    if posted.claim_id and claim is None:
        return None
    draft = template_draft(incident, claim)
    if not check_draft(draft, incident, claim.id if claim else None).passed:
        return None
    return render_reply(draft, incident)


class Corrector:
    def __init__(self, client: discord.Client, guilds: GuildRepository) -> None:
        self.client = client
        self.guilds = guilds

    async def correct(self, incident: Incident, now: datetime | None = None) -> int:
        """Edit the replies of the last 30 days that relied on this incident; return how many."""
        if incident.state is not ReviewState.APPROVED:
            return 0
        edited = 0
        for posted in await self.guilds.replies_relying_on(incident.id, now):
            if posted.record_version >= incident.version:
                continue
            reply = corrected_reply(incident, posted)
            if reply is None:
                log.warning("no checked correction for reply %s of %s", posted.message_id, incident.id)
                continue
            channel = self.client.get_partial_messageable(int(posted.channel_id))
            message = channel.get_partial_message(int(posted.message_id))
            try:
                await message.edit(
                    embed=reply_embed(reply, updated=True), allowed_mentions=discord.AllowedMentions.none()
                )
            except discord.HTTPException as error:
                log.warning(
                    "could not correct reply %s in channel %s: %s",
                    posted.message_id,
                    posted.channel_id,
                    error,
                )
                continue
            assert reply.verdict is not None
            await self.guilds.mark_corrected(posted.pk, reply.verdict.value, incident.version)
            edited += 1
        return edited
