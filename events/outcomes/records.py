"""Outcomes: what followed a meeting for a participant, one dated step each (an interview, an
immersion, a contract…), with the company where there is one. Several per person over time.

Who records them (``may_record``): admins; the organisers of the event's organisation and of the
candidate's; the coaches who observe at the event (``skills_cards.access.may_observe``: on a
sport session, those it names). Recruiters and everyone else are refused. Only for a candidate
holding a live registration to the event, and only once the event is published.

An outcome may answer one of the event's follow-ups (``follow_up_month``: 1, 3, 6 or 12), for
someone who came, once that follow-up is due (``follow_up_due_on``, migration 0022). A follow-up
has one answer: a second one takes its place, and the audit keeps the first. An outcome may come
from a recruiter's interest (``interest_id``): the interest then leaves the to-do list, and its
company is the outcome's unless another is given. Every write leaves an audit row on the
candidate's behalf.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from events import audit, db, idempotency, pagination
from events.actors import Actor
from events.catalog.access import EventScope, may_see
from events.errors import (
    CandidateNotRegistered,
    EventNotFound,
    FollowUpNotDue,
    Forbidden,
    InvalidInput,
    NotCheckedIn,
    OutcomeNotFound,
    OutcomesClosed,
    UnknownCompany,
    UnknownInterest,
)
from events.fields import TEXT_PATTERN
from events.skills_cards import access

Kind = Literal[
    "interview",
    "immersion",
    "poe",
    "work_study",
    "fixed_term_short",
    "fixed_term_long",
    "permanent",
    "training",
    "nothing_yet",
    "lost_contact",
]
KINDS: Final[tuple[Kind, ...]] = (
    "interview",
    "immersion",
    "poe",
    "work_study",
    "fixed_term_short",
    "fixed_term_long",
    "permanent",
    "training",
    "nothing_yet",
    "lost_contact",
)
Month = Literal[1, 3, 6, 12]
MONTHS: Final[tuple[Month, ...]] = (1, 3, 6, 12)
Note = Annotated[str, msgspec.Meta(max_length=2000, pattern=TEXT_PATTERN)]
# Outcomes are recorded once the event is published (an interview may be arranged before it).
OPEN_STATUSES: Final = ("published", "completed")
# An outcome's day: not before this, and not more than a year ahead.
EARLIEST: Final = date(2000, 1, 1)
AHEAD: Final = timedelta(days=366)
STAFF_ROLES: Final = ("admin", "organiser", "coach")


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class OutcomeIn(_Strict, frozen=True, kw_only=True):
    """``follow_up_month``: the follow-up this answers, if any; ``interest_id``: the recruiter's
    interest it follows up, if any (its company is taken when ``company_id`` is not given)."""

    candidate_id: UUID
    kind: Kind
    happened_on: date
    company_id: UUID | None = None
    note: Note | None = None
    follow_up_month: Month | None = None
    interest_id: UUID | None = None


class OutcomePatch(_Strict, frozen=True, kw_only=True):
    """A correction: a key left out keeps its value; ``null`` clears a company or a note."""

    kind: Kind | UnsetType = UNSET
    happened_on: date | UnsetType = UNSET
    company_id: UUID | UnsetType | None = UNSET
    note: Note | UnsetType | None = UNSET


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    event_id: UUID
    event_title: str
    kind: Kind
    happened_on: date
    company_id: UUID | None
    company_name: str | None
    note: str | None
    follow_up_month: Month | None
    interest_id: UUID | None
    recorded_by: UUID
    recorded_at: datetime


class OutcomePage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Outcome]
    next_cursor: str | None


class _Person(msgspec.Struct, frozen=True, kw_only=True):
    organisation_id: UUID
    registered: bool
    came: bool


class _Due(msgspec.Struct, frozen=True, kw_only=True):
    due_on: date
    today: date


class _Interest(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    company_id: UUID


class _Held(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    event_id: UUID
    kind: str
    happened_on: date
    company_id: UUID | None
    note: str | None
    interest_id: UUID | None


# --- who may ---------------------------------------------------------------------------------


def require_staff(by: Actor) -> None:
    """Outcomes are staff's business: recruiters (and any other role) are refused outright."""
    if by.role not in STAFF_ROLES:
        raise Forbidden


def may_record(by: Actor, event: EventScope, candidate_organisation_id: UUID | None) -> bool:
    """Admins; organisers of the event's organisation or of the candidate's; those who observe
    at the event (its coaches)."""
    if by.is_admin:
        return True
    if by.role == "organiser" and by.organisation_id in (
        event.organisation_id,
        candidate_organisation_id,
    ):
        return True
    return by.role == "coach" and access.may_observe(by, event)


