"""Discord embeds built from the core's `Reply`: colour by verdict, masked links, timestamps."""

from __future__ import annotations

from datetime import datetime

import discord

from bot.core.records import Incident, Verdict
from bot.core.render import Reply, escape, truncate

COLOURS = {
    Verdict.SUPPORTED: discord.Colour.green(),
    Verdict.REFUTED: discord.Colour.red(),
    Verdict.MISLEADING: discord.Colour.orange(),
    Verdict.UNVERIFIED: discord.Colour.light_grey(),
    None: discord.Colour.dark_grey(),
}
DESCRIPTION_LIMIT = 4_000
FIELD_LIMIT = 1_024


def timestamp(moment: datetime, style: str = "f") -> str:
    return f"<t:{int(moment.timestamp())}:{style}>"


def _masked_link(title: str, url: str | None) -> str:
    label = escape(truncate(title, 90)).replace("]", "").replace("[", "")
    if not url:
        return label
    return f"[{label}]({url.replace(')', '%29').replace(' ', '%20')})"


def reply_embed(reply: Reply, *, updated: bool = False) -> discord.Embed:
    title = f"{'Updated: ' if updated else ''}{reply.label}"
    lines = [reply.headline, ""]
    for sentence in reply.sentences:
        refs = "".join(f"[{n}]" for n in sentence.citations)
        lines.append(f"• {sentence.text} {refs}".rstrip())
    lines.extend(reply.notes)
    embed = discord.Embed(
        title=truncate(title, 256),
        description=truncate("\n".join(lines), DESCRIPTION_LIMIT),
        colour=COLOURS[reply.verdict],
    )
    if reply.started_at is not None:
        when = f"Started {timestamp(reply.started_at)}"
        when += f"\nEnded {timestamp(reply.ended_at)}" if reply.ended_at else "\nNo end time published"
        embed.add_field(name="When", value=when, inline=True)
    if reply.sources:
        sources = "\n".join(
            f"[{s.number}] {escape(truncate(s.publisher, 60))}: {_masked_link(s.title, s.url)}"
            for s in reply.sources
        )
        embed.add_field(name="Sources", value=truncate(sources, FIELD_LIMIT), inline=False)
    if reply.incident_id:
        embed.set_footer(
            text=truncate(
                f"Incident {reply.incident_id} · checked against {reply.record_count} records "
                f"(record version {reply.record_version})",
                2_048,
            )
        )
    return embed


def incident_embed(incident: Incident) -> discord.Embed:
    embed = discord.Embed(
        title=truncate(escape(incident.title), 256),
        description=truncate(escape(incident.summary), DESCRIPTION_LIMIT),
        colour=discord.Colour.blurple(),
    )
    embed.add_field(name="Service", value=truncate(escape(incident.service), FIELD_LIMIT))
    embed.add_field(name="Status", value=f"{incident.status.value} ({incident.state.value})")
    when = f"Started {timestamp(incident.started_at)}"
    when += f"\nEnded {timestamp(incident.ended_at)}" if incident.ended_at else "\nNo end time published"
    embed.add_field(name="When", value=when, inline=False)
    cause = escape(incident.cause) if incident.cause else "Not published"
    embed.add_field(
        name=f"Cause ({incident.cause_status.value})", value=truncate(cause, FIELD_LIMIT), inline=False
    )
    if incident.claims:
        claims = "\n".join(
            f"`{c.id}` **{c.verdict.value}**: {escape(truncate(c.text, 150))}" for c in incident.claims
        )
        embed.add_field(name="Curated claims", value=truncate(claims, FIELD_LIMIT), inline=False)
    sources = "\n".join(
        f"`{s.id}` {escape(truncate(s.publisher, 50))}: {_masked_link(s.title, s.url)}"
        for s in incident.sources
    )
    embed.add_field(name="Sources", value=truncate(sources, FIELD_LIMIT), inline=False)
    embed.set_footer(text=f"Incident {incident.id} · version {incident.version}")
    return embed
