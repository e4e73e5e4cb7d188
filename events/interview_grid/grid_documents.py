"""The organiser's grid as files: a CSV for French Excel (one line per interview, in time
order) and an A4 PDF (one section per company: each slot's time, table and candidate), both
made from ``plans.Grid``. Times are said in the event's own zone.

Rendering the PDF is CPU-bound: callers run it in a thread (``asyncio.to_thread``)."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from uuid import UUID
from zoneinfo import ZoneInfo

from fpdf.enums import XPos, YPos

from events.documents import pdf as kit
from events.documents.tables import Cell, Column, Table
from events.i18n import Language
from events.interview_grid.plans import Grid

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "title": "Grille d'entretiens",
        "file": "grille-entretiens",
        "starts": "Début",
        "ends": "Fin",
        "company": "Entreprise",
        "table": "Table",
        "candidate": "Personne",
        "time": "Heure",
        "free": "libre",
        "none": "Aucun entretien prévu pour l'instant.",
        "page": "Page {page} sur {pages}",
        "made": "Grille calculée le {date} à {time}",
    },
    "en": {
        "title": "Interview grid",
        "file": "interview-grid",
        "starts": "Start",
        "ends": "End",
        "company": "Company",
        "table": "Table",
        "candidate": "Candidate",
        "time": "Time",
        "free": "free",
        "none": "No interview planned yet.",
        "page": "Page {page} of {pages}",
        "made": "Grid computed on {date} at {time}",
    },
}
COLUMNS: Final = (
    Column(fr="Début", en="Start", width=18),
    Column(fr="Fin", en="End", width=18),
    Column(fr="Entreprise", en="Company", width=30),
    Column(fr="Table", en="Table", width=8),
    Column(fr="Personne", en="Candidate", width=30),
)
MARGIN: Final = 14.0
ROW: Final = 6.5
BOTTOM: Final = kit.A4_HEIGHT - MARGIN - 8


def table(grid: Grid, language: Language) -> Table:
    """One line per interview, by time, then company and table."""
    zone = ZoneInfo(grid.timezone)
    rows: list[list[Cell]] = [
        [
            i.starts_at.astimezone(zone),
            i.ends_at.astimezone(zone),
            i.company_name,
            i.table_no,
            i.candidate_name,
        ]
        for i in grid.interviews
    ]
    title: dict[Language, str] = {"fr": WORDS["fr"]["title"], "en": WORDS["en"]["title"]}
    return Table(title=title, columns=COLUMNS, rows=rows)


def file_name(grid: Grid, language: Language, extension: str) -> str:
    """The event's day and the words "interview grid": never a person's name."""
    day = min((s.starts_at for s in grid.slots), default=None)
    start = day.astimezone(ZoneInfo(grid.timezone)).date().isoformat() if day else ""
    return "-".join(p for p in (start, WORDS[language]["file"]) if p) + "." + extension


def _hour(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%H:%M")


def document(grid: Grid, language: Language, now: datetime) -> bytes:
    """The grid on A4: the event and the plan's date on top, then per company a table of its
    slots (time, table, candidate; a free table says so)."""
    words = WORDS[language]
    zone = ZoneInfo(grid.timezone)
    doc = kit.new(f"{words['title']} — {grid.title}", language, now, margin=MARGIN)
    width = kit.A4_WIDTH - 2 * MARGIN

    def page() -> None:
        doc.add_page()
        kit.font(doc, 14, bold=True)
        doc.cell(width, 8, f"{words['title']} — {grid.title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        kit.font(doc, 9, muted=True)
        if grid.plan is not None:
            made = grid.plan.solved_at.astimezone(zone)
            doc.cell(
                width,
                5,
                words["made"].format(date=kit.day(made, language), time=f"{made:%H:%M}"),
                new_x=XPos.LMARGIN,
                new_y=YPos.NEXT,
            )
        doc.ln(2)

    page()
    if not grid.interviews:
        kit.font(doc, 11)
        doc.cell(width, 8, words["none"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        return bytes(doc.output())
    booked = {(i.company_id, i.table_no, i.slot): i.candidate_name for i in grid.interviews}
    companies: dict[UUID, list[int]] = {}
    for t in grid.tables:
        companies.setdefault(t.company_id, []).append(t.table_no)
    names = {t.company_id: t.company_name for t in grid.tables}
    columns = (22.0, 18.0, width - 40.0)
    header = (words["time"], words["table"], words["candidate"])

    def head() -> None:
        kit.font(doc, 9, bold=True)
        for w, text in zip(columns, header, strict=True):
            doc.cell(w, ROW, text, border="B")
        doc.ln(ROW)

    for company_id, tables in companies.items():
        lines = [
            (slot, table_no)
            for slot in grid.slots
            for table_no in tables
            if (company_id, table_no, slot.index) in booked
        ]
        if not lines:
            continue
        if doc.get_y() + 10 + 3 * ROW > BOTTOM:
            page()
        kit.font(doc, 12, bold=True)
        doc.cell(width, 8, names[company_id], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        head()
        for slot, table_no in lines:
            if doc.get_y() + ROW > BOTTOM:
                page()
                kit.font(doc, 12, bold=True)
                doc.cell(width, 8, names[company_id], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                head()
            kit.font(doc, 10)
            doc.cell(
                columns[0], ROW, f"{_hour(slot.starts_at, zone)}\u2013{_hour(slot.ends_at, zone)}"
            )
            doc.cell(columns[1], ROW, str(table_no))
            doc.cell(columns[2], ROW, booked[(company_id, table_no, slot.index)])
            doc.ln(ROW)
        doc.ln(3)
    pages = doc.pages_count
    for number in range(1, pages + 1):
        doc.page = number
        kit.font(doc, 8, muted=True)
        doc.set_xy(MARGIN, kit.A4_HEIGHT - MARGIN - 4)
        doc.cell(width, 4, words["page"].format(page=number, pages=pages), align="R")
    return bytes(doc.output())
