"""The statistics report an organiser sends to a funder: an A4 PDF of an event's or a
programme's figures, the sections of ``events.statistics.report`` (the page's), each as a table
and a bar chart, with the suppression rule written at the end. Counts only: no personal data.

Rendering is CPU-bound: callers run it in a thread."""

from __future__ import annotations

from datetime import datetime
from typing import Final
from zoneinfo import ZoneInfo

from fpdf import FPDF

from events.documents import pdf as kit
from events.i18n import Language
from events.statistics import report
from events.statistics.figures import Figures
from events.statistics.texts import WORDS

MARGIN: Final = 15.0
WIDTH: Final = kit.A4_WIDTH - 2 * MARGIN
BOTTOM: Final = kit.A4_HEIGHT - MARGIN
ROW: Final = 6.5
BAR: Final = (29, 79, 145)  # the page's bar colour
TRACK: Final = (229, 231, 235)
_ZONE: Final = ZoneInfo("Europe/Paris")


def _room(doc: FPDF, height: float) -> None:
    if doc.get_y() + height > BOTTOM:
        doc.add_page()


def _paragraph(doc: FPDF, text: str, size: float = 9, *, muted: bool = False) -> None:
    kit.font(doc, size, muted=muted)
    doc.set_x(MARGIN)
    doc.multi_cell(WIDTH, 4.6, text=text)
    doc.ln(1.5)


def _table(doc: FPDF, section: report.Section) -> None:
    columns = len(section.columns)
    # The labels' column as wide as its longest label (at most 60 %), the others share the rest.
    kit.font(doc, 8.5)
    longest = max((doc.get_string_width(r.label) for r in section.rows), default=20.0)
    first = min(WIDTH * 0.6, longest + 6)
    other = (WIDTH - first) / max(columns - 1, 1)
    widths = [first, *([other] * (columns - 1))]
    _room(doc, ROW * 2)
    doc.set_fill_color(*TRACK)
    doc.set_x(MARGIN)
    for index, (width, header) in enumerate(zip(widths, section.columns, strict=True)):
        size = kit.fitted_size(doc, header, width - 2, 8.5, bold=True, least=6)
        kit.font(doc, size, bold=True)
        doc.cell(width, ROW, text=header, border=1, fill=True, align="R" if index else "L")
    doc.ln(ROW)
    for row in section.rows:
        _room(doc, ROW)
        doc.set_x(MARGIN)
        kit.font(doc, 8.5)
        doc.cell(first, ROW, text=row.label, border=1)
        for width, text in zip(widths[1:], row.cells, strict=False):
            doc.cell(width, ROW, text=text, border=1, align="R")
        doc.ln(ROW)
    doc.ln(2)


def _chart(doc: FPDF, section: report.Section) -> None:
    if not section.bars:
        return
    label_width = WIDTH * 0.42
    track = WIDTH - label_width - 22
    height = 6.0
    _room(doc, 6 + height * len(section.bars))
    kit.font(doc, 8.5, bold=True)
    doc.set_x(MARGIN)
    doc.cell(WIDTH, 5, text=section.chart_title or "")
    doc.ln(5.5)
    for bar in section.bars:
        y = doc.get_y()
        kit.font(doc, 8.5)
        doc.set_xy(MARGIN, y)
        doc.cell(label_width, height, text=bar.label)
        doc.set_fill_color(*TRACK)
        doc.rect(MARGIN + label_width, y + 1.2, track, height - 2.4, style="F")
        if bar.percent:
            doc.set_fill_color(*BAR)
            doc.rect(MARGIN + label_width, y + 1.2, track * bar.percent / 100, height - 2.4, "F")
        doc.set_xy(MARGIN + label_width + track + 2, y)
        doc.cell(20, height, text=bar.text, align="R")
        doc.set_y(y + height)
    doc.ln(3)


def document(
    figures: Figures, language: Language, now: datetime, *, what: str, name: str, line: str
) -> bytes:
    """The report of ``figures``: ``what`` is "event" or "programme", ``name`` its title and
    ``line`` what is said under it (the date, or the funder and dates)."""
    words = WORDS[language]
    doc = kit.new(f"{words['report_title']} — {name}", language, now, margin=MARGIN)
    doc.add_page()
    kit.font(doc, 16, bold=True)
    doc.set_x(MARGIN)
    doc.multi_cell(WIDTH, 7.5, text=words["report_title"])
    kit.font(doc, 12, bold=True)
    doc.set_x(MARGIN)
    colon = "\u00a0:" if language == "fr" else ":"
    doc.multi_cell(WIDTH, 6, text=f"{words[what]}{colon} {name}")
    if line:
        _paragraph(doc, line, 10)
    made = kit.day(now.astimezone(_ZONE), language)
    _paragraph(doc, f"{words['report_made']} {made}", 9, muted=True)
    _paragraph(doc, words["statistics_intro"])
    _paragraph(doc, words["statistics_counting"], muted=True)
    if what == "programme":
        _paragraph(doc, words["programme_counting"], muted=True)
    for section in report.sections(figures, language):
        _room(doc, 30)
        doc.ln(2)
        kit.font(doc, 12, bold=True)
        doc.set_x(MARGIN)
        doc.multi_cell(WIDTH, 6, text=section.title)
        doc.ln(1)
        if section.note:
            _paragraph(doc, section.note, 8.5, muted=True)
        _table(doc, section)
        _chart(doc, section)
    _room(doc, 20)
    _paragraph(doc, words["suppression_rule"], 8.5, muted=True)
    return bytes(doc.output())
