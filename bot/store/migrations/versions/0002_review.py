"""Transcript review: reviewers, notes, tags, the audit log, and what the review list needs.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Rasa's own `events` table is left as Rasa made it: its sender_id index is all the transcript page
needs. The list page sorts conversations by last activity, hence the index on last_seen_at.
"""

from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

ANNOTATIONS = ("review_notes", "review_tags")


def _annotation_columns(table: str) -> list:
    """The id, timestamp and cascading conversation link a note or a tag has."""
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        sa.ForeignKeyConstraint(
            ["conversation_id"], ["conversations.id"],
            name=op.f(f"fk_{table}_conversation_id_conversations"), ondelete="CASCADE",
        ),
    ]


def upgrade() -> None:
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("reviewed_by", sa.String(length=64), nullable=True))
    op.create_index(op.f("ix_conversations_last_seen_at"), "conversations", ["last_seen_at"])

    op.create_table(
        "reviewers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewers")),
    )
    op.create_index(op.f("ix_reviewers_username"), "reviewers", ["username"], unique=True)

    op.create_table(
        "review_notes", *_annotation_columns("review_notes"),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
    )
    op.create_table(
        "review_tags", *_annotation_columns("review_tags"),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.UniqueConstraint("conversation_id", "tag", name=op.f("uq_review_tags_conversation_id")),
    )
    for table in ANNOTATIONS:
        op.create_index(op.f(f"ix_{table}_conversation_id"), table, ["conversation_id"])

    op.create_table(
        "review_audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewer", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("conversation_id", sa.Integer(), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_audit")),
    )
    op.create_index(op.f("ix_review_audit_at"), "review_audit", ["at"])


def downgrade() -> None:
    op.drop_index(op.f("ix_review_audit_at"), table_name="review_audit")
    op.drop_table("review_audit")
    for table in reversed(ANNOTATIONS):
        op.drop_index(op.f(f"ix_{table}_conversation_id"), table_name=table)
        op.drop_table(table)
    op.drop_index(op.f("ix_reviewers_username"), table_name="reviewers")
    op.drop_table("reviewers")
    op.drop_index(op.f("ix_conversations_last_seen_at"), table_name="conversations")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("reviewed_by")
        batch.drop_column("reviewed_at")
