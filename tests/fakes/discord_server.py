"""A protocol-level fake of Discord (gateway websocket + REST API) on loopback.

The *real* discord.py client is pointed at it (see :class:`point_discord_at`), so
end-to-end tests exercise the library's actual serialisation, rate-limit handling,
gateway state machine and caches instead of mocks.

Quick start::

    async with FakeDiscord() as fake, point_discord_at(fake):
        bot = commands.Bot(command_prefix="!", intents=intents)
        async with run_client(bot, fake):
            msg = await fake.dispatch_message_create("hello", author=fake.user)
            req = await fake.wait_for_request("POST", rf"/channels/{fake.channel.id}/messages")
            assert req.json["message_reference"]["message_id"] == msg["id"]

Design notes
------------
* Gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE*, HEARTBEAT -> ACK, RESUME (with replay
  of missed events) -> RESUMED, REQUEST_GUILD_MEMBERS -> GUILD_MEMBERS_CHUNK, RECONNECT and
  INVALID_SESSION on demand.  ``compress=zlib-stream`` is honoured (one zlib context per
  connection, every payload ends in a Z_SYNC_FLUSH).  Any other transport compression
  (``zstd-stream``) is answered with plain text frames, which discord.py always accepts.
* Intents are enforced the way Discord does: no GUILD_MESSAGES intent -> no guild
  MESSAGE_CREATE; no MESSAGE_CONTENT intent -> content/embeds/attachments/components are
  blanked unless the bot is mentioned, it is a DM, or the bot authored the message.
* REST: everything received is recorded as a :class:`RecordedRequest` (including unknown
  routes, which answer ``404 {"message": "404: Not Found", "code": 0}``).  Responses carry
  ``Content-Type: application/json`` exactly (discord.py only parses JSON for that value).
* Validation mirrors Discord's most common rejections: empty message (50006), content > 2000
  chars / embed limits (50035), missing permissions (50013), editing someone else's message
  (50005), unknown channel/message/interaction (10003/10008/10062), double interaction
  acknowledgement (40060).
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import datetime
import itertools
import json
import logging
import re
import secrets
import time
import traceback
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

__all__ = [
    "DEFAULT_BOT_PERMISSIONS",
    "DEFAULT_EVERYONE_PERMISSIONS",
    "FakeChannel",
    "FakeDiscord",
    "FakeGuild",
    "FakeInteraction",
    "FakeMember",
    "FakeRole",
    "FakeTimeout",
    "FakeUser",
    "GatewayFrame",
    "Intents",
    "Perm",
    "RecordedFile",
    "RecordedRequest",
    "point_discord_at",
    "run_client",
]

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
DISCORD_EPOCH_MS = 1420070400000


class Intents:
    """Gateway intent bits (subset)."""

    GUILDS = 1 << 0
    GUILD_MEMBERS = 1 << 1
    GUILD_PRESENCES = 1 << 8
    GUILD_MESSAGES = 1 << 9
    GUILD_MESSAGE_REACTIONS = 1 << 10
    DIRECT_MESSAGES = 1 << 12
    DIRECT_MESSAGE_REACTIONS = 1 << 13
    MESSAGE_CONTENT = 1 << 15
    PRIVILEGED = GUILD_MEMBERS | GUILD_PRESENCES | MESSAGE_CONTENT


class Perm:
    """Permission bits (subset)."""

    CREATE_INSTANT_INVITE = 1 << 0
    ADMINISTRATOR = 1 << 3
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    CONNECT = 1 << 20
    SPEAK = 1 << 21
    CHANGE_NICKNAME = 1 << 26
    USE_APPLICATION_COMMANDS = 1 << 31
    CREATE_PUBLIC_THREADS = 1 << 35
    SEND_MESSAGES_IN_THREADS = 1 << 38
    ALL = (1 << 51) - 1


DEFAULT_EVERYONE_PERMISSIONS = (
    Perm.CREATE_INSTANT_INVITE
    | Perm.ADD_REACTIONS
    | Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.MENTION_EVERYONE
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.CONNECT
    | Perm.SPEAK
    | Perm.CHANGE_NICKNAME
    | Perm.USE_APPLICATION_COMMANDS
    | Perm.CREATE_PUBLIC_THREADS
    | Perm.SEND_MESSAGES_IN_THREADS
)

DEFAULT_BOT_PERMISSIONS = (
    Perm.ADD_REACTIONS
    | Perm.VIEW_CHANNEL
    | Perm.SEND_MESSAGES
    | Perm.EMBED_LINKS
    | Perm.ATTACH_FILES
    | Perm.READ_MESSAGE_HISTORY
    | Perm.USE_EXTERNAL_EMOJIS
    | Perm.SEND_MESSAGES_IN_THREADS
)

# Interaction types / callback types
INTERACTION_PING = 1
INTERACTION_APPLICATION_COMMAND = 2
INTERACTION_COMPONENT = 3
INTERACTION_AUTOCOMPLETE = 4
INTERACTION_MODAL_SUBMIT = 5

CALLBACK_CHANNEL_MESSAGE = 4
CALLBACK_DEFERRED_CHANNEL_MESSAGE = 5
CALLBACK_DEFERRED_UPDATE_MESSAGE = 6
CALLBACK_UPDATE_MESSAGE = 7
CALLBACK_AUTOCOMPLETE_RESULT = 8
CALLBACK_MODAL = 9

FLAG_EPHEMERAL = 1 << 6
FLAG_LOADING = 1 << 7

_USER_MENTION_RE = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION_RE = re.compile(r"<@&(\d+)>")


def _iso(ms_since_unix: float) -> str:
    return datetime.datetime.fromtimestamp(ms_since_unix / 1000, datetime.UTC).isoformat()


def snowflake_time_iso(snowflake: int) -> str:
    return _iso((snowflake >> 22) + DISCORD_EPOCH_MS)


# --------------------------------------------------------------------------------------
# Errors / records
# --------------------------------------------------------------------------------------


class FakeTimeout(AssertionError):
    """Raised by the ``wait_for_*`` helpers; the message lists what *was* seen."""


class _ApiError(Exception):
    def __init__(self, status: int, code: int, message: str, errors: dict | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.body: dict[str, Any] = {"message": message, "code": code}
        if errors is not None:
            self.body["errors"] = errors


def _form_error(path: Sequence[str | int], code: str, message: str) -> _ApiError:
    errors: dict[str, Any] = {"_errors": [{"code": code, "message": message}]}
    for key in reversed(list(path)):
        errors = {str(key): errors}
    return _ApiError(400, 50035, "Invalid Form Body", errors)


@dataclass
class RecordedFile:
    field_name: str
    filename: str | None
    content_type: str | None
    data: bytes


@dataclass
class RecordedRequest:
    """One HTTP request the fake received (path is relative to ``/api/v10``)."""

    index: int
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    json: Any
    files: list[RecordedFile]
    body: bytes
    route: str | None = None  # name of the matched route; None = unknown route (404)
    status: int = 0
    response: Any = None
    injected: bool = False  # answered by a fail_next() rule

    def __repr__(self) -> str:
        flag = " injected" if self.injected else ""
        return f"<{self.method} {self.path} -> {self.status}{flag} route={self.route}>"


@dataclass
class GatewayFrame:
    """One payload a client sent on the gateway."""

    connection_id: int
    op: int | None
    d: Any
    at: float


# --------------------------------------------------------------------------------------
# Entities
# --------------------------------------------------------------------------------------


@dataclass(eq=False)
class FakeUser:
    id: int
    username: str
    bot: bool = False
    global_name: str | None = None

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "system": False,
            "public_flags": 0,
            "flags": 0,
            "banner": None,
            "accent_color": None,
            "avatar_decoration_data": None,
        }


@dataclass(eq=False)
class FakeRole:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    managed: bool = False
    mentionable: bool = False
    color: int = 0
    tags: dict[str, Any] | None = None

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }
        if self.tags is not None:
            payload["tags"] = self.tags
        return payload


@dataclass(eq=False)
class FakeMember:
    user: FakeUser
    roles: list[int] = field(default_factory=list)  # role ids, never the @everyone id
    nick: str | None = None
    joined_at: str = field(default_factory=lambda: _iso(time.time() * 1000))

    def to_payload(self, *, include_user: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if include_user:
            payload["user"] = self.user.to_payload()
        return payload


@dataclass(eq=False)
class FakeChannel:
    id: int
    name: str | None
    type: int = 0  # 0 text, 1 DM, 4 category, 5 news
    guild_id: int | None = None
    position: int = 0
    parent_id: int | None = None
    topic: str | None = None
    nsfw: bool = False
    permission_overwrites: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[FakeUser] = field(default_factory=list)  # DMs only
    rate_limit_per_user: int = 0

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def to_payload(self) -> dict[str, Any]:
        if self.type == 1:
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [u.to_payload() for u in self.recipients],
            }
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "permission_overwrites": copy.deepcopy(self.permission_overwrites),
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "nsfw": self.nsfw,
            "flags": 0,
        }
        if self.guild_id is not None:
            payload["guild_id"] = str(self.guild_id)
        if self.type in (0, 5):
            payload.update(
                topic=self.topic,
                last_message_id=None,
                rate_limit_per_user=self.rate_limit_per_user,
                default_auto_archive_duration=1440,
            )
        return payload


class FakeGuild:
    """A guild: roles (the @everyone role id == guild id), channels and members."""

    def __init__(
        self,
        fake: FakeDiscord,
        guild_id: int,
        name: str,
        owner: FakeUser,
        everyone_permissions: int,
    ) -> None:
        self._fake = fake
        self.id = guild_id
        self.name = name
        self.owner_id = owner.id
        self.roles: dict[int, FakeRole] = {
            guild_id: FakeRole(guild_id, "@everyone", everyone_permissions, position=0)
        }
        self.channels: dict[int, FakeChannel] = {}
        self.members: dict[int, FakeMember] = {}
        self.preferred_locale = "en-US"
        self.joined_at = _iso(time.time() * 1000)

    # -- building -------------------------------------------------------------------
    @property
    def everyone(self) -> FakeRole:
        return self.roles[self.id]

    def add_role(
        self, name: str, permissions: int = 0, *, position: int | None = None, **kw: Any
    ) -> FakeRole:
        pos = position if position is not None else max(r.position for r in self.roles.values()) + 1
        role = FakeRole(self._fake.next_id(), name, permissions, position=pos, **kw)
        self.roles[role.id] = role
        return role

    def add_text_channel(
        self,
        name: str,
        *,
        topic: str | None = None,
        parent: FakeChannel | None = None,
        type: int = 0,
    ) -> FakeChannel:
        channel = FakeChannel(
            id=self._fake.next_id(),
            name=name,
            type=type,
            guild_id=self.id,
            position=len(self.channels),
            parent_id=parent.id if parent else None,
            topic=topic,
        )
        self.channels[channel.id] = channel
        self._fake.channels[channel.id] = channel
        return channel

    def add_category(self, name: str) -> FakeChannel:
        return self.add_text_channel(name, type=4)

    def add_member(
        self, user: FakeUser, *, roles: Iterable[FakeRole] = (), nick: str | None = None
    ) -> FakeMember:
        member = FakeMember(user=user, roles=[r.id for r in roles], nick=nick)
        self.members[user.id] = member
        return member

    def set_permission_overwrite(
        self,
        channel: FakeChannel,
        target: FakeRole | FakeUser | FakeMember,
        *,
        allow: int = 0,
        deny: int = 0,
    ) -> None:
        """Set a channel overwrite (state only; use dispatch_channel_update to tell clients)."""
        if isinstance(target, FakeMember):
            target = target.user
        kind = 0 if isinstance(target, FakeRole) else 1
        channel.permission_overwrites = [
            o for o in channel.permission_overwrites if o["id"] != str(target.id)
        ]
        channel.permission_overwrites.append(
            {"id": str(target.id), "type": kind, "allow": str(allow), "deny": str(deny)}
        )

    # -- queries ----------------------------------------------------------------------
    def member(self, user: FakeUser | int) -> FakeMember | None:
        uid = user if isinstance(user, int) else user.id
        return self.members.get(uid)

    def permissions_for(self, user: FakeUser | int, channel: FakeChannel | None = None) -> int:
        uid = user if isinstance(user, int) else user.id
        if uid == self.owner_id:
            return Perm.ALL
        member = self.members.get(uid)
        if member is None:
            return 0
        base = self.everyone.permissions
        for rid in member.roles:
            role = self.roles.get(rid)
            if role is not None:
                base |= role.permissions
        if base & Perm.ADMINISTRATOR:
            return Perm.ALL
        if channel is None:
            return base
        perms = base
        overwrites = {o["id"]: o for o in channel.permission_overwrites}
        everyone_ow = overwrites.get(str(self.id))
        if everyone_ow:
            perms = (perms & ~int(everyone_ow["deny"])) | int(everyone_ow["allow"])
        allow = deny = 0
        for rid in member.roles:
            ow = overwrites.get(str(rid))
            if ow and ow["type"] == 0:
                allow |= int(ow["allow"])
                deny |= int(ow["deny"])
        perms = (perms & ~deny) | allow
        member_ow = overwrites.get(str(uid))
        if member_ow and member_ow["type"] == 1:
            perms = (perms & ~int(member_ow["deny"])) | int(member_ow["allow"])
        if not perms & Perm.VIEW_CHANNEL:
            return 0
        return perms

    def to_payload(self, *, full: bool = True) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "region": "us-west",
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [r.to_payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": self.preferred_locale,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "incidents_data": None,
        }
        if full:
            payload.update(
                joined_at=self.joined_at,
                large=False,
                unavailable=False,
                member_count=len(self.members),
                voice_states=[],
                members=[m.to_payload() for m in self.members.values()],
                channels=[c.to_payload() for c in self.channels.values()],
                threads=[],
                presences=[],
                stage_instances=[],
                guild_scheduled_events=[],
                soundboard_sounds=[],
                embedded_activities=[],
                lazy=True,
            )
        return payload


@dataclass
class FakeInteraction:
    """An interaction the fake dispatched, and what the bot did with it."""

    id: int
    token: str
    type: int
    payload: dict[str, Any]
    channel_id: int
    guild_id: int | None
    user_id: int
    message_id: int | None = None  # source message (components / modals from components)
    responded: bool = False
    callback: dict[str, Any] | None = None  # JSON body of the callback
    callback_type: int | None = None
    original_message_id: int | None = None
    followup_message_ids: list[int] = field(default_factory=list)

    @property
    def data(self) -> dict[str, Any]:
        return self.payload.get("data") or {}


@dataclass
class _FaultRule:
    method: str | None
    pattern: re.Pattern[str]
    status: int
    remaining: int
    retry_after: float
    body: Any
    headers: dict[str, str]
    is_global: bool
    via: bool


class _Response:
    def __init__(self, status: int, body: Any = None, headers: dict[str, str] | None = None):
        self.status = status
        self.body = body
        self.headers = headers or {}


# --------------------------------------------------------------------------------------
# Gateway plumbing
# --------------------------------------------------------------------------------------


class _Session:
    def __init__(self, session_id: str, intents: int, identify: dict[str, Any]) -> None:
        self.id = session_id
        self.intents = intents
        self.identify = identify
        self.seq = 0
        self.events: list[tuple[int, str]] = []
        self.conn: _GatewayConnection | None = None
        self.invalidated = False


class _GatewayConnection:
    _ids = itertools.count(1)

    def __init__(self, ws: web.WebSocketResponse, compress: str | None, path: str) -> None:
        self.id = next(self._ids)
        self.ws = ws
        self.path = path
        self.compress = compress
        self._zlib = zlib.compressobj() if compress == "zlib-stream" else None
        self._lock = asyncio.Lock()
        self.session: _Session | None = None
        self.closed = False
        self.server_closed = False

    async def send_raw(self, text: str) -> None:
        async with self._lock:
            if self.closed or self.ws.closed:
                return
            try:
                if self._zlib is not None:
                    data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                    await self.ws.send_bytes(data)
                else:
                    await self.ws.send_str(text)
            except (ConnectionError, RuntimeError) as exc:  # peer went away mid-send
                log.debug("gateway send failed on connection %s: %r", self.id, exc)
                self.closed = True

    async def send(self, payload: dict[str, Any]) -> None:
        await self.send_raw(json.dumps(payload))

    async def close(self, code: int, message: str = "") -> None:
        self.server_closed = True
        if not self.ws.closed:
            await self.ws.close(code=code, message=message.encode())
        self.closed = True


# --------------------------------------------------------------------------------------
# The fake
# --------------------------------------------------------------------------------------


class FakeDiscord:
    """Fake Discord API + gateway. Use ``async with FakeDiscord() as fake``.

    A default world is created: ``fake.bot`` (the bot user), ``fake.owner`` and
    ``fake.user`` ("alice"), ``fake.guild`` ("Fake Guild", owned by ``fake.owner``, with the
    bot, owner and alice as members) and ``fake.channel`` (#general).  Pass
    ``default_guild=False`` to start empty.
    """

    def __init__(
        self,
        *,
        token: str = "fake-bot-token",
        bot_name: str = "factbot",
        application_id: int | None = None,
        default_guild: bool = True,
        heartbeat_interval_ms: int = 41250,
        application_flags: int = 0,
        allowed_privileged_intents: int = Intents.PRIVILEGED,
        enforce_permissions: bool = True,
        enforce_message_content_intent: bool = True,
        echo_bot_messages: bool = True,
        rate_limit_headers: bool = True,
    ) -> None:
        self.token = token
        self.heartbeat_interval_ms = heartbeat_interval_ms
        self.application_flags = application_flags
        self.allowed_privileged_intents = allowed_privileged_intents
        self.enforce_permissions = enforce_permissions
        self.enforce_message_content_intent = enforce_message_content_intent
        self.echo_bot_messages = echo_bot_messages
        self.rate_limit_headers = rate_limit_headers

        self._last_id = 0
        self.users: dict[int, FakeUser] = {}
        self.guilds: dict[int, FakeGuild] = {}
        self.channels: dict[int, FakeChannel] = {}
        self.messages: dict[int, dict[str, Any]] = {}
        self.bot_messages: list[dict[str, Any]] = []  # every message the bot created, in order
        self.interactions: dict[int, FakeInteraction] = {}
        self.global_commands: dict[int, dict[str, Any]] = {}
        self.guild_commands: dict[int, dict[int, dict[str, Any]]] = {}
        self.presence: dict[str, Any] | None = None

        self.requests: list[RecordedRequest] = []
        self.gateway_received: list[GatewayFrame] = []
        self.gateway_connections: list[dict[str, Any]] = []
        self.internal_errors: list[str] = []  # tracebacks of bugs in the fake itself
        self.identify_count = 0
        self.resume_count = 0

        self._faults: list[_FaultRule] = []
        self._sessions: dict[str, _Session] = {}
        self._connections: set[_GatewayConnection] = set()
        self._waiters: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._dm_channels: dict[int, FakeChannel] = {}
        self._runner: web.AppRunner | None = None
        self.port: int | None = None

        self.application_id = application_id or self.next_id()
        self.bot = self.add_user(bot_name, bot=True, user_id=self.application_id)
        self.owner = self.add_user("owner")
        self.user = self.add_user("alice")
        self.guild: FakeGuild | None = None
        self.channel: FakeChannel | None = None
        if default_guild:
            self.guild = self.add_guild("Fake Guild", owner=self.owner)
            self.guild.add_member(self.user)
            self.channel = self.guild.add_text_channel("general")

        self._routes = self._build_routes()

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle_http)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        for conn in list(self._connections):
            await conn.close(1001, "fake shutting down")
        for _, fut in self._waiters:
            if not fut.done():
                fut.cancel()
        self._waiters.clear()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeDiscord:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.base_url}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        """Value for ``DiscordWebSocket.DEFAULT_GATEWAY`` (and GET /gateway)."""
        return f"ws://127.0.0.1:{self.port}/ws"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ws-resume"

    # ------------------------------------------------------------------ world building
    def next_id(self) -> int:
        """A fresh, strictly increasing snowflake with a realistic timestamp."""
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last_id = max(self._last_id + 1, now)
        return self._last_id

    def add_user(self, username: str, *, bot: bool = False, user_id: int | None = None) -> FakeUser:
        user = FakeUser(user_id or self.next_id(), username, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        owner: FakeUser | None = None,
        bot_permissions: int = DEFAULT_BOT_PERMISSIONS,
        everyone_permissions: int = DEFAULT_EVERYONE_PERMISSIONS,
        with_bot: bool = True,
    ) -> FakeGuild:
        """Create a guild with an @everyone role, the owner and (by default) the bot as members.

        The bot gets a managed role named after it carrying ``bot_permissions``.
        """
        owner = owner or self.owner
        guild = FakeGuild(self, self.next_id(), name, owner, everyone_permissions)
        guild.add_member(owner)
        if with_bot:
            bot_role = guild.add_role(
                self.bot.username,
                bot_permissions,
                managed=True,
                tags={"bot_id": str(self.bot.id)},
            )
            guild.add_member(self.bot, roles=[bot_role])
            guild.bot_role = bot_role  # type: ignore[attr-defined]
        self.guilds[guild.id] = guild
        return guild

    def dm_channel(self, user: FakeUser) -> FakeChannel:
        """The DM channel between the bot and ``user`` (created on first use)."""
        channel = self._dm_channels.get(user.id)
        if channel is None:
            channel = FakeChannel(id=self.next_id(), name=None, type=1, recipients=[user])
            self._dm_channels[user.id] = channel
            self.channels[channel.id] = channel
        return channel

    def guild_of(self, channel: FakeChannel) -> FakeGuild | None:
        return self.guilds.get(channel.guild_id) if channel.guild_id else None

    # ------------------------------------------------------------------ fault injection
    def fail_next(
        self,
        method: str | None,
        path_regex: str,
        status: int,
        *,
        times: int = 1,
        retry_after: float = 0.05,
        body: Any = None,
        headers: dict[str, str] | None = None,
        is_global: bool = False,
        via: bool = True,
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` instead of handling them.

        ``path_regex`` is ``re.fullmatch``-ed against the path below ``/api/v10``.  For 429
        the body is ``{"message", "retry_after", "global", "code"}`` with ``X-RateLimit-*``,
        ``Retry-After`` and ``Via`` headers (discord.py treats a 429 *without* ``Via`` as a
        Cloudflare ban and does not retry: pass ``via=False`` to simulate that).
        """
        self._faults.append(
            _FaultRule(
                method=method.upper() if method else None,
                pattern=re.compile(path_regex),
                status=status,
                remaining=times,
                retry_after=retry_after,
                body=body,
                headers=dict(headers or {}),
                is_global=is_global,
                via=via,
            )
        )

    def clear_faults(self) -> None:
        self._faults.clear()

    def _take_fault(self, method: str, path: str) -> _FaultRule | None:
        for rule in self._faults:
            if rule.remaining <= 0:
                continue
            if rule.method not in (None, "*", method):
                continue
            if rule.pattern.fullmatch(path):
                rule.remaining -= 1
                return rule
        return None

    def _fault_response(self, rule: _FaultRule, route_name: str | None) -> _Response:
        headers = dict(rule.headers)
        body = rule.body
        if rule.status == 429:
            bucket = f"fake-{route_name or 'unknown'}"
            reset = time.time() + rule.retry_after
            headers.setdefault("X-RateLimit-Limit", "5")
            headers.setdefault("X-RateLimit-Remaining", "0")
            headers.setdefault("X-RateLimit-Reset", f"{reset:.3f}")
            headers.setdefault("X-RateLimit-Reset-After", f"{rule.retry_after:.3f}")
            headers.setdefault("X-RateLimit-Bucket", bucket)
            headers.setdefault("X-RateLimit-Scope", "global" if rule.is_global else "user")
            headers.setdefault("Retry-After", str(max(1, int(rule.retry_after + 0.999))))
            if rule.is_global:
                headers.setdefault("X-RateLimit-Global", "true")
            if rule.via:
                headers.setdefault("Via", "1.1 google")
            if body is None:
                body = {
                    "message": "You are being rate limited.",
                    "retry_after": rule.retry_after,
                    "global": rule.is_global,
                    "code": 0,
                }
        elif body is None:
            body = {
                401: {"message": "401: Unauthorized", "code": 0},
                403: {"message": "Missing Permissions", "code": 50013},
                404: {"message": "404: Not Found", "code": 0},
                500: {"message": "500: Internal Server Error", "code": 0},
                502: {"message": "502: Bad Gateway", "code": 0},
                503: {"message": "503: Service Unavailable", "code": 0},
            }.get(rule.status, {"message": f"{rule.status}: Error", "code": 0})
        return _Response(rule.status, body, headers)

    # ------------------------------------------------------------------ waiting
    def _notify(self) -> None:
        for finder, fut in list(self._waiters):
            if fut.done():
                continue
            try:
                result = finder()
            except Exception as exc:
                fut.set_exception(exc)
                continue
            if result is not None:
                fut.set_result(result)

    async def _wait(self, finder: Callable[[], Any], timeout: float, what: str) -> Any:
        result = finder()
        if result is not None:
            return result
        fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        entry = (finder, fut)
        self._waiters.append(entry)
        try:
            return await asyncio.wait_for(fut, timeout)
        except TimeoutError:
            raise FakeTimeout(f"timed out after {timeout}s waiting for {what}.\n{self.describe()}") from None
        finally:
            with contextlib.suppress(ValueError):
                self._waiters.remove(entry)

    def describe(self) -> str:
        """Human-readable summary of what the fake saw (used in timeout messages)."""
        lines = [f"requests ({len(self.requests)}):"]
        lines += [
            f"  #{r.index} {r.method} {r.path} -> {r.status}"
            f"{' (injected)' if r.injected else ''}"
            f"{' (UNKNOWN ROUTE)' if r.route is None and not r.injected else ''}"
            for r in self.requests[-40:]
        ]
        ops = [f.op for f in self.gateway_received[-40:]]
        lines.append(f"gateway ops received: {ops}")
        if self.internal_errors:
            lines.append(f"INTERNAL FAKE ERRORS: {self.internal_errors}")
        return "\n".join(lines)

    def mark(self) -> int:
        """Index to pass as ``since=`` so later waits ignore requests recorded so far."""
        return len(self.requests)

    def find_requests(
        self,
        method: str | None = None,
        path_regex: str = ".*",
        *,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        since: int = 0,
    ) -> list[RecordedRequest]:
        pattern = re.compile(path_regex)
        method = method.upper() if method else None
        return [
            r
            for r in self.requests[since:]
            if (method in (None, "*") or r.method == method)
            and pattern.fullmatch(r.path)
            and (predicate is None or predicate(r))
        ]

    async def wait_for_request(
        self,
        method: str | None,
        path_regex: str,
        timeout: float = 5.0,
        *,
        predicate: Callable[[RecordedRequest], bool] | None = None,
        since: int = 0,
        count: int = 1,
    ) -> RecordedRequest:
        """Wait until ``count`` matching requests were *answered*; returns the ``count``-th.

        ``path_regex`` is ``re.fullmatch``-ed against the path below ``/api/v10``
        (e.g. ``r"/channels/\\d+/messages"``).  Already-recorded requests count.
        """

        def finder() -> RecordedRequest | None:
            found = self.find_requests(method, path_regex, predicate=predicate, since=since)
            return found[count - 1] if len(found) >= count else None

        return await self._wait(finder, timeout, f"{count}x {method} {path_regex}")

    @property
    def unknown_route_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.route is None and not r.injected]

    async def wait_for_gateway_op(
        self, op: int, timeout: float = 5.0, *, since: int = 0, count: int = 1
    ) -> GatewayFrame:
        """Wait for the ``count``-th payload with opcode ``op`` sent by a client."""

        def finder() -> GatewayFrame | None:
            found = [f for f in self.gateway_received[since:] if f.op == op]
            return found[count - 1] if len(found) >= count else None

        return await self._wait(finder, timeout, f"gateway op {op} x{count}")

    async def wait_for_bot_message(
        self,
        timeout: float = 5.0,
        *,
        channel_id: int | None = None,
        predicate: Callable[[dict[str, Any]], bool] | None = None,
        since: int = 0,
    ) -> dict[str, Any]:
        """Wait for a message *created by the bot* (channel send, interaction response or
        follow-up, including ephemeral ones).  ``since`` indexes ``fake.bot_messages``.
        The returned dict is live: later edits by the bot are visible in it."""

        def finder() -> dict[str, Any] | None:
            for msg in self.bot_messages[since:]:
                if channel_id is not None and int(msg["channel_id"]) != channel_id:
                    continue
                if predicate is not None and not predicate(msg):
                    continue
                return msg
            return None

        return await self._wait(finder, timeout, f"bot message in channel {channel_id}")

    async def wait_for_interaction_response(
        self, interaction: FakeInteraction | int, timeout: float = 5.0
    ) -> dict[str, Any]:
        """Wait until the bot acknowledged ``interaction``; returns the callback JSON body."""
        iid = interaction if isinstance(interaction, int) else interaction.id

        def finder() -> dict[str, Any] | None:
            it = self.interactions.get(iid)
            return it.callback if it is not None and it.responded else None

        return await self._wait(finder, timeout, f"callback for interaction {iid}")

    async def wait_until_identified(self, timeout: float = 5.0) -> None:
        await self._wait(lambda: True if self._live_sessions() else None, timeout, "an identified session")

    def original_response(self, interaction: FakeInteraction) -> dict[str, Any] | None:
        """Current state of the interaction's original response message (None if none)."""
        it = self.interactions[interaction.id]
        return self.messages.get(it.original_message_id) if it.original_message_id else None

    def followups(self, interaction: FakeInteraction) -> list[dict[str, Any]]:
        it = self.interactions[interaction.id]
        return [self.messages[m] for m in it.followup_message_ids if m in self.messages]

    # ------------------------------------------------------------------ gateway: public API
    def _live_sessions(self) -> list[_Session]:
        return [s for s in self._sessions.values() if not s.invalidated]

    async def dispatch(self, event: str, data: dict[str, Any], *, intent: int | None = None) -> int:
        """Send a raw DISPATCH (op 0) to every live session (buffered for resume if the
        session is momentarily disconnected).  Returns how many sessions got it."""
        sent = 0
        for session in self._live_sessions():
            if intent is not None and not session.intents & intent:
                continue
            await self._session_dispatch(session, event, data)
            sent += 1
        return sent

    async def drop_connections(self, code: int = 4000, reason: str = "fake: dropped") -> None:
        """Close every gateway socket without invalidating sessions -> clients RESUME."""
        for conn in list(self._connections):
            await conn.close(code, reason)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT -> discord.py closes and RESUMEs."""
        for conn in list(self._connections):
            await conn.send({"op": 7, "d": None, "s": None, "t": None})

    async def invalidate_sessions(self, *, resumable: bool = False) -> None:
        """Send op 9 INVALID_SESSION (d=resumable).  Non-resumable -> client re-IDENTIFYs."""
        for conn in list(self._connections):
            if conn.session is not None and not resumable:
                conn.session.invalidated = True
            await conn.send({"op": 9, "d": resumable, "s": None, "t": None})

    async def dispatch_guild_create(self, guild: FakeGuild) -> None:
        await self.dispatch("GUILD_CREATE", guild.to_payload(), intent=Intents.GUILDS)

    async def dispatch_channel_update(self, channel: FakeChannel) -> None:
        await self.dispatch("CHANNEL_UPDATE", channel.to_payload(), intent=Intents.GUILDS)

    # ------------------------------------------------------------------ messages
    def _member_for(self, guild: FakeGuild | None, user: FakeUser) -> FakeMember | None:
        return guild.members.get(user.id) if guild else None

    def _user_with_member(self, user: FakeUser, guild: FakeGuild | None) -> dict[str, Any]:
        payload = user.to_payload()
        member = self._member_for(guild, user)
        if member is not None:
            payload["member"] = member.to_payload(include_user=False)
        return payload

    def _resolve_mentions(
        self,
        content: str,
        guild: FakeGuild | None,
        allowed: dict[str, Any] | None,
        referenced: dict[str, Any] | None,
    ) -> tuple[list[FakeUser], list[int], bool]:
        parse = ["users", "roles", "everyone"] if allowed is None else allowed.get("parse", [])
        allowed_users = {int(u) for u in (allowed or {}).get("users", [])}
        allowed_roles = {int(r) for r in (allowed or {}).get("roles", [])}
        users: list[FakeUser] = []
        for raw in _USER_MENTION_RE.findall(content):
            uid = int(raw)
            user = self.users.get(uid)
            if user is None or user in users:
                continue
            if "users" in parse or uid in allowed_users:
                users.append(user)
        roles: list[int] = []
        if guild is not None:
            for raw in _ROLE_MENTION_RE.findall(content):
                rid = int(raw)
                if rid in guild.roles and ("roles" in parse or rid in allowed_roles):
                    roles.append(rid)
        everyone = ("@everyone" in content or "@here" in content) and "everyone" in parse
        if referenced is not None:
            ping_author = True if allowed is None else bool(allowed.get("replied_user", False))
            author = self.users.get(int(referenced["author"]["id"]))
            if ping_author and author is not None and author not in users:
                users.append(author)
        return users, roles, everyone

    def _build_attachments(
        self, channel_id: int, specs: Sequence[dict[str, Any]], files: Sequence[RecordedFile]
    ) -> list[dict[str, Any]]:
        by_index = {}
        for f in files:
            m = re.fullmatch(r"files\[(\d+)\]", f.field_name)
            if m:
                by_index[int(m.group(1))] = f
        out = []
        for spec in specs:
            if "url" in spec:  # an already existing attachment being kept
                out.append(spec)
                continue
            idx = int(spec.get("id", len(out)))
            f = by_index.get(idx)
            filename = spec.get("filename") or (f.filename if f else f"file{idx}")
            aid = self.next_id()
            url = f"https://cdn.discordapp.com/attachments/{channel_id}/{aid}/{filename}"
            out.append(
                {
                    "id": str(aid),
                    "filename": filename,
                    "description": spec.get("description"),
                    "content_type": (f.content_type if f else None) or "application/octet-stream",
                    "size": len(f.data) if f else int(spec.get("size", 0)),
                    "url": url,
                    "proxy_url": url.replace("cdn.discordapp.com", "media.discordapp.net"),
                    "ephemeral": False,
                }
            )
        return out

    def _build_message(
        self,
        *,
        channel: FakeChannel,
        author: FakeUser,
        content: str = "",
        embeds: list[dict[str, Any]] | None = None,
        components: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any]] | None = None,
        flags: int = 0,
        reference: dict[str, Any] | None = None,
        allowed_mentions: dict[str, Any] | None = None,
        explicit_mentions: list[FakeUser] | None = None,
        tts: bool = False,
        nonce: Any = None,
        message_type: int | None = None,
        webhook_id: int | None = None,
        interaction_metadata: dict[str, Any] | None = None,
        message_id: int | None = None,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        guild = self.guild_of(channel)
        mid = message_id or self.next_id()
        referenced = None
        if reference is not None:
            referenced = self.messages.get(int(reference["message_id"]))
        users, roles, everyone = self._resolve_mentions(content or "", guild, allowed_mentions, referenced)
        if explicit_mentions is not None:
            users = list(explicit_mentions)
        msg: dict[str, Any] = {
            "id": str(mid),
            "type": message_type if message_type is not None else (19 if reference else 0),
            "channel_id": str(channel.id),
            "author": author.to_payload(),
            "content": content or "",
            "timestamp": snowflake_time_iso(mid),
            "edited_timestamp": None,
            "tts": tts,
            "mention_everyone": everyone,
            "mentions": [self._user_with_member(u, guild) for u in users],
            "mention_roles": [str(r) for r in roles],
            "attachments": attachments or [],
            "embeds": [self._normalise_embed(e) for e in (embeds or [])],
            "reactions": [],
            "pinned": False,
            "flags": flags,
            "components": components or [],
        }
        if nonce is not None:
            msg["nonce"] = nonce
        if guild is not None:
            msg["guild_id"] = str(guild.id)
            member = self._member_for(guild, author)
            if member is not None:
                msg["member"] = member.to_payload(include_user=False)
        if reference is not None:
            msg["message_reference"] = {
                "type": reference.get("type", 0),
                "message_id": str(reference["message_id"]),
                "channel_id": str(reference.get("channel_id") or channel.id),
                **({"guild_id": str(guild.id)} if guild else {}),
            }
            msg["referenced_message"] = copy.deepcopy(referenced)
            if referenced is not None:
                msg["referenced_message"].pop("referenced_message", None)
        if webhook_id is not None:
            msg["webhook_id"] = str(webhook_id)
            msg["application_id"] = str(self.application_id)
        if interaction_metadata is not None:
            msg["interaction_metadata"] = interaction_metadata
        if extra:
            msg.update(extra)
        self.messages[mid] = msg
        return msg

    @staticmethod
    def _normalise_embed(embed: dict[str, Any]) -> dict[str, Any]:
        out = dict(embed)
        out.setdefault("type", "rich")
        return out

    def _lookup_message(self, message: dict[str, Any] | int | str) -> dict[str, Any]:
        mid = int(message["id"]) if isinstance(message, dict) else int(message)
        try:
            return self.messages[mid]
        except KeyError:
            raise KeyError(f"fake has no message {mid}") from None

    def _gateway_message(self, msg: dict[str, Any], session: _Session) -> dict[str, Any]:
        """The MESSAGE_CREATE/UPDATE payload as this session may see it (content intent)."""
        if not self.enforce_message_content_intent or session.intents & Intents.MESSAGE_CONTENT:
            return msg
        if int(msg["author"]["id"]) == self.bot.id or "guild_id" not in msg:
            return msg
        if any(int(u["id"]) == self.bot.id for u in msg.get("mentions", [])):
            return msg
        stripped = dict(msg)
        stripped.update(content="", embeds=[], attachments=[], components=[])
        stripped.pop("poll", None)
        return stripped

    async def _dispatch_message_event(self, event: str, msg: dict[str, Any]) -> None:
        intent = Intents.GUILD_MESSAGES if "guild_id" in msg else Intents.DIRECT_MESSAGES
        for session in self._live_sessions():
            if not session.intents & intent:
                continue
            await self._session_dispatch(session, event, self._gateway_message(msg, session))

    async def dispatch_message_create(
        self,
        content: str = "",
        *,
        author: FakeUser | None = None,
        channel: FakeChannel | None = None,
        mentions: list[FakeUser] | None = None,
        reply_to: dict[str, Any] | int | None = None,
        embeds: list[dict[str, Any]] | None = None,
        attachments: list[dict[str, Any] | str] | None = None,
        message_type: int | None = None,
        **extra: Any,
    ) -> dict[str, Any]:
        """A user posts a message: stores it and sends MESSAGE_CREATE.

        ``mentions`` defaults to the users ``<@id>``-mentioned in ``content`` (plus the
        replied-to author).  ``reply_to`` is a message (id or payload) known to the fake.
        ``attachments`` may be filenames.  Returns the stored message payload (``["id"]``
        is a string, as on the wire)."""
        author = author or self.user
        channel = channel or self.channel
        if channel is None:
            raise ValueError("no channel given and the fake has no default channel")
        guild = self.guild_of(channel)
        if guild is not None and author.id not in guild.members:
            raise ValueError(f"{author.username} is not a member of {guild.name}; add_member first")
        reference = None
        if reply_to is not None:
            ref = self._lookup_message(reply_to)
            reference = {"message_id": ref["id"], "channel_id": ref["channel_id"]}
        mid = self.next_id()
        att_specs = []
        for i, a in enumerate(attachments or []):
            att_specs.append({"id": i, "filename": a} if isinstance(a, str) else a)
        msg = self._build_message(
            channel=channel,
            author=author,
            content=content,
            embeds=embeds,
            attachments=self._build_attachments(channel.id, att_specs, []),
            reference=reference,
            explicit_mentions=mentions,
            message_type=message_type,
            message_id=mid,
            extra=extra,
        )
        await self._dispatch_message_event("MESSAGE_CREATE", msg)
        return msg

    async def dispatch_message_update(self, message: dict[str, Any] | int, **changes: Any) -> dict:
        """A user edits their message (``content=...`` etc.); sends MESSAGE_UPDATE."""
        msg = self._lookup_message(message)
        msg.update(changes)
        msg["edited_timestamp"] = _iso(time.time() * 1000)
        await self._dispatch_message_event("MESSAGE_UPDATE", msg)
        return msg

    async def dispatch_message_delete(self, message: dict[str, Any] | int) -> None:
        msg = self.messages.pop(int(message["id"]) if isinstance(message, dict) else message)
        data = {"id": msg["id"], "channel_id": msg["channel_id"]}
        if "guild_id" in msg:
            data["guild_id"] = msg["guild_id"]
        intent = Intents.GUILD_MESSAGES if "guild_id" in msg else Intents.DIRECT_MESSAGES
        await self.dispatch("MESSAGE_DELETE", data, intent=intent)

    async def dispatch_reaction_add(
        self, message: dict[str, Any] | int, emoji: str, *, user: FakeUser | None = None
    ) -> None:
        """``user`` reacts with unicode ``emoji`` (or ``name:id``) -> MESSAGE_REACTION_ADD."""
        msg = self._lookup_message(message)
        user = user or self.user
        self._add_reaction(msg, emoji, user)
        await self._dispatch_reaction("MESSAGE_REACTION_ADD", msg, emoji, user)

    # ------------------------------------------------------------------ reactions
    @staticmethod
    def _emoji_payload(emoji: str) -> dict[str, Any]:
        if ":" in emoji:
            name, _, eid = emoji.partition(":")
            return {"id": eid, "name": name, "animated": False}
        return {"id": None, "name": emoji}

    def _add_reaction(self, msg: dict[str, Any], emoji: str, user: FakeUser) -> None:
        users = msg.setdefault("_reaction_users", {}).setdefault(emoji, [])
        if user.id not in users:
            users.append(user.id)
        self._sync_reactions(msg)

    def _remove_reaction(self, msg: dict[str, Any], emoji: str, user: FakeUser) -> None:
        users = msg.setdefault("_reaction_users", {}).get(emoji, [])
        if user.id in users:
            users.remove(user.id)
        self._sync_reactions(msg)

    def _sync_reactions(self, msg: dict[str, Any]) -> None:
        reactions = []
        for emoji, users in msg.get("_reaction_users", {}).items():
            if users:
                reactions.append(
                    {
                        "emoji": self._emoji_payload(emoji),
                        "count": len(users),
                        "count_details": {"burst": 0, "normal": len(users)},
                        "me": self.bot.id in users,
                        "me_burst": False,
                        "burst_colors": [],
                    }
                )
        msg["reactions"] = reactions

    def reactions_by_bot(self, message: dict[str, Any] | int) -> list[str]:
        msg = self._lookup_message(message)
        return [e for e, users in msg.get("_reaction_users", {}).items() if self.bot.id in users]

    async def _dispatch_reaction(self, event: str, msg: dict[str, Any], emoji: str, user: FakeUser) -> None:
        data: dict[str, Any] = {
            "user_id": str(user.id),
            "channel_id": msg["channel_id"],
            "message_id": msg["id"],
            "emoji": self._emoji_payload(emoji),
            "burst": False,
            "type": 0,
        }
        guild_intent = "guild_id" in msg
        if guild_intent:
            data["guild_id"] = msg["guild_id"]
            member = self._member_for(self.guilds[int(msg["guild_id"])], user)
            if member is not None and event == "MESSAGE_REACTION_ADD":
                data["member"] = member.to_payload()
        if event == "MESSAGE_REACTION_ADD":
            data["message_author_id"] = msg["author"]["id"]
        intent = Intents.GUILD_MESSAGE_REACTIONS if guild_intent else Intents.DIRECT_MESSAGE_REACTIONS
        await self.dispatch(event, data, intent=intent)

    # ------------------------------------------------------------------ interactions
    def _find_command(
        self, name: str, cmd_type: int, guild_id: int | None
    ) -> tuple[dict[str, Any] | None, bool]:
        if guild_id is not None:
            for cmd in self.guild_commands.get(guild_id, {}).values():
                if cmd["name"] == name and cmd.get("type", 1) == cmd_type:
                    return cmd, True
        for cmd in self.global_commands.values():
            if cmd["name"] == name and cmd.get("type", 1) == cmd_type:
                return cmd, False
        return None, False

    async def dispatch_interaction(
        self,
        type: int,
        data: dict[str, Any] | None,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        message: dict[str, Any] | int | None = None,
        locale: str = "en-US",
        app_permissions: int | None = None,
    ) -> FakeInteraction:
        """Send a raw INTERACTION_CREATE of ``type`` (2 command, 3 component,
        4 autocomplete, 5 modal submit) with the given ``data`` from ``user`` in
        ``channel``.  Prefer the typed helpers below."""
        user = user or self.user
        channel = channel or self.channel
        if channel is None:
            raise ValueError("no channel given and the fake has no default channel")
        guild = self.guild_of(channel)
        iid = self.next_id()
        token = "aW50ZXJhY3Rpb24" + secrets.token_urlsafe(48)
        payload: dict[str, Any] = {
            "id": str(iid),
            "application_id": str(self.application_id),
            "type": type,
            "token": token,
            "version": 1,
            "locale": locale,
            "entitlements": [],
            "entitlement_sku_ids": [],
            "attachment_size_limit": 10 * 1024 * 1024,
            "channel_id": str(channel.id),
            "channel": channel.to_payload(),
        }
        if data is not None:
            payload["data"] = data
        if guild is not None:
            member = guild.members.get(user.id)
            if member is None:
                raise ValueError(f"{user.username} is not a member of {guild.name}")
            perms = guild.permissions_for(user, channel)
            bot_perms = guild.permissions_for(self.bot, channel)
            payload.update(
                guild_id=str(guild.id),
                guild={"id": str(guild.id), "locale": guild.preferred_locale, "features": []},
                guild_locale=guild.preferred_locale,
                member={**member.to_payload(), "permissions": str(perms)},
                app_permissions=str(bot_perms if app_permissions is None else app_permissions),
                authorizing_integration_owners={"0": str(guild.id)},
                context=0,
            )
            payload["channel"]["permissions"] = str(perms)
        else:
            payload.update(
                user=user.to_payload(),
                app_permissions=str(app_permissions or 0),
                authorizing_integration_owners={"0": str(user.id)},
                context=1,
            )
        source_id = None
        if message is not None:
            msg = self._lookup_message(message)
            payload["message"] = msg
            source_id = int(msg["id"])
        interaction = FakeInteraction(
            id=iid,
            token=token,
            type=type,
            payload=payload,
            channel_id=channel.id,
            guild_id=guild.id if guild else None,
            user_id=user.id,
            message_id=source_id,
        )
        self.interactions[iid] = interaction
        sent = await self.dispatch("INTERACTION_CREATE", payload)
        if not sent:
            raise RuntimeError("no identified gateway session to deliver the interaction to")
        return interaction

    def _command_data(
        self,
        name: str,
        cmd_type: int,
        guild: FakeGuild | None,
        require_registered: bool,
    ) -> tuple[dict[str, Any], dict[str, Any] | None]:
        cmd, is_guild = self._find_command(name, cmd_type, guild.id if guild else None)
        if cmd is None and require_registered:
            raise LookupError(f"command {name!r} (type {cmd_type}) was never registered")
        data: dict[str, Any] = {
            "id": cmd["id"] if cmd else str(self.next_id()),
            "name": name,
            "type": cmd_type,
        }
        if cmd is not None and is_guild:
            data["guild_id"] = cmd["guild_id"]
        return data, cmd

    @staticmethod
    def _infer_option_type(value: Any) -> int:
        if isinstance(value, bool):
            return 5
        if isinstance(value, int):
            return 4
        if isinstance(value, float):
            return 10
        if isinstance(value, FakeUser | FakeMember):
            return 6
        if isinstance(value, FakeChannel):
            return 7
        if isinstance(value, FakeRole):
            return 8
        return 3

    def _build_options(
        self,
        values: dict[str, Any],
        definitions: list[dict[str, Any]],
        guild: FakeGuild | None,
        resolved: dict[str, dict[str, Any]],
        focused: str | None,
    ) -> list[dict[str, Any]]:
        defs = {d["name"]: d for d in definitions}
        out = []
        for name, value in values.items():
            otype = defs.get(name, {}).get("type") or self._infer_option_type(value)
            if isinstance(value, FakeMember):
                value = value.user
            if isinstance(value, FakeUser):
                resolved.setdefault("users", {})[str(value.id)] = value.to_payload()
                member = self._member_for(guild, value)
                if member is not None:
                    m = member.to_payload(include_user=False)
                    m["permissions"] = str(guild.permissions_for(value)) if guild else "0"
                    resolved.setdefault("members", {})[str(value.id)] = m
                value = str(value.id)
            elif isinstance(value, FakeChannel):
                ch = value.to_payload()
                ch["permissions"] = str(guild.permissions_for(self.user, value) if guild else Perm.ALL)
                resolved.setdefault("channels", {})[str(value.id)] = ch
                value = str(value.id)
            elif isinstance(value, FakeRole):
                resolved.setdefault("roles", {})[str(value.id)] = value.to_payload()
                value = str(value.id)
            option: dict[str, Any] = {"name": name, "type": otype, "value": value}
            if focused == name:
                option["focused"] = True
            out.append(option)
        return out

    def _chat_input_data(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None,
        guild: FakeGuild | None,
        require_registered: bool,
        focused: str | None = None,
    ) -> dict[str, Any]:
        path = name.split()
        data, cmd = self._command_data(path[0], 1, guild, require_registered)
        data["name"] = path[0]
        if isinstance(options, list):  # raw options, used verbatim
            data["options"] = options
            return data
        # walk "group sub" paths through the registered definition (if any)
        definitions = (cmd or {}).get("options", [])
        chain = []
        for part in path[1:]:
            d = next((o for o in definitions if o["name"] == part), None)
            chain.append((part, d))
            definitions = (d or {}).get("options", [])
        resolved: dict[str, dict[str, Any]] = {}
        leaf = self._build_options(options or {}, definitions, guild, resolved, focused)
        for i in range(len(chain) - 1, -1, -1):
            part, d = chain[i]
            kind = (d or {}).get("type") or (1 if i == len(chain) - 1 else 2)
            leaf = [{"name": part, "type": kind, "options": leaf}]
        data["options"] = leaf
        if resolved:
            data["resolved"] = resolved
        return data

    async def dispatch_slash_command(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        require_registered: bool = False,
        locale: str = "en-US",
    ) -> FakeInteraction:
        """Invoke a chat-input command.  ``name`` may be ``"group sub"``.  ``options`` maps
        option names to values (FakeUser/FakeChannel/FakeRole become resolved objects);
        option types come from the registered command when the bot synced it, else are
        inferred.  If the command was synced as a guild command, ``data.guild_id`` is set
        exactly as Discord does (discord.py needs it to find guild commands)."""
        channel = channel or self.channel
        guild = self.guild_of(channel) if channel else None
        data = self._chat_input_data(name, options, guild, require_registered)
        return await self.dispatch_interaction(
            INTERACTION_APPLICATION_COMMAND, data, user=user, channel=channel, locale=locale
        )

    async def dispatch_autocomplete(
        self,
        name: str,
        options: dict[str, Any],
        focused: str,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
    ) -> FakeInteraction:
        """Autocomplete request (interaction type 4) with option ``focused`` being typed."""
        channel = channel or self.channel
        guild = self.guild_of(channel) if channel else None
        data = self._chat_input_data(name, options, guild, False, focused=focused)
        return await self.dispatch_interaction(INTERACTION_AUTOCOMPLETE, data, user=user, channel=channel)

    async def dispatch_message_command(
        self,
        name: str,
        target: dict[str, Any] | int,
        *,
        user: FakeUser | None = None,
        require_registered: bool = False,
    ) -> FakeInteraction:
        """Message context-menu command on ``target`` (a message known to the fake)."""
        msg = self._lookup_message(target)
        channel = self.channels[int(msg["channel_id"])]
        guild = self.guild_of(channel)
        data, _ = self._command_data(name, 3, guild, require_registered)
        data["target_id"] = msg["id"]
        resolved_msg = copy.deepcopy(msg)
        resolved_msg.pop("member", None)
        resolved_msg.pop("_reaction_users", None)
        data["resolved"] = {"messages": {msg["id"]: resolved_msg}}
        return await self.dispatch_interaction(
            INTERACTION_APPLICATION_COMMAND, data, user=user, channel=channel
        )

    async def dispatch_user_command(
        self,
        name: str,
        target: FakeUser,
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        require_registered: bool = False,
    ) -> FakeInteraction:
        """User context-menu command on ``target``."""
        channel = channel or self.channel
        guild = self.guild_of(channel) if channel else None
        data, _ = self._command_data(name, 2, guild, require_registered)
        data["target_id"] = str(target.id)
        resolved: dict[str, Any] = {"users": {str(target.id): target.to_payload()}}
        member = self._member_for(guild, target)
        if member is not None:
            m = member.to_payload(include_user=False)
            m["permissions"] = str(guild.permissions_for(target))
            resolved["members"] = {str(target.id): m}
        data["resolved"] = resolved
        return await self.dispatch_interaction(
            INTERACTION_APPLICATION_COMMAND, data, user=user, channel=channel
        )

    async def dispatch_component(
        self,
        message: dict[str, Any] | int,
        custom_id: str,
        *,
        component_type: int = 2,
        values: list[str] | None = None,
        user: FakeUser | None = None,
    ) -> FakeInteraction:
        """A user clicks a button (type 2) / picks select values (type 3..8) on ``message``."""
        msg = self._lookup_message(message)
        channel = self.channels[int(msg["channel_id"])]
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": component_type}
        if values is not None:
            data["values"] = values
        return await self.dispatch_interaction(
            INTERACTION_COMPONENT, data, user=user, channel=channel, message=msg
        )

    def last_modal(self, custom_id: str | None = None) -> dict[str, Any] | None:
        """The most recent modal the bot opened (callback type 9), optionally by custom_id."""
        for it in sorted(self.interactions.values(), key=lambda i: i.id, reverse=True):
            if it.callback_type == CALLBACK_MODAL and it.callback:
                modal = it.callback.get("data") or {}
                if custom_id is None or modal.get("custom_id") == custom_id:
                    return modal
        return None

    @staticmethod
    def _modal_answers(components: list[dict[str, Any]], values: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for comp in components:
            ctype = comp.get("type")
            if ctype == 1:
                out.append(
                    {"type": 1, "components": FakeDiscord._modal_answers(comp.get("components", []), values)}
                )
            elif ctype == 18:
                inner = FakeDiscord._modal_answers([comp["component"]], values)
                if inner:
                    out.append({"type": 18, "component": inner[0]})
            elif "custom_id" in comp:
                answer: dict[str, Any] = {"type": ctype, "custom_id": comp["custom_id"]}
                if "id" in comp:
                    answer["id"] = comp["id"]
                value = values.get(comp["custom_id"], "")
                if ctype == 4:
                    answer["value"] = value
                else:
                    answer["values"] = value if isinstance(value, list) else [value]
                out.append(answer)
        return out

    async def dispatch_modal_submit(
        self,
        custom_id: str,
        values: dict[str, Any],
        *,
        user: FakeUser | None = None,
        channel: FakeChannel | None = None,
        message: dict[str, Any] | int | None = None,
    ) -> FakeInteraction:
        """Submit the modal ``custom_id`` with ``values`` ({text_input_custom_id: value}).

        The submission mirrors the layout of the modal the bot opened (action rows or
        labels); without such a modal, text inputs in action rows are sent."""
        modal = self.last_modal(custom_id)
        if modal is not None:
            components = self._modal_answers(modal.get("components", []), values)
        else:
            components = [
                {"type": 1, "components": [{"type": 4, "custom_id": k, "value": v}]}
                for k, v in values.items()
            ]
        data = {"custom_id": custom_id, "components": components}
        return await self.dispatch_interaction(
            INTERACTION_MODAL_SUBMIT, data, user=user, channel=channel, message=message
        )

    # ------------------------------------------------------------------ HTTP plumbing
    def _build_routes(self) -> list[tuple[str, re.Pattern[str], str, Callable[..., Any]]]:
        s = r"(\d+)"
        t = r"([^/]+)"
        table: list[tuple[str, str, str, Callable[..., Any]]] = [
            ("GET", "/gateway", "get_gateway", self._r_gateway),
            ("GET", "/gateway/bot", "get_gateway_bot", self._r_gateway_bot),
            ("GET", "/users/@me", "get_current_user", self._r_me),
            ("GET", f"/users/{s}", "get_user", self._r_get_user),
            ("POST", "/users/@me/channels", "create_dm", self._r_create_dm),
            ("GET", "/oauth2/applications/@me", "get_application", self._r_application),
            ("GET", "/applications/@me", "get_application", self._r_application),
            ("GET", f"/applications/{s}/commands", "list_global_commands", self._r_list_commands),
            ("PUT", f"/applications/{s}/commands", "bulk_global_commands", self._r_bulk_commands),
            ("POST", f"/applications/{s}/commands", "create_global_command", self._r_create_command),
            ("GET", f"/applications/{s}/commands/{s}", "get_global_command", self._r_get_command),
            ("PATCH", f"/applications/{s}/commands/{s}", "edit_global_command", self._r_edit_command),
            ("DELETE", f"/applications/{s}/commands/{s}", "delete_global_command", self._r_delete_command),
            ("GET", f"/applications/{s}/guilds/{s}/commands", "list_guild_commands", self._r_list_commands),
            ("PUT", f"/applications/{s}/guilds/{s}/commands", "bulk_guild_commands", self._r_bulk_commands),
            (
                "POST",
                f"/applications/{s}/guilds/{s}/commands",
                "create_guild_command",
                self._r_create_command,
            ),
            ("GET", f"/applications/{s}/guilds/{s}/commands/{s}", "get_guild_command", self._r_get_command),
            (
                "PATCH",
                f"/applications/{s}/guilds/{s}/commands/{s}",
                "edit_guild_command",
                self._r_edit_command,
            ),
            (
                "DELETE",
                f"/applications/{s}/guilds/{s}/commands/{s}",
                "delete_guild_command",
                self._r_delete_command,
            ),
            ("GET", f"/guilds/{s}", "get_guild", self._r_get_guild),
            ("GET", f"/guilds/{s}/channels", "get_guild_channels", self._r_guild_channels),
            ("GET", f"/guilds/{s}/roles", "get_guild_roles", self._r_guild_roles),
            ("GET", f"/guilds/{s}/members/{s}", "get_member", self._r_get_member),
            ("GET", f"/channels/{s}", "get_channel", self._r_get_channel),
            ("GET", f"/channels/{s}/messages", "get_messages", self._r_history),
            ("POST", f"/channels/{s}/messages", "create_message", self._r_create_message),
            ("GET", f"/channels/{s}/messages/{s}", "get_message", self._r_get_message),
            ("PATCH", f"/channels/{s}/messages/{s}", "edit_message", self._r_edit_message),
            ("DELETE", f"/channels/{s}/messages/{s}", "delete_message", self._r_delete_message),
            ("PUT", f"/channels/{s}/messages/{s}/reactions/{t}/@me", "add_reaction", self._r_add_reaction),
            (
                "DELETE",
                f"/channels/{s}/messages/{s}/reactions/{t}/@me",
                "remove_reaction",
                self._r_remove_reaction,
            ),
            ("POST", f"/channels/{s}/typing", "typing", self._r_typing),
            ("POST", f"/interactions/{s}/{t}/callback", "interaction_callback", self._r_interaction_callback),
            ("POST", f"/webhooks/{s}/{t}", "execute_webhook", self._r_followup),
            ("GET", f"/webhooks/{s}/{t}/messages/@original", "get_original", self._r_get_webhook_message),
            ("PATCH", f"/webhooks/{s}/{t}/messages/@original", "edit_original", self._r_edit_webhook_message),
            (
                "DELETE",
                f"/webhooks/{s}/{t}/messages/@original",
                "delete_original",
                self._r_delete_webhook_message,
            ),
            ("GET", f"/webhooks/{s}/{t}/messages/{s}", "get_webhook_message", self._r_get_webhook_message),
            (
                "PATCH",
                f"/webhooks/{s}/{t}/messages/{s}",
                "edit_webhook_message",
                self._r_edit_webhook_message,
            ),
            (
                "DELETE",
                f"/webhooks/{s}/{t}/messages/{s}",
                "delete_webhook_message",
                self._r_delete_webhook_message,
            ),
        ]
        return [(m, re.compile(p), name, fn) for m, p, name, fn in table]

    def _match_route(self, method: str, path: str) -> tuple[str, Callable[..., Any], tuple[str, ...]] | None:
        for m, pattern, name, fn in self._routes:
            if m != method:
                continue
            match = pattern.fullmatch(path)
            if match:
                return name, fn, match.groups()
        return None

    async def _parse_body(self, request: web.Request) -> tuple[Any, list[RecordedFile], bytes]:
        ctype = request.headers.get("Content-Type", "")
        if ctype.startswith("multipart/"):
            payload: Any = None
            files: list[RecordedFile] = []
            reader = await request.multipart()
            while True:
                part = await reader.next()
                if part is None:
                    break
                data = await part.read(decode=False)  # type: ignore[union-attr]
                name = part.name or ""  # type: ignore[union-attr]
                if name == "payload_json":
                    payload = json.loads(bytes(data).decode())
                else:
                    files.append(
                        RecordedFile(
                            field_name=name,
                            filename=part.filename,  # type: ignore[union-attr]
                            content_type=part.headers.get("Content-Type"),  # type: ignore[union-attr]
                            data=bytes(data),
                        )
                    )
            return payload, files, b""
        raw = await request.read()
        if raw and "json" in ctype:
            try:
                return json.loads(raw), [], raw
            except ValueError:
                return None, [], raw
        return None, [], raw

    async def _handle_http(self, request: web.Request) -> web.StreamResponse:
        if request.path in ("/ws", "/ws-resume"):
            return await self._handle_ws(request)

        body_json, files, raw = await self._parse_body(request)
        full_path = request.path
        api_path = full_path[len(API_PREFIX) :] if full_path.startswith(API_PREFIX) else None
        rec = RecordedRequest(
            index=len(self.requests),
            method=request.method,
            path=api_path if api_path is not None else full_path,
            query=dict(request.query),
            headers=dict(request.headers),
            json=body_json,
            files=files,
            body=raw,
        )
        route = self._match_route(request.method, api_path) if api_path is not None else None
        rec.route = route[0] if route else None

        rule = self._take_fault(request.method, rec.path) if api_path is not None else None
        if rule is not None:
            rec.injected = True
            resp = self._fault_response(rule, rec.route)
        elif route is None:
            resp = _Response(404, {"message": "404: Not Found", "code": 0})
        else:
            name, fn, groups = route
            try:
                self._check_auth(name, request)
                result = await fn(rec, *groups)
                resp = result if isinstance(result, _Response) else _Response(200, result)
            except _ApiError as err:
                resp = _Response(err.status, err.body)
            except Exception:
                tb = traceback.format_exc()
                self.internal_errors.append(tb)
                log.error("fake discord route %s crashed:\n%s", name, tb)
                resp = _Response(500, {"message": "500: fake crashed", "code": 0})

        rec.status = resp.status
        rec.response = resp.body
        self.requests.append(rec)
        self._notify()

        headers = dict(resp.headers)
        if self.rate_limit_headers and not rec.injected and rec.route is not None:
            headers.setdefault("X-RateLimit-Limit", "50")
            headers.setdefault("X-RateLimit-Remaining", "49")
            headers.setdefault("X-RateLimit-Reset", f"{time.time() + 1:.3f}")
            headers.setdefault("X-RateLimit-Reset-After", "1.000")
            headers.setdefault("X-RateLimit-Bucket", f"fake-{rec.route}")
        if resp.status == 204 or resp.body is None:
            return web.Response(status=resp.status if resp.body is not None else 204, headers=headers)
        headers["Content-Type"] = "application/json"  # exactly; discord.py compares verbatim
        return web.Response(status=resp.status, body=json.dumps(resp.body).encode(), headers=headers)

    def _check_auth(self, route_name: str, request: web.Request) -> None:
        if route_name in {"get_gateway"} or route_name.startswith(
            (
                "interaction_",
                "execute_webhook",
                "get_original",
                "edit_original",
                "delete_original",
                "get_webhook",
                "edit_webhook",
                "delete_webhook",
            )
        ):
            return
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise _ApiError(401, 0, "401: Unauthorized")

    # ------------------------------------------------------------------ REST handlers
    async def _r_gateway(self, rec: RecordedRequest) -> Any:
        return {"url": self.gateway_url}

    async def _r_gateway_bot(self, rec: RecordedRequest) -> Any:
        return {
            "url": self.gateway_url,
            "shards": 1,
            "session_start_limit": {
                "total": 1000,
                "remaining": 999,
                "reset_after": 14400000,
                "max_concurrency": 1,
            },
        }

    async def _r_me(self, rec: RecordedRequest) -> Any:
        return {
            **self.bot.to_payload(),
            "verified": True,
            "mfa_enabled": False,
            "email": None,
            "locale": "en-US",
            "premium_type": 0,
        }

    async def _r_get_user(self, rec: RecordedRequest, uid: str) -> Any:
        user = self.users.get(int(uid))
        if user is None:
            raise _ApiError(404, 10013, "Unknown User")
        return user.to_payload()

    async def _r_create_dm(self, rec: RecordedRequest) -> Any:
        recipient = self.users.get(int((rec.json or {}).get("recipient_id", 0)))
        if recipient is None:
            raise _ApiError(400, 50035, "Invalid Form Body")
        return self.dm_channel(recipient).to_payload()

    async def _r_application(self, rec: RecordedRequest) -> Any:
        return {
            "id": str(self.application_id),
            "name": self.bot.username,
            "icon": None,
            "description": "",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "0" * 64,
            "flags": self.application_flags,
            "owner": self.owner.to_payload(),
            "team": None,
            "bot": self.bot.to_payload(),
            "interactions_endpoint_url": None,
            "role_connections_verification_url": None,
            "tags": [],
            "redirect_uris": [],
            "approximate_guild_count": len(self.guilds),
            "install_params": None,
            "integration_types_config": {"0": {}},
        }

    # -- application commands
    def _check_app(self, app_id: str) -> None:
        if int(app_id) != self.application_id:
            raise _ApiError(403, 50001, "Missing Access")

    def _command_store(self, guild_id: str | None) -> dict[int, dict[str, Any]]:
        if guild_id is None:
            return self.global_commands
        if int(guild_id) not in self.guilds:
            raise _ApiError(403, 50001, "Missing Access")
        return self.guild_commands.setdefault(int(guild_id), {})

    @staticmethod
    def _validate_command(cmd: dict[str, Any], index: int | None) -> None:
        prefix: list[str | int] = [index] if index is not None else []
        ctype = cmd.get("type", 1)
        name = cmd.get("name") or ""
        if ctype == 1:
            if not re.fullmatch(r"[-_\w]{1,32}", name) or name != name.lower():
                raise _form_error(
                    [*prefix, "name"], "APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid"
                )
            desc = cmd.get("description") or ""
            if not 1 <= len(desc) <= 100:
                raise _form_error(
                    [*prefix, "description"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length."
                )
        elif not 1 <= len(name) <= 32:
            raise _form_error(
                [*prefix, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length."
            )
        options = cmd.get("options") or []
        if len(options) > 25:
            raise _form_error([*prefix, "options"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
        seen_optional = False
        for i, opt in enumerate(options):
            if opt.get("type") in (1, 2):
                continue
            if opt.get("required"):
                if seen_optional:
                    raise _form_error(
                        [*prefix, "options", i, "required"],
                        "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                        "Required options must be placed before non-required options",
                    )
            else:
                seen_optional = True
            if len(opt.get("choices") or []) > 25:
                raise _form_error(
                    [*prefix, "options", i, "choices"],
                    "BASE_TYPE_MAX_LENGTH",
                    "Must be 25 or fewer in length.",
                )

    def _store_command(
        self,
        store: dict[int, dict[str, Any]],
        cmd: dict[str, Any],
        guild_id: str | None,
        existing: dict[str, Any] | None,
    ) -> dict[str, Any]:
        cid = int(existing["id"]) if existing else self.next_id()
        stored = {
            "id": str(cid),
            "application_id": str(self.application_id),
            "version": str(self.next_id()),
            "type": cmd.get("type", 1),
            "name": cmd["name"],
            "description": cmd.get("description", ""),
            "options": cmd.get("options", []),
            "default_member_permissions": cmd.get("default_member_permissions"),
            "dm_permission": cmd.get("dm_permission", True),
            "contexts": cmd.get("contexts"),
            "integration_types": cmd.get("integration_types", [0]),
            "nsfw": cmd.get("nsfw", False),
            "name_localizations": cmd.get("name_localizations"),
            "description_localizations": cmd.get("description_localizations"),
        }
        if guild_id is not None:
            stored["guild_id"] = str(guild_id)
        store[cid] = stored
        return stored

    @staticmethod
    def _split_cmd_args(args: tuple[str, ...]) -> tuple[str, str | None, str | None]:
        # (app,), (app, cmd), (app, guild), (app, guild, cmd) depending on the route
        return args[0], (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else None)

    async def _r_list_commands(self, rec: RecordedRequest, app: str, guild: str | None = None):
        self._check_app(app)
        return list(self._command_store(guild).values())

    async def _r_bulk_commands(self, rec: RecordedRequest, app: str, guild: str | None = None):
        self._check_app(app)
        store = self._command_store(guild)
        body = rec.json or []
        if len(body) > 100:
            raise _form_error([], "BASE_TYPE_MAX_LENGTH", "Must be 100 or fewer in length.")
        seen = set()
        for i, cmd in enumerate(body):
            self._validate_command(cmd, i)
            key = (cmd["name"], cmd.get("type", 1))
            if key in seen:
                raise _form_error(
                    [i, "name"],
                    "APPLICATION_COMMANDS_DUPLICATE_NAME",
                    f"Application command names must be unique ({cmd['name']})",
                )
            seen.add(key)
        old = {(c["name"], c["type"]): c for c in store.values()}
        store.clear()
        return [
            self._store_command(store, cmd, guild, old.get((cmd["name"], cmd.get("type", 1)))) for cmd in body
        ]

    async def _r_create_command(self, rec: RecordedRequest, app: str, guild: str | None = None):
        self._check_app(app)
        store = self._command_store(guild)
        cmd = rec.json or {}
        self._validate_command(cmd, None)
        existing = next(
            (c for c in store.values() if (c["name"], c["type"]) == (cmd["name"], cmd.get("type", 1))), None
        )
        stored = self._store_command(store, cmd, guild, existing)
        return stored if existing else _Response(201, stored)

    def _cmd_target(self, args: tuple[str, ...]) -> tuple[dict[int, dict[str, Any]], int]:
        if len(args) == 3:
            app, guild, cid = args
        else:
            app, cid = args
            guild = None
        self._check_app(app)
        store = self._command_store(guild)
        if int(cid) not in store:
            raise _ApiError(404, 10063, "Unknown application command")
        return store, int(cid)

    async def _r_get_command(self, rec: RecordedRequest, *args: str) -> Any:
        store, cid = self._cmd_target(args)
        return store[cid]

    async def _r_edit_command(self, rec: RecordedRequest, *args: str) -> Any:
        store, cid = self._cmd_target(args)
        store[cid].update({k: v for k, v in (rec.json or {}).items() if k != "id"})
        return store[cid]

    async def _r_delete_command(self, rec: RecordedRequest, *args: str) -> Any:
        store, cid = self._cmd_target(args)
        del store[cid]
        return _Response(204)

    # -- guilds
    def _get_guild(self, gid: str) -> FakeGuild:
        guild = self.guilds.get(int(gid))
        if guild is None:
            raise _ApiError(404, 10004, "Unknown Guild")
        return guild

    async def _r_get_guild(self, rec: RecordedRequest, gid: str) -> Any:
        return self._get_guild(gid).to_payload(full=False)

    async def _r_guild_channels(self, rec: RecordedRequest, gid: str) -> Any:
        return [c.to_payload() for c in self._get_guild(gid).channels.values()]

    async def _r_guild_roles(self, rec: RecordedRequest, gid: str) -> Any:
        return [r.to_payload() for r in self._get_guild(gid).roles.values()]

    async def _r_get_member(self, rec: RecordedRequest, gid: str, uid: str) -> Any:
        member = self._get_guild(gid).members.get(int(uid))
        if member is None:
            raise _ApiError(404, 10007, "Unknown Member")
        return member.to_payload()

    # -- channels & messages
    def _get_channel(self, cid: str) -> FakeChannel:
        channel = self.channels.get(int(cid))
        if channel is None:
            raise _ApiError(404, 10003, "Unknown Channel")
        return channel

    def _require(self, channel: FakeChannel, needed: int) -> None:
        guild = self.guild_of(channel)
        if guild is None or not self.enforce_permissions:
            return
        perms = guild.permissions_for(self.bot, channel)
        if not perms & Perm.VIEW_CHANNEL:
            raise _ApiError(403, 50001, "Missing Access")
        if perms & needed != needed:
            raise _ApiError(403, 50013, "Missing Permissions")

    def _get_channel_message(self, channel: FakeChannel, mid: str) -> dict[str, Any]:
        msg = self.messages.get(int(mid))
        if msg is None or int(msg["channel_id"]) != channel.id:
            raise _ApiError(404, 10008, "Unknown Message")
        return msg

    @staticmethod
    def _rest_view(msg: dict[str, Any]) -> dict[str, Any]:
        out = {k: v for k, v in msg.items() if not k.startswith("_")}
        return out

    async def _r_get_channel(self, rec: RecordedRequest, cid: str) -> Any:
        channel = self._get_channel(cid)
        self._require(channel, Perm.VIEW_CHANNEL)
        return channel.to_payload()

    async def _r_history(self, rec: RecordedRequest, cid: str) -> Any:
        channel = self._get_channel(cid)
        self._require(channel, Perm.VIEW_CHANNEL | Perm.READ_MESSAGE_HISTORY)
        limit = max(1, min(100, int(rec.query.get("limit", 50))))
        msgs = sorted(
            (m for m in self.messages.values() if int(m["channel_id"]) == channel.id),
            key=lambda m: int(m["id"]),
            reverse=True,
        )
        if "before" in rec.query:
            msgs = [m for m in msgs if int(m["id"]) < int(rec.query["before"])]
        if "after" in rec.query:
            msgs = [m for m in msgs if int(m["id"]) > int(rec.query["after"])][-limit:]
        if "around" in rec.query:
            around = int(rec.query["around"])
            older = [m for m in msgs if int(m["id"]) <= around][: (limit + 1) // 2]
            newer = [m for m in msgs if int(m["id"]) > around][-(limit // 2) :] if limit > 1 else []
            msgs = newer + older
        return [self._rest_view(m) for m in msgs[:limit]]

    @staticmethod
    def _validate_message_body(
        body: dict[str, Any], files: Sequence[RecordedFile], *, editing: bool = False
    ) -> None:
        content = body.get("content") or ""
        if len(content) > 2000:
            raise _form_error(["content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.")
        embeds = body.get("embeds") or []
        if len(embeds) > 10:
            raise _form_error(["embeds"], "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.")
        total = 0
        limits = {"title": 256, "description": 4096}
        for i, embed in enumerate(embeds):
            for key, limit in limits.items():
                value = embed.get(key) or ""
                total += len(value)
                if len(value) > limit:
                    raise _form_error(
                        ["embeds", i, key], "BASE_TYPE_MAX_LENGTH", f"Must be {limit} or fewer in length."
                    )
            fields = embed.get("fields") or []
            if len(fields) > 25:
                raise _form_error(
                    ["embeds", i, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
                )
            for j, f in enumerate(fields):
                for key, limit in (("name", 256), ("value", 1024)):
                    value = f.get(key) or ""
                    total += len(value)
                    if not value:
                        raise _form_error(
                            ["embeds", i, "fields", j, key], "BASE_TYPE_REQUIRED", "This field is required"
                        )
                    if len(value) > limit:
                        raise _form_error(
                            ["embeds", i, "fields", j, key],
                            "BASE_TYPE_MAX_LENGTH",
                            f"Must be {limit} or fewer in length.",
                        )
            footer = (embed.get("footer") or {}).get("text") or ""
            author = (embed.get("author") or {}).get("name") or ""
            total += len(footer) + len(author)
            if len(footer) > 2048 or len(author) > 256:
                raise _form_error(["embeds", i], "BASE_TYPE_MAX_LENGTH", "Embed part too long.")
        if total > 6000:
            raise _form_error(
                ["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"
            )
        if editing:
            return
        has_something = (
            content.strip()
            or embeds
            or files
            or body.get("attachments")
            or body.get("components")
            or body.get("sticker_ids")
            or body.get("poll")
        )
        if not has_something:
            raise _ApiError(400, 50006, "Cannot send an empty message")

    async def _echo(self, event: str, msg: dict[str, Any]) -> None:
        if self.echo_bot_messages and not msg.get("flags", 0) & FLAG_EPHEMERAL:
            await self._dispatch_message_event(event, self._rest_view(msg))

    async def _r_create_message(self, rec: RecordedRequest, cid: str) -> Any:
        channel = self._get_channel(cid)
        body = rec.json or {}
        needed = Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES
        if rec.files:
            needed |= Perm.ATTACH_FILES
        reference = body.get("message_reference")
        if reference:
            needed |= Perm.READ_MESSAGE_HISTORY
        self._require(channel, needed)
        self._validate_message_body(body, rec.files)
        if reference:
            ref_msg = self.messages.get(int(reference.get("message_id", 0)))
            if ref_msg is None and reference.get("fail_if_not_exists", True):
                raise _form_error(
                    ["message_reference"], "MESSAGE_REFERENCE_UNKNOWN_MESSAGE", "Unknown message"
                )
            if ref_msg is None:
                reference = None
        msg = self._build_message(
            channel=channel,
            author=self.bot,
            content=body.get("content") or "",
            embeds=body.get("embeds"),
            components=body.get("components"),
            attachments=self._build_attachments(channel.id, body.get("attachments") or [], rec.files),
            flags=int(body.get("flags") or 0) & ~FLAG_EPHEMERAL,
            reference=reference,
            allowed_mentions=body.get("allowed_mentions"),
            tts=bool(body.get("tts")),
            nonce=body.get("nonce"),
        )
        self.bot_messages.append(msg)
        await self._echo("MESSAGE_CREATE", msg)
        return self._rest_view(msg)

    async def _r_get_message(self, rec: RecordedRequest, cid: str, mid: str) -> Any:
        channel = self._get_channel(cid)
        self._require(channel, Perm.VIEW_CHANNEL | Perm.READ_MESSAGE_HISTORY)
        return self._rest_view(self._get_channel_message(channel, mid))

    def _apply_edit(self, msg: dict[str, Any], body: dict[str, Any], files: Sequence[RecordedFile]) -> None:
        self._validate_message_body(body, files, editing=True)
        if "content" in body:
            msg["content"] = body["content"] or ""
        if "embeds" in body:
            msg["embeds"] = [self._normalise_embed(e) for e in body["embeds"] or []]
        if "components" in body:
            msg["components"] = body["components"] or []
        if "flags" in body and body["flags"] is not None:
            keep = msg.get("flags", 0) & FLAG_EPHEMERAL
            msg["flags"] = (int(body["flags"]) & ~FLAG_LOADING) | keep
        if "attachments" in body:
            msg["attachments"] = self._build_attachments(
                int(msg["channel_id"]), body["attachments"] or [], files
            )
        if msg.get("flags", 0) & FLAG_LOADING:
            msg["flags"] &= ~FLAG_LOADING
        msg["edited_timestamp"] = _iso(time.time() * 1000)

    async def _r_edit_message(self, rec: RecordedRequest, cid: str, mid: str) -> Any:
        channel = self._get_channel(cid)
        msg = self._get_channel_message(channel, mid)
        if int(msg["author"]["id"]) != self.bot.id:
            raise _ApiError(403, 50005, "Cannot edit a message authored by another user")
        self._apply_edit(msg, rec.json or {}, rec.files)
        await self._echo("MESSAGE_UPDATE", msg)
        return self._rest_view(msg)

    async def _r_delete_message(self, rec: RecordedRequest, cid: str, mid: str) -> Any:
        channel = self._get_channel(cid)
        msg = self._get_channel_message(channel, mid)
        if int(msg["author"]["id"]) != self.bot.id:
            self._require(channel, Perm.MANAGE_MESSAGES)
        del self.messages[int(mid)]
        if self.echo_bot_messages:
            data = {"id": mid, "channel_id": cid}
            if channel.guild_id:
                data["guild_id"] = str(channel.guild_id)
            intent = Intents.GUILD_MESSAGES if channel.guild_id else Intents.DIRECT_MESSAGES
            await self.dispatch("MESSAGE_DELETE", data, intent=intent)
        return _Response(204)

    async def _r_add_reaction(self, rec: RecordedRequest, cid: str, mid: str, emoji: str):
        channel = self._get_channel(cid)
        self._require(channel, Perm.VIEW_CHANNEL | Perm.READ_MESSAGE_HISTORY | Perm.ADD_REACTIONS)
        msg = self._get_channel_message(channel, mid)
        self._add_reaction(msg, emoji, self.bot)
        if self.echo_bot_messages:
            await self._dispatch_reaction("MESSAGE_REACTION_ADD", msg, emoji, self.bot)
        return _Response(204)

    async def _r_remove_reaction(self, rec: RecordedRequest, cid: str, mid: str, emoji: str):
        channel = self._get_channel(cid)
        msg = self._get_channel_message(channel, mid)
        self._remove_reaction(msg, emoji, self.bot)
        if self.echo_bot_messages:
            await self._dispatch_reaction("MESSAGE_REACTION_REMOVE", msg, emoji, self.bot)
        return _Response(204)

    async def _r_typing(self, rec: RecordedRequest, cid: str) -> Any:
        channel = self._get_channel(cid)
        self._require(channel, Perm.VIEW_CHANNEL | Perm.SEND_MESSAGES)
        return _Response(204)

    # -- interactions
    def _interaction_by_token(self, app: str, token: str) -> FakeInteraction:
        if int(app) == self.application_id:
            for it in self.interactions.values():
                if it.token == token:
                    return it
        raise _ApiError(404, 10015, "Unknown Webhook")

    def _interaction_message(
        self,
        it: FakeInteraction,
        body: dict[str, Any],
        files: Sequence[RecordedFile],
        *,
        loading: bool = False,
    ) -> dict[str, Any]:
        channel = self.channels[it.channel_id]
        flags = int(body.get("flags") or 0)
        if loading:
            flags = (flags & FLAG_EPHEMERAL) | FLAG_LOADING
        user = self.users[it.user_id]
        return self._build_message(
            channel=channel,
            author=self.bot,
            content="" if loading else (body.get("content") or ""),
            embeds=None if loading else body.get("embeds"),
            components=None if loading else body.get("components"),
            attachments=[]
            if loading
            else self._build_attachments(channel.id, body.get("attachments") or [], files),
            flags=flags,
            allowed_mentions=body.get("allowed_mentions"),
            tts=bool(body.get("tts")),
            message_type=20 if it.type in (INTERACTION_APPLICATION_COMMAND,) else 0,
            webhook_id=self.application_id,
            interaction_metadata={
                "id": str(it.id),
                "type": it.type,
                "user": user.to_payload(),
                "authorizing_integration_owners": it.payload.get("authorizing_integration_owners", {}),
            },
        )

    async def _r_interaction_callback(self, rec: RecordedRequest, iid: str, token: str) -> Any:
        it = self.interactions.get(int(iid))
        if it is None or it.token != token:
            raise _ApiError(404, 10062, "Unknown interaction")
        if it.responded:
            raise _ApiError(400, 40060, "Interaction has already been acknowledged.")
        body = rec.json or {}
        ctype = body.get("type")
        data = body.get("data") or {}
        allowed = {
            INTERACTION_APPLICATION_COMMAND: {4, 5, 9, 12},
            INTERACTION_COMPONENT: {4, 5, 6, 7, 9, 12},
            INTERACTION_AUTOCOMPLETE: {8},
            INTERACTION_MODAL_SUBMIT: {4, 5, 6, 7} if it.message_id else {4, 5},
        }[it.type]
        if ctype not in allowed:
            raise _form_error(
                ["type"],
                "INTERACTION_RESPONSE_TYPE_INVALID",
                f"Interaction response type {ctype} is not valid here",
            )
        message: dict[str, Any] | None = None
        if ctype == CALLBACK_CHANNEL_MESSAGE:
            self._validate_message_body(data, rec.files)
            message = self._interaction_message(it, data, rec.files)
            self.bot_messages.append(message)
        elif ctype == CALLBACK_DEFERRED_CHANNEL_MESSAGE:
            message = self._interaction_message(it, data, rec.files, loading=True)
            self.bot_messages.append(message)
        elif ctype == CALLBACK_UPDATE_MESSAGE:
            message = self.messages[it.message_id]  # type: ignore[index]
            self._apply_edit(message, data, rec.files)
            await self._echo("MESSAGE_UPDATE", message)
        elif ctype == CALLBACK_DEFERRED_UPDATE_MESSAGE:
            message = self.messages.get(it.message_id)  # type: ignore[arg-type]
        elif ctype == CALLBACK_AUTOCOMPLETE_RESULT:
            choices = data.get("choices") or []
            if len(choices) > 25:
                raise _form_error(
                    ["data", "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length."
                )
            for i, choice in enumerate(choices):
                if not 1 <= len(choice.get("name", "")) <= 100:
                    raise _form_error(
                        ["data", "choices", i, "name"],
                        "BASE_TYPE_BAD_LENGTH",
                        "Must be between 1 and 100 in length.",
                    )
        elif ctype == CALLBACK_MODAL and not (
            data.get("custom_id") and data.get("title") and data.get("components")
        ):
            raise _form_error(["data"], "BASE_TYPE_REQUIRED", "This field is required")

        it.responded = True
        it.callback = body
        it.callback_type = ctype
        if message is not None:
            it.original_message_id = int(message["id"])
        if ctype == CALLBACK_CHANNEL_MESSAGE and message is not None:
            await self._echo("MESSAGE_CREATE", message)
        self._notify()

        if rec.query.get("with_response") not in ("1", "true", "True"):
            return _Response(204)
        callback: dict[str, Any] = {"id": str(it.id), "type": it.type}
        if message is not None:
            callback.update(
                response_message_id=message["id"],
                response_message_loading=bool(message.get("flags", 0) & FLAG_LOADING),
                response_message_ephemeral=bool(message.get("flags", 0) & FLAG_EPHEMERAL),
            )
        result: dict[str, Any] = {"interaction": callback}
        if message is not None and ctype in (4, 5, 7):
            result["resource"] = {"type": ctype, "message": self._rest_view(message)}
        elif ctype not in (6, 8):
            result["resource"] = {"type": ctype}
        return result

    def _webhook_message(self, it: FakeInteraction, which: str | None) -> dict[str, Any]:
        if which is None:  # @original
            if not it.responded or it.original_message_id is None:
                raise _ApiError(404, 10008, "Unknown Message")
            mid = it.original_message_id
        else:
            mid = int(which)
            if mid != it.original_message_id and mid not in it.followup_message_ids:
                raise _ApiError(404, 10008, "Unknown Message")
        msg = self.messages.get(mid)
        if msg is None:
            raise _ApiError(404, 10008, "Unknown Message")
        return msg

    async def _r_followup(self, rec: RecordedRequest, app: str, token: str) -> Any:
        it = self._interaction_by_token(app, token)
        if not it.responded:
            raise _ApiError(404, 10015, "Unknown Webhook")
        body = rec.json or {}
        # completing a deferred response: the first follow-up replaces the loading message
        original = self.messages.get(it.original_message_id) if it.original_message_id else None
        if original is not None and original.get("flags", 0) & FLAG_LOADING:
            self._validate_message_body(body, rec.files)
            self._apply_edit(original, body, rec.files)
            await self._echo("MESSAGE_CREATE", original)
            return self._rest_view(original)
        self._validate_message_body(body, rec.files)
        msg = self._interaction_message(it, body, rec.files)
        msg["type"] = 0 if it.type != INTERACTION_APPLICATION_COMMAND else 23
        it.followup_message_ids.append(int(msg["id"]))
        self.bot_messages.append(msg)
        self._notify()
        await self._echo("MESSAGE_CREATE", msg)
        if rec.query.get("wait") in ("0", "false", "False"):
            return _Response(204)
        return self._rest_view(msg)

    async def _r_get_webhook_message(
        self, rec: RecordedRequest, app: str, token: str, mid: str | None = None
    ) -> Any:
        it = self._interaction_by_token(app, token)
        return self._rest_view(self._webhook_message(it, mid))

    async def _r_edit_webhook_message(
        self, rec: RecordedRequest, app: str, token: str, mid: str | None = None
    ) -> Any:
        it = self._interaction_by_token(app, token)
        msg = self._webhook_message(it, mid)
        was_loading = bool(msg.get("flags", 0) & FLAG_LOADING)
        self._apply_edit(msg, rec.json or {}, rec.files)
        self._notify()
        await self._echo("MESSAGE_CREATE" if was_loading else "MESSAGE_UPDATE", msg)
        return self._rest_view(msg)

    async def _r_delete_webhook_message(
        self, rec: RecordedRequest, app: str, token: str, mid: str | None = None
    ) -> Any:
        it = self._interaction_by_token(app, token)
        msg = self._webhook_message(it, mid)
        del self.messages[int(msg["id"])]
        return _Response(204)

    # ------------------------------------------------------------------ gateway handling
    async def _session_dispatch(self, session: _Session, event: str, data: Any) -> None:
        session.seq += 1
        frame = json.dumps({"op": 0, "t": event, "s": session.seq, "d": data})
        session.events.append((session.seq, frame))
        conn = session.conn
        if conn is not None and not conn.closed:
            await conn.send_raw(frame)

    async def _handle_ws(self, request: web.Request) -> web.StreamResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        query = dict(request.query)
        compress = query.get("compress")
        conn = _GatewayConnection(ws, compress, request.path)
        self._connections.add(conn)
        self.gateway_connections.append({"id": conn.id, "path": request.path, "query": query})
        self._notify()
        try:
            await conn.send(
                {
                    "op": 10,
                    "d": {"heartbeat_interval": self.heartbeat_interval_ms, "_trace": ['["fake-gateway"]']},
                    "s": None,
                    "t": None,
                }
            )
            async for msg in ws:
                if msg.type == WSMsgType.TEXT:
                    text = msg.data
                elif msg.type == WSMsgType.BINARY:
                    text = msg.data.decode("utf-8", "replace")
                else:
                    break
                try:
                    await self._on_gateway_payload(conn, text)
                except Exception:
                    tb = traceback.format_exc()
                    self.internal_errors.append(tb)
                    log.error("fake gateway crashed:\n%s", tb)
                    await conn.close(4000, "fake crashed")
                if conn.closed:
                    break
        finally:
            conn.closed = True
            self._connections.discard(conn)
            session = conn.session
            if session is not None and session.conn is conn:
                session.conn = None
                if not conn.server_closed and ws.close_code in (1000, 1001):
                    session.invalidated = True  # a clean client close ends the session
            self._notify()
        return ws

    async def _on_gateway_payload(self, conn: _GatewayConnection, text: str) -> None:
        try:
            payload = json.loads(text)
            op = payload.get("op")
            d = payload.get("d")
        except (ValueError, AttributeError):
            await conn.close(4002, "Error while decoding payload.")
            return
        self.gateway_received.append(GatewayFrame(conn.id, op, d, time.monotonic()))
        self._notify()
        if op == 1:
            await conn.send({"op": 11, "d": None, "s": None, "t": None})
        elif op == 2:
            await self._identify(conn, d or {})
        elif op == 6:
            await self._resume(conn, d or {})
        elif conn.session is None:
            await conn.close(4003, "Not authenticated.")
        elif op == 3:
            self.presence = d
        elif op == 4:
            pass  # voice state update: recorded only
        elif op == 8:
            await self._request_members(conn, d or {})
        else:
            await conn.close(4001, "Unknown opcode.")

    async def _identify(self, conn: _GatewayConnection, d: dict[str, Any]) -> None:
        if conn.session is not None:
            await conn.close(4005, "Already authenticated.")
            return
        if d.get("token") != self.token:
            await conn.close(4004, "Authentication failed.")
            return
        intents = d.get("intents")
        if not isinstance(intents, int):
            await conn.close(4013, "Invalid intent(s).")
            return
        if intents & Intents.PRIVILEGED & ~self.allowed_privileged_intents:
            await conn.close(4014, "Disallowed intent(s).")
            return
        session = _Session(secrets.token_hex(16), intents, d)
        self._sessions[session.id] = session
        session.conn = conn
        conn.session = session
        self.identify_count += 1
        ready: dict[str, Any] = {
            "v": 10,
            "user": {**self.bot.to_payload(), "verified": True, "mfa_enabled": False, "email": None},
            "guilds": [
                {"id": str(g.id), "unavailable": True}
                for g in self.guilds.values()
                if self.bot.id in g.members
            ],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": self.resume_gateway_url,
            "application": {"id": str(self.application_id), "flags": self.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "user_settings": {},
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": ["us-west"],
            "auth": {},
            "_trace": ['["fake-gateway"]'],
        }
        if d.get("shard") is not None:
            ready["shard"] = d["shard"]
        await self._session_dispatch(session, "READY", ready)
        if intents & Intents.GUILDS:
            for guild in self.guilds.values():
                if self.bot.id in guild.members:
                    await self._session_dispatch(session, "GUILD_CREATE", guild.to_payload())
        self._notify()

    async def _resume(self, conn: _GatewayConnection, d: dict[str, Any]) -> None:
        if d.get("token") != self.token:
            await conn.close(4004, "Authentication failed.")
            return
        session = self._sessions.get(d.get("session_id") or "")
        if session is None or session.invalidated:
            await conn.send({"op": 9, "d": False, "s": None, "t": None})
            return
        old = session.conn
        if old is not None and old is not conn and not old.closed:
            await old.close(4000, "session resumed elsewhere")
        session.conn = conn
        conn.session = session
        last = d.get("seq") or 0
        for seq, frame in list(session.events):
            if seq > last:
                await conn.send_raw(frame)
        self.resume_count += 1
        await self._session_dispatch(session, "RESUMED", {"_trace": ['["fake-gateway"]']})
        self._notify()

    async def _request_members(self, conn: _GatewayConnection, d: dict[str, Any]) -> None:
        guild_ids = d.get("guild_id")
        if not isinstance(guild_ids, list):
            guild_ids = [guild_ids]
        for gid in guild_ids:
            guild = self.guilds.get(int(gid))
            if guild is None:
                continue
            members = list(guild.members.values())
            not_found: list[str] = []
            if d.get("user_ids"):
                wanted = [int(u) for u in d["user_ids"]]
                members = [m for m in members if m.user.id in wanted]
                not_found = [str(u) for u in wanted if u not in guild.members]
            elif d.get("query"):
                q = d["query"].lower()
                members = [m for m in members if m.user.username.lower().startswith(q)]
            limit = d.get("limit") or 0
            if limit:
                members = members[:limit]
            chunk: dict[str, Any] = {
                "guild_id": str(guild.id),
                "members": [m.to_payload() for m in members],
                "chunk_index": 0,
                "chunk_count": 1,
                "not_found": not_found,
            }
            if d.get("nonce"):
                chunk["nonce"] = d["nonce"]
            if d.get("presences"):
                chunk["presences"] = []
            assert conn.session is not None
            await self._session_dispatch(conn.session, "GUILD_MEMBERS_CHUNK", chunk)


# --------------------------------------------------------------------------------------
# discord.py glue
# --------------------------------------------------------------------------------------


class point_discord_at:
    """Point discord.py's process-global REST base and gateway URL at ``fake``; restore on exit.

    Works as ``with`` or ``async with``.  Sets ``discord.http.Route.BASE`` and
    ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (a ``yarl.URL``; discord.py appends
    ``?v=10&encoding=json&compress=zlib-stream`` itself and uses the READY
    ``resume_gateway_url`` for resumes).  Not safe for concurrently running tests in one
    process (these are class attributes).
    """

    def __init__(self, fake: FakeDiscord) -> None:
        self.fake = fake
        self._saved: tuple[Any, Any] | None = None

    def __enter__(self) -> FakeDiscord:
        import discord.gateway
        import discord.http
        import yarl

        if self.fake.port is None:
            raise RuntimeError("start the fake before pointing discord.py at it")
        self._saved = (discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)
        discord.http.Route.BASE = self.fake.api_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(self.fake.gateway_url)
        return self.fake

    def __exit__(self, *exc: object) -> None:
        import discord.gateway
        import discord.http

        assert self._saved is not None
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = self._saved
        self._saved = None

    async def __aenter__(self) -> FakeDiscord:
        return self.__enter__()

    async def __aexit__(self, *exc: object) -> None:
        self.__exit__(*exc)


@contextlib.asynccontextmanager
async def run_client(
    client: Any,
    fake: FakeDiscord,
    *,
    timeout: float = 5.0,
    guild_ready_timeout: float | None = 0.05,
    skip_identify_delay: bool = True,
    token: str | None = None,
):
    """Start ``client`` (a discord.Client / commands.Bot) against ``fake`` in a background
    task, wait for ``on_ready``, yield it, then close it and await the task.

    discord.py waits ``guild_ready_timeout`` (default 2 s) after the last GUILD_CREATE
    before firing ``on_ready``; unless ``guild_ready_timeout=None`` this helper lowers it
    (it is only a timer, the fake sends every guild up front).  Likewise the stock
    ``Client.before_identify_hook`` sleeps 5 s before every *re*-IDENTIFY (after an
    INVALID_SESSION); with ``skip_identify_delay`` that sleep is skipped unless the client
    class overrides the hook.  ``token`` defaults to ``fake.token``.  Errors from ``start()``
    (e.g. LoginFailure, PrivilegedIntentsRequired) are re-raised.
    """
    import discord

    if guild_ready_timeout is not None:
        client._connection.guild_ready_timeout = guild_ready_timeout
    if skip_identify_delay and type(client).before_identify_hook is discord.Client.before_identify_hook:

        async def _no_identify_delay(shard_id: int | None, *, initial: bool = False) -> None:
            return None

        client.before_identify_hook = _no_identify_delay
    task = asyncio.create_task(
        client.start(token if token is not None else fake.token), name="fake-discord-client"
    )
    loop = asyncio.get_running_loop()
    try:
        deadline = loop.time() + timeout
        while not client.is_ready():
            if task.done():
                task.result()  # re-raise the start() failure
                raise RuntimeError("client.start() returned before becoming ready")
            if loop.time() > deadline:
                raise FakeTimeout(f"client not ready after {timeout}s\n{fake.describe()}")
            await asyncio.sleep(0.005)
        yield client
    finally:
        if not client.is_closed():
            await client.close()
        if not task.done():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(task, timeout)
        elif not task.cancelled():
            task.exception()  # mark retrieved; start() errors were already raised above