async def _event(conn: db.Conn, event_id: UUID) -> EventScope:
    event = await db.fetch_one(conn, "get_event_scope", EventScope, event_id=event_id)
    if event is None:
        raise EventNotFound
    return event


def _refuse(by: Actor, event: EventScope) -> Exception:
    """An event one may see but not record at is forbidden; one they may not see is missing."""
    return Forbidden() if may_see(by, event) else EventNotFound()


async def event_for_recorder(
    conn: db.Conn, *, event_id: UUID, by: Actor, candidate_id: UUID | None = None
) -> tuple[EventScope, _Person | None]:
    """The event, if ``by`` may record outcomes at it (for ``candidate_id``, if given: the
    organisers of a registered candidate's organisation may too), and the candidate's place at
    it."""
    require_staff(by)
    event = await _event(conn, event_id)
    person = None
    if candidate_id is not None:
        person = await db.fetch_one(
            conn, "get_outcome_person", _Person, event_id=event_id, candidate_id=candidate_id
        )
    own = person.organisation_id if person is not None and person.registered else None
    if not may_record(by, event, own):
        raise _refuse(by, event)
    return event, person


# --- checks ------------------------------------------------------------------------------------


def _check_day(happened_on: date, now: datetime) -> None:
    if happened_on < EARLIEST or happened_on > now.date() + AHEAD:
        raise InvalidInput(
            field="happened_on",
            reason_fr="La date doit être réelle : après l'an 2000, au plus dans un an.",
            reason_en="The date must be real: after the year 2000, at most a year ahead.",
        )


async def _check_company(conn: db.Conn, company_id: UUID | None) -> None:
    if company_id is not None and not await db.fetch_value(
        conn, "check_company_exists", id=company_id
    ):
        raise UnknownCompany(extra={"company_id": str(company_id)})


def _clean(note: str | None) -> str | None:
    return (note or "").strip() or None


# --- writing -------------------------------------------------------------------------------


async def record(
    conn: db.Conn,
    *,
    event_id: UUID,
    outcome: OutcomeIn,
    by: Actor,
    now: datetime,
    idempotency_key: str | None = None,
) -> Outcome:
    """Record an outcome (see the module's rules); the answer to a follow-up that already has
    one takes its place. With an idempotency key, a retry gets the first answer."""
    return await idempotency.once(
        conn,
        key=idempotency_key,
        by=by,
        operation="record_outcome",
        subject=event_id,
        body=outcome,
        answer=Outcome,
        status_code=201,
        write=lambda: _record(conn, event_id=event_id, outcome=outcome, by=by, now=now),
    )


async def _record(
    conn: db.Conn, *, event_id: UUID, outcome: OutcomeIn, by: Actor, now: datetime
) -> Outcome:
    event, person = await event_for_recorder(
        conn, event_id=event_id, by=by, candidate_id=outcome.candidate_id
    )
    if person is None or not person.registered:
        raise CandidateNotRegistered
    if event.status not in OPEN_STATUSES:
        raise OutcomesClosed(status=event.status, extra={"status": event.status})
    _check_day(outcome.happened_on, now)
    company_id = outcome.company_id
    if outcome.interest_id is not None:
        interest = await db.fetch_one(
            conn,
            "get_outcome_interest",
            _Interest,
            interest_id=outcome.interest_id,
            candidate_id=outcome.candidate_id,
        )
        if interest is None:
            raise UnknownInterest(extra={"interest_id": str(outcome.interest_id)})
        company_id = company_id or interest.company_id
    await _check_company(conn, company_id)
    month = outcome.follow_up_month
    replaced = None
    if month is not None:
        if not person.came:
            raise NotCheckedIn
        due = await db.fetch_one(
            conn, "get_follow_up_due", _Due, event_id=event_id, months=month, now=now
        )
        if due is None:  # pragma: no cover - the event was read above
            raise EventNotFound
        if due.due_on > due.today:
            raise FollowUpNotDue(
                due_on=due.due_on.isoformat(), extra={"due_on": due.due_on.isoformat()}
            )
        replaced = await db.fetch_one(
            conn,
            "lock_follow_up_answer",
            _Held,
            event_id=event_id,
            candidate_id=outcome.candidate_id,
            month=month,
        )
    outcome_id = await db.fetch_value(
        conn,
        "upsert_outcome",
        candidate_id=outcome.candidate_id,
        event_id=event_id,
        kind=outcome.kind,
        happened_on=outcome.happened_on,
        company_id=company_id,
        note=_clean(outcome.note),
        follow_up_month=month,
        interest_id=outcome.interest_id,
        by=by.id,
        now=now,
    )
    written = await _get(conn, outcome_id)
    data: dict[str, Any] = {
        "event_id": str(event_id),
        "follow_up_month": month,
        **_facts(written),
    }
    if replaced is not None:
        data["replaced"] = _facts(replaced)
    await audit.record(
        conn,
        by=by,
        action="outcome.replace" if replaced is not None else "outcome.create",
        subject_type="outcome",
        subject_id=written.id,
        on_behalf_of=outcome.candidate_id,
        data=data,
    )
    return written


