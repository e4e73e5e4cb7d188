"""Programmes: what a funder pays for (e.g. "Du stade vers l'emploi — Île-de-France 2027"),
grouping some of one organisation's events, each event in one programme at most.

Admins and the organisers of the organisation create, change, delete them and choose their
events; coaches and everyone else are refused. To an organiser of another organisation a
programme does not exist (``programme_not_found``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from events import audit, db
from events.actors import Actor
from events.errors import EventNotFound, Forbidden, InvalidInput, NameTaken, ProgrammeNotFound
from events.fields import Name

Funder = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=r"^[^\x00]*\S")]


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on is not None and ends_on is not None and ends_on < starts_on:
        raise InvalidInput(
            field="ends_on",
            reason_fr="La fin doit venir après le début.",
            reason_en="The end must come after the start.",
        )


class ProgrammeIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    name: Name
    funder: Funder | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    # Admins say which organisation; organisers may repeat their own or leave it out.
    organisation_id: UUID | None = None

    def __post_init__(self) -> None:
        _check_dates(self.starts_on, self.ends_on)


class ProgrammePatch(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A key left out stays as it was; null clears an optional one."""

    name: Name | UnsetType = UNSET
    funder: Funder | UnsetType | None = UNSET
    starts_on: date | UnsetType | None = UNSET
    ends_on: date | UnsetType | None = UNSET


class Programme(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    name: str
    funder: str | None
    starts_on: date | None
    ends_on: date | None
    created_at: datetime
    updated_at: datetime
    # How many events it groups.
    events: int


class ProgrammeEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    starts_at: datetime
    status: str
    programme_id: UUID | None


def _may_manage(by: Actor, organisation_id: UUID | None) -> None:
    by.require("organiser")
    if not by.is_admin and by.organisation_id != organisation_id:
        raise Forbidden


async def programme_to_count(conn: db.Conn, *, programme_id: UUID, by: Actor) -> Programme:
    """The programme, for admins and its organisation's organisers; to other staff of other
    organisations it does not exist, and coaches are refused."""
    by.require("organiser")
    row = await db.fetch_one(conn, "get_programme", Programme, id=programme_id)
    if row is None or not (by.is_admin or by.organisation_id == row.organisation_id):
        raise ProgrammeNotFound
    return row


async def event_ids(conn: db.Conn, *, programme_id: UUID) -> list[UUID]:
    return [e.id for e in await events_of(conn, programme_id=programme_id)]


async def events_of(conn: db.Conn, *, programme_id: UUID) -> list[ProgrammeEvent]:
    return await db.fetch_all(
        conn, "list_programme_events", ProgrammeEvent, programme_id=programme_id
    )


async def events_to_add(conn: db.Conn, *, programme: Programme) -> list[ProgrammeEvent]:
    """The organisation's events in no programme yet, that this one may take in."""
    return await db.fetch_all(
        conn,
        "list_programme_candidate_events",
        ProgrammeEvent,
        organisation_id=programme.organisation_id,
    )


async def create(conn: db.Conn, *, programme: ProgrammeIn, by: Actor, now: datetime) -> Programme:
    if by.is_admin:
        organisation_id = programme.organisation_id
        if organisation_id is None:
            raise InvalidInput(
                field="organisation_id",
                reason_fr="Dites à quelle structure le programme appartient.",
                reason_en="Say which organisation the programme belongs to.",
            )
    else:
        organisation_id = by.organisation_id
        if programme.organisation_id not in (None, organisation_id):
            raise Forbidden
    _may_manage(by, organisation_id)
    programme_id = await db.fetch_value(
        conn,
        "insert_programme",
        organisation_id=organisation_id,
        name=programme.name.strip(),
        funder=programme.funder.strip() if programme.funder else None,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        created_by=by.id,
        now=now,
    )
    if programme_id is None:
        raise NameTaken
    await audit.record(
        conn,
        by=by,
        action="programme.create",
        subject_type="programme",
        subject_id=programme_id,
        data={"name": programme.name.strip()},
    )
    return await programme_to_count(conn, programme_id=programme_id, by=by)


async def get(conn: db.Conn, *, programme_id: UUID, by: Actor) -> Programme:
    return await programme_to_count(conn, programme_id=programme_id, by=by)


async def list_for(conn: db.Conn, *, by: Actor, organisation_id: UUID | None) -> list[Programme]:
    """Organisers see their organisation's programmes, admins any organisation's (or all)."""
    by.require("organiser")
    if not by.is_admin:
        if organisation_id not in (None, by.organisation_id):
            raise Forbidden
        organisation_id = by.organisation_id
    return await db.fetch_all(conn, "list_programmes", Programme, organisation_id=organisation_id)


async def update(
    conn: db.Conn, *, programme_id: UUID, change: ProgrammePatch, by: Actor, now: datetime
) -> Programme:
    row = await programme_to_count(conn, programme_id=programme_id, by=by)
    fields = {k: v for k, v in msgspec.structs.asdict(change).items() if v is not UNSET}
    if not fields:
        return row
    name = (change.name if isinstance(change.name, str) else row.name).strip()
    funder = row.funder if change.funder is UNSET else change.funder
    starts_on = row.starts_on if change.starts_on is UNSET else change.starts_on
    ends_on = row.ends_on if change.ends_on is UNSET else change.ends_on
    _check_dates(starts_on, ends_on)
    updated = await db.fetch_value(
        conn,
        "update_programme",
        id=row.id,
        name=name,
        funder=funder.strip() if funder else None,
        starts_on=starts_on,
        ends_on=ends_on,
        now=now,
    )
    if updated is None:
        raise NameTaken
    await audit.record(
        conn,
        by=by,
        action="programme.update",
        subject_type="programme",
        subject_id=row.id,
        data={"fields": sorted(fields)},
    )
    return await programme_to_count(conn, programme_id=row.id, by=by)


async def delete(conn: db.Conn, *, programme_id: UUID, by: Actor) -> None:
    """The programme goes; its events stay, in no programme."""
    row = await programme_to_count(conn, programme_id=programme_id, by=by)
    await db.execute(conn, "update_programme_events_detached", programme_id=row.id)
    await db.execute(conn, "delete_programme", id=row.id)
    await audit.record(
        conn,
        by=by,
        action="programme.delete",
        subject_type="programme",
        subject_id=row.id,
        data={"name": row.name},
    )


async def set_event(
    conn: db.Conn, *, programme_id: UUID, event_id: UUID, member: bool, by: Actor
) -> Programme:
    """Put an event of the programme's organisation in the programme (``member``), or take it
    out. An event in another programme moves to this one."""
    row = await programme_to_count(conn, programme_id=programme_id, by=by)
    if not member and event_id not in await event_ids(conn, programme_id=row.id):
        raise EventNotFound
    moved = await db.fetch_value(
        conn,
        "set_event_programme",
        event_id=event_id,
        programme_id=row.id if member else None,
        organisation_id=row.organisation_id,
    )
    if moved is None:
        raise EventNotFound
    await audit.record(
        conn,
        by=by,
        action="programme.add_event" if member else "programme.remove_event",
        subject_type="programme",
        subject_id=row.id,
        data={"event_id": str(event_id)},
    )
    return await programme_to_count(conn, programme_id=row.id, by=by)
