"""Guild configuration, posted replies (for corrections) and feedback on replies.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guild_config",
        sa.Column("guild_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("moderator_role_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("log_channel_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("cooldown_s", sa.Integer(), nullable=True),
        sa.Column("watched_channel_ids", sa.JSON(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id"),
    )
    op.create_table(
        "posted_reply",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("guild_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("channel_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("checked_message_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("incident_id", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("claim_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("verdict", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("record_version", sa.Integer(), nullable=False),
        sa.Column("posted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("corrected_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("pk"),
    )
    with op.batch_alter_table("posted_reply", schema=None) as batch_op:
        batch_op.create_index("ix_posted_reply_incident_at", ["incident_id", "posted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_posted_reply_message_id"), ["message_id"], unique=False)
    op.create_table(
        "reply_feedback",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("message_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("user_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("pk"),
        sa.UniqueConstraint("message_id", "user_id"),
    )


def downgrade() -> None:
    op.drop_table("reply_feedback")
    with op.batch_alter_table("posted_reply", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_posted_reply_message_id"))
        batch_op.drop_index("ix_posted_reply_incident_at")
    op.drop_table("posted_reply")
    op.drop_table("guild_config")
