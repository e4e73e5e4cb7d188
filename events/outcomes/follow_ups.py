"""Follow-ups: 1, 3, 6 and 12 months after an event ends (``follow_up_due_on``, migration 0022),
each candidate who came is due a follow-up, answered by an outcome naming that month.

A follow-up is ``later`` until ``SOON_DAYS`` before its day, then ``soon``, ``due`` from its day,
``overdue`` ``OVERDUE_DAYS`` after it, and ``answered`` once an outcome answers it. Recruiters'
standing interests in a participant that no outcome followed up yet are "to follow up" too.

Two views: one event's participants with their outcomes, follow-ups and interests (its "what
happened next" page, for those who record there, ``records.may_record``; interests for its
organisers only, as ``interest.for_candidate`` says); and the organisers' to-do list across their
organisation's events (every organisation's for an admin).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Final, Literal
from uuid import UUID

import msgspec

from events import db, pagination
from events.actors import Actor
from events.outcomes.records import Month, Outcome, event_for_recorder

State = Literal["later", "soon", "due", "overdue", "answered"]
SOON_DAYS: Final = 14
OVERDUE_DAYS: Final = 30
# The most pressing first.
_URGENCY: Final[tuple[State, ...]] = ("overdue", "due", "soon")


def state_of(due_on: date, today: date, *, answered: bool) -> State:
    if answered:
        return "answered"
    late = (today - due_on).days
    if late >= OVERDUE_DAYS:
        return "overdue"
    if late >= 0:
        return "due"
    return "soon" if late >= -SOON_DAYS else "later"


class FollowUp(msgspec.Struct, frozen=True, kw_only=True):
    """``outcome_id``: the outcome answering it, if any."""

    month: Month
    due_on: date
    state: State
    outcome_id: UUID | None = None


class PendingInterest(msgspec.Struct, frozen=True, kw_only=True):
    """A recruiter's standing interest that no outcome followed up: "to follow up"."""

    interest_id: UUID
    company_id: UUID
    company_name: str
    created_at: datetime


class Participant(msgspec.Struct, frozen=True, kw_only=True):
    """``came``: checked in; only they are due follow-ups."""

    candidate_id: UUID
    first_name: str
    last_name: str
    came: bool
    outcomes: list[Outcome]
    follow_ups: list[FollowUp]
    interests: list[PendingInterest]


class ParticipantPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Participant]
    next_cursor: str | None


