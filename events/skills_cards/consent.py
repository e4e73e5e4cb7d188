"""The candidate's consent: whether recruiters may see their skills card and CV, and whether
they may contact them. Given by the candidate with one of their ticket tokens, or by staff who
follow them, on their behalf; every change is kept with who made it. Recruiters' queries read
the current choice at each request, so a withdrawal takes effect at once."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import (
    CandidateNotFound,
    InvalidInput,
    NotAuthenticated,
    TicketRevoked,
)
from events.skills_cards import access
from events.tickets import by_token

TicketToken = Annotated[str, msgspec.Meta(max_length=200, pattern=r"^[A-Za-z0-9_-]*$")]
Via = Literal["staff", "ticket"]


class ConsentIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``contact`` (may recruiters see the e-mail and phone?) is false unless said; it needs
    ``recruiters``. A candidate acting alone sends their ticket token here or in the
    ``X-Ticket-Token`` header."""

    recruiters: bool
    contact: bool = False
    ticket_token: TicketToken | None = None

    def __post_init__(self) -> None:
        if self.contact and not self.recruiters:
            raise InvalidInput(
                field="contact",
                reason_fr="Être contacté par les recruteurs suppose d'accepter qu'ils voient le "
                "profil.",
                reason_en="Being contacted by recruiters requires letting them see the profile.",
            )


class ConsentRow(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    recruiters: bool
    contact: bool
    updated_at: datetime


class ConsentChange(ConsentRow, frozen=True, kw_only=True):
    via: Via


class ConsentHistoryItem(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    recruiters: bool
    contact: bool
    at: datetime
    via: Via
    by_user: UUID | None
    by_name: str | None


class ConsentState(msgspec.Struct, frozen=True, kw_only=True):
    """The current choice (nothing given yet means no) and the latest changes."""

    candidate_id: UUID
    recruiters: bool
    contact: bool
    updated_at: datetime | None
    history: list[ConsentHistoryItem]


async def _ticket_of(conn: db.Conn, *, token: str, candidate_id: UUID) -> UUID:
    """The ticket behind a token (``by_token.find``) that belongs to this candidate. Someone
    else's ticket is answered as if the candidate did not exist, before anything is said about
    the ticket; then a replaced ticket no longer works, while a ticket of a cancelled
    registration still speaks for its holder."""
    ticket = await by_token.find(conn, token=token)
    if ticket.candidate_id != candidate_id:
        raise CandidateNotFound
    if ticket.replaced:
        raise TicketRevoked
    return ticket.ticket_id


async def change(
    conn: db.Conn,
    *,
    candidate_id: UUID,
    consent: ConsentIn,
    ticket_token: str | None,
    by: Actor | None,
    now: datetime,
) -> ConsentChange:
    """Record the candidate's choice: with a ticket token of theirs, as the candidate; without,
    by staff who follow them (see ``access.require_follower``), on their behalf."""
    token = consent.ticket_token or ticket_token
    if consent.ticket_token and ticket_token and consent.ticket_token != ticket_token:
        raise InvalidInput(
            field="ticket_token",
            reason_fr="Deux billets différents ont été envoyés.",
            reason_en="Two different tickets were sent.",
        )
    ticket_id: UUID | None = None
    via: Via
    if token:
        ticket_id = await _ticket_of(conn, token=token, candidate_id=candidate_id)
        via, by = "ticket", None
    elif by is None:
        raise NotAuthenticated
    else:
        await access.require_follower(conn, candidate_id=candidate_id, by=by)
        via = "staff"
    row = await db.fetch_one(
        conn,
        "set_consent",
        ConsentRow,
        candidate_id=candidate_id,
        recruiters=consent.recruiters,
        contact=consent.contact,
        now=now,
    )
    if row is None:  # pragma: no cover - an upsert always returns its row
        raise CandidateNotFound
    await db.execute(
        conn,
        "insert_consent_history",
        candidate_id=candidate_id,
        recruiters=consent.recruiters,
        contact=consent.contact,
        now=now,
        via=via,
        by_user=by.id if by else None,
        ticket_id=ticket_id,
    )
    await audit.record(
        conn,
        by=by,
        action="consent.change",
        subject_type="candidate",
        subject_id=candidate_id,
        on_behalf_of=candidate_id,
        data={"recruiters": consent.recruiters, "contact": consent.contact, "via": via},
    )
    return ConsentChange(**msgspec.structs.asdict(row), via=via)


async def state(conn: db.Conn, *, candidate_id: UUID, by: Actor, history: int = 20) -> ConsentState:
    """The current choice and its latest changes, for those who follow the candidate."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    row = await db.fetch_one(conn, "get_consent", ConsentRow, candidate_id=candidate_id)
    changes = await db.fetch_all(
        conn,
        "list_consent_history",
        ConsentHistoryItem,
        candidate_id=candidate_id,
        limit=history,
    )
    return ConsentState(
        candidate_id=candidate_id,
        recruiters=row.recruiters if row else False,
        contact=row.contact if row else False,
        updated_at=row.updated_at if row else None,
        history=changes,
    )
