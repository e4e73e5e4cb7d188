"""Who saw the person's card and when, for the person, page by page: all of them, newest first,
each with its date and time in Paris time (the views are not tied to one event's zone), named
by company only (never the recruiter). The same rows as staff read (``list_card_views``)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

import msgspec

from events import db, pagination
from events.errors import CandidateNotFound
from events.i18n import MONTHS, Language
from events.skills_cards import recruiter
from events.tickets import by_token

PAGE: Final = 50
ZONE: Final = ZoneInfo("Europe/Paris")


class SeenAt(msgspec.Struct, frozen=True, kw_only=True):
    at: datetime
    company_name: str | None


class SeenPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[SeenAt]
    next_cursor: str | None


async def for_holder(
    conn: db.Conn, *, token: str, cursor: str | None, limit: int = PAGE
) -> SeenPage:
    """A page of the views of the card of the candidate behind ``token`` (under the holder's
    rule, as their page); a company's ticket has none."""
    ticket = await by_token.find_for_holder(conn, token=token)
    if ticket.candidate_id is None:
        raise CandidateNotFound
    after = pagination.decode_cursor(cursor, tuple[int])
    rows = await db.fetch_all(
        conn,
        "list_card_views",
        recruiter.CardView,
        candidate_id=ticket.candidate_id,
        after_id=after[0] if after else None,
        limit=limit + 1,
    )
    shown, next_cursor = pagination.split_page(rows, limit, lambda r: [r.id])
    return SeenPage(
        items=[SeenAt(at=r.at, company_name=r.company_name) for r in shown],
        next_cursor=next_cursor,
    )


def moment(at: datetime, language: Language) -> str:
    """« 3 décembre 2026 à 14 h 05 » in Paris time; « 3 December 2026 at 14:05 » in English."""
    local = at.astimezone(ZONE)
    day = f"{local.day} {MONTHS[language][local.month - 1]} {local.year}"
    if language == "en":
        return f"{day} at {local:%H:%M}"
    return f"{day} à {local.hour}\u00a0h\u00a0{local.minute:02d}"
