"""Column snapshots: the sanitised list page kept (zlib-compressed) when a column's warning fired.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('column_snapshots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('column_url', sa.String(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('html_zlib', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_column_snapshots')),
    sa.UniqueConstraint('unit_id', 'column_url', 'taken_at', name=op.f('uq_column_snapshots_unit_id_column_url_taken_at'))
    )


def downgrade() -> None:
    op.drop_table('column_snapshots')