def _facts(outcome: Outcome | _Held) -> dict[str, Any]:
    """What an outcome says, as the audit keeps it."""
    return {
        "kind": outcome.kind,
        "happened_on": outcome.happened_on.isoformat(),
        "company_id": str(outcome.company_id) if outcome.company_id else None,
        "note": outcome.note,
        "interest_id": str(outcome.interest_id) if outcome.interest_id else None,
    }


async def _get(conn: db.Conn, outcome_id: UUID) -> Outcome:
    found = await db.fetch_one(conn, "get_outcome", Outcome, id=outcome_id)
    if found is None:  # pragma: no cover - written or locked in this transaction
        raise OutcomeNotFound
    return found


async def _held_for(conn: db.Conn, *, outcome_id: UUID, by: Actor) -> _Held:
    """The outcome, locked, if ``by`` may record at its event for its candidate; to anyone
    else it does not exist."""
    require_staff(by)
    held = await db.fetch_one(conn, "lock_outcome", _Held, id=outcome_id)
    if held is None:
        raise OutcomeNotFound
    event = await _event(conn, held.event_id)
    person = await db.fetch_one(
        conn, "get_outcome_person", _Person, event_id=held.event_id, candidate_id=held.candidate_id
    )
    if not may_record(by, event, person.organisation_id if person else None):
        raise OutcomeNotFound
    return held


async def correct(
    conn: db.Conn, *, outcome_id: UUID, change: OutcomePatch, by: Actor, now: datetime
) -> Outcome:
    """Change an outcome's kind, day, company or note, by those who may record it; the audit
    keeps what it said before."""
    held = await _held_for(conn, outcome_id=outcome_id, by=by)
    kind = held.kind if isinstance(change.kind, UnsetType) else change.kind
    day = held.happened_on if isinstance(change.happened_on, UnsetType) else change.happened_on
    company_id = held.company_id if isinstance(change.company_id, UnsetType) else change.company_id
    note = held.note if isinstance(change.note, UnsetType) else _clean(change.note)
    if not isinstance(change.happened_on, UnsetType):
        _check_day(day, now)
    if not isinstance(change.company_id, UnsetType):
        await _check_company(conn, company_id)
    await db.execute(
        conn,
        "update_outcome",
        id=outcome_id,
        kind=kind,
        happened_on=day,
        company_id=company_id,
        note=note,
        by=by.id,
        now=now,
    )
    written = await _get(conn, outcome_id)
    await audit.record(
        conn,
        by=by,
        action="outcome.correct",
        subject_type="outcome",
        subject_id=outcome_id,
        on_behalf_of=held.candidate_id,
        data={"event_id": str(held.event_id), **_facts(written), "replaced": _facts(held)},
    )
    return written


async def delete(conn: db.Conn, *, outcome_id: UUID, by: Actor) -> UUID:
    """Delete an outcome recorded by mistake, by those who may record it; the audit keeps what
    it said. A follow-up it answered is due again. Returns its event."""
    held = await _held_for(conn, outcome_id=outcome_id, by=by)
    await db.execute(conn, "delete_outcome", id=outcome_id)
    await audit.record(
        conn,
        by=by,
        action="outcome.delete",
        subject_type="outcome",
        subject_id=outcome_id,
        on_behalf_of=held.candidate_id,
        data={"event_id": str(held.event_id), "deleted": _facts(held)},
    )
    return held.event_id


# --- reading -------------------------------------------------------------------------------


async def list_for_candidate(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, limit: int, cursor: str | None
) -> OutcomePage:
    """A person's outcomes, the latest first, for those who follow them
    (``access.require_follower``): all of them for admins and the organisers of the person's
    organisation, to others those at the events where they may record."""
    require_staff(by)
    candidate = await access.require_follower(conn, candidate_id=candidate_id, by=by)
    after = pagination.decode_cursor(cursor, tuple[date, UUID])
    rows = await db.fetch_all(
        conn,
        "list_candidate_outcomes",
        Outcome,
        candidate_id=candidate_id,
        after_on=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda o: [o.happened_on, o.id])
    if by.is_admin or (by.role == "organiser" and by.organisation_id == candidate.organisation_id):
        return OutcomePage(items=items, next_cursor=next_cursor)
    allowed: dict[UUID, bool] = {}
    for event_id in {o.event_id for o in items}:
        event = await _event(conn, event_id)
        allowed[event_id] = may_record(by, event, None)
    return OutcomePage(items=[o for o in items if allowed[o.event_id]], next_cursor=next_cursor)
