"""A schedule laid out for reading: a candidate's interviews in time order, a company's table by
table — what the ticket's part, the recruiter's part and printable sheet, and the mails show.

The parts of the shared pages are here (``ticket_part``, ``recruiter_part``: listed in
events/web/sections.py, their templates ``templates/parts/interviews_*.html``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.errors import EventNotFound
from events.i18n import Language
from events.interview_grid import schedule_texts, schedules
from events.interview_grid.schedules import CompanyInterview, Interview
from events.tickets.by_token import TokenTicket

if TYPE_CHECKING:  # sections lists the parts below: it imports this module, not the other way
    from events.web.sections import Part


class Line(msgspec.Struct, frozen=True, kw_only=True):
    """One interview, in words: when (« 14 h 10 à 14 h 30 », with a dash), with whom, where."""

    time: str
    starts: str
    company: str
    person: str
    table_no: int
    video_url: str | None
    # The card a recruiter may open (only when they may: ``card_visible``).
    candidate_id: UUID | None = None


class Table(msgspec.Struct, frozen=True, kw_only=True):
    table_no: int
    lines: list[Line]


def _span(starts: str, ends: str) -> str:
    return f"{starts}\u00a0\u2013\u00a0{ends}"


def lines(interviews: Sequence[Interview], language: Language) -> list[Line]:
    """A ticket's or a message's interviews in time order."""
    found = []
    for i in interviews:
        starts = schedule_texts.hour(i.starts_at, i.timezone, language)
        found.append(
            Line(
                time=_span(starts, schedule_texts.hour(i.ends_at, i.timezone, language)),
                starts=starts,
                company=i.company_name,
                person=schedule_texts.person(i.first_name, i.initial),
                table_no=i.table_no,
                video_url=i.video_url,
            )
        )
    return found


def tables(interviews: Sequence[Interview], language: Language) -> list[Table]:
    """A company's interviews (from a ticket or a message), table by table."""
    return _grouped(lines(interviews, language))


def company_tables(
    interviews: Sequence[CompanyInterview], zone: str, language: Language
) -> list[Table]:
    """A recruiter's company's interviews, table by table, in time order."""
    found = []
    for i in sorted(interviews, key=lambda i: (i.table_no, i.starts_at)):
        starts = schedule_texts.hour(i.starts_at, zone, language)
        found.append(
            Line(
                time=_span(starts, schedule_texts.hour(i.ends_at, zone, language)),
                starts=starts,
                company="",
                person=schedule_texts.person(i.first_name, i.initial),
                table_no=i.table_no,
                video_url=i.video_url,
                candidate_id=i.candidate_id if i.card_visible else None,
            )
        )
    return _grouped(found)


def _grouped(found: list[Line]) -> list[Table]:
    by_table: dict[int, list[Line]] = {}
    for line in found:
        by_table.setdefault(line.table_no, []).append(line)
    return [Table(table_no=n, lines=by_table[n]) for n in sorted(by_table)]


# --- the parts of the shared pages (events/web/sections.py) ---------------------------------


async def ticket_part(conn: db.Conn, ticket: TokenTicket, language: Language) -> Part | None:
    """« Vos entretiens » on the ticket, once the event's latest plan was sent: a candidate's
    own interviews in time order, or a company's table by table (printed with the ticket)."""
    if ticket.revoked_at is not None:
        return None
    found = await schedules.of_registration(conn, registration_id=ticket.registration_id)
    if not found:
        return None
    words = schedule_texts.WORDS[language]
    if ticket.candidate_id is not None:
        data: dict[str, Any] = {"w": words, "lines": lines(found, language)}
        return _part("parts/interviews_ticket.html", data)
    data = {"w": words, "tables": tables(found, language)}
    return _part("parts/interviews_company_ticket.html", data)


async def recruiter_part(
    conn: db.Conn, by: Actor, event_id: UUID, language: Language
) -> Part | None:
    """The recruiter's company's interviews on their event page, table by table, with the
    links to the printable sheet and the calendar; nothing before a plan was sent."""
    if by.role != "recruiter" or by.company_id is None:
        return None
    try:
        schedule = await schedules.of_company(conn, event_id=event_id, by=by)
    except EventNotFound:
        return None
    if schedule.event.sent_at is None:
        return None
    return _part("parts/interviews_recruiter.html", recruiter_view(schedule, language))


def recruiter_view(schedule: schedules.CompanySchedule, language: Language) -> dict[str, Any]:
    """What the recruiter's part and sheet show: the tables and the links."""
    event = schedule.event
    lang = f"?lang={language}"
    return {
        "w": schedule_texts.WORDS[language],
        "tables": company_tables(schedule.interviews, event.timezone, language),
        "sheet_url": f"/recruiter/events/{event.id}/interviews{lang}",
        "ics_url": f"/api/v1/events/{event.id}/interviews.ics",
        "card_url": f"/cards/{{id}}{lang}",
    }


def _part(template: str, data: dict[str, Any]) -> Part:
    from events.web.sections import Part  # at call time: see the import above

    return Part(template=template, data=data)
