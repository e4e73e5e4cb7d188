"""Registrations: capacity per role is never exceeded, a full event waitlists in order, and a
cancellation hands the place to the first waitlisted of the same role in the same transaction.

``structs`` holds what goes in and comes out, ``registering`` registers one party (with an
idempotency key: ``events.idempotency``) or a group, ``changes`` cancels, reissues or sends again
tickets and fits a new capacity, ``listing`` pages through an event's registrations.
"""

from events.registrations.changes import cancel, fit_capacity, reissue_ticket, resend_ticket
from events.registrations.listing import list_for_event
from events.registrations.registering import register, register_many
from events.registrations.structs import (
    BulkItem,
    BulkRegistrationIn,
    Cancelled,
    Registered,
    RegistrationIn,
    RegistrationListItem,
    RegistrationPage,
    RegistrationRole,
    RegistrationRow,
    RegistrationStatus,
    TicketLink,
    TicketResent,
)

__all__ = [
    "BulkItem",
    "BulkRegistrationIn",
    "Cancelled",
    "Registered",
    "RegistrationIn",
    "RegistrationListItem",
    "RegistrationPage",
    "RegistrationRole",
    "RegistrationRow",
    "RegistrationStatus",
    "TicketLink",
    "TicketResent",
    "cancel",
    "fit_capacity",
    "list_for_event",
    "register",
    "register_many",
    "reissue_ticket",
    "resend_ticket",
]
