"""Initial schema: runs, observations and the item timeline, link checks, manual deductions,
probes, jobs, sends, locks and frozen quarter tables.

Timestamps are DateTime(timezone=True); storage.models.UTCDateTime adds the UTC handling in Python.

Revision ID: 0001
Revises: -
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('crawl_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('units', sa.JSON(), nullable=False),
    sa.Column('holder', sa.String(), nullable=False),
    sa.Column('pages', sa.Integer(), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_crawl_runs'))
    )
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_runs_status'), ['status'], unique=False)

    op.create_table('frozen_tables',
    sa.Column('quarter', sa.String(length=10), nullable=False),
    sa.Column('rulebook', sa.String(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.Column('frozen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('quarter', name=op.f('pk_frozen_tables'))
    )
    op.create_table('items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('column_url', sa.String(), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('published', sa.Date(), nullable=True),
    sa.Column('date_source', sa.String(length=20), nullable=True),
    sa.Column('date_text', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_items')),
    sa.UniqueConstraint('unit_id', 'column_url', 'url', name=op.f('uq_items_unit_id_column_url_url'))
    )
    op.create_table('job_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job', sa.String(length=40), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_runs'))
    )
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_runs_job_started_at'), ['job', 'started_at'], unique=False)

    op.create_table('locks',
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('holder', sa.String(), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_locks'))
    )
    op.create_table('manual_deductions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('points', sa.Float(), nullable=False),
    sa.Column('column_title', sa.String(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('source_id', sa.String(), nullable=True),
    sa.Column('author', sa.String(), nullable=True),
    sa.Column('import_key', sa.String(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('withdraw_reason', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_manual_deductions')),
    sa.UniqueConstraint('import_key', name=op.f('uq_manual_deductions_import_key'))
    )
    with op.batch_alter_table('manual_deductions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_manual_deductions_unit_id_day'), ['unit_id', 'day'], unique=False)

    op.create_table('probes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('site_home', sa.String(), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=40), nullable=True),
    sa.Column('ttfb', sa.Float(), nullable=True),
    sa.Column('elapsed', sa.Float(), nullable=True),
    sa.Column('probed_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_probes'))
    )
    with op.batch_alter_table('probes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_probes_probed_at'), ['probed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_probes_unit_id_probed_at'), ['unit_id', 'probed_at'], unique=False)

    op.create_table('sends',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=True),
    sa.Column('channel', sa.String(length=40), nullable=False),
    sa.Column('recipient', sa.String(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sends')),
    sa.UniqueConstraint('key', name=op.f('uq_sends_key'))
    )
    with op.batch_alter_table('sends', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sends_status'), ['status'], unique=False)

    op.create_table('column_observations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('site_home', sa.String(), nullable=False),
    sa.Column('column_name', sa.String(), nullable=False),
    sa.Column('column_url', sa.String(), nullable=False),
    sa.Column('category', sa.String(length=20), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('error', sa.String(length=40), nullable=True),
    sa.Column('http_status', sa.Integer(), nullable=True),
    sa.Column('latest', sa.Date(), nullable=True),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('pages_read', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('observed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_column_observations_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_column_observations'))
    )
    with op.batch_alter_table('column_observations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_column_observations_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_column_observations_unit_id_column_url_observed_at'), ['unit_id', 'column_url', 'observed_at'], unique=False)

    op.create_table('item_date_changes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('old_published', sa.Date(), nullable=True),
    sa.Column('new_published', sa.Date(), nullable=True),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['item_id'], ['items.id'], name=op.f('fk_item_date_changes_item_id_items'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_item_date_changes_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_date_changes'))
    )
    with op.batch_alter_table('item_date_changes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_date_changes_item_id'), ['item_id'], unique=False)

    op.create_table('link_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.Integer(), nullable=True),
    sa.Column('error', sa.String(length=40), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_runs.id'], name=op.f('fk_link_checks_run_id_crawl_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_checks'))
    )
    with op.batch_alter_table('link_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_checks_checked_at'), ['checked_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_checks_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_link_checks_unit_id_url_checked_at'), ['unit_id', 'url', 'checked_at'], unique=False)

    op.create_table('link_referrers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_id', sa.Integer(), nullable=False),
    sa.Column('page', sa.String(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('tag', sa.String(length=20), nullable=False),
    sa.ForeignKeyConstraint(['check_id'], ['link_checks.id'], name=op.f('fk_link_referrers_check_id_link_checks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_link_referrers'))
    )
    with op.batch_alter_table('link_referrers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_link_referrers_check_id'), ['check_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('link_referrers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_referrers_check_id'))

    op.drop_table('link_referrers')
    with op.batch_alter_table('link_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_link_checks_unit_id_url_checked_at'))
        batch_op.drop_index(batch_op.f('ix_link_checks_run_id'))
        batch_op.drop_index(batch_op.f('ix_link_checks_checked_at'))

    op.drop_table('link_checks')
    with op.batch_alter_table('item_date_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_date_changes_item_id'))

    op.drop_table('item_date_changes')
    with op.batch_alter_table('column_observations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_column_observations_unit_id_column_url_observed_at'))
        batch_op.drop_index(batch_op.f('ix_column_observations_run_id'))

    op.drop_table('column_observations')
    with op.batch_alter_table('sends', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sends_status'))

    op.drop_table('sends')
    with op.batch_alter_table('probes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_probes_unit_id_probed_at'))
        batch_op.drop_index(batch_op.f('ix_probes_probed_at'))

    op.drop_table('probes')
    with op.batch_alter_table('manual_deductions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_manual_deductions_unit_id_day'))

    op.drop_table('manual_deductions')
    op.drop_table('locks')
    with op.batch_alter_table('job_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_runs_job_started_at'))

    op.drop_table('job_runs')
    op.drop_table('items')
    op.drop_table('frozen_tables')
    with op.batch_alter_table('crawl_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_runs_status'))

    op.drop_table('crawl_runs')
