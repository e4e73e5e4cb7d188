"""What registrations take in and hand back: the input structs, the registration as its
registrar and the event's staff see it, the ticket link, and the registration row shared by the
other modules."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from events import links
from events.errors import InvalidInput
from events.messages.outbox import Channel
from events.tickets import codes, issuing

RegistrationRole = Literal["candidate", "company"]


RegistrationStatus = Literal["confirmed", "waitlisted", "cancelled", "no_show"]


class RegistrationIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    candidate_id: UUID | None = None
    company_id: UUID | None = None

    def __post_init__(self) -> None:
        if (self.candidate_id is None) == (self.company_id is None):
            raise InvalidInput(
                field="candidate_id",
                reason_fr="Indiquez soit une personne candidate (candidate_id), soit une "
                "entreprise (company_id) : l'une des deux, pas les deux.",
                reason_en="Give either a candidate (candidate_id) or a company (company_id): "
                "one of them, not both.",
            )


class BulkRegistrationIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    candidate_ids: Annotated[list[UUID], msgspec.Meta(min_length=1, max_length=200)]


class RegistrationRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: RegistrationRole
    candidate_id: UUID | None
    company_id: UUID | None
    status: RegistrationStatus
    waitlist_seq: int | None
    created_at: datetime
    checked_in_at: datetime | None


class TicketLink(msgspec.Struct, frozen=True, kw_only=True):
    token: str
    url: str
    short_code: str


class Registered(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A registration as its registrar sees it, with the ticket to hand over."""

    id: UUID
    event_id: UUID
    role: RegistrationRole
    status: RegistrationStatus
    candidate_id: UUID | None = None
    company_id: UUID | None = None
    waitlist_position: int | None = None
    ticket: TicketLink | None = None


class BulkItem(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    candidate_id: UUID
    ok: bool
    registration: Registered | None = None
    code: str | None = None
    status_code: int | None = None


class RegistrationListItem(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: RegistrationRole
    candidate_id: UUID | None
    company_id: UUID | None
    status: RegistrationStatus
    created_at: datetime
    checked_in_at: datetime | None
    waitlist_position: int | None
    display_name: str
    short_code: Annotated[
        str | None,
        msgspec.Meta(
            description="The live ticket's code to type at the door, dash included "
            "(`7KQM-3XPA`); null once the registration is cancelled (its tickets are revoked)."
        ),
    ]
    registered_by: Annotated[
        str | None,
        msgspec.Meta(
            description="The name of the user who registered the party (often an organiser "
            "or coach acting for them); null when no user did (the command line, the demo)."
        ),
    ]


class RegistrationPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[RegistrationListItem]
    next_cursor: str | None


class TicketResent(msgspec.Struct, frozen=True, kw_only=True):
    """The live ticket is on its way again: one message per channel the party can be reached on,
    delivered after the request; ``none`` alone when the party has neither e-mail nor phone
    (nothing can be sent: hand the ticket over on paper)."""

    id: UUID
    channels: list[Channel]


class Cancelled(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: UUID
    status: Literal["cancelled"] = "cancelled"
    promoted_registration_id: UUID | None = None


def ticket_link(ticket: issuing.TicketRow, public_url: str) -> TicketLink:
    """A registration's ticket as the API gives it: token, link and the short code to type."""
    return TicketLink(
        token=ticket.token,
        url=links.ticket_url(ticket.token, public_url),
        short_code=codes.format_code(ticket.short_code),
    )
