"""A recruiter's own side of the card search: the events their company attends, and "I'd like
to meet this person".

An interest is written only while the recruiter may see the candidate (``recruiter_may_see``:
the rule of ``recruiter_visible_candidates``, migration 0011, never restated here); to any other
recruiter the candidate does not exist (404). One active interest per recruiter and candidate:
saying it again changes nothing. It goes to no one outside: the organisers of the candidate's
organisation read it (``for_candidate``) and follow up; no message reaches the candidate.
Every interest written or withdrawn leaves an audit row."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID

import msgspec

from events import audit, db, pagination
from events.actors import Actor
from events.errors import CandidateNotFound, EventNotFound, Forbidden
from events.skills_cards import access
from events.skills_cards.card import recruiter_may_see

COMPANY_EVENTS_SHOWN: Final = 50


class CompanyEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    city: str | None


class Interest(msgspec.Struct, frozen=True, kw_only=True):
    """``withdrawn_at``: when the recruiter took it back; null while it stands."""

    id: UUID
    candidate_id: UUID
    recruiter_id: UUID
    recruiter_name: str
    company_id: UUID
    company_name: str
    event_id: UUID | None
    event_title: str | None
    created_at: datetime
    withdrawn_at: datetime | None


class InterestPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[Interest]
    next_cursor: str | None


class Expressed(msgspec.Struct, frozen=True, kw_only=True):
    """``created``: false when the same recruiter's interest already stood."""

    interest: Interest
    created: bool


def _recruiter(by: Actor) -> UUID:
    if by.role != "recruiter" or by.company_id is None:
        raise Forbidden
    return by.company_id


async def company_events(conn: db.Conn, *, by: Actor) -> list[CompanyEvent]:
    """The published or completed events the recruiter's company is registered to, latest
    first: the events whose candidates ``recruiter.event_candidates`` lists to them."""
    company_id = _recruiter(by)
    return await db.fetch_all(
        conn, "list_company_events", CompanyEvent, company_id=company_id, limit=COMPANY_EVENTS_SHOWN
    )


async def express(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, now: datetime, event_id: UUID | None = None
) -> Expressed:
    """Record that ``by`` would like to meet the candidate, if they may see them (else the
    candidate does not exist for them); ``event_id``, if given, must be an event the company
    and the candidate both attend. Said twice, the first interest stands and nothing is
    written."""
    company_id = _recruiter(by)
    if not await recruiter_may_see(conn, candidate_id=candidate_id, by=by):
        raise CandidateNotFound
    if event_id is not None and not await db.fetch_value(
        conn,
        "check_shared_event",
        company_id=company_id,
        candidate_id=candidate_id,
        event_id=event_id,
    ):
        raise EventNotFound
    new_id = await db.fetch_value(
        conn,
        "insert_interest",
        recruiter_id=by.id,
        company_id=company_id,
        candidate_id=candidate_id,
        event_id=event_id,
        now=now,
    )
    if new_id is not None:
        await audit.record(
            conn,
            by=by,
            action="recruiter.interest",
            subject_type="candidate",
            subject_id=candidate_id,
            data={
                "interest_id": str(new_id),
                "company_id": str(company_id),
                "event_id": str(event_id) if event_id else None,
            },
        )
    found = await db.fetch_one(
        conn, "get_active_interest", Interest, recruiter_id=by.id, candidate_id=candidate_id
    )
    if found is None:  # pragma: no cover - inserted or already there, in this transaction
        raise CandidateNotFound
    return Expressed(interest=found, created=new_id is not None)


async def active(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> Interest | None:
    """The recruiter's own standing interest in the candidate, if any (their id is known to
    them already: this tells nothing of the candidate)."""
    _recruiter(by)
    return await db.fetch_one(
        conn, "get_active_interest", Interest, recruiter_id=by.id, candidate_id=candidate_id
    )


async def withdraw(conn: db.Conn, *, candidate_id: UUID, by: Actor, now: datetime) -> None:
    """The recruiter takes their interest back (kept, with when); without one standing, the
    candidate does not exist for this call."""
    _recruiter(by)
    withdrawn = await db.fetch_value(
        conn, "set_interest_withdrawn", recruiter_id=by.id, candidate_id=candidate_id, now=now
    )
    if withdrawn is None:
        raise CandidateNotFound
    await audit.record(
        conn,
        by=by,
        action="recruiter.interest_withdrawn",
        subject_type="candidate",
        subject_id=candidate_id,
        data={"interest_id": str(withdrawn)},
    )


async def for_candidate(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, limit: int, cursor: str | None
) -> InterestPage:
    """Recruiters' interests in the candidate, newest first, withdrawn ones included: for
    admins and the organisers who follow the candidate (``access.require_follower``); a coach
    is refused; to anyone else the candidate does not exist."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    if not by.is_admin and by.role != "organiser":
        raise Forbidden
    after = pagination.decode_cursor(cursor, tuple[datetime, UUID])
    rows = await db.fetch_all(
        conn,
        "list_candidate_interests",
        Interest,
        candidate_id=candidate_id,
        after_at=after[0] if after else None,
        after_id=after[1] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [r.created_at, r.id])
    return InterestPage(items=items, next_cursor=next_cursor)
