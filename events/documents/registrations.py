"""An event's registrations as documents take them: the export (CSV, XLSX) and the printed
sheets (attendance, badges, tickets).

Who may have them is who sees the event's registrations: those who run the event
(``catalog.access.event_to_run``, the rule ``registrations.list_for_event`` applies). That is
staff of the organising organisation or an admin, the audience contacts (phone, e-mail) are
for. The social situation is in an export only when it is asked for, and then only for the
candidates the exporter follows (``directory.candidates.get``, ``skills_cards.access``): the
other candidates' cells stay empty, and the export leaves an audit row (who, when, which event,
whose situation went out)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from events import audit, catalog, db, i18n, links
from events.actors import Actor
from events.catalog import access
from events.directory import candidates, organisations
from events.documents import texts
from events.documents.tables import Cell, Column, Table
from events.errors import CandidateNotFound, EventNotFound
from events.i18n import Language
from events.registrations import RegistrationRole, RegistrationStatus
from events.tickets import codes


class _Row(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    role: RegistrationRole
    status: RegistrationStatus
    candidate_id: UUID | None
    company_id: UUID | None
    created_at: datetime
    checked_in_at: datetime | None
    waitlist_position: int | None
    first_name: str | None
    last_name: str | None
    company_name: str | None
    email: str | None
    phone: str | None
    token: str | None
    short_code: str | None
    recruiter_names: list[str]
    bib: str | None


class ExportLine(msgspec.Struct, frozen=True, kw_only=True):
    """One registration as the export shows it (never its ticket's token)."""

    role: RegistrationRole
    status: RegistrationStatus
    first_name: str | None
    last_name: str | None
    company_name: str | None
    waitlist_position: int | None
    short_code: str | None
    checked_in_at: datetime | None
    email: str | None
    phone: str | None
    # Only in an export with the social situation, for the candidates the exporter follows.
    private: candidates.Private | None = None


class RegistrationsExport(msgspec.Struct, frozen=True, kw_only=True):
    event: catalog.EventRow
    lines: list[ExportLine]
    # Whether the social situation's columns are in it (asked for).
    with_private: bool


class Participant(msgspec.Struct, frozen=True, kw_only=True):
    """One registration as the printed sheets show it."""

    role: RegistrationRole
    status: RegistrationStatus
    first_name: str | None
    last_name: str | None
    company_name: str | None
    # A company's recruiter accounts (their full names), each with a line and a badge.
    recruiter_names: list[str]
    short_code: str | None
    # The live ticket's page, which its QR code holds (none once cancelled).
    ticket_url: str | None
    # Anonymous sessions (another issue): a candidate's bib number, printed on the badge.
    bib: str | None


class EventSheet(msgspec.Struct, frozen=True, kw_only=True):
    event: catalog.EventRow
    organisation: str
    participants: list[Participant]


async def _event(conn: db.Conn, *, event_id: UUID, by: Actor) -> catalog.EventRow:
    await access.event_to_run(conn, event_id=event_id, by=by)
    row = await catalog.get(conn, event_id=event_id, by=by)
    if not isinstance(row, catalog.EventRow):  # pragma: no cover - event_to_run said they run it
        raise EventNotFound
    return row


async def export(
    conn: db.Conn, *, event_id: UUID, by: Actor, with_private: bool
) -> RegistrationsExport:
    """Every registration of the event, for those who run it; with the social situation of
    the candidates ``by`` follows when ``with_private`` (audited)."""
    event = await _event(conn, event_id=event_id, by=by)
    rows = await db.fetch_all(conn, "list_registrations_for_documents", _Row, event_id=event_id)
    lines = []
    shown: list[str] = []
    for row in rows:
        private = None
        if with_private and row.candidate_id is not None:
            try:
                private = (await candidates.get(conn, candidate_id=row.candidate_id, by=by)).private
            except CandidateNotFound:
                private = None
            else:
                shown.append(str(row.candidate_id))
        lines.append(
            ExportLine(
                role=row.role,
                status=row.status,
                first_name=row.first_name,
                last_name=row.last_name,
                company_name=row.company_name,
                waitlist_position=row.waitlist_position,
                short_code=codes.format_code(row.short_code) if row.short_code else None,
                checked_in_at=row.checked_in_at,
                email=row.email,
                phone=row.phone,
                private=private,
            )
        )
    if with_private:
        await audit.record(
            conn,
            by=by,
            action="event.export_private",
            subject_type="event",
            subject_id=event_id,
            # Whose situation went out, never what it says.
            data={"candidate_ids": shown},
        )
    return RegistrationsExport(event=event, lines=lines, with_private=with_private)


async def sheet(conn: db.Conn, *, event_id: UUID, by: Actor, public_url: str) -> EventSheet:
    """The event, its organisation's name and its registrations, for those who run it: what
    the attendance sheet, the badges and the tickets print."""
    event = await _event(conn, event_id=event_id, by=by)
    organisation = await organisations.get(conn, organisation_id=event.organisation_id, by=by)
    rows = await db.fetch_all(conn, "list_registrations_for_documents", _Row, event_id=event_id)
    return EventSheet(
        event=event,
        organisation=organisation.name,
        participants=[
            Participant(
                role=row.role,
                status=row.status,
                first_name=row.first_name,
                last_name=row.last_name,
                company_name=row.company_name,
                recruiter_names=row.recruiter_names,
                short_code=codes.format_code(row.short_code) if row.short_code else None,
                ticket_url=links.ticket_url(row.token, public_url) if row.token else None,
                bib=row.bib,
            )
            for row in rows
        ],
    )


# --- the export as a table ------------------------------------------------------------------

_BOOLEANS: Final = ("rqth", "qpv", "justice")


def table(export: RegistrationsExport, language: Language) -> Table:
    """The export's lines as a table; times in the event's zone."""
    zone = ZoneInfo(export.event.timezone)
    names = list(texts.REGISTRATION_COLUMNS)
    if export.with_private:
        names += list(texts.PRIVATE_COLUMNS)
    headers = {**texts.REGISTRATION_COLUMNS, **texts.PRIVATE_COLUMNS}
    columns = [Column(fr=headers[n][0], en=headers[n][1], width=headers[n][2]) for n in names]
    rows = []
    for line in export.lines:
        cells: list[Cell] = [
            line.last_name,
            line.first_name,
            line.company_name,
            i18n.REGISTRATION_ROLES[language][line.role],
            i18n.REGISTRATION_STATUSES[language][line.status],
            line.waitlist_position,
            line.short_code,
            line.checked_in_at.astimezone(zone) if line.checked_in_at else None,
            line.phone,
            line.email,
        ]
        if export.with_private:
            cells += _private_cells(line.private, language)
        rows.append(cells)
    return Table(
        title={"fr": texts.WORDS["fr"]["registrations"], "en": texts.WORDS["en"]["registrations"]},
        columns=columns,
        rows=rows,
    )


def _private_cells(private: candidates.Private | None, language: Language) -> list[Cell]:
    if private is None:
        return [None] * len(texts.PRIVATE_COLUMNS)
    words = texts.WORDS[language]
    labels = {
        "refugee_status": i18n.REFUGEE_STATUSES[language],
        "benefits": i18n.BENEFITS[language],
        "housing": i18n.HOUSING[language],
    }
    values = msgspec.structs.asdict(private)
    cells: list[Cell] = []
    for name in texts.PRIVATE_COLUMNS:
        value = values.get(name)
        if value is None or value is msgspec.UNSET:
            cells.append(None)
        elif name in _BOOLEANS:
            cells.append(words["yes"] if value else words["no"])
        elif name == "benefits":
            cells.append(", ".join(labels["benefits"].get(v, v) for v in value))
        elif name in labels:
            cells.append(labels[name].get(value, value))
        elif isinstance(value, int):
            cells.append(value)
        else:
            cells.append(str(value))
    return cells
