"""Per-guild state: configuration, the replies the bot posted, and feedback on them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from bot.storage.database import writer
from bot.storage.tables import FeedbackRow, GuildConfigRow, PostedReplyRow, UsageRow, utcnow

T = TypeVar("T")
CORRECTION_WINDOW = timedelta(days=30)


@dataclass(frozen=True, slots=True)
class GuildConfig:
    guild_id: str
    moderator_role_id: str | None = None
    log_channel_id: str | None = None
    cooldown_s: int | None = None
    watched_channel_ids: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True, slots=True)
class Usage:
    day: str
    llm_tokens: int
    llm_answers: int
    record_answers: int
    reused_answers: int
    replies_last_24h: int
    feedback: dict[str, int]


@dataclass(frozen=True, slots=True)
class PostedReply:
    pk: int
    guild_id: str | None
    channel_id: str
    message_id: str
    checked_message_id: str | None
    incident_id: str
    claim_id: str | None
    verdict: str
    record_version: int
    posted_at: datetime


def _config(row: GuildConfigRow | None, guild_id: str) -> GuildConfig:
    if row is None:
        return GuildConfig(guild_id)
    return GuildConfig(
        guild_id=row.guild_id,
        moderator_role_id=row.moderator_role_id,
        log_channel_id=row.log_channel_id,
        cooldown_s=row.cooldown_s,
        watched_channel_ids=frozenset(row.watched_channel_ids or []),
    )


class GuildRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.writer = writer(engine)
        self._cache: dict[str, GuildConfig] = {}

    async def _run(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.to_thread(fn, *args)

    async def config(self, guild_id: str) -> GuildConfig:
        """Cached: watched-channel screening reads this for every message."""
        cached = self._cache.get(guild_id)
        if cached is not None:
            return cached

        def work() -> GuildConfig:
            with Session(self.engine) as session:
                return _config(session.get(GuildConfigRow, guild_id), guild_id)

        config = await self._run(work)
        self._cache[guild_id] = config
        return config

    async def update_config(self, guild_id: str, **changes: Any) -> GuildConfig:
        def work() -> GuildConfig:
            with Session(self.writer) as session, session.begin():
                row = session.get(GuildConfigRow, guild_id) or GuildConfigRow(guild_id=guild_id)
                for key, value in changes.items():
                    setattr(row, key, value)
                row.updated_at = utcnow()
                session.add(row)
                session.flush()
                return _config(row, guild_id)

        config = await self._run(work)
        self._cache[guild_id] = config
        return config

    async def set_watched(self, guild_id: str, channel_id: str, watched: bool) -> GuildConfig:
        current = await self.config(guild_id)
        channels = set(current.watched_channel_ids)
        (channels.add if watched else channels.discard)(channel_id)
        return await self.update_config(guild_id, watched_channel_ids=sorted(channels))

    async def record_reply(
        self,
        *,
        guild_id: str | None,
        channel_id: str,
        message_id: str,
        checked_message_id: str | None,
        incident_id: str,
        claim_id: str | None,
        verdict: str,
        record_version: int,
    ) -> None:
        def work() -> None:
            with Session(self.writer) as session, session.begin():
                session.add(
                    PostedReplyRow(
                        guild_id=guild_id,
                        channel_id=channel_id,
                        message_id=message_id,
                        checked_message_id=checked_message_id,
                        incident_id=incident_id,
                        claim_id=claim_id,
                        verdict=verdict,
                        record_version=record_version,
                    )
                )

        await self._run(work)

    async def replies_relying_on(self, incident_id: str, now: datetime | None = None) -> list[PostedReply]:
        since = (now or utcnow()) - CORRECTION_WINDOW

        def work() -> list[PostedReply]:
            with Session(self.engine) as session:
                rows = (
                    session.execute(
                        select(PostedReplyRow)
                        .where(PostedReplyRow.incident_id == incident_id, PostedReplyRow.posted_at >= since)
                        .order_by(PostedReplyRow.posted_at)
                    )
                    .scalars()
                    .all()
                )
            return [
                PostedReply(
                    r.pk or 0,
                    r.guild_id,
                    r.channel_id,
                    r.message_id,
                    r.checked_message_id,
                    r.incident_id,
                    r.claim_id,
                    r.verdict,
                    r.record_version,
                    r.posted_at,
                )
                for r in rows
            ]

        return await self._run(work)

    async def mark_corrected(self, pk: int, verdict: str, record_version: int) -> None:
        def work() -> None:
            with Session(self.writer) as session, session.begin():
                row = session.get(PostedReplyRow, pk)
                if row is not None:
                    row.verdict = verdict
                    row.record_version = record_version
                    row.corrected_at = utcnow()
                    session.add(row)

        await self._run(work)

    async def add_usage(self, guild_id: str, *, tokens: int, drafted_by: str, reused: bool) -> None:
        """Count one answer against today's usage (UTC), atomically across processes."""
        day = utcnow().date().isoformat()
        values = {
            "llm_tokens": tokens,
            "llm_answers": int(drafted_by == "llm" and not reused),
            "record_answers": int(drafted_by != "llm"),
            "reused_answers": int(reused),
        }

        def work() -> None:
            with Session(self.writer) as session, session.begin():
                dialect = session.get_bind().dialect.name
                insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
                statement = insert(UsageRow).values(guild_id=guild_id, day=day, **values)
                statement = statement.on_conflict_do_update(
                    index_elements=["guild_id", "day"],
                    set_={k: getattr(UsageRow, k) + statement.excluded[k] for k in values},
                )
                session.execute(statement)

        await self._run(work)

    async def usage_today(self, guild_id: str) -> Usage:
        day = utcnow().date().isoformat()
        since = utcnow() - timedelta(days=1)

        def work() -> Usage:
            with Session(self.engine) as session:
                row = session.get(UsageRow, (guild_id, day))
                replies = session.execute(
                    select(func.count())
                    .select_from(PostedReplyRow)
                    .where(PostedReplyRow.guild_id == guild_id, PostedReplyRow.posted_at >= since)
                ).scalar_one()
                feedback = dict(
                    session.execute(
                        select(FeedbackRow.kind, func.count())
                        .join(PostedReplyRow, PostedReplyRow.message_id == FeedbackRow.message_id)
                        .where(PostedReplyRow.guild_id == guild_id)
                        .group_by(FeedbackRow.kind)
                    ).all()
                )
            return Usage(
                day=day,
                llm_tokens=row.llm_tokens if row else 0,
                llm_answers=row.llm_answers if row else 0,
                record_answers=row.record_answers if row else 0,
                reused_answers=row.reused_answers if row else 0,
                replies_last_24h=int(replies),
                feedback={str(k): int(v) for k, v in feedback.items()},
            )

        return await self._run(work)

    async def add_feedback(self, message_id: str, user_id: str, kind: str) -> bool:
        """False when this user already gave this kind of feedback on this reply."""

        def work() -> bool:
            try:
                with Session(self.writer) as session, session.begin():
                    session.add(FeedbackRow(message_id=message_id, user_id=user_id, kind=kind))
            except IntegrityError:
                return False
            return True

        return await self._run(work)
