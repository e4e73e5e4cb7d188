"""One PDF for a recruiter: the CV (the uploaded pages as they are, or the structured CV set on
the uniform template) followed by the skills card page. CPU-bound: callers run it in a thread.

Text is set in Roboto, embedded from the ``font-roboto`` package: the PDF core fonts know only
Latin-1, and candidates' names need more (Łukasz, Şükrü, Nguyễn). Nothing is downloaded.
"""

from __future__ import annotations

import io
import logging
from datetime import datetime

import font_roboto
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pypdf import PdfReader, PdfWriter

from events.cvs import texts
from events.cvs.structured import StructuredCv
from events.i18n import Language
from events.skills_cards.card import SkillsCard

# fpdf2 subsets the font with fontTools, which logs each step at INFO: a dozen lines per PDF.
logging.getLogger("fontTools").setLevel(logging.WARNING)

_FONT = "Roboto"
_INK = (17, 17, 17)
_MUTED = (90, 90, 90)
_LINE = 6.0  # mm


def document(
    *,
    name: str,
    structured: StructuredCv | None,
    uploaded: bytes | None,
    card: SkillsCard | None,
    language: Language,
    now: datetime,
) -> bytes:
    """The CV pages, then one skills card page; with no CV at all, the card page alone."""
    card_pdf = _new(name, language, now)
    if structured is not None:
        _structured_cv(card_pdf, name, structured, language)
    _card_page(card_pdf, name, card, language)
    rendered = bytes(card_pdf.output())
    if uploaded is None:
        return rendered
    writer = PdfWriter()
    original = PdfReader(io.BytesIO(uploaded), strict=False)
    if original.is_encrypted:
        # Stored files opened with an empty password (checked at upload); others never get here.
        original.decrypt("")
    writer.append(original)
    writer.append(PdfReader(io.BytesIO(rendered)))
    writer.add_metadata({"/Title": f"{name} — {texts.CARD[language]['title']}"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _new(name: str, language: Language, now: datetime) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(now)
    pdf.set_lang(language)
    pdf.set_title(f"{name} — {texts.CARD[language]['title']}")
    pdf.set_creator("Rencontres")
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_font(_FONT, "", font_roboto.Roboto)
    pdf.add_font(_FONT, "B", font_roboto.RobotoBold)
    pdf.set_text_color(*_INK)
    return pdf


def _write(
    pdf: FPDF,
    text: str,
    *,
    size: float = 11,
    bold: bool = False,
    muted: bool = False,
    height: float = _LINE,
) -> None:
    pdf.set_font(_FONT, "B" if bold else "", size)
    pdf.set_text_color(*(_MUTED if muted else _INK))
    pdf.multi_cell(0, height, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
    pdf.set_text_color(*_INK)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    _write(pdf, text, size=13, bold=True, height=7)
    y = pdf.get_y()
    pdf.set_draw_color(*_MUTED)
    pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
    pdf.ln(1.5)


def _structured_cv(pdf: FPDF, name: str, cv: StructuredCv, language: Language) -> None:
    words = texts.CV[language]
    pdf.add_page()
    _write(pdf, name, size=20, bold=True, height=9)
    _write(pdf, cv.headline, size=14, height=7)
    if cv.postcode:
        _write(
            pdf,
            f"{words['postcode']} : {cv.postcode}"
            if language == "fr"
            else f"{words['postcode']}: {cv.postcode}",
            muted=True,
        )
    for title, items in (
        (words["experiences"], cv.experiences),
        (words["trainings"], cv.trainings),
    ):
        if not items:
            continue
        _heading(pdf, title)
        for item in items:
            where = getattr(item, "employer", None) or getattr(item, "organisation", None)
            line = " — ".join(part for part in (item.title, where, item.place) if part)
            _write(pdf, line, bold=True)
            when = texts.span(item.start, item.end, language)
            if when:
                _write(pdf, when, size=10, muted=True)
            if item.description:
                _write(pdf, item.description, size=10)
            pdf.ln(1.5)
    facts: list[tuple[str, str]] = []
    if cv.languages:
        facts.append(
            (
                words["languages"],
                ", ".join(
                    f"{entry.language} ({_level(entry.level, words)})" for entry in cv.languages
                ),
            )
        )
    if cv.driving_licences:
        facts.append((words["licences"], ", ".join(cv.driving_licences)))
    if cv.mobility is not None:
        parts = [texts.TRANSPORT[language][t] for t in cv.mobility.transport]
        if cv.mobility.radius_km is not None:
            parts.append(words["radius"].format(km=cv.mobility.radius_km))
        if parts:
            facts.append((words["mobility"], ", ".join(parts)))
    if cv.sectors:
        facts.append((words["sectors"], ", ".join(cv.sectors)))
    for title, text in facts:
        _heading(pdf, title)
        _write(pdf, text)


def _card_page(pdf: FPDF, name: str, card: SkillsCard | None, language: Language) -> None:
    words = texts.CARD[language]
    pdf.add_page()
    _write(pdf, words["title"], size=20, bold=True, height=9)
    _write(pdf, name, size=14, height=7)
    if card is None or not card.skills:
        pdf.ln(4)
        _write(pdf, words["empty"])
        return
    _write(pdf, words["version"].format(date=texts.day(card.updated_at, language)), muted=True)
    if card.review.status == "reviewed" and card.review.at is not None:
        _write(pdf, words["reviewed"].format(date=texts.day(card.review.at, language)), muted=True)
    else:
        _write(pdf, words["draft"], bold=True)
    pdf.ln(2)
    _write(pdf, words["intro"], size=10)
    pdf.ln(3)
    pdf.set_font(_FONT, "", 10.5)
    with pdf.table(
        col_widths=(70, 42, 32, 30),
        text_align=("LEFT", "LEFT", "CENTER", "CENTER"),
        line_height=7,
        first_row_as_headings=True,
    ) as table:
        header = table.row()
        for cell in (words["skill"], words["level"], words["observations"], words["observers"]):
            header.cell(cell)
        for line in card.skills:
            row = table.row()
            row.cell(texts.label(line.label_fr, line.label_en, language))
            row.cell(words["level_of"].format(level=line.level))
            row.cell(str(line.observations))
            row.cell(str(line.observers))
    events = {event.id: event for line in card.skills for event in line.events}
    if events:
        _heading(pdf, words["events"])
        for event in sorted(events.values(), key=lambda e: e.starts_at):
            _write(pdf, f"{event.title} — {texts.day(event.starts_at, language)}", size=10.5)
    pdf.ln(3)
    _write(pdf, words["scale"], size=9, muted=True)


def _level(level: str, words: dict[str, str]) -> str:
    return words["native"] if level == "native" else level