class _Person(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    first_name: str
    last_name: str
    came: bool


class _Date(msgspec.Struct, frozen=True, kw_only=True):
    month: Month
    due_on: date
    today: date


class _Interest(PendingInterest, frozen=True, kw_only=True):
    candidate_id: UUID


async def for_event(
    conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime, limit: int, cursor: str | None
) -> ParticipantPage:
    """The event's registered candidates by name, each with their outcomes there, their
    follow-ups (those who came) and, for organisers, the interests to follow up."""
    await event_for_recorder(conn, event_id=event_id, by=by)
    after = pagination.decode_cursor(cursor, tuple[str, str, UUID])
    rows = await db.fetch_all(
        conn,
        "list_event_participants",
        _Person,
        event_id=event_id,
        after_last=after[0] if after else None,
        after_first=after[1] if after else None,
        after_id=after[2] if after else None,
        limit=limit + 1,
    )
    people, next_cursor = pagination.split_page(
        rows, limit, lambda p: [p.last_name.lower(), p.first_name.lower(), p.candidate_id]
    )
    ids = [p.candidate_id for p in people]
    outcomes = await db.fetch_all(
        conn, "list_event_outcomes", Outcome, event_id=event_id, candidate_ids=ids
    )
    dates = await db.fetch_all(
        conn, "list_event_follow_up_dates", _Date, event_id=event_id, now=now
    )
    interests: list[_Interest] = []
    if by.is_admin or by.role == "organiser":
        interests = await db.fetch_all(
            conn, "list_event_interests", _Interest, event_id=event_id, candidate_ids=ids
        )
    items = []
    for person in people:
        own = [o for o in outcomes if o.candidate_id == person.candidate_id]
        answers = {o.follow_up_month: o.id for o in own if o.follow_up_month is not None}
        follow_ups = (
            [
                FollowUp(
                    month=d.month,
                    due_on=d.due_on,
                    state=state_of(d.due_on, d.today, answered=d.month in answers),
                    outcome_id=answers.get(d.month),
                )
                for d in dates
            ]
            if person.came
            else []
        )
        items.append(
            Participant(
                candidate_id=person.candidate_id,
                first_name=person.first_name,
                last_name=person.last_name,
                came=person.came,
                outcomes=own,
                follow_ups=follow_ups,
                interests=[
                    PendingInterest(
                        interest_id=i.interest_id,
                        company_id=i.company_id,
                        company_name=i.company_name,
                        created_at=i.created_at,
                    )
                    for i in interests
                    if i.candidate_id == person.candidate_id
                ],
            )
        )
    return ParticipantPage(items=items, next_cursor=next_cursor)


# --- the organisers' to-do list ---------------------------------------------------------------


class DueFollowUp(msgspec.Struct, frozen=True, kw_only=True):
    month: Month
    due_on: date


class ToDo(msgspec.Struct, frozen=True, kw_only=True):
    """One person at one event with something to do: follow-ups due (or due within
    ``SOON_DAYS``) that no outcome answers, and interests to follow up. ``state``: the most
    pressing of its follow-ups (``due`` when only interests wait)."""

    event_id: UUID
    event_title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    candidate_id: UUID
    first_name: str
    last_name: str
    first_due: date
    state: State
    follow_ups: list[DueFollowUp]
    interests: list[PendingInterest]


class ToDoPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ToDo]
    next_cursor: str | None


class _ToDoRow(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    event_title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    today: date
    candidate_id: UUID
    first_name: str
    last_name: str
    first_due: date
    follow_ups: list[DueFollowUp]
    interests: list[PendingInterest]


async def to_do(
    conn: db.Conn, *, by: Actor, now: datetime, limit: int, cursor: str | None
) -> ToDoPage:
    """What the organiser has to follow up at their organisation's events (an admin: at
    everyone's), the earliest due first: organisers and admins only (a coach records outcomes
    but is not handed the organisation's list)."""
    by.require("organiser")
    after = pagination.decode_cursor(cursor, tuple[date, UUID, UUID])
    rows = await db.fetch_all(
        conn,
        "list_follow_ups_to_do",
        _ToDoRow,
        organisation_id=None if by.is_admin else by.organisation_id,
        now=now,
        soon_days=SOON_DAYS,
        after_due=after[0] if after else None,
        after_event=after[1] if after else None,
        after_id=after[2] if after else None,
        limit=limit + 1,
    )
    page, next_cursor = pagination.split_page(
        rows, limit, lambda r: [r.first_due, r.event_id, r.candidate_id]
    )
    items = []
    for row in page:
        states = [state_of(f.due_on, row.today, answered=False) for f in row.follow_ups]
        state: State = next((s for s in _URGENCY if s in states), "due")
        items.append(
            ToDo(
                event_id=row.event_id,
                event_title=row.event_title,
                starts_at=row.starts_at,
                ends_at=row.ends_at,
                timezone=row.timezone,
                candidate_id=row.candidate_id,
                first_name=row.first_name,
                last_name=row.last_name,
                first_due=row.first_due,
                state=state,
                follow_ups=row.follow_ups,
                interests=row.interests,
            )
        )
    return ToDoPage(items=items, next_cursor=next_cursor)


class CompanyChoice(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str


async def company_choices(conn: db.Conn, *, event_id: UUID, by: Actor) -> list[CompanyChoice]:
    """The companies registered to the event, for those who record outcomes there: the ones a
    form offers first."""
    await event_for_recorder(conn, event_id=event_id, by=by)
    return await db.fetch_all(conn, "list_outcome_companies", CompanyChoice, event_id=event_id)
