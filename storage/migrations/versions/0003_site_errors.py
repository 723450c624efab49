"""Site errors: what broke off (or limited) one site's crawl in a run, so a crash is not lost.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('site_errors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('site_home', sa.String(), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_site_errors_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_errors'))
    )
    with op.batch_alter_table('site_errors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_errors_run_id'), ['run_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('site_errors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_errors_run_id'))

    op.drop_table('site_errors')
