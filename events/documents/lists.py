"""The back office's other lists as tables: the events (with the list's filters) and the
candidates (never their social situation). Each pages through the domain's own listing, so the
same rule decides who sees what in the list and in its export."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID
from zoneinfo import ZoneInfo

from events import catalog, db, i18n
from events.actors import Actor
from events.directory import candidates
from events.documents import texts
from events.documents.tables import Cell, Column, Table
from events.i18n import Language
from events.pagination import MAX_LIMIT

# Candidates have no zone of their own: their dates are said in mainland France's.
CANDIDATES_ZONE: Final = ZoneInfo("Europe/Paris")


def _columns(spec: dict[str, tuple[str, str, int]]) -> list[Column]:
    return [Column(fr=fr, en=en, width=width) for fr, en, width in spec.values()]


def _title(key: str) -> dict[Language, str]:
    return {"fr": texts.WORDS["fr"][key], "en": texts.WORDS["en"][key]}


async def all_events(
    conn: db.Conn, *, by: Actor, kind: catalog.Kind | None, status: catalog.Status | None
) -> list[catalog.EventRow]:
    """The events the back office's list shows (``catalog.list_events``, its organisation's or,
    for admins, all), every page of them."""
    found: list[catalog.EventRow] = []
    cursor = None
    while True:
        page = await catalog.list_events(
            conn, own_only=True, by=by, kind=kind, status=status, limit=MAX_LIMIT, cursor=cursor
        )
        found += [row for row in page.items if isinstance(row, catalog.EventRow)]
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def events_table(rows: list[catalog.EventRow], language: Language) -> Table:
    """One line per event; its times in its own zone."""
    lines: list[list[Cell]] = []
    for row in rows:
        zone = ZoneInfo(row.timezone)
        lines.append(
            [
                row.title,
                i18n.KINDS[language][row.kind],
                i18n.EVENT_STATUSES[language][row.status],
                row.starts_at.astimezone(zone),
                row.ends_at.astimezone(zone),
                row.timezone,
                row.venue.name if row.venue else row.online_url,
                row.venue.city if row.venue else None,
                row.venue.postcode if row.venue else None,
                row.capacity.candidates,
                row.capacity.companies,
            ]
        )
    return Table(title=_title("events"), columns=_columns(texts.EVENT_COLUMNS), rows=lines)


async def all_candidates(
    conn: db.Conn, *, by: Actor, q: str | None, organisation_id: UUID | None
) -> list[candidates.CandidateRow]:
    """The candidates the back office's list shows (``candidates.list_for_staff``), every page
    of them."""
    found: list[candidates.CandidateRow] = []
    cursor = None
    while True:
        page = await candidates.list_for_staff(
            conn, by=by, q=q, organisation_id=organisation_id, limit=MAX_LIMIT, cursor=cursor
        )
        found += page.items
        if page.next_cursor is None:
            return found
        cursor = page.next_cursor


def candidates_table(rows: list[candidates.CandidateRow], language: Language) -> Table:
    """One line per candidate: identity and contact, never the social situation."""
    lines: list[list[Cell]] = [
        [
            row.last_name,
            row.first_name,
            row.email,
            row.phone,
            row.city,
            row.postcode,
            row.language,
            _day(row.created_at),
        ]
        for row in rows
    ]
    return Table(title=_title("candidates"), columns=_columns(texts.CANDIDATE_COLUMNS), rows=lines)


def _day(moment: datetime) -> datetime:
    return moment.astimezone(CANDIDATES_ZONE)
