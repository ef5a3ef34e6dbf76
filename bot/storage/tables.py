"""SQLModel tables: incidents, their names, sources and curated claims, and the audit trail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Text, UniqueConstraint
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class IncidentRow(SQLModel, table=True):
    __tablename__ = "incident"
    # Answers read approved incidents by time ("the latest", "begun on that day"): one index on
    # both. An index on state alone matches nearly every row, yet planners without statistics
    # pick it and then scan and sort the whole table.
    __table_args__ = (Index("ix_incident_state_started_at", "state", "started_at"),)

    id: str = Field(primary_key=True, max_length=120)
    service: str = Field(max_length=500)
    title: str = Field(max_length=500)
    started_at: datetime = Field(index=True)
    ended_at: datetime | None = None
    status: str = Field(max_length=20)
    cause: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    cause_status: str = Field(max_length=20)
    summary: str = Field(sa_column=Column(Text, nullable=False))
    state: str = Field(default="approved", max_length=20)
    extra: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="system", max_length=200)


class NameRow(SQLModel, table=True):
    """A name users type for an incident: its service, an alias or an affected service."""

    __tablename__ = "incident_name"
    __table_args__ = (Index("ix_incident_name_normalised", "normalised"),)

    pk: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(foreign_key="incident.id", ondelete="CASCADE", index=True, max_length=120)
    kind: str = Field(max_length=20)  # service | alias | affected
    position: int
    name: str = Field(max_length=200)
    normalised: str = Field(max_length=200)


class SourceRow(SQLModel, table=True):
    __tablename__ = "incident_source"
    __table_args__ = (UniqueConstraint("incident_id", "source_id"),)

    pk: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(foreign_key="incident.id", ondelete="CASCADE", index=True, max_length=120)
    source_id: str = Field(max_length=40)
    position: int
    title: str = Field(max_length=500)
    publisher: str = Field(max_length=500)
    url: str | None = Field(default=None, max_length=2000)
    published_at: str | None = Field(default=None, max_length=10)
    excerpt: str = Field(sa_column=Column(Text, nullable=False))


class ClaimRow(SQLModel, table=True):
    __tablename__ = "incident_claim"
    __table_args__ = (UniqueConstraint("incident_id", "claim_id"),)

    pk: int | None = Field(default=None, primary_key=True)
    incident_id: str = Field(foreign_key="incident.id", ondelete="CASCADE", index=True, max_length=120)
    claim_id: str = Field(max_length=40)
    position: int
    text: str = Field(sa_column=Column(Text, nullable=False))
    verdict: str = Field(max_length=20)
    explanation: str = Field(sa_column=Column(Text, nullable=False))
    source_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class AuditRow(SQLModel, table=True):
    """Who changed what, when, with the record before and after."""

    __tablename__ = "audit_log"

    pk: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=200)
    guild_id: str | None = Field(default=None, max_length=40)
    action: str = Field(max_length=40)
    incident_id: str = Field(index=True, max_length=120)
    summary: str = Field(default="", sa_column=Column(Text, nullable=False))
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class MetaRow(SQLModel, table=True):
    """Small key/value facts about the database itself (seed loaded, schema notes)."""

    __tablename__ = "factbot_meta"

    key: str = Field(primary_key=True, max_length=100)
    value: str = Field(max_length=1000)


class GuildConfigRow(SQLModel, table=True):
    """Per-guild settings set with /factbot config and /factbot watch."""

    __tablename__ = "guild_config"

    guild_id: str = Field(primary_key=True, max_length=40)
    moderator_role_id: str | None = Field(default=None, max_length=40)
    log_channel_id: str | None = Field(default=None, max_length=40)
    cooldown_s: int | None = None
    watched_channel_ids: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow)


class PostedReplyRow(SQLModel, table=True):
    """Every reply the bot posted, so a later change to its records can correct it."""

    __tablename__ = "posted_reply"
    __table_args__ = (Index("ix_posted_reply_incident_at", "incident_id", "posted_at"),)

    pk: int | None = Field(default=None, primary_key=True)
    guild_id: str | None = Field(default=None, max_length=40)
    channel_id: str = Field(max_length=40)
    message_id: str = Field(max_length=40, index=True)
    checked_message_id: str | None = Field(default=None, max_length=40)
    incident_id: str = Field(max_length=120)
    claim_id: str | None = Field(default=None, max_length=40)
    verdict: str = Field(max_length=20)
    record_version: int
    posted_at: datetime = Field(default_factory=utcnow)
    corrected_at: datetime | None = None


class FeedbackRow(SQLModel, table=True):
    __tablename__ = "reply_feedback"
    __table_args__ = (UniqueConstraint("message_id", "user_id"),)

    pk: int | None = Field(default=None, primary_key=True)
    message_id: str = Field(max_length=40)
    user_id: str = Field(max_length=40)
    kind: str = Field(max_length=20)  # helpful | not_helpful | report
    at: datetime = Field(default_factory=utcnow)


class UsageRow(SQLModel, table=True):
    """What a guild spent on answers per UTC day: the LLM budget and /factbot stats read it."""

    __tablename__ = "guild_usage"

    guild_id: str = Field(primary_key=True, max_length=40)
    day: str = Field(primary_key=True, max_length=10)
    llm_tokens: int = 0
    llm_answers: int = 0
    record_answers: int = 0
    reused_answers: int = 0
