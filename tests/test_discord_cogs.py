"""Cog logic called directly through `command.callback`, with mocks specced from discord.py's classes."""

from __future__ import annotations

from unittest import mock

import discord
import pytest
from discord import app_commands

from bot.core.curation import CurationError, StaleVersionError
from bot.discord_adapter.cogs.admin import FactbotAdmin
from bot.discord_adapter.cogs.incidents import IncidentsCog
from bot.discord_adapter.corrections import Corrector
from bot.discord_adapter.errors import NotModerator
from bot.discord_adapter.permissions import _moderator_predicate
from bot.discord_adapter.services import BotServices
from bot.discord_adapter.tree import explain
from bot.settings import Settings
from bot.storage.guilds import GuildRepository
from bot.storage.repository import IncidentRepository

MODERATOR_COMMANDS = {
    "create",
    "edit",
    "resolve",
    "archive",
    "approve",
    "history",
    "source add",
    "claim add",
    "claim verdict",
}
PUBLIC_COMMANDS = {"search", "show", "recent"}


@pytest.fixture
def services(repository: IncidentRepository, checker) -> BotServices:
    return BotServices(Settings(), checker, repository, GuildRepository(repository.engine))


@pytest.fixture
def cog(services: BotServices) -> IncidentsCog:
    bot = mock.create_autospec(discord.ext.commands.Bot, instance=True, spec_set=True)
    corrector = mock.create_autospec(Corrector, instance=True, spec_set=True)
    return IncidentsCog(bot, services, corrector)


def interaction(*, user_id: int = 42, manage_messages: bool = True) -> mock.NonCallableMagicMock:
    inter = mock.create_autospec(discord.Interaction, instance=True, spec_set=True)
    inter.response = mock.create_autospec(discord.InteractionResponse, instance=True, spec_set=True)
    inter.user = mock.create_autospec(discord.Member, instance=True, spec_set=True)
    inter.user.id = user_id
    inter.user.name = "mod"
    inter.user.roles = []
    inter.guild_id = 1
    inter.guild = mock.create_autospec(discord.Guild, instance=True, spec_set=True)
    inter.guild.id = 1
    inter.permissions = discord.Permissions(manage_messages=manage_messages)
    return inter


def commands_of(cog: IncidentsCog) -> dict[str, app_commands.Command]:
    return {
        c.qualified_name.removeprefix("incident "): c
        for c in cog.walk_app_commands()
        if isinstance(c, app_commands.Command)
    }


def test_moderator_commands_carry_the_hint_and_the_real_check(cog: IncidentsCog):
    found = commands_of(cog)
    assert found.keys() >= MODERATOR_COMMANDS
    for name in MODERATOR_COMMANDS:
        command = found[name]
        assert command.default_permissions == discord.Permissions(manage_messages=True), name
        assert _moderator_predicate in command.checks, name


def test_lookups_are_open_to_everyone(cog: IncidentsCog):
    found = commands_of(cog)
    for name in PUBLIC_COMMANDS:
        assert found[name].checks == [] and found[name].default_permissions is None, name


def test_the_admin_group_is_hidden_from_members_by_default(services: BotServices):
    admin = FactbotAdmin(
        mock.create_autospec(discord.ext.commands.Bot, instance=True, spec_set=True), services
    )
    group = admin.__cog_app_commands_group__
    assert group.default_permissions == discord.Permissions(manage_messages=True)
    assert group.guild_only


async def test_a_member_without_the_permission_or_role_is_refused(services: BotServices):
    inter = interaction(manage_messages=False)
    inter.client = mock.Mock(services=services)
    with pytest.raises(NotModerator):
        await _moderator_predicate(inter)


async def test_the_configured_moderator_role_is_enough(services: BotServices):
    role = mock.create_autospec(discord.Role, instance=True, spec_set=True)
    role.id = 777
    await services.guilds.update_config("1", moderator_role_id="777")
    inter = interaction(manage_messages=False)
    inter.user.roles = [role]
    inter.client = mock.Mock(services=services)
    assert await _moderator_predicate(inter)


