"""What a ticket's holder can see with the token alone: no account, no personal data beyond
their own name, nothing social."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import db, links
from events.errors import InvalidTicket
from events.tickets import by_token, codes


class Place(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    address: str
    city: str
    postcode: str


class _View(msgspec.Struct, frozen=True, kw_only=True):
    ticket_id: UUID
    event_id: UUID
    serial: int
    short_code: str
    revoked_at: datetime | None
    registration_id: UUID
    role: Literal["candidate", "company"]
    status: Literal["confirmed", "waitlisted", "cancelled", "no_show"]
    checked_in_at: datetime | None
    waitlist_position: int | None
    first_name: str | None
    last_name: str | None
    company_name: str | None
    kind: str
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Place | None
    online_url: str | None
    event_status: str
    organisation_name: str


class TicketEvent(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Place | None
    online_url: str | None
    status: str
    organiser: str


class TicketLinks(msgspec.Struct, frozen=True, kw_only=True):
    page: str
    qr_svg: str
    qr_png: str
    invite_ics: str


class Ticket(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """The ticket as its holder sees it."""

    status: Literal["confirmed", "waitlisted", "cancelled", "no_show"]
    role: Literal["candidate", "company"]
    holder: str
    short_code: str
    event: TicketEvent
    links: TicketLinks
    waitlist_position: int | None = None
    checked_in_at: datetime | None = None


async def view(conn: db.Conn, *, token: str, public_url: str) -> Ticket:
    """The ticket behind a token, under the holder's rule (``by_token.find_for_holder``): a
    replaced ticket says so, anything else is ``invalid_ticket``."""
    ticket = await by_token.find_for_holder(conn, token=token)
    return await view_found(conn, ticket=ticket, token=token, public_url=public_url)


async def view_found(
    conn: db.Conn, *, ticket: by_token.TokenTicket, token: str, public_url: str
) -> Ticket:
    """``view`` of a ticket already found for its holder (the ticket page also hands the found
    ticket to the parts each format adds, events/web/sections.py)."""
    row = await db.fetch_one(
        conn, "get_ticket_public_view", _View, ticket_id=ticket.ticket_id, event_id=ticket.event_id
    )
    if row is None:  # pragma: no cover - found just above, in this transaction
        raise InvalidTicket
    base = f"{public_url.rstrip('/')}"
    holder = (
        f"{row.first_name} {row.last_name}" if row.role == "candidate" else row.company_name or ""
    )
    return Ticket(
        status=row.status,
        role=row.role,
        holder=holder,
        short_code=codes.format_code(row.short_code),
        waitlist_position=row.waitlist_position,
        checked_in_at=row.checked_in_at,
        event=TicketEvent(
            kind=row.kind,
            title=row.title,
            description=row.description,
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            timezone=row.timezone,
            venue=row.venue,
            online_url=row.online_url,
            status=row.event_status,
            organiser=row.organisation_name,
        ),
        links=TicketLinks(
            page=links.ticket_url(token, base),
            qr_svg=f"{base}/api/v1/tickets/{token}/qr.svg",
            qr_png=f"{base}/api/v1/tickets/{token}/qr.png",
            invite_ics=f"{base}/api/v1/tickets/{token}/invite.ics",
        ),
    )
