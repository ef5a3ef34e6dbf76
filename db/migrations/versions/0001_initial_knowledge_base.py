"""Initial knowledge base: incidents, names, sources, claims, audit log, full-text index.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

from bot.storage.fts import create_search_index_on, drop_search_index_on

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_log",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("guild_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("incident_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_incident_id"), ["incident_id"], unique=False)
    op.create_table(
        "factbot_meta",
        sa.Column("key", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("value", sqlmodel.sql.sqltypes.AutoString(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_table(
        "incident",
        sa.Column("id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("service", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("ended_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("cause", sa.Text(), nullable=True),
        sa.Column("cause_status", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("state", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_started_at"), ["started_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_incident_state"), ["state"], unique=False)
    op.create_table(
        "incident_claim",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("incident_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("claim_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=False),
        sa.Column("source_ids", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("incident_id", "claim_id"),
    )
    with op.batch_alter_table("incident_claim", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_claim_incident_id"), ["incident_id"], unique=False)
    op.create_table(
        "incident_name",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("incident_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("normalised", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("incident_name", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_name_incident_id"), ["incident_id"], unique=False)
        batch_op.create_index("ix_incident_name_normalised", ["normalised"], unique=False)
    op.create_table(
        "incident_source",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("incident_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("source_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("publisher", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(length=2000), nullable=True),
        sa.Column("published_at", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incident.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("incident_id", "source_id"),
    )
    with op.batch_alter_table("incident_source", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_incident_source_incident_id"), ["incident_id"], unique=False)

    create_search_index_on(op.get_bind())


def downgrade() -> None:
    drop_search_index_on(op.get_bind())
    with op.batch_alter_table("incident_source", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_source_incident_id"))
    op.drop_table("incident_source")
    with op.batch_alter_table("incident_name", schema=None) as batch_op:
        batch_op.drop_index("ix_incident_name_normalised")
        batch_op.drop_index(batch_op.f("ix_incident_name_incident_id"))
    op.drop_table("incident_name")
    with op.batch_alter_table("incident_claim", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_claim_incident_id"))
    op.drop_table("incident_claim")
    with op.batch_alter_table("incident", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_incident_state"))
        batch_op.drop_index(batch_op.f("ix_incident_started_at"))
    op.drop_table("incident")
    op.drop_table("factbot_meta")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_incident_id"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))
    op.drop_table("audit_log")