def test_a_refusal_tells_the_user_what_they_need():
    assert "Manage Messages" in explain(NotModerator())


async def test_show_answers_with_the_incident(cog: IncidentsCog):
    inter = interaction()
    await commands_of(cog)["show"].callback(cog, inter, "fastly-2021-06-08")
    embed = inter.response.send_message.await_args.kwargs["embed"]
    assert "fastly-2021-06-08" in embed.footer.text


async def test_an_edit_is_saved_audited_and_versioned(cog: IncidentsCog, services: BotServices):
    before = await services.incidents.get("fastly-2021-06-08")
    await commands_of(cog)["edit"].callback(
        cog, interaction(), "fastly-2021-06-08", before.version, title="Fastly global outage (edited)"
    )
    after = await services.incidents.get("fastly-2021-06-08")
    assert after.title == "Fastly global outage (edited)" and after.version == before.version + 1
    entry = (await services.incidents.history("fastly-2021-06-08"))[0]
    assert entry.action == "edit" and entry.actor.startswith("discord:42") and entry.guild_id == "1"
    assert entry.before["title"] == before.title and entry.after["title"] == after.title


async def test_an_edit_from_a_stale_version_is_refused(cog: IncidentsCog, services: BotServices):
    current = await services.incidents.get("fastly-2021-06-08")
    await commands_of(cog)["edit"].callback(cog, interaction(), current.id, current.version, title="First")
    with pytest.raises(StaleVersionError, match="changed by someone else"):
        await commands_of(cog)["edit"].callback(
            cog, interaction(), current.id, current.version, title="Second"
        )
    assert (await services.incidents.get(current.id)).title == "First"


async def test_a_source_link_must_be_http_or_https(cog: IncidentsCog, services: BotServices):
    current = await services.incidents.get("fastly-2021-06-08")
    with pytest.raises(CurationError, match="http or https"):
        await commands_of(cog)["source add"].callback(
            cog, interaction(), current.id, current.version, "javascript:alert(1)", "Me", "Title", "Text"
        )
    assert await services.incidents.get(current.id) == current


async def test_a_claim_citing_a_missing_source_is_refused(cog: IncidentsCog, services: BotServices):
    current = await services.incidents.get("fastly-2021-06-08")
    verdict = app_commands.Choice(name="refuted", value="refuted")
    with pytest.raises(CurationError, match="unknown sources"):
        await commands_of(cog)["claim add"].callback(
            cog, interaction(), current.id, current.version, "It was aliens", verdict, "No.", "s99"
        )


async def test_a_verdict_change_triggers_corrections(cog: IncidentsCog, services: BotServices):
    current = await services.incidents.get("fastly-2021-06-08")
    verdict = app_commands.Choice(name="unverified", value="unverified")
    await commands_of(cog)["claim verdict"].callback(
        cog, interaction(), current.id, current.version, "c1", verdict
    )
    cog.corrector.correct.assert_awaited_once()
    assert cog.corrector.correct.await_args.args[0].claim("c1").verdict.value == "unverified"


async def test_an_oversized_field_is_refused_naming_the_field(cog: IncidentsCog, services: BotServices):
    current = await services.incidents.get("fastly-2021-06-08")
    with pytest.raises(CurationError, match="title"):
        await commands_of(cog)["edit"].callback(
            cog, interaction(), current.id, current.version, title="x" * 600
        )
    assert await services.incidents.get(current.id) == current


async def test_creating_an_incident_whose_id_exists_is_refused(services: BotServices):
    from bot.core import curation
    from bot.core.records import Source

    existing = await services.incidents.get("fastly-2021-06-08")
    change = curation.new_incident(
        incident_id=existing.id,
        service="Fastly",
        title="Duplicate",
        started_at=existing.started_at,
        summary="Duplicate.",
        source=Source("s1", "t", "p", "https://example.com", None, "text"),
    )
    with pytest.raises(CurationError, match="already exists"):
        await services.incidents.save_change(change, expected_version=None, actor="t")
    assert await services.incidents.get(existing.id) == existing
