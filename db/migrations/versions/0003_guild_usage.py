"""Per-guild daily usage: LLM tokens and answers, for the budget and /factbot stats.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 21:18:34.701461
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "guild_usage",
        sa.Column("guild_id", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("day", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("llm_tokens", sa.Integer(), nullable=False),
        sa.Column("llm_answers", sa.Integer(), nullable=False),
        sa.Column("record_answers", sa.Integer(), nullable=False),
        sa.Column("reused_answers", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("guild_id", "day"),
    )


def downgrade() -> None:
    op.drop_table("guild_usage")
