"""Everyone's interview schedule: sending the event's latest plan, and what each person reads of
it — a candidate their own interviews (company, table, time, the meeting-room link of an online
table), a company its interviews by table with each candidate's first name and initial.

Nobody sees a plan before the organiser sends it: the interviews show once the event's latest
plan has ``sent_at``. After a re-plan, sending again tells only those whose interviews changed
since the plan sent before (``interviews_sent`` keeps what each send told). A recruiter sees
their own company's interviews only; whether they may open a candidate's card stays the rule of
``recruiter_visible_candidates`` (migration 0011), read, never restated.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.catalog import Venue
from events.errors import EventNotFound, Forbidden, InvalidTransition, NoInterviewPlan


class SendResult(msgspec.Struct, frozen=True, kw_only=True):
    """A send: the plan, when it was sent, and the messages written by this call (0 when the
    plan had already been sent: sending twice tells nobody twice)."""

    event_id: UUID
    plan_id: int
    sent_at: datetime
    already_sent: bool
    interviews: int
    messages: int


class _ToSend(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    organisation_id: UUID
    kind: str
    event_status: str
    plan_id: int | None
    sent_at: datetime | None
    previous_plan_id: int | None


class _Marked(msgspec.Struct, frozen=True, kw_only=True):
    marked: bool
    sent_at: datetime


async def send(conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime) -> SendResult:
    """Send the event's latest plan: organisers of the event's organisation (and admins) only;
    a published event only. One message per way to reach each candidate with interviews, one
    mail per recruiter of each company with interviews (its contact when it has no recruiter
    account); after a re-plan only to those whose interviews changed since the last send."""
    by.require("organiser")
    plan = await db.fetch_one(conn, "lock_interview_plan_to_send", _ToSend, event_id=event_id)
    if plan is None or not (by.is_admin or by.organisation_id == plan.organisation_id):
        raise EventNotFound
    if plan.event_status != "published":
        raise InvalidTransition(status=plan.event_status, extra={"status": plan.event_status})
    if plan.plan_id is None:
        raise NoInterviewPlan
    marked = await db.fetch_one(
        conn, "mark_interview_plan_sent", _Marked, plan_id=plan.plan_id, now=now, sent_by=by.id
    )
    if marked is None or not marked.marked:  # sent before, or by a send that went first
        interviews: int = await db.fetch_value(conn, "count_interviews_sent", plan_id=plan.plan_id)
        return SendResult(
            event_id=event_id,
            plan_id=plan.plan_id,
            sent_at=marked.sent_at if marked else now,
            already_sent=True,
            interviews=interviews,
            messages=0,
        )
    interviews = await db.fetch_value(
        conn, "insert_interviews_sent", event_id=event_id, plan_id=plan.plan_id, now=now
    )
    keys = {
        "event_id": event_id,
        "plan_id": plan.plan_id,
        "previous_plan_id": plan.previous_plan_id,
    }
    to_candidates: int = await db.fetch_value(
        conn, "enqueue_interview_schedules_for_candidates", **keys
    )
    to_companies: int = await db.fetch_value(
        conn, "enqueue_interview_schedules_for_companies", **keys
    )
    await audit.record(
        conn,
        by=by,
        action="interview_grid.send",
        subject_type="event",
        subject_id=event_id,
        data={
            "plan_id": plan.plan_id,
            "previous_plan_id": plan.previous_plan_id,
            "interviews": interviews,
            "messages_to_candidates": to_candidates,
            "messages_to_companies": to_companies,
        },
    )
    return SendResult(
        event_id=event_id,
        plan_id=plan.plan_id,
        sent_at=now,
        already_sent=False,
        interviews=interviews,
        messages=to_candidates + to_companies,
    )


# --- what each person reads ----------------------------------------------------------------


class Interview(msgspec.Struct, frozen=True, kw_only=True):
    """One interview as a ticket or a message tells it: a candidate reads the company, a
    company the candidate's first name and initial (never more)."""

    starts_at: datetime
    ends_at: datetime
    table_no: int
    company_name: str
    first_name: str
    initial: str
    video_url: str | None
    timezone: str


async def of_registration(conn: db.Conn, *, registration_id: UUID) -> list[Interview]:
    """A ticket's interviews (the candidate's own, or the company's), once the event's latest
    plan was sent and while the place is confirmed; none otherwise. The ticket's token is the
    holder's right to read them (``events.tickets.by_token``)."""
    return await db.fetch_all(
        conn, "list_interviews_of_registration", Interview, registration_id=registration_id
    )


async def sent_to(
    conn: db.Conn, *, event_id: UUID, candidate_id: UUID | None, company_id: UUID | None
) -> list[Interview]:
    """What the event's last send told a candidate or a company (a message's content)."""
    return await db.fetch_all(
        conn,
        "list_interviews_sent",
        Interview,
        event_id=event_id,
        candidate_id=candidate_id,
        company_id=company_id,
    )


class CompanyEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    company_name: str
    # When the latest plan was sent (None: not yet, or the event was cancelled since; nothing
    # is shown then).
    sent_at: datetime | None


class CompanyInterview(msgspec.Struct, frozen=True, kw_only=True):
    """One of a company's interviews: the candidate's first name and initial, and their id only
    with ``card_visible`` (the card the recruiters may already open)."""

    candidate_id: UUID
    starts_at: datetime
    ends_at: datetime
    table_no: int
    first_name: str
    initial: str
    video_url: str | None
    card_visible: bool
    sequence: int


class CompanySchedule(msgspec.Struct, frozen=True, kw_only=True):
    event: CompanyEvent
    company_id: UUID
    interviews: list[CompanyInterview]


async def of_company(conn: db.Conn, *, event_id: UUID, by: Actor) -> CompanySchedule:
    """A recruiter's company's interviews at an event it is registered to, once the latest
    plan was sent (none before). Recruiters only; to a company that is not registered, the
    event does not exist."""
    if by.role != "recruiter" or by.company_id is None:
        raise Forbidden
    event = await db.fetch_one(
        conn,
        "get_interview_event_of_company",
        CompanyEvent,
        event_id=event_id,
        company_id=by.company_id,
    )
    if event is None:
        raise EventNotFound
    interviews: list[CompanyInterview] = []
    if event.sent_at is not None:
        interviews = await db.fetch_all(
            conn,
            "list_interviews_of_company",
            CompanyInterview,
            event_id=event_id,
            company_id=by.company_id,
        )
    return CompanySchedule(event=event, company_id=by.company_id, interviews=interviews)
