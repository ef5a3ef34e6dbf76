"""Discord misbehaving: the bot neither crashes, nor drops a reply silently, nor answers twice."""

from __future__ import annotations

import asyncio
import logging

import pytest

from bot.discord_adapter.services import BotServices
from bot.settings import Settings
from bot.storage.guilds import GuildRepository
from tests.discord_world import CLAIM, MESSAGES, World, mention, watch_general
from tests.fakes.openai_server import json_content
from tests.test_llm_drafting import good_draft


async def test_a_429_from_discord_is_retried_and_the_reply_arrives(world: World):
    world.fake.fail_next("POST", MESSAGES, 429, retry_after=0.1)
    await world.fake.dispatch_message_create(mention(world, CLAIM))
    request = await world.fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r.status == 200)
    assert request.json["embeds"][0]["title"] == "False"


async def test_a_refused_send_is_logged_with_the_message_id(world: World, caplog: pytest.LogCaptureFixture):
    world.fake.fail_next("POST", MESSAGES, 403)
    with caplog.at_level(logging.WARNING):
        asked = await world.fake.dispatch_message_create(mention(world, CLAIM))
        await world.fake.wait_for_request("POST", MESSAGES)
        await asyncio.sleep(0.2)
    assert f"could not post the reply to message {asked['id']}" in caplog.text
    await world.fake.dispatch_message_create(mention(world, CLAIM))
    await world.fake.wait_for_request("POST", MESSAGES, predicate=lambda r: r.status == 200)


async def test_a_message_deleted_before_the_reply_still_gets_an_answer(world: World):
    asked = await world.fake.dispatch_message_create(mention(world, CLAIM))
    await world.fake.dispatch_message_delete(asked)
    request = await world.fake.wait_for_request("POST", MESSAGES)
    assert request.json["message_reference"]["fail_if_not_exists"] is False
    assert request.status == 200


async def test_a_gateway_disconnect_and_resume_causes_no_duplicate_reply(world: World):
    await watch_general(world)
    await world.fake.dispatch_message_create("the crowdstrike outage was a cyberattack by russia")
    await world.fake.wait_for_request("POST", MESSAGES)
    await world.fake.drop_connections()
    await world.fake.wait_for_gateway_op(6)  # RESUME
    await world.fake.dispatch_message_create("fastly went down all day in june 2021, 100% hacked")
    await world.fake.wait_for_request("POST", MESSAGES, count=2)
    await asyncio.sleep(0.3)
    assert len(world.fake.find_requests("POST", MESSAGES)) == 2


@pytest.mark.parametrize("world", [json_content(good_draft())], indirect=True)
async def test_a_burst_across_channels_costs_one_llm_call_and_one_reply_per_channel(world: World):
    channels = [world.fake.channel]
    for n in range(3):
        channel = world.fake.guild.add_text_channel(f"outages-{n}")
        await world.fake.dispatch("CHANNEL_CREATE", channel.to_payload())
        channels.append(channel)
    for channel in channels:
        await world.services.guilds.set_watched(str(world.fake.guild.id), str(channel.id), True)
    sent = await asyncio.gather(
        *(
            world.fake.dispatch_message_create(
                f"crowdstrike outage was a cyberattack #{n}", channel=channels[n % len(channels)]
            )
            for n in range(60)
        )
    )
    await world.fake.wait_for_request("POST", MESSAGES, count=len(channels))
    await world.fake.wait_for_request(
        "PUT", r"/channels/\d+/messages/\d+/reactions/.+/@me", count=len(sent) - len(channels)
    )
    replies = world.fake.find_requests("POST", MESSAGES)
    assert sorted(r.path.split("/")[2] for r in replies) == sorted(str(c.id) for c in channels)
    assert world.llm is not None and world.llm.request_count == 1
    assert all(r.json["embeds"][0]["title"] == "False" for r in replies)


async def test_stats_show_moderators_todays_usage(world: World):
    await world.fake.dispatch_message_create(mention(world, CLAIM))
    await world.fake.wait_for_request("POST", MESSAGES)
    for _ in range(50):  # the reply is recorded just after Discord accepts it
        if (await world.services.guilds.usage_today(str(world.fake.guild.id))).replies_last_24h:
            break
        await asyncio.sleep(0.05)
    interaction = await world.fake.dispatch_slash_command("factbot stats", user=world.fake.owner)
    response = await world.fake.wait_for_interaction_response(interaction)
    content = response["data"]["content"]
    assert "Replies posted in the last 24 h: 1" in content and "record-built: 1" in content


async def test_past_the_guild_budget_or_the_user_limit_answers_are_record_built(repository, checker):
    settings = Settings(openai_api_key="sk-test", guild_daily_llm_tokens=100, user_llm_answers_per_hour=2)
    services = BotServices(settings, checker, repository, GuildRepository(repository.engine))
    assert await services.may_use_llm(user_id=1, guild_id=9)
    await services.guilds.add_usage("9", tokens=100, drafted_by="llm", reused=False)
    assert not await services.may_use_llm(user_id=2, guild_id=9)
    assert await services.may_use_llm(user_id=1, guild_id=None)
    assert not await services.may_use_llm(user_id=1, guild_id=None)
