"""Site results (one row per site per run: exactly-once writes, the sites a run waits for) and
worker heartbeats.

Revision ID: 0008
Revises: 0009 (re-chained after main's head)
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0008'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('site_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('site_home', sa.String(), nullable=False),
    sa.Column('task', sa.Integer(), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('complete', sa.Boolean(), nullable=True),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('links', sa.Integer(), nullable=False),
    sa.Column('broken', sa.Integer(), nullable=False),
    sa.Column('worker', sa.String(), nullable=False),
    sa.Column('recorded_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_site_results_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_results')),
    sa.UniqueConstraint('run_id', 'unit_id', 'site_home', name=op.f('uq_site_results_run_id_unit_id_site_home'))
    )
    with op.batch_alter_table('site_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_site_results_run_id'), ['run_id'], unique=False)
    op.create_table('workers',
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('node', sa.String(), nullable=False),
    sa.Column('queue', sa.String(), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('state', sa.String(length=20), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('site', sa.String(), nullable=False),
    sa.Column('sites_done', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_workers'))
    )


def downgrade() -> None:
    op.drop_table('workers')
    with op.batch_alter_table('site_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_site_results_run_id'))
    op.drop_table('site_results')
