"""From a token to the ticket it names: the one way every reader of a token finds its ticket (the
holder's page and QR codes, the calendar invite, consent given with a ticket, the door).

A token is trusted only once it verifies with the public key of the event it names; the ticket
is then looked up within that event. What a revoked ticket may still do is each reader's rule:
its holder may use it while its registration is cancelled (``find_for_holder``), the door refuses
it in its own order (``events.checkins.scanning``), consent first checks whose ticket it is.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import db
from events.erasure import tombstone
from events.errors import InvalidTicket, TicketRevoked
from events.tickets import tokens


class TokenTicket(msgspec.Struct, frozen=True, kw_only=True):
    """The ticket a verified token names, and where its registration stands."""

    ticket_id: UUID
    event_id: UUID
    registration_id: UUID
    revoked_at: datetime | None
    status: Literal["confirmed", "waitlisted", "cancelled", "no_show"]
    candidate_id: UUID | None

    @property
    def replaced(self) -> bool:
        """Revoked while its registration stands: a newer ticket took its place. Cancelling a
        registration revokes its tickets too, but those still speak for their holder (the page
        says the place is cancelled, the invite is the CANCEL)."""
        return self.revoked_at is not None and self.status != "cancelled"


class _PublicKey(msgspec.Struct, frozen=True):
    public_key: bytes
    committed: bool  # made before this transaction began: see get_event_public_key


# Event keys never change once committed: each process keeps the public halves it has read, as
# ``issuing`` keeps the pairs, so that a door's scans read no key. (What can change, a ticket
# revoked or a registration cancelled, is read from the database on every scan.)
_PUBLIC_KEYS: dict[UUID, bytes] = {}


async def verified(conn: db.Conn, *, token: str) -> tokens.TicketClaims:
    """What a token states, once it verifies with the public key of the event it names;
    anything else is ``invalid_ticket``. Whether that event has the ticket is not asked."""
    event_id = tokens.unverified_event_id(token)
    public_key = _PUBLIC_KEYS.get(event_id)
    if public_key is None:
        key = await db.fetch_one(conn, "get_event_public_key", _PublicKey, event_id=event_id)
        if key is None:
            raise InvalidTicket
        if key.committed:
            _PUBLIC_KEYS[event_id] = key.public_key
        public_key = key.public_key
    return tokens.verify(public_key, token)


async def find(conn: db.Conn, *, token: str) -> TokenTicket:
    """The ticket a token names, revoked or not: the token verifies with the public key of the
    event it names and that event has the ticket; anything else is ``invalid_ticket``."""
    claims = await verified(conn, token=token)
    ticket = await db.fetch_one(
        conn,
        "get_ticket_of_token",
        TokenTicket,
        ticket_id=claims.ticket_id,
        event_id=claims.event_id,
    )
    if ticket is None:
        raise InvalidTicket
    return ticket


async def find_for_holder(conn: db.Conn, *, token: str) -> TokenTicket:
    """As ``find``, for the ticket's holder: a replaced ticket is ``ticket_revoked``."""
    ticket = await find(conn, token=token)
    if ticket.replaced:
        if ticket.candidate_id is not None:
            # Erased at their request: say so to the holder, not that a newer ticket exists.
            await tombstone.refuse_if_erased(conn, candidate_id=ticket.candidate_id)
        raise TicketRevoked
    return ticket
