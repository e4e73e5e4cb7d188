"""What the printed documents share: an A4 page set in Roboto (embedded from the ``font-roboto``
package: the PDF core fonts know only Latin-1, names need more), real text (a reader can search
and copy it, a test can read it back), and small helpers to fit words into a box.

Rendering is CPU-bound: callers run it in a thread (``asyncio.to_thread``)."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Final, cast

import font_roboto
from fpdf import FPDF
from fpdf.enums import MethodReturnValue

from events import catalog, i18n
from events.i18n import Language

# fpdf2 subsets the font with fontTools, which logs each step at INFO: a dozen lines per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

FONT: Final = "Roboto"
INK: Final = (17, 17, 17)
MUTED: Final = (90, 90, 90)
FAINT: Final = (170, 170, 170)
A4_WIDTH: Final = 210.0
A4_HEIGHT: Final = 297.0


def new(title: str, language: Language, now: datetime, *, margin: float = 12) -> FPDF:
    """An empty A4 document, its metadata set; no automatic page break (each document lays
    out its own pages)."""
    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_creation_date(now)
    pdf.set_lang(language)
    pdf.set_title(title)
    pdf.set_creator("Rencontres")
    pdf.set_margins(margin, margin, margin)
    pdf.set_auto_page_break(auto=False)
    pdf.add_font(FONT, "", font_roboto.Roboto)
    pdf.add_font(FONT, "B", font_roboto.RobotoBold)
    pdf.set_text_color(*INK)
    pdf.set_font(FONT, "", 10)
    return pdf


def font(pdf: FPDF, size: float, *, bold: bool = False, muted: bool = False) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    pdf.set_text_color(*(MUTED if muted else INK))


def fitted_size(
    pdf: FPDF, text: str, width: float, size: float, *, bold: bool, least: float
) -> float:
    """The largest font size, from ``size`` down to ``least``, at which ``text`` fits on one
    line of ``width``."""
    while size > least:
        pdf.set_font(FONT, "B" if bold else "", size)
        if pdf.get_string_width(text) <= width:
            return size
        size -= 1
    return least


def lines(pdf: FPDF, text: str, width: float, most: int) -> list[str]:
    """``text`` broken into lines of ``width`` in the current font, at most ``most`` of them
    (the last one cut with an ellipsis)."""
    broken = cast(
        list[str], pdf.multi_cell(width, text=text, dry_run=True, output=MethodReturnValue.LINES)
    )
    if len(broken) <= most:
        return broken
    kept = broken[:most]
    last = kept[-1]
    while last and pdf.get_string_width(last + "…") > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + "…"
    return kept


def place(event: catalog.EventRow, online: str, language: Language) -> str:
    """Where the event is, on one line: the venue and its address, else its link."""
    if event.venue is not None:
        venue = event.venue
        return f"{venue.name}, {venue.address}, {venue.postcode} {venue.city}"
    if event.online_url:
        colon = "\u00a0:" if language == "fr" else ":"
        return f"{online}{colon} {event.online_url}"
    return ""


def when(event: catalog.EventRow, language: Language) -> str:
    return i18n.when(event.starts_at, event.ends_at, event.timezone, language)


def day(moment: datetime, language: Language) -> str:
    """A day in words, « 5 mai 2026 »."""
    return f"{moment.day} {i18n.MONTHS[language][moment.month - 1]} {moment.year}"


def short_name(first_name: str | None, last_name: str | None) -> str:
    """« Zoé N. »: a first name and the initial of the last name."""
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    return f"{first} {last[0]}." if first and last else first or last


def split_name(full_name: str) -> tuple[str, str]:
    """A full name (an account's) as first name and the rest."""
    first, _, rest = full_name.strip().partition(" ")
    return first, rest.strip()
