"""Name badges, eight per A4 sheet (two columns of four, 90 by 55 mm, the size of badge holders),
with cut marks in the margins.

A candidate's badge: their first name, large, and the initial of their last name. At an
anonymous session (``events.bibs``) their bib number instead, very large, and no name: a
recruiter must not read one before the interest is mutual; the organiser hands the badges out
with the list of bibs (the bibs page), in number order. A company's: a badge per recruiter
account of the company (first name, initial, the company's name), or one with a line to write
the first name on. Confirmed registrations only, candidates first."""

from __future__ import annotations

from datetime import datetime
from typing import Final

import msgspec
from fpdf import FPDF

from events.documents import pdf as kit
from events.documents import texts
from events.documents.registrations import EventSheet, Participant
from events.i18n import Language

WIDTH: Final = 90.0
HEIGHT: Final = 55.0
COLUMNS: Final = 2
ROWS: Final = 4
PER_PAGE: Final = COLUMNS * ROWS
LEFT: Final = (kit.A4_WIDTH - COLUMNS * WIDTH) / 2
TOP: Final = (kit.A4_HEIGHT - ROWS * HEIGHT) / 2
PADDING: Final = 5.0
MARK: Final = 7.0  # length of a cut mark, outside the badges
MARK_GAP: Final = 2.0


class Badge(msgspec.Struct, frozen=True, kw_only=True):
    name: str  # "Zoé N.", or "" to write by hand
    company: str | None = None
    bib: str | None = None


def badges_of(participants: list[Participant]) -> list[Badge]:
    found: list[Badge] = []
    bibs = sorted(
        (p for p in participants if p.status == "confirmed" and p.role == "candidate" and p.bib),
        key=lambda p: int(p.bib or 0),
    )
    found.extend(Badge(name="", bib=p.bib) for p in bibs)
    for person in participants:
        if person.status != "confirmed" or (person.role == "candidate" and person.bib):
            continue
        if person.role == "candidate":
            found.append(Badge(name=kit.short_name(person.first_name, person.last_name)))
        elif person.recruiter_names:
            for full in person.recruiter_names:
                first, last = kit.split_name(full)
                found.append(Badge(name=kit.short_name(first, last), company=person.company_name))
        else:
            found.append(Badge(name="", company=person.company_name))
    return found


def document(sheet: EventSheet, language: Language, now: datetime) -> bytes:
    words = texts.WORDS[language]
    doc = kit.new(f"{words['badges']} — {sheet.event.title}", language, now)
    found = badges_of(sheet.participants)
    if not found:
        doc.add_page()
        kit.font(doc, 12)
        doc.cell(0, 10, words["nothing"])
        return bytes(doc.output())
    for start in range(0, len(found), PER_PAGE):
        doc.add_page()
        _cut_marks(doc)
        for index, badge in enumerate(found[start : start + PER_PAGE]):
            column, row = index % COLUMNS, index // COLUMNS
            _badge(doc, badge, sheet.event.title, words, LEFT + column * WIDTH, TOP + row * HEIGHT)
    return bytes(doc.output())


def _cut_marks(doc: FPDF) -> None:
    """Short lines in the margins where the sheet is cut: along every badge's edge."""
    doc.set_draw_color(*kit.INK)
    doc.set_line_width(0.2)
    right, bottom = LEFT + COLUMNS * WIDTH, TOP + ROWS * HEIGHT
    for column in range(COLUMNS + 1):
        x = LEFT + column * WIDTH
        doc.line(x, TOP - MARK_GAP - MARK, x, TOP - MARK_GAP)
        doc.line(x, bottom + MARK_GAP, x, bottom + MARK_GAP + MARK)
    for row in range(ROWS + 1):
        y = TOP + row * HEIGHT
        doc.line(LEFT - MARK_GAP - MARK, y, LEFT - MARK_GAP, y)
        doc.line(right + MARK_GAP, y, right + MARK_GAP + MARK, y)


def _badge(doc: FPDF, badge: Badge, title: str, words: dict[str, str], x: float, y: float) -> None:
    inner = WIDTH - 2 * PADDING
    # A faint outline helps to cut between the marks.
    doc.set_draw_color(*kit.FAINT)
    doc.set_line_width(0.1)
    doc.rect(x, y, WIDTH, HEIGHT)
    kit.font(doc, 8, muted=True)
    doc.set_xy(x + PADDING, y + PADDING)
    doc.cell(inner, 4, kit.lines(doc, title, inner, 1)[0], align="C")
    if badge.bib:
        # The number alone, as large as the badge allows: read from across a sports hall.
        kit.font(doc, 10, muted=True)
        doc.set_xy(x + PADDING, y + 10)
        doc.cell(inner, 5, words["bib"], align="C")
        size = kit.fitted_size(doc, badge.bib, inner, 96, bold=True, least=40)
        kit.font(doc, size, bold=True)
        doc.set_xy(x + PADDING, y + 16)
        doc.cell(inner, HEIGHT - 16 - PADDING, badge.bib, align="C")
    elif badge.name:
        size = kit.fitted_size(doc, badge.name, inner, 30, bold=True, least=12)
        kit.font(doc, size, bold=True)
        doc.set_xy(x + PADDING, y + 15)
        doc.cell(inner, 14, badge.name, align="C")
    else:
        doc.set_draw_color(*kit.MUTED)
        doc.line(x + PADDING + 5, y + 27, x + WIDTH - PADDING - 5, y + 27)
    if badge.company:
        size = kit.fitted_size(doc, badge.company, inner, 15, bold=False, least=8)
        kit.font(doc, size)
        doc.set_xy(x + PADDING, y + 34)
        doc.cell(inner, 8, badge.company, align="C")
    doc.set_draw_color(*kit.INK)
