"""Organisations (porteurs de projet): they own events, candidates, organisers and coaches."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import audit, db, pagination
from events.actors import Actor
from events.errors import NameTaken, OrganisationNotFound
from events.fields import Name


class OrganisationIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: Name


class Organisation(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    created_at: datetime


class OrganisationPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Organisation]
    next_cursor: str | None


async def create(conn: db.Conn, *, organisation: OrganisationIn, by: Actor | None) -> Organisation:
    """Admin only; names are unique whatever their case."""
    if by is not None:
        by.require("admin")
    row = await db.fetch_one(
        conn, "insert_organisation", Organisation, name=organisation.name.strip()
    )
    if row is None:
        raise NameTaken
    await audit.record(
        conn,
        by=by,
        action="organisation.create",
        subject_type="organisation",
        subject_id=row.id,
        data={"name": row.name},
    )
    return row


async def get(conn: db.Conn, *, organisation_id: UUID, by: Actor) -> Organisation:
    """Admin sees all; staff see their own organisation; others see none."""
    if not by.is_staff_of(organisation_id):
        raise OrganisationNotFound
    row = await db.fetch_one(conn, "get_organisation", Organisation, id=organisation_id)
    if row is None:
        raise OrganisationNotFound
    return row


async def list_visible(
    conn: db.Conn, *, by: Actor, limit: int, cursor: str | None
) -> OrganisationPage:
    """Admin lists every organisation by name; organisers and coaches list their own only;
    recruiters none."""
    by.require("organiser", "coach")
    after = pagination.decode_cursor(cursor, tuple[str, UUID])
    rows = await db.fetch_all(
        conn,
        "list_organisations",
        Organisation,
        only_id=None if by.is_admin else by.organisation_id,
        after_name=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [r.name, str(r.id)])
    return OrganisationPage(items=items, next_cursor=next_cursor)
