"""The attendance sheet (*feuille d'émargement*), A4: what FSE+ and PIC audits ask for, a line
per confirmed participant with a signature box per half-day.

Each page repeats the funder's header fields: the organisation, the event, the date, the place,
the co-funding line and the programme (blank lines to fill by hand while the event does not
say them), and page x of y. Candidates come first in name order, then the companies: a line
per recruiter account of the company, or one line where the person writes their name. A few
blank lines follow for people who came without registering, then the count and the
organiser's signature box.

The half-days are those the event spans in its own zone: the morning when it runs before noon,
the afternoon when it runs after 1 pm (or starts at noon or later). An event over several days
gets one sheet per day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Final
from zoneinfo import ZoneInfo

import msgspec
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from events.documents import pdf as kit
from events.documents import texts
from events.documents.registrations import EventSheet, Participant
from events.i18n import Language

NOON: Final = time(12, 0)
AFTERNOON: Final = time(13, 0)
ROW: Final = 10.0  # mm, room for a signature
HEAD_ROW: Final = 8.0
WALK_IN_ROWS: Final = 3
MARGIN: Final = 12.0
BOTTOM: Final = kit.A4_HEIGHT - MARGIN
ENDING: Final = 62.0  # mm the count, the certification and the signature box take


class Day(msgspec.Struct, frozen=True, kw_only=True):
    """One day of the event and the half-days it spans."""

    day: date
    morning: bool
    afternoon: bool


class Line(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    company: str
    # A company's line without a listed recruiter: the person writes their name.
    to_write: bool = False


def days(starts_at: datetime, ends_at: datetime, zone: str) -> list[Day]:
    """The days the event spans in its own zone, each with its half-days."""
    tz = ZoneInfo(zone)
    start, end = starts_at.astimezone(tz), ends_at.astimezone(tz)
    found = []
    current = start.date()
    while current <= end.date():
        midnight = datetime.combine(current, time(0), tz)
        part_start = max(start, midnight)
        part_end = min(end, datetime.combine(current + timedelta(days=1), time(0), tz))
        if part_end > part_start:
            noon = datetime.combine(current, NOON, tz)
            morning = part_start < noon
            afternoon = part_start >= noon or part_end > datetime.combine(current, AFTERNOON, tz)
            found.append(Day(day=current, morning=morning, afternoon=afternoon))
        current += timedelta(days=1)
    return found


def participant_lines(participants: list[Participant]) -> list[Line]:
    """Confirmed candidates, then companies' recruiters (the order the sheet receives them in:
    candidates first, each in name order)."""
    found = []
    for person in participants:
        if person.status != "confirmed":
            continue
        if person.role == "candidate":
            name = f"{person.last_name or ''} {person.first_name or ''}".strip()
            found.append(Line(name=name, company=""))
        elif person.recruiter_names:
            found += [
                Line(name=n, company=person.company_name or "") for n in person.recruiter_names
            ]
        else:
            found.append(Line(name="", company=person.company_name or "", to_write=True))
    return found


def document(
    sheet: EventSheet,
    language: Language,
    now: datetime,
    *,
    funder: str | None = None,
    programme: str | None = None,
) -> bytes:
    """The sheet, one section per day of the event. ``funder`` and ``programme`` fill the
    co-funding lines (left blank to write by hand when not known)."""
    words = texts.WORDS[language]
    event = sheet.event
    doc = kit.new(f"{words['attendance']} — {event.title}", language, now, margin=MARGIN)
    lines = participant_lines(sheet.participants)
    spans = days(event.starts_at, event.ends_at, event.timezone)
    confirmed = [p for p in sheet.participants if p.status == "confirmed"]
    counts = {
        "candidates": sum(1 for p in confirmed if p.role == "candidate"),
        "companies": sum(1 for p in confirmed if p.role == "company"),
    }
    for span in spans:
        header = _Header(
            sheet=sheet,
            words=words,
            language=language,
            span=span,
            several_days=len(spans) > 1,
            funder=funder,
            programme=programme,
        )
        header.draw(doc)
        for line in lines:
            if doc.get_y() + ROW > BOTTOM:
                header.draw(doc)
            header.row(doc, line)
        if doc.get_y() + HEAD_ROW + WALK_IN_ROWS * ROW > BOTTOM:
            header.draw(doc)
        kit.font(doc, 9, bold=True)
        doc.cell(0, HEAD_ROW, words["added"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        for _ in range(WALK_IN_ROWS):
            header.row(doc, Line(name="", company=""))
        if doc.get_y() + ENDING > BOTTOM:
            header.draw(doc, table=False)
        _ending(doc, words, counts, span)
    return bytes(doc.output())


class _Header:
    """The top of every page of one day's sheet, and that day's table."""

    def __init__(
        self,
        *,
        sheet: EventSheet,
        words: dict[str, str],
        language: Language,
        span: Day,
        several_days: bool,
        funder: str | None,
        programme: str | None,
    ) -> None:
        self.sheet, self.words, self.language, self.span = sheet, words, language, span
        self.several_days, self.funder, self.programme = several_days, funder, programme
        signatures = [
            words[key]
            for key, shown in (
                ("signature_morning", span.morning),
                ("signature_afternoon", span.afternoon),
            )
            if shown
        ]
        width = kit.A4_WIDTH - 2 * MARGIN
        if len(signatures) == 2:
            self.widths = [64.0, 42.0, 40.0, 40.0]
        else:
            self.widths = [72.0, 52.0, 62.0]
        self.widths[0] += width - sum(self.widths)
        self.titles = [words["participant"], words["company"], *signatures]

    def draw(self, doc: FPDF, *, table: bool = True) -> None:
        words, event = self.words, self.sheet.event
        doc.add_page()
        kit.font(doc, 15, bold=True)
        doc.cell(130, 8, words["attendance"])
        kit.font(doc, 9, muted=True)
        page = words["page"].format(page=doc.page_no(), pages="{nb}")
        doc.cell(0, 8, page, align="R", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        doc.ln(1)
        when = kit.when(event, self.language)
        if self.several_days:
            when = f"{kit.day(datetime.combine(self.span.day, NOON), self.language)} ({when})"
        fields = [
            (words["organisation"], self.sheet.organisation),
            (words["event"], event.title),
            (words["date"], when),
            (words["place"], kit.place(event, words["online"], self.language)),
            (words["funding"], self.funder),
            (words["programme"], self.programme),
        ]
        for label, value in fields:
            self._field(doc, label, value)
        doc.ln(3)
        if table:
            self._titles(doc)

    def _field(self, doc: FPDF, label: str, value: str | None) -> None:
        colon = "\u00a0:" if self.language == "fr" else ":"
        kit.font(doc, 9, bold=True)
        doc.cell(52, 6, label + colon)
        x, y = doc.get_x(), doc.get_y()
        right = kit.A4_WIDTH - MARGIN
        if value:
            kit.font(doc, 10)
            for text in kit.lines(doc, value, right - x, 2):
                doc.set_x(x)
                doc.cell(right - x, 6, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        else:
            # A line to write on.
            doc.set_draw_color(*kit.FAINT)
            doc.line(x, y + 5.2, right, y + 5.2)
            doc.set_draw_color(*kit.INK)
            doc.set_xy(MARGIN, y + 6)

    def _titles(self, doc: FPDF) -> None:
        kit.font(doc, 9, bold=True)
        doc.set_fill_color(230, 230, 230)
        for width, title in zip(self.widths, self.titles, strict=True):
            doc.cell(width, HEAD_ROW, title, border=1, fill=True, align="C")
        doc.ln(HEAD_ROW)

    def row(self, doc: FPDF, line: Line) -> None:
        doc.set_draw_color(*kit.INK)
        name_width, company_width = self.widths[0], self.widths[1]
        if line.to_write:
            kit.font(doc, 8, muted=True)
            doc.cell(name_width, ROW, self.words["write_name"], border=1)
        else:
            size = kit.fitted_size(doc, line.name, name_width - 3, 10, bold=False, least=7)
            kit.font(doc, size)
            doc.cell(name_width, ROW, line.name, border=1)
        size = kit.fitted_size(doc, line.company, company_width - 3, 9, bold=False, least=6)
        kit.font(doc, size)
        doc.cell(company_width, ROW, line.company, border=1)
        for width in self.widths[2:]:
            doc.cell(width, ROW, "", border=1)
        doc.ln(ROW)


def _ending(doc: FPDF, words: dict[str, str], counts: dict[str, int], span: Day) -> None:
    doc.ln(4)
    kit.font(doc, 10)
    total = counts["candidates"] + counts["companies"]
    doc.cell(
        0, 6, words["count"].format(total=total, **counts), new_x=XPos.LMARGIN, new_y=YPos.NEXT
    )
    both = span.morning and span.afternoon
    doc.cell(0, 6, words["present" if both else "present_one"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)
    kit.font(doc, 9, muted=True)
    doc.cell(0, 5, words["certify"], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    doc.ln(2)
    x, y = doc.get_x(), doc.get_y()
    width = kit.A4_WIDTH - 2 * MARGIN
    doc.rect(x, y, width, 34)
    kit.font(doc, 9, bold=True)
    doc.set_xy(x + 2, y + 2)
    doc.cell(width - 4, 5, words["organiser_box"])
    doc.set_xy(x, y + 36)
