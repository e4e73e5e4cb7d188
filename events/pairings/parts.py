"""The pairing's part of the ticket page and of the recruiter's event page
(``events.web.sections``): the cook's restaurant and days, the restaurant's cooks, in the words of
``schedules``; shown once the organiser sent the schedules."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from events import db, i18n
from events.actors import Actor
from events.i18n import Language
from events.pairings.schedules import WORDS, CookSchedule, RestaurantCook, days, where
from events.tickets.by_token import TokenTicket

if TYPE_CHECKING:  # sections imports this module: its Part is read when a part is made
    from events.web.sections import Part


async def ticket_part(conn: db.Conn, ticket: TokenTicket, language: Language) -> Part | None:
    """The cook's restaurant and days on their ticket page, once sent."""
    if ticket.candidate_id is None or ticket.status == "cancelled":
        return None
    found = await db.fetch_one(
        conn,
        "get_cook_schedule",
        CookSchedule,
        event_id=ticket.event_id,
        candidate_id=ticket.candidate_id,
    )
    if found is None:
        return None
    words = WORDS[language]
    from events.web.sections import Part

    return Part(
        template="parts/pairing_cook.html",
        data={
            "title": words["cook_title"],
            "rows": [
                (_label(words["restaurant"], language), found.restaurant),
                (_label(words["address"], language), where(found)),
                (_label(words["preparation"], language), days(found.preparation_days, language)),
                (_label(words["service"], language), days(found.service_days, language)),
            ],
        },
    )


async def restaurant_part(
    conn: db.Conn, by: Actor, event_id: UUID, language: Language
) -> Part | None:
    """The restaurant's cooks on its recruiter's event page, once sent (only its own: the
    query reads the recruiter's company)."""
    if by.role != "recruiter" or by.company_id is None:
        return None
    cooks = await db.fetch_all(
        conn,
        "list_restaurant_schedule",
        RestaurantCook,
        event_id=event_id,
        company_id=by.company_id,
    )
    if not cooks:
        return None
    words = WORDS[language]
    from events.web.sections import Part

    return Part(
        template="parts/pairing_restaurant.html",
        data={
            "title": i18n.plural(words, "restaurant_title", len(cooks)),
            "cooks": [
                {
                    "name": c.cook,
                    "rows": [
                        (_label(words["cuisines"], language), ", ".join(c.cuisines) or "—"),
                        (
                            _label(words["preparation"], language),
                            days(c.preparation_days, language),
                        ),
                        (_label(words["service"], language), days(c.service_days, language)),
                    ],
                }
                for c in cooks
            ],
        },
    )


def _label(word: str, language: Language) -> str:
    """« Service : » (a no-break space before the colon in French)."""
    return f"{word}:" if language == "en" else f"{word}\u00a0:"
