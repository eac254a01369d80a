"""Rows tied to their source in SQL: which document and chunk each was written from, and its groundedness check.

Revision ID: 0003_example_sources
Revises: 0002_documents
Create Date: 2026-11-29

Both are new tables (nothing existing is altered), so a workspace upgrades
without rewriting its examples. Rows written from a chunk before this revision
keep the ids in ``extra["source"]``; they are copied into ``example_sources``
here so the document filter finds them too. core/data/tables.py describes the
same tables, and a test compares them on SQLite and PostgreSQL.
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_example_sources"
down_revision: str | Sequence[str] | None = "0002_documents"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _id(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def upgrade() -> None:
    sources = op.create_table(
        "example_sources",
        sa.Column("example_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("chunk_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["example_id"], ["examples.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("example_id"),
    )
    op.create_index("example_sources_by_document", "example_sources", ["document_id", "chunk_id"], unique=False)
    op.create_table(
        "grounding_checks",
        sa.Column("example_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("verdict", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("model", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("checked_at", sa.Text(), nullable=False),
        sa.CheckConstraint("verdict IN ('supported', 'unsupported', 'failed')"),
        sa.ForeignKeyConstraint(["example_id"], ["examples.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("example_id"),
    )
    rows = op.get_bind().execute(
        sa.text("SELECT id, extra FROM examples WHERE source = 'document' AND extra IS NOT NULL")
    )
    found = []
    for example_id, extra in rows:
        source = json.loads(extra).get("source")
        document_id = _id(source.get("document_id")) if isinstance(source, dict) else None
        if document_id is not None:
            found.append(
                {"example_id": example_id, "document_id": document_id, "chunk_id": _id(source.get("chunk_id"))}
            )
    if found:
        op.bulk_insert(sources, found)


def downgrade() -> None:
    op.drop_table("grounding_checks")
    op.drop_index("example_sources_by_document", table_name="example_sources")
    op.drop_table("example_sources")
