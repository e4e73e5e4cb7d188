"""The audit log: every state change leaves a row (who, when, what, on whose behalf)."""

from __future__ import annotations

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
    await db.execute(
        conn,
        "insert_audit",
        actor_id=by.id if by else None,
        actor_role=by.role if by else None,
        on_behalf_of=on_behalf_of,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        data=data or {},
    )
