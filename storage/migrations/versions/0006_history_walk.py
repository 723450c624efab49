"""History walk: each observation records from which day the column's history is complete, why the
walk back stopped (a page cap reached is shown, never silent) and what the column's read cost.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('column_observations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('history_from', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('walk_end', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('requests', sa.Integer(), nullable=False, server_default='0'))


def downgrade() -> None:
    with op.batch_alter_table('column_observations', schema=None) as batch_op:
        batch_op.drop_column('requests')
        batch_op.drop_column('walk_end')
        batch_op.drop_column('history_from')
