"""`/incident ...`: look incidents up (everyone) and curate them (moderators).

Discord applies `default_permissions` to top-level commands only, so the lookups and the
moderator commands share the `/incident` group: each moderator command carries the
permission hint for readers and tooling, and the real check (`moderator_only`) refuses
everyone else with a clear ephemeral message before anything changes.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from urllib.parse import urlparse

import discord
from discord import app_commands
from discord.ext import commands

from bot.core import curation
from bot.core.curation import Change, CurationError
from bot.core.kb_format import valid_http_url
from bot.core.records import Incident, Source, Verdict
from bot.core.render import escape, truncate
from bot.discord_adapter.corrections import Corrector
from bot.discord_adapter.embeds import incident_embed, timestamp
from bot.discord_adapter.permissions import moderator_only
from bot.discord_adapter.services import BotServices

log = logging.getLogger(__name__)
NONE = discord.AllowedMentions.none()
VERDICT_CHOICES = [app_commands.Choice(name=v.value, value=v.value) for v in Verdict]
CAUSE_STATUS_CHOICES = [app_commands.Choice(name=v, value=v) for v in ("confirmed", "claimed", "unknown")]
STATUS_CHOICES = [app_commands.Choice(name=v, value=v) for v in ("ongoing", "monitoring", "resolved")]


def parse_utc(text: str) -> datetime:
    """'2025-03-10 10:00', '2025-03-10T10:00:00+00:00' or '2025-03-10'; no offset means UTC."""
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError as error:
        raise CurationError(f"{text!r} is not a date and time like 2025-03-10 10:00 (UTC)") from error
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def make_source(url: str, publisher: str, title: str, excerpt: str) -> Source:
    if not valid_http_url(url.strip()):
        raise CurationError(f"{url!r} is not an http or https link")
    return Source(
        id="s1",
        title=title.strip(),
        publisher=publisher.strip(),
        url=url.strip(),
        published_at=None,
        excerpt=excerpt.strip(),
    )


def suggested_id(service: str, started_at: datetime) -> str:
    words = "".join(ch if ch.isalnum() else " " for ch in service.lower()).split()
    slug = "-".join(words)[:60].strip("-") or "incident"
    return f"{slug}-{started_at:%Y-%m-%d}"


class CreateIncidentModal(discord.ui.Modal, title="New incident"):
    service = discord.ui.TextInput(label="Service that failed", max_length=200, custom_id="service")
    incident_title = discord.ui.TextInput(label="Title (one line)", max_length=300, custom_id="title")
    started_at = discord.ui.TextInput(
        label="Started (UTC, e.g. 2025-03-10 10:00)", max_length=40, custom_id="started_at"
    )
    source_url = discord.ui.TextInput(
        label="First source: link (http/https)", max_length=500, custom_id="source_url"
    )
    excerpt = discord.ui.TextInput(
        label="First source: verbatim excerpt",
        style=discord.TextStyle.paragraph,
        max_length=2_000,
        custom_id="excerpt",
    )

    def __init__(self, cog: IncidentsCog) -> None:
        super().__init__(custom_id="factbot:incident:create")
        self.cog = cog

    async def on_submit(self, interaction: discord.Interaction) -> None:
        started = parse_utc(self.started_at.value)
        url = self.source_url.value.strip()
        source = make_source(
            url, urlparse(url).netloc or "source", self.incident_title.value, self.excerpt.value
        )
        change = curation.new_incident(
            incident_id=suggested_id(self.service.value, started),
            service=self.service.value,
            title=self.incident_title.value,
            started_at=started,
            summary=self.incident_title.value,
            source=source,
            aliases=(self.service.value,),
        )
        await self.cog.save(interaction, change, expected_version=None)

    async def on_error(self, interaction: discord.Interaction, error: Exception) -> None:
        message = (
            f"Nothing was saved. {error}"
            if isinstance(error, CurationError)
            else ("Something went wrong on my side and nothing was saved. Please try again.")
        )
        if not isinstance(error, CurationError):
            log.error("incident create failed", exc_info=error)
        await interaction.response.send_message(message, ephemeral=True, allowed_mentions=NONE)


class IncidentsCog(commands.GroupCog, group_name="incident", group_description="Outage incident records"):
    source = app_commands.Group(name="source", description="Sources of an incident")
    claim = app_commands.Group(name="claim", description="Curated claims of an incident")

    def __init__(self, bot: commands.Bot, services: BotServices, corrector: Corrector) -> None:
        self.bot = bot
        self.services = services
        self.corrector = corrector
        super().__init__()

    # --- helpers --------------------------------------------------------------------------

    async def _incident(self, incident_id: str) -> Incident:
        incident = await self.services.incidents.get(incident_id.strip())
        if incident is None:
            raise CurationError(f"there is no incident {incident_id!r}; find it with /incident search")
        return incident

    async def save(
        self, interaction: discord.Interaction, change: Change, *, expected_version: int | None
    ) -> None:
        guild_id = str(interaction.guild_id) if interaction.guild_id else None
        actor = f"discord:{interaction.user.id} ({interaction.user.name})"
        saved = await self.services.incidents.save_change(
            change, expected_version=expected_version, actor=actor, guild_id=guild_id
        )
        await interaction.response.send_message(
            f"{change.summary} (now version {saved.version}).",
            embed=incident_embed(saved),
            ephemeral=True,
            allowed_mentions=NONE,
        )
        if change.affects_replies:
            corrected = await self.corrector.correct(saved)
            if corrected:
                log.info("corrected %d replies after %s on %s", corrected, change.action, saved.id)

    async def incident_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = await self.services.incidents.search_titles(current, limit=25)
        return [app_commands.Choice(name=truncate(f"{title} ({i})", 100), value=i) for i, title in found][:25]

    # --- everyone ------------------------------------------------------------------------

    @app_commands.command(name="search", description="Find incidents by service or title")
    @app_commands.describe(query="A service, e.g. 'cloudflare', or words of the title")
    async def search(self, interaction: discord.Interaction, query: app_commands.Range[str, 1, 200]) -> None:
        found = await self.services.incidents.search_titles(query, limit=10)
        if not found:
            await interaction.response.send_message(
                f"No incident matches {escape(query)!s}. Try a service name, or /incident recent.",
                ephemeral=True,
                allowed_mentions=NONE,
            )
            return
        lines = [f"`{i}`: {escape(truncate(title, 120))}" for i, title in found]
        await interaction.response.send_message("\n".join(lines), ephemeral=True, allowed_mentions=NONE)

    @search.autocomplete("query")
    async def _search_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        found = await self.services.incidents.search_titles(current, limit=25)
        return [
            app_commands.Choice(name=truncate(title, 100), value=truncate(title, 100)) for _, title in found
        ]

    @app_commands.command(name="show", description="Show an incident record")
    @app_commands.describe(id="The incident id (start typing to search)")
    async def show(self, interaction: discord.Interaction, id: str) -> None:
        incident = await self._incident(id)
        await interaction.response.send_message(embed=incident_embed(incident), allowed_mentions=NONE)

    show.autocomplete("id")(incident_autocomplete)

    @app_commands.command(name="recent", description="The most recent incidents")
    async def recent(self, interaction: discord.Interaction) -> None:
        incidents = await self.services.incidents.recent(10)
        lines = [
            f"{timestamp(i.started_at, 'd')} `{i.id}`: {escape(truncate(i.title, 100))}" for i in incidents
        ]
        await interaction.response.send_message(
            "\n".join(lines) or "No incidents recorded yet.", ephemeral=True, allowed_mentions=NONE
        )

    # --- moderators ----------------------------------------------------------------------

    @app_commands.command(name="create", description="Record a new incident (moderators)")
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def create(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(CreateIncidentModal(self))

    @app_commands.command(name="edit", description="Edit an incident's fields (moderators)")
    @app_commands.describe(version="The version you are editing, shown by /incident show")
    @app_commands.choices(cause_status=CAUSE_STATUS_CHOICES, status=STATUS_CHOICES)
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def edit(
        self,
        interaction: discord.Interaction,
        id: str,
        version: int,
        title: str | None = None,
        summary: str | None = None,
        cause: str | None = None,
        cause_status: app_commands.Choice[str] | None = None,
        status: app_commands.Choice[str] | None = None,
        aliases: str | None = None,
    ) -> None:
        incident = await self._incident(id)
        change = curation.edit_fields(
            incident,
            title=title,
            summary=summary,
            cause=cause,
            cause_status=cause_status.value if cause_status else None,
            status=status.value if status else None,
            aliases=aliases,
        )
        await self.save(interaction, change, expected_version=version)

    edit.autocomplete("id")(incident_autocomplete)

    @app_commands.command(name="resolve", description="Mark an incident resolved (moderators)")
    @app_commands.describe(ended_at="When it ended, UTC (default: now)")
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def resolve(
        self, interaction: discord.Interaction, id: str, version: int, ended_at: str | None = None
    ) -> None:
        incident = await self._incident(id)
        change = curation.resolve(incident, parse_utc(ended_at) if ended_at else None)
        await self.save(interaction, change, expected_version=version)

    resolve.autocomplete("id")(incident_autocomplete)

    @app_commands.command(name="archive", description="Stop using an incident for answers (moderators)")
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def archive(self, interaction: discord.Interaction, id: str, version: int) -> None:
        incident = await self._incident(id)
        await self.save(interaction, curation.archive(incident), expected_version=version)

    archive.autocomplete("id")(incident_autocomplete)

    @app_commands.command(name="approve", description="Approve a pending (imported) incident (moderators)")
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def approve(self, interaction: discord.Interaction, id: str) -> None:
        incident = await self._incident(id)
        await self.save(interaction, curation.approve(incident), expected_version=incident.version)

    @app_commands.command(name="history", description="Who changed an incident, and how (moderators)")
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def history(self, interaction: discord.Interaction, id: str) -> None:
        entries = await self.services.incidents.history(id.strip(), limit=15)
        if not entries:
            await interaction.response.send_message(f"No history for {escape(id)}.", ephemeral=True)
            return
        lines = [
            f"{timestamp(e.at, 'f')} **{escape(e.action)}** by {escape(e.actor)}: "
            f"{escape(truncate(e.summary, 120))}"
            for e in entries
        ]
        await interaction.response.send_message(
            truncate("\n".join(lines), 2_000), ephemeral=True, allowed_mentions=NONE
        )

    history.autocomplete("id")(incident_autocomplete)

    @source.command(name="add", description="Add a source to an incident (moderators)")
    @app_commands.describe(
        excerpt="Verbatim text from the source: it is the evidence replies are checked against"
    )
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def source_add(
        self,
        interaction: discord.Interaction,
        id: str,
        version: int,
        url: str,
        publisher: app_commands.Range[str, 1, 200],
        title: app_commands.Range[str, 1, 300],
        excerpt: app_commands.Range[str, 1, 4_000],
    ) -> None:
        incident = await self._incident(id)
        change = curation.add_source(incident, make_source(url, publisher, title, excerpt))
        await self.save(interaction, change, expected_version=version)

    source_add.autocomplete("id")(incident_autocomplete)

    @claim.command(name="add", description="Add a curated claim with its verdict (moderators)")
    @app_commands.describe(source_ids="Comma-separated source ids backing the verdict, e.g. s1,s2")
    @app_commands.choices(verdict=VERDICT_CHOICES)
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def claim_add(
        self,
        interaction: discord.Interaction,
        id: str,
        version: int,
        text: app_commands.Range[str, 1, 500],
        verdict: app_commands.Choice[str],
        explanation: app_commands.Range[str, 1, 2_000],
        source_ids: str,
    ) -> None:
        incident = await self._incident(id)
        ids = tuple(s.strip() for s in source_ids.split(",") if s.strip())
        change = curation.add_claim(incident, text, Verdict(verdict.value), explanation, ids)
        await self.save(interaction, change, expected_version=version)

    claim_add.autocomplete("id")(incident_autocomplete)

    @claim.command(name="verdict", description="Change a curated claim's verdict (moderators)")
    @app_commands.choices(verdict=VERDICT_CHOICES)
    @app_commands.default_permissions(manage_messages=True)
    @moderator_only()
    async def claim_verdict(
        self,
        interaction: discord.Interaction,
        id: str,
        version: int,
        claim: str,
        verdict: app_commands.Choice[str],
        explanation: str | None = None,
    ) -> None:
        incident = await self._incident(id)
        change = curation.set_verdict(incident, claim.strip(), Verdict(verdict.value), explanation)
        await self.save(interaction, change, expected_version=version)

    claim_verdict.autocomplete("id")(incident_autocomplete)
