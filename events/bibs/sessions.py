"""The switch of an anonymous session, and its bibs and interests as staff see them.

An organiser of the event's organisation (or an admin) switches a sport session anonymous, or
back, only before it starts and while it is a draft or published: badges are printed and
handed out by number, coaches observe by number. Switching on numbers at once, in the order of
confirmation, the candidates confirmed so far; the later ones get the next number when they are
confirmed (migration 0031's trigger). Numbers never change and are never given twice."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import access
from events.errors import BibsNotForThisKind, BibsSwitchClosed, EventNotFound
from events.skills_cards import access as observing


class BibEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    kind: str
    status: Literal["draft", "published", "completed", "cancelled"]
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    anonymous: bool


class Bib(msgspec.Struct, frozen=True, kw_only=True):
    """``registration_status``: ``cancelled`` when the registration no longer stands (the number
    stays theirs)."""

    number: int
    candidate_id: UUID
    first_name: str
    last_name: str
    short_code: str | None
    registration_status: str


class StaffInterest(msgspec.Struct, frozen=True, kw_only=True):
    """A company's interest in a bib, for staff. ``answer`` null: not answered yet;
    ``by_proxy``: a coach or organiser answered for the candidate (``answered_by_name``).
    Once mutual, ``job_dating_id`` is the job dating where the pair is offered a slot (null:
    the organisation has no coming job dating the company attends) and
    ``registered_at_job_dating`` whether the candidate is registered there."""

    id: UUID
    number: int | None
    candidate_id: UUID
    first_name: str
    last_name: str
    company_id: UUID
    company_name: str
    created_at: datetime
    answer: Literal["yes", "no"] | None
    answered_at: datetime | None
    answered_by_name: str | None
    by_proxy: bool
    job_dating_id: UUID | None
    job_dating_title: str | None
    job_dating_starts_at: datetime | None
    registered_at_job_dating: bool

    @property
    def to_do(self) -> bool:
        """Mutual, and the candidate is not registered to a job dating where the pair meets."""
        return self.answer == "yes" and not self.registered_at_job_dating


class BibsState(msgspec.Struct, frozen=True, kw_only=True):
    event: BibEvent
    bibs: list[Bib]
    interests: list[StaffInterest]


async def _state(conn: db.Conn, event: BibEvent) -> BibsState:
    bibs = await db.fetch_all(conn, "list_event_bibs", Bib, event_id=event.id)
    interests = await db.fetch_all(
        conn, "list_event_bib_interests", StaffInterest, event_id=event.id
    )
    return BibsState(event=event, bibs=bibs, interests=interests)


async def state(conn: db.Conn, *, event_id: UUID, by: Actor) -> BibsState:
    """The switch, the bibs with the names and the companies' interests: for those who run the
    event (its organisation's organisers and coaches, admins)."""
    event = access.to_run(
        by, await db.fetch_one(conn, "get_event_for_bibs", BibEvent, event_id=event_id)
    )
    return await _state(conn, event)


async def switch(
    conn: db.Conn, *, event_id: UUID, anonymous: bool, by: Actor, now: datetime
) -> BibsState:
    """Make the event anonymous (or not), for its organisers: a sport session, not started, a
    draft or published. Switching on numbers the confirmed candidates without a bib."""
    event = access.to_change(
        by, await db.fetch_one(conn, "lock_event_for_bibs", BibEvent, event_id=event_id)
    )
    if event.kind != "sport_session":
        raise BibsNotForThisKind
    if event.status not in ("draft", "published") or now >= event.starts_at:
        raise BibsSwitchClosed(status=event.status)
    if event.anonymous != anonymous:
        await db.execute(
            conn, "upsert_bib_event", event_id=event_id, anonymous=anonymous, by=by.id, now=now
        )
        if anonymous:
            await db.execute(conn, "insert_missing_bibs", event_id=event_id, now=now)
        await audit.record(
            conn,
            by=by,
            action="bibs.anonymous" if anonymous else "bibs.named",
            subject_type="event",
            subject_id=event_id,
        )
    return await _state(conn, msgspec.structs.replace(event, anonymous=anonymous))


async def numbers(conn: db.Conn, *, event_id: UUID, by: Actor) -> dict[UUID, int]:
    """The bib of each candidate of an anonymous event, for those who observe at it (the coach
    page); empty when the event is not anonymous."""
    await observing.event_for_observer(conn, event_id=event_id, by=by)
    event = await db.fetch_one(conn, "get_event_for_bibs", BibEvent, event_id=event_id)
    if event is None:  # pragma: no cover - event_for_observer found it
        raise EventNotFound
    if not event.anonymous:
        return {}
    bibs = await db.fetch_all(conn, "list_event_bibs", Bib, event_id=event_id)
    return {b.candidate_id: b.number for b in bibs}


async def bib_of(conn: db.Conn, *, event_id: UUID, candidate_id: UUID) -> int | None:
    """The candidate's own bib at an anonymous event (their ticket shows it); no access rule:
    the caller holds the candidate's ticket."""
    number: int | None = await db.fetch_value(
        conn, "get_candidate_bib", event_id=event_id, candidate_id=candidate_id
    )
    return number
