"""Content findings (personal data, wording, interpretations, consultations), attachments read, the hash salt.

Revision ID: 0009
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0009'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.String(), nullable=False),
    sa.Column('site_home', sa.String(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('subtype', sa.String(length=30), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('context', sa.Text(), nullable=False),
    sa.Column('masked', sa.String(), nullable=True),
    sa.Column('suggestion', sa.Text(), nullable=True),
    sa.Column('days_late', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('due', sa.Date(), nullable=True),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_findings')),
    sa.UniqueConstraint('unit_id', 'kind', 'url', 'key', name=op.f('uq_findings_unit_id_kind_url_key'))
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_unit_id_status'), ['unit_id', 'status'], unique=False)

    op.create_table('attachment_reads',
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('etag', sa.String(), nullable=True),
    sa.Column('last_modified', sa.String(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('unreadable', sa.Text(), nullable=True),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('url', name=op.f('pk_attachment_reads'))
    )
    op.create_table('secrets',
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_secrets'))
    )


def downgrade() -> None:
    op.drop_table('secrets')
    op.drop_table('attachment_reads')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_unit_id_status'))

    op.drop_table('findings')
