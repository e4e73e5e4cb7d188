"""An e-forum's workshops over HTTP (``events.workshops``): the workshops with their places
left, adding, changing and removing one, who is signed up, signing a candidate up or off (by
their coach or organiser, or by the candidate with their ticket's token), and how long before
each workshop and each online interview the reminders go out."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx, PublicCtx
from events.errors import (
    CandidateNotRegistered,
    EventNotFound,
    Forbidden,
    InvalidTicket,
    InvalidTransition,
    NotAnEForum,
    TicketRevoked,
    WorkshopCapacityBelowSignups,
    WorkshopClash,
    WorkshopFull,
    WorkshopHasSignups,
    WorkshopNotFound,
    WorkshopStarted,
)
from events.tickets import by_token
from events.workshops import signups, store

_WHO = (
    "Those who run the e-forum (its organisation's organisers and coaches, admins) see; its "
    "organisers and admins change."
)
_SIGN_UP_REFUSALS = (
    WorkshopNotFound,
    InvalidTransition,
    CandidateNotRegistered,
    WorkshopStarted,
    WorkshopFull,
    WorkshopClash,
)


class WorkshopOut(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    title: str
    starts_at: datetime
    ends_at: datetime
    capacity: int
    place: str | None
    online_url: str | None
    taken: int
    places_left: int


class WorkshopList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[WorkshopOut]
    next_cursor: str | None = None


class SignUpIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    candidate_id: UUID


class SignedList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[signups.Signed]
    next_cursor: str | None = None


class ReminderIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    minutes_before: store.ReminderMinutes


class ReminderOut(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    minutes_before: int


def out(row: store.WorkshopRow) -> WorkshopOut:
    return WorkshopOut(
        id=row.id,
        event_id=row.event_id,
        title=row.title,
        starts_at=row.starts_at,
        ends_at=row.ends_at,
        capacity=row.capacity,
        place=row.place,
        online_url=row.online_url,
        taken=row.taken,
        places_left=row.places_left,
    )


Token = Annotated[str, msgspec.Meta(max_length=2000)]


class WorkshopsController(Controller):
    tags = ("workshops",)

    @get(
        "/api/v1/events/{event_id:uuid}/workshops",
        security=BEARER,
        summary="An e-forum's workshops, with their places left",
        description=f"In time order; workshops called off are left out. {_WHO}",
        responses=refusals(*LOGGED_IN, *PARAMETERS, EventNotFound, NotAnEForum),
    )
    async def list_workshops(self, ctx: Ctx, event_id: FromPath[UUID]) -> WorkshopList:
        rows = await store.list_for_event(ctx.conn, event_id=event_id, by=ctx.actor)
        return WorkshopList(items=[out(r) for r in rows])

    @post(
        "/api/v1/events/{event_id:uuid}/workshops",
        security=BEARER,
        status_code=201,
        summary="Add a workshop to an e-forum",
        description="`{title, starts_at, ends_at, capacity, place?, online_url?}`, during the "
        f"event, while it is a draft or published. {_WHO} (Workshops given in an e-forum's "
        "`details.workshops` on creation or change are written here too.)",
        responses=refusals(
            *LOGGED_IN, *JSON_BODY, Forbidden, EventNotFound, NotAnEForum, InvalidTransition
        ),
    )
    async def create(
        self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[store.WorkshopIn]
    ) -> WorkshopOut:
        return out(await store.create(ctx.conn, event_id=event_id, workshop=data, by=ctx.actor))

    @patch(
        "/api/v1/workshops/{workshop_id:uuid}",
        security=BEARER,
        summary="Change a workshop",
        description="Any of its fields; it stays during the event, and its places never fall "
        f"below the people signed up (409 `workshop_capacity_below_signups`). {_WHO}",
        responses=refusals(
            *LOGGED_IN,
            *JSON_BODY,
            Forbidden,
            WorkshopNotFound,
            InvalidTransition,
            WorkshopCapacityBelowSignups,
        ),
    )
    async def update(
        self, ctx: Ctx, workshop_id: FromPath[UUID], data: JSONBody[store.WorkshopPatch]
    ) -> WorkshopOut:
        return out(
            await store.update(
                ctx.conn, workshop_id=workshop_id, changes=data, by=ctx.actor, now=ctx.now
            )
        )

    @delete(
        "/api/v1/workshops/{workshop_id:uuid}",
        security=BEARER,
        status_code=200,
        summary="Remove a workshop",
        description="Nobody signed up: deleted. People signed up: 409 `workshop_has_signups` "
        "(with their number) unless `confirm=true`; then the workshop is called off (kept, "
        "with its sign-ups, for the record) and each person signed up is told by mail or text "
        f"message. {_WHO}",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, Forbidden, WorkshopNotFound, WorkshopHasSignups
        ),
    )
    async def remove(
        self, ctx: Ctx, workshop_id: FromPath[UUID], confirm: FromQuery[bool] = False
    ) -> store.Removed:
        return await store.remove(
            ctx.conn, workshop_id=workshop_id, by=ctx.actor, now=ctx.now, confirm=confirm
        )

    @get(
        "/api/v1/workshops/{workshop_id:uuid}/signups",
        security=BEARER,
        summary="Who is signed up to a workshop",
        description="By name, with who signed each up (`signed_up_by` null: the candidate, from "
        "their ticket). Those who run the e-forum.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, WorkshopNotFound),
    )
    async def list_signups(self, ctx: Ctx, workshop_id: FromPath[UUID]) -> SignedList:
        items = await signups.list_signed(ctx.conn, workshop_id=workshop_id, by=ctx.actor)
        return SignedList(items=items)

    @post(
        "/api/v1/workshops/{workshop_id:uuid}/signups",
        security=BEARER,
        status_code=201,
        summary="Sign a candidate up to a workshop, on their behalf",
        description="`{candidate_id}`: a coach or organiser of the e-forum's organisation "
        "(recorded as acting for the candidate). The candidate must hold a confirmed place; the "
        "event published; the workshop not started, not full (409 `workshop_full`), and at no "
        "time the person already has another workshop or an interview (409 `workshop_clash`). "
        "Capacity holds whatever the concurrency. Signing up again changes nothing.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, *_SIGN_UP_REFUSALS),
    )
    async def sign_up(
        self, ctx: Ctx, workshop_id: FromPath[UUID], data: JSONBody[SignUpIn]
    ) -> signups.SignUp:
        return await signups.sign_up(
            ctx.conn,
            workshop_id=workshop_id,
            candidate_id=data.candidate_id,
            by=ctx.actor,
            now=ctx.now,
        )

    @delete(
        "/api/v1/workshops/{workshop_id:uuid}/signups/{candidate_id:uuid}",
        security=BEARER,
        status_code=200,
        summary="Take a candidate off a workshop, on their behalf",
        description="Until the workshop starts; the same people as signing up.",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, WorkshopNotFound, InvalidTransition, WorkshopStarted
        ),
    )
    async def withdraw(
        self, ctx: Ctx, workshop_id: FromPath[UUID], candidate_id: FromPath[UUID]
    ) -> signups.SignUp:
        return await signups.withdraw(
            ctx.conn, workshop_id=workshop_id, candidate_id=candidate_id, by=ctx.actor, now=ctx.now
        )

    @put(
        "/api/v1/tickets/{token:str}/workshops/{workshop_id:uuid}",
        summary="Sign up to a workshop with one's ticket",
        description="The candidate holding the ticket (its token is their key) signs up to a "
        "workshop of the ticket's e-forum; the same rules as a sign-up by a coach.",
        responses=refusals(*PARAMETERS, InvalidTicket, TicketRevoked, *_SIGN_UP_REFUSALS),
    )
    async def ticket_sign_up(
        self, public_ctx: PublicCtx, token: FromPath[Token], workshop_id: FromPath[UUID]
    ) -> signups.SignUp:
        ticket = await by_token.find_for_holder(public_ctx.conn, token=token)
        return await signups.sign_up(
            public_ctx.conn,
            workshop_id=workshop_id,
            candidate_id=_candidate(ticket),
            by=None,
            now=public_ctx.now,
            ticket_event=ticket.event_id,
        )

    @delete(
        "/api/v1/tickets/{token:str}/workshops/{workshop_id:uuid}",
        status_code=200,
        summary="Withdraw from a workshop with one's ticket",
        description="Until the workshop starts.",
        responses=refusals(
            *PARAMETERS, InvalidTicket, TicketRevoked, WorkshopNotFound, WorkshopStarted
        ),
    )
    async def ticket_withdraw(
        self, public_ctx: PublicCtx, token: FromPath[Token], workshop_id: FromPath[UUID]
    ) -> signups.SignUp:
        ticket = await by_token.find_for_holder(public_ctx.conn, token=token)
        return await signups.withdraw(
            public_ctx.conn,
            workshop_id=workshop_id,
            candidate_id=_candidate(ticket),
            by=None,
            now=public_ctx.now,
            ticket_event=ticket.event_id,
        )

    @put(
        "/api/v1/events/{event_id:uuid}/session-reminders",
        security=BEARER,
        summary="When the reminders before workshops and online interviews go out",
        description="`{minutes_before}` (0 to 1440; 0: none; 60 unless changed): each person in "
        "a workshop or an online interview of the e-forum or job dating (the candidate and the "
        "company's contact) gets a reminder by mail or text message that long before it "
        "starts, with the time and the link. Organisers and admins.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, Forbidden, EventNotFound, NotAnEForum),
    )
    async def set_reminder(
        self, ctx: Ctx, event_id: FromPath[UUID], data: JSONBody[ReminderIn]
    ) -> ReminderOut:
        minutes = await store.set_reminder(
            ctx.conn, event_id=event_id, minutes=data.minutes_before, by=ctx.actor, now=ctx.now
        )
        return ReminderOut(event_id=event_id, minutes_before=minutes)


def _candidate(ticket: by_token.TokenTicket) -> UUID:
    """The ticket's candidate (a company's ticket holds none: no workshop for it)."""
    if ticket.candidate_id is None or ticket.replaced or ticket.status != "confirmed":
        raise CandidateNotRegistered
    return ticket.candidate_id
