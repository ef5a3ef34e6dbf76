"""One index on (state, started_at) instead of one on state alone.

Every answer reads approved incidents by time: the latest of a much-named service, those begun
on the day a message gives, the most recent for /incident list. With an index on `state` alone
(a column nearly every row shares) SQLite, having no statistics, chose it over the started_at
index and scanned and sorted the whole table: ~30 ms a lookup at 100k incidents. The composite
index serves the equality on state and the range or order on started_at at once.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_incident_state", table_name="incident")
    op.create_index("ix_incident_state_started_at", "incident", ["state", "started_at"])


def downgrade() -> None:
    op.drop_index("ix_incident_state_started_at", table_name="incident")
    op.create_index("ix_incident_state", "incident", ["state"])
