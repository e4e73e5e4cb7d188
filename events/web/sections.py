"""What each format adds to the pages all formats share.

The ticket page shows a candidate's interviews at a job dating, their workshops at an e-forum,
their pairing at a food festival; a recruiter's event page shows their own interviews, or bibs
instead of names at an anonymous session. Each format's module owns its part — the query, the
words and a template under ``templates/parts/`` — and is listed here once; the shared pages only
render, in this order, the parts that have something to show (a part returns None otherwise).

A part's template is included with ``part`` in its context: ``part.data`` is what its function
returned, beside the page's own ``language`` and ``t``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, Final
from uuid import UUID

import msgspec

from events import db, i18n
from events.actors import Actor
from events.interview_grid import schedule_sheet
from events.pairings import parts as pairing_parts
from events.tickets.by_token import TokenTicket
from events.web import bib_answers, workshop_signups


class Part(msgspec.Struct, frozen=True, kw_only=True):
    template: str
    data: dict[str, Any]


# (conn, the ticket found for its holder, the page's language)
TicketPart = Callable[[db.Conn, TokenTicket, i18n.Language], Awaitable[Part | None]]
# (conn, the recruiter, the event, the page's language)
RecruiterEventPart = Callable[[db.Conn, Actor, UUID, i18n.Language], Awaitable[Part | None]]

# By the kind of event they belong to: a page asks only the parts of its event's kind, so a
# ticket of a sport session runs no query about interviews, pairings or workshops.
TICKET_PARTS: Final[dict[str, tuple[TicketPart, ...]]] = {
    "sport_session": (bib_answers.ticket_part,),
    "food_festival": (pairing_parts.ticket_part,),
    "e_forum": (schedule_sheet.ticket_part, workshop_signups.ticket_part),
    "job_dating": (schedule_sheet.ticket_part,),
}
RECRUITER_EVENT_PARTS: Final[dict[str, tuple[RecruiterEventPart, ...]]] = {
    "sport_session": (bib_answers.recruiter_part,),
    "food_festival": (pairing_parts.restaurant_part,),
    "e_forum": (schedule_sheet.recruiter_part,),
    "job_dating": (schedule_sheet.recruiter_part,),
}


async def for_ticket(
    conn: db.Conn, ticket: TokenTicket, kind: str, language: i18n.Language
) -> list[Part]:
    found = [await part(conn, ticket, language) for part in TICKET_PARTS.get(kind, ())]
    return [part for part in found if part is not None]


async def for_recruiter_event(
    conn: db.Conn, by: Actor, event_id: UUID, kind: str, language: i18n.Language
) -> list[Part]:
    found = [
        await part(conn, by, event_id, language) for part in RECRUITER_EVENT_PARTS.get(kind, ())
    ]
    return [part for part in found if part is not None]
