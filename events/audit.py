"""The audit log: every state change leaves a row (who, when, what, on whose behalf).

Every row goes through here, and through one statement (``insert_audit``), so that all rows
have the same keys: the actor and their role, on whose behalf, the action, its subject and the
facts in ``data``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from events import db
from events.actors import Actor


async def record(
    conn: db.Conn,
    *,
    by: Actor | None,
    action: str,
    subject_type: str,
    subject_id: UUID | None,
    on_behalf_of: UUID | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """One row: ``by`` did ``action`` to the subject."""
    await record_each(
        conn,
        by=by,
        action=action,
        subject_type=subject_type,
        subjects=[(subject_id, data or {})],
        on_behalf_of=on_behalf_of,
    )


async def record_each(
    conn: db.Conn,
    *,
    by: Actor | None,
    action: str,
    subject_type: str,
    subjects: Sequence[tuple[UUID | None, dict[str, Any]]],
    on_behalf_of: UUID | None = None,
) -> None:
    """One row per (subject, data), all written by one statement: ``by`` did ``action`` to each
    subject (e.g. a recruiter was shown each of these cards)."""
    if not subjects:
        return
    await db.execute(
        conn,
        "insert_audit",
        actor_id=by.id if by else None,
        actor_role=by.role if by else None,
        on_behalf_of=on_behalf_of,
        action=action,
        subject_type=subject_type,
        subject_ids=[subject_id for subject_id, _ in subjects],
        data=[facts for _, facts in subjects],
    )
