"""The fake Discord (tests/fakes/discord_server.py) speaks enough of the real protocol for an
unmodified discord.py 2.7 client: these tests are its specification.

Every test gets its own FakeDiscord on a random loopback port and its own client.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from tests.fakes.discord_server import (
    FakeDiscord,
    Intents,
    Perm,
    point_discord_at,
    run_client,
)

pytestmark = pytest.mark.asyncio

EPHEMERAL = 64
MESSAGES = r"/channels/\d+/messages"


@pytest_asyncio.fixture
async def fake() -> AsyncIterator[FakeDiscord]:
    async with FakeDiscord() as server, point_discord_at(server):
        yield server
    assert server.internal_errors == [], server.internal_errors
    leftovers = [t for t in asyncio.all_tasks() if t is not asyncio.current_task() and not t.done()]
    assert leftovers == [], f"tasks left running after the client closed: {leftovers}"


def make_bot(*, message_content: bool = True, **kwargs) -> commands.Bot:
    intents = discord.Intents.default()
    intents.message_content = message_content
    return commands.Bot(command_prefix="!", intents=intents, help_command=None, **kwargs)


def future() -> asyncio.Future:
    return asyncio.get_running_loop().create_future()


# --------------------------------------------------------------------------- login / gateway


async def test_bot_logs_in_and_sees_the_configured_guild(fake: FakeDiscord) -> None:
    bot = make_bot()
    ready = future()

    @bot.event
    async def on_ready() -> None:
        if not ready.done():
            ready.set_result(True)

    async with run_client(bot, fake):
        assert await asyncio.wait_for(ready, 1)
        assert bot.user.id == fake.bot.id and bot.user.bot
        assert bot.application_id == fake.application_id
        assert [g.id for g in bot.guilds] == [fake.guild.id]
        guild = bot.get_guild(fake.guild.id)
        assert guild.me is not None and guild.me.id == fake.bot.id
        channel = guild.get_channel(fake.channel.id)
        assert channel.name == "general"
        perms = channel.permissions_for(guild.me)
        assert perms.send_messages and perms.read_message_history and not perms.manage_messages

    # discord.py negotiated its gateway the way it does against the real Discord
    assert fake.gateway_connections[0]["query"] == {
        "v": "10",
        "encoding": "json",
        "compress": "zlib-stream",
    }
    identify = await fake.wait_for_gateway_op(2)
    assert identify.d["token"] == fake.token
    assert identify.d["intents"] & Intents.MESSAGE_CONTENT
    assert [r.path for r in fake.requests[:2]] == ["/users/@me", "/oauth2/applications/@me"]


async def test_wrong_token_is_a_login_failure(fake: FakeDiscord) -> None:
    bot = make_bot()
    with pytest.raises(discord.LoginFailure):
        async with run_client(bot, fake, token="not-the-bot-token"):
            pass
    assert fake.requests[0].status == 401


async def test_privileged_intent_not_enabled_in_portal_is_refused(fake: FakeDiscord) -> None:
    fake.allowed_privileged_intents = 0  # "Message Content Intent" switched off
    with pytest.raises(discord.PrivilegedIntentsRequired):
        async with run_client(make_bot(message_content=True), fake):
            pass


async def test_dropped_connection_resumes_and_replays_missed_events(fake: FakeDiscord) -> None:
    bot = make_bot()
    seen: list[str] = []
    resumed = future()

    @bot.event
    async def on_message(message: discord.Message) -> None:
        seen.append(message.content)

    @bot.event
    async def on_resumed() -> None:
        resumed.set_result(True)

    async with run_client(bot, fake):
        await fake.drop_connections(code=4000)
        # sent while the client is disconnected: buffered in the session, replayed on RESUME
        await fake.dispatch_message_create("while you were away")
        await asyncio.wait_for(resumed, 3)
        await fake.dispatch_message_create("after resume")
        await fake.wait_for_gateway_op(1, count=2)  # heartbeats keep flowing on the new socket
        while len(seen) < 2:
            await asyncio.sleep(0.01)

    assert seen == ["while you were away", "after resume"]
    assert (fake.identify_count, fake.resume_count) == (1, 1)
    assert fake.gateway_connections[1]["path"] == "/ws-resume"  # READY.resume_gateway_url


async def test_invalid_session_makes_the_client_identify_again(fake: FakeDiscord) -> None:
    bot = make_bot()
    readies: asyncio.Queue[bool] = asyncio.Queue()

    @bot.event
    async def on_ready() -> None:
        readies.put_nowait(True)

    async with run_client(bot, fake):
        await asyncio.wait_for(readies.get(), 1)
        await fake.invalidate_sessions(resumable=False)
        await asyncio.wait_for(readies.get(), 3)  # a fresh READY after a new IDENTIFY
        assert bot.get_guild(fake.guild.id) is not None
    assert (fake.identify_count, fake.resume_count) == (2, 0)


# --------------------------------------------------------------------------- messages


async def test_message_reaches_on_message_and_reply_arrives_with_reference(
    fake: FakeDiscord,
) -> None:
    bot = make_bot()
    received = future()

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot:
            return
        received.set_result(message)
        await message.reply("noted", allowed_mentions=discord.AllowedMentions.none())

    async with run_client(bot, fake):
        sent = await fake.dispatch_message_create(f"{fake.bot.mention} is discord down?", author=fake.user)
        message = await asyncio.wait_for(received, 2)
        assert message.content == f"<@{fake.bot.id}> is discord down?"
        assert message.author.id == fake.user.id and isinstance(message.author, discord.Member)
        assert bot.user in message.mentions
        assert message.guild.id == fake.guild.id

        req = await fake.wait_for_request("POST", MESSAGES)
        assert req.json["content"] == "noted"
        assert req.json["allowed_mentions"] == {"parse": []}
        assert req.json["message_reference"]["message_id"] == int(sent["id"])
        reply = await fake.wait_for_bot_message()
        assert reply["type"] == 19  # REPLY
        assert reply["referenced_message"]["id"] == sent["id"]
        assert reply["mentions"] == []  # allowed_mentions none() -> nobody pinged


async def test_message_content_is_blank_without_the_intent_unless_bot_is_mentioned(
    fake: FakeDiscord,
) -> None:
    bot = make_bot(message_content=False)
    contents: asyncio.Queue[str] = asyncio.Queue()

    @bot.event
    async def on_message(message: discord.Message) -> None:
        contents.put_nowait(message.content)

    async with run_client(bot, fake):
        await fake.dispatch_message_create("secret text")
        await fake.dispatch_message_create(f"{fake.bot.mention} hello")
        assert await asyncio.wait_for(contents.get(), 2) == ""
        assert await asyncio.wait_for(contents.get(), 2) == f"<@{fake.bot.id}> hello"


async def test_bot_sees_its_own_messages_echoed_by_the_gateway(fake: FakeDiscord) -> None:
    bot = make_bot()
    own = future()

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author == bot.user and not own.done():
            own.set_result(message)

    async with run_client(bot, fake):
        sent = await bot.get_channel(fake.channel.id).send("hello from the bot")
        echoed = await asyncio.wait_for(own, 2)
        assert echoed.id == sent.id and echoed.content == "hello from the bot"


async def test_edit_delete_react_and_typing_are_recorded(fake: FakeDiscord) -> None:
    bot = make_bot()
    async with run_client(bot, fake):
        channel = bot.get_channel(fake.channel.id)
        async with channel.typing():
            message = await channel.send("draft")
        await message.edit(content="final")
        await message.add_reaction("👍")
        fetched = await channel.fetch_message(message.id)
        assert fetched.content == "final" and fetched.edited_at is not None
        assert fake.reactions_by_bot(message.id) == ["👍"]
        await message.delete()
        with pytest.raises(discord.NotFound):
            await channel.fetch_message(message.id)

    assert fake.find_requests("POST", r"/channels/\d+/typing")
    patch = fake.find_requests("PATCH", r"/channels/\d+/messages/\d+")[0]
    assert patch.json["content"] == "final"
    react = fake.find_requests("PUT", r"/channels/\d+/messages/\d+/reactions/.+/@me")[0]
    assert react.path.endswith("/reactions/👍/@me")
    assert fake.find_requests("DELETE", r"/channels/\d+/messages/\d+")[0].status == 204


async def test_files_are_sent_as_multipart_with_payload_json(fake: FakeDiscord) -> None:
    import io

    bot = make_bot()
    async with run_client(bot, fake):
        channel = bot.get_channel(fake.channel.id)
        message = await channel.send("see attached", file=discord.File(io.BytesIO(b"abc"), "a.txt"))
        assert message.attachments[0].filename == "a.txt"
        assert message.attachments[0].size == 3
    req = fake.find_requests("POST", MESSAGES)[0]
    assert req.json["content"] == "see attached"
    assert [(f.field_name, f.filename, f.data) for f in req.files] == [("files[0]", "a.txt", b"abc")]


async def test_discord_rejects_overlong_content_like_the_real_api(fake: FakeDiscord) -> None:
    bot = make_bot()
    async with run_client(bot, fake):
        channel = bot.get_channel(fake.channel.id)
        with pytest.raises(discord.HTTPException) as excinfo:
            await channel.send("x" * 2001)
        assert excinfo.value.status == 400 and excinfo.value.code == 50035
        assert "2000 or fewer" in excinfo.value.text


async def test_missing_channel_permission_is_forbidden(fake: FakeDiscord) -> None:
    fake.guild.set_permission_overwrite(fake.channel, fake.guild.bot_role, deny=Perm.SEND_MESSAGES)
    bot = make_bot()
    async with run_client(bot, fake):
        channel = bot.get_channel(fake.channel.id)
        assert not channel.permissions_for(channel.guild.me).send_messages  # cache agrees
        with pytest.raises(discord.Forbidden) as excinfo:
            await channel.send("hello")
        assert excinfo.value.code == 50013


# --------------------------------------------------------------------------- fault injection


async def test_a_429_on_message_create_is_retried_and_the_message_still_arrives(
    fake: FakeDiscord,
) -> None:
    fake.fail_next("POST", MESSAGES, 429, retry_after=0.05)
    bot = make_bot()
    async with run_client(bot, fake):
        message = await bot.get_channel(fake.channel.id).send("eventually")
        assert message.content == "eventually"

    attempts = fake.find_requests("POST", MESSAGES)
    assert [(r.status, r.injected) for r in attempts] == [(429, True), (200, False)]
    assert attempts[0].response["retry_after"] == 0.05
    assert len(fake.bot_messages) == 1


async def test_injected_403_and_404_surface_as_discord_exceptions(fake: FakeDiscord) -> None:
    bot = make_bot()
    async with run_client(bot, fake):
        channel = bot.get_channel(fake.channel.id)
        fake.fail_next("POST", MESSAGES, 403)
        with pytest.raises(discord.Forbidden):
            await channel.send("nope")
        fake.fail_next("GET", r"/channels/\d+/messages/\d+", 404)
        with pytest.raises(discord.NotFound):
            await channel.fetch_message(1)
        assert (await channel.send("works again")).content == "works again"


async def test_unknown_routes_answer_404_and_are_recorded(fake: FakeDiscord) -> None:
    bot = make_bot()
    async with run_client(bot, fake):
        with pytest.raises(discord.NotFound):
            await fake_guild(bot, fake).fetch_ban(discord.Object(id=fake.user.id))
    [missing] = fake.unknown_route_requests
    assert missing.method == "GET" and missing.path.startswith(f"/guilds/{fake.guild.id}/bans/")
    assert missing.response == {"message": "404: Not Found", "code": 0}


def fake_guild(bot: discord.Client, fake: FakeDiscord) -> discord.Guild:
    guild = bot.get_guild(fake.guild.id)
    assert guild is not None
    return guild


# --------------------------------------------------------------------------- interactions


async def test_slash_command_runs_and_ephemeral_response_is_a_callback_with_flag_64(
    fake: FakeDiscord,
) -> None:
    bot = make_bot()
    calls = []

    @bot.tree.command(description="Look up a fact")
    @app_commands.describe(topic="what to look up", count="how many")
    async def fact(interaction: discord.Interaction, topic: str, count: int = 1) -> None:
        calls.append((interaction.user.id, topic, count))
        await interaction.response.send_message(f"{count} fact(s) about {topic}", ephemeral=True)

    async with run_client(bot, fake):
        guild = discord.Object(id=fake.guild.id)
        bot.tree.copy_global_to(guild=guild)
        await bot.tree.sync(guild=guild)
        put = await fake.wait_for_request("PUT", r"/applications/\d+/guilds/\d+/commands")
        assert put.json[0]["name"] == "fact"
        assert [o["name"] for o in put.json[0]["options"]] == ["topic", "count"]

        interaction = await fake.dispatch_slash_command(
            "fact", {"topic": "dns", "count": 3}, require_registered=True
        )
        assert interaction.data["guild_id"] == str(fake.guild.id)  # guild command routing
        callback = await fake.wait_for_interaction_response(interaction)

    assert calls == [(fake.user.id, "dns", 3)]
    assert callback == {
        "type": 4,
        "data": {"tts": False, "content": "3 fact(s) about dns", "flags": EPHEMERAL},
    }
    assert fake.original_response(interaction)["flags"] == EPHEMERAL
    req = fake.find_requests("POST", rf"/interactions/{interaction.id}/[^/]+/callback")[0]
    assert req.query == {"with_response": "1"}


async def test_message_context_menu_receives_the_target_message(fake: FakeDiscord) -> None:
    bot = make_bot()
    targets = []

    @bot.tree.context_menu(name="Fact-check")
    async def fact_check(interaction: discord.Interaction, message: discord.Message) -> None:
        targets.append(message)
        await interaction.response.send_message("checking…")

    async with run_client(bot, fake):
        await bot.tree.sync()
        claim = await fake.dispatch_message_create("discord is down for everyone", author=fake.user)
        interaction = await fake.dispatch_message_command("Fact-check", claim, user=fake.owner)
        await fake.wait_for_interaction_response(interaction)
        original = fake.original_response(interaction)

    [target] = targets
    assert target.id == int(claim["id"])
    assert target.content == "discord is down for everyone"
    assert target.author.id == fake.user.id
    assert target.channel.id == fake.channel.id
    assert original["content"] == "checking…" and original["flags"] == 0


async def test_deferred_response_followup_and_edit_original(fake: FakeDiscord) -> None:
    bot = make_bot()

    @bot.tree.command(description="slow")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await interaction.edit_original_response(content="done thinking")
        await interaction.followup.send("one more thing", ephemeral=True)

    async with run_client(bot, fake):
        interaction = await fake.dispatch_slash_command("slow")
        callback = await fake.wait_for_interaction_response(interaction)
        assert callback["type"] == 5
        await fake.wait_for_request("POST", r"/webhooks/\d+/[^/]+")

    assert fake.original_response(interaction)["content"] == "done thinking"
    assert fake.original_response(interaction)["flags"] == 0  # no longer "thinking"
    [followup] = fake.followups(interaction)
    assert (followup["content"], followup["flags"]) == ("one more thing", EPHEMERAL)
    assert fake.find_requests("PATCH", r"/webhooks/\d+/[^/]+/messages/@original")


async def test_responding_twice_is_rejected_like_discord(fake: FakeDiscord) -> None:
    bot = make_bot()
    errors = future()

    @bot.tree.command(description="twice")
    async def twice(interaction: discord.Interaction) -> None:
        await interaction.response.defer()
        # bypass discord.py's own guard to hit the API a second time
        interaction.response._response_type = None
        try:
            await interaction.response.send_message("again")
        except discord.HTTPException as exc:
            errors.set_result(exc)

    async with run_client(bot, fake):
        await fake.dispatch_slash_command("twice")
        exc = await asyncio.wait_for(errors, 2)
    assert (exc.status, exc.code) == (400, 40060)


async def test_button_click_reaches_the_view_and_updates_the_message(fake: FakeDiscord) -> None:
    bot = make_bot()
    clicked = []

    class Confirm(discord.ui.View):
        @discord.ui.button(label="Confirm", custom_id="confirm")
        async def confirm(self, interaction: discord.Interaction, button: discord.ui.Button):
            clicked.append(interaction.user.id)
            await interaction.response.edit_message(content="confirmed", view=None)
            self.stop()

    async with run_client(bot, fake):
        sent = await bot.get_channel(fake.channel.id).send("Sure?", view=Confirm())
        stored = fake.messages[sent.id]
        assert stored["components"][0]["components"][0]["custom_id"] == "confirm"

        interaction = await fake.dispatch_component(sent.id, "confirm", user=fake.owner)
        callback = await fake.wait_for_interaction_response(interaction)

    assert clicked == [fake.owner.id]
    assert callback["type"] == 7
    assert fake.messages[sent.id]["content"] == "confirmed"
    assert fake.messages[sent.id]["components"] == []


async def test_modal_opened_by_a_command_can_be_submitted(fake: FakeDiscord) -> None:
    bot = make_bot()
    submitted = future()

    class Report(discord.ui.Modal, title="Report an outage"):
        service = discord.ui.TextInput(label="Service", custom_id="service")

        async def on_submit(self, interaction: discord.Interaction) -> None:
            submitted.set_result(self.service.value)
            await interaction.response.send_message("thanks", ephemeral=True)

    @bot.tree.command(description="report")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Report(custom_id="report-modal"))

    async with run_client(bot, fake):
        opened = await fake.dispatch_slash_command("report")
        assert (await fake.wait_for_interaction_response(opened))["type"] == 9
        submit = await fake.dispatch_modal_submit("report-modal", {"service": "Discord"})
        assert await asyncio.wait_for(submitted, 2) == "Discord"
        assert (await fake.wait_for_interaction_response(submit))["data"]["flags"] == EPHEMERAL


async def test_autocomplete_choices_come_back_as_callback_type_8(fake: FakeDiscord) -> None:
    bot = make_bot()

    async def services(interaction: discord.Interaction, current: str):
        names = ["discord", "github", "cloudflare"]
        return [app_commands.Choice(name=n, value=n) for n in names if n.startswith(current)]

    @bot.tree.command(description="status")
    @app_commands.autocomplete(service=services)
    async def status(interaction: discord.Interaction, service: str) -> None:
        await interaction.response.send_message(service)

    async with run_client(bot, fake):
        await bot.tree.sync()
        interaction = await fake.dispatch_autocomplete("status", {"service": "g"}, "service")
        callback = await fake.wait_for_interaction_response(interaction)
    assert callback == {"type": 8, "data": {"choices": [{"name": "github", "value": "github"}]}}


async def test_grouped_subcommand_resolves_member_and_channel_options(fake: FakeDiscord) -> None:
    bot = make_bot()
    got = future()
    facts = app_commands.Group(name="facts", description="facts")

    @facts.command(name="about", description="facts about someone")
    async def about(
        interaction: discord.Interaction, who: discord.Member, where: discord.TextChannel
    ) -> None:
        got.set_result((who, where))
        await interaction.response.send_message("ok")

    bot.tree.add_command(facts)
    async with run_client(bot, fake):
        await bot.tree.sync()
        await fake.dispatch_slash_command(
            "facts about", {"who": fake.owner, "where": fake.channel}, require_registered=True
        )
        who, where = await asyncio.wait_for(got, 2)
    assert isinstance(who, discord.Member) and who.id == fake.owner.id
    assert where.id == fake.channel.id


async def test_direct_messages_in_and_out(fake: FakeDiscord) -> None:
    bot = make_bot()
    got = future()

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if not message.author.bot:
            got.set_result(message)

    async with run_client(bot, fake):
        dm = fake.dm_channel(fake.user)
        await fake.dispatch_message_create("psst", author=fake.user, channel=dm)
        message = await asyncio.wait_for(got, 2)
        assert isinstance(message.channel, discord.DMChannel) and message.guild is None
        user = await bot.fetch_user(fake.user.id)
        await user.send("hello in private")
    [sent] = fake.bot_messages
    assert (int(sent["channel_id"]), sent["content"]) == (dm.id, "hello in private")
    assert fake.find_requests("POST", "/users/@me/channels")[0].json == {"recipient_id": fake.user.id}


async def test_point_discord_at_restores_the_global_urls() -> None:
    original = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
    async with FakeDiscord() as server:
        async with point_discord_at(server):
            assert server.api_base == discord.http.Route.BASE
            assert str(discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY) == server.gateway_url
        assert original == (
            discord.http.Route.BASE,
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY,
        )
