"""All tickets of an event on A4 sheets, four per sheet (A6 each, dashed lines to cut along),
for people without a phone: the event, when and where, whose ticket it is (first name and
initial, or the company), the QR code and the short code to give at the door.

The QR code holds the live ticket's page (``links.ticket_url`` of the token stored with the
ticket, the same page its holder opens), which the door's scanner reads like the token alone.
Confirmed registrations only: a waitlisted or cancelled one has no ticket to print."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Final

from fpdf import FPDF

from events.documents import pdf as kit
from events.documents import texts
from events.documents.registrations import EventSheet, Participant
from events.i18n import Language
from events.tickets import qr

WIDTH: Final = kit.A4_WIDTH / 2
HEIGHT: Final = kit.A4_HEIGHT / 2
PER_PAGE: Final = 4
PADDING: Final = 8.0
QR_SIZE: Final = 52.0


def printable(participants: list[Participant]) -> list[Participant]:
    """The confirmed registrations with a live ticket."""
    return [p for p in participants if p.status == "confirmed" and p.ticket_url and p.short_code]


def document(sheet: EventSheet, language: Language, now: datetime) -> bytes:
    words = texts.WORDS[language]
    doc = kit.new(f"{words['tickets']} — {sheet.event.title}", language, now)
    found = printable(sheet.participants)
    if not found:
        doc.add_page()
        kit.font(doc, 12)
        doc.cell(0, 10, words["nothing"])
        return bytes(doc.output())
    when = kit.when(sheet.event, language)
    where = kit.place(sheet.event, words["online"], language)
    for start in range(0, len(found), PER_PAGE):
        doc.add_page()
        _cut_lines(doc)
        for index, person in enumerate(found[start : start + PER_PAGE]):
            x, y = (index % 2) * WIDTH, (index // 2) * HEIGHT
            _ticket(doc, sheet, person, language, when, where, x, y)
    return bytes(doc.output())


def _cut_lines(doc: FPDF) -> None:
    doc.set_draw_color(*kit.FAINT)
    doc.set_line_width(0.2)
    doc.set_dash_pattern(dash=2, gap=2)
    doc.line(WIDTH, 0, WIDTH, kit.A4_HEIGHT)
    doc.line(0, HEIGHT, kit.A4_WIDTH, HEIGHT)
    doc.set_dash_pattern()
    doc.set_draw_color(*kit.INK)


def _ticket(
    doc: FPDF,
    sheet: EventSheet,
    person: Participant,
    language: Language,
    when: str,
    where: str,
    x: float,
    y: float,
) -> None:
    inner = WIDTH - 2 * PADDING
    left = x + PADDING
    words = texts.WORDS[language]
    colon = "\u00a0:" if language == "fr" else ":"
    if person.role == "candidate":
        holder = kit.short_name(person.first_name, person.last_name)
    else:
        holder = person.company_name or ""
    kit.font(doc, 9, muted=True)
    doc.set_xy(left, y + PADDING)
    doc.cell(inner, 4, words["ticket_for"])
    size = kit.fitted_size(doc, holder, inner, 18, bold=True, least=10)
    kit.font(doc, size, bold=True)
    doc.set_xy(left, y + 12.5)
    doc.cell(inner, 8, holder)
    kit.font(doc, 12, bold=True)
    top = y + 23
    for line in kit.lines(doc, sheet.event.title, inner, 2):
        doc.set_xy(left, top)
        doc.cell(inner, 5.5, line)
        top += 5.5
    top += 1.5
    for label, text in ((words["when"], when), (words["where"], where)):
        if not text:
            continue
        kit.font(doc, 8, bold=True)
        label_width = doc.get_string_width(label + colon) + 1.5
        doc.set_xy(left, top)
        doc.cell(label_width, 4.5, label + colon)
        kit.font(doc, 9)
        for line in kit.lines(doc, text, inner - label_width, 2):
            doc.set_xy(left + label_width, top)
            doc.cell(inner - label_width, 4.5, line)
            top += 4.5
        top += 1
    assert person.ticket_url is not None  # printable() keeps those with a ticket  # noqa: S101
    doc.image(
        io.BytesIO(qr.png(person.ticket_url)),
        x=x + (WIDTH - QR_SIZE) / 2,
        y=y + 64,
        w=QR_SIZE,
        h=QR_SIZE,
        alt_text=words["qr"],
    )
    kit.font(doc, 8, muted=True)
    doc.set_xy(left, y + 117)
    doc.cell(inner, 4, words["code"], align="C")
    kit.font(doc, 20, bold=True)
    doc.set_xy(left, y + 121)
    doc.cell(inner, 9, person.short_code or "", align="C")
    kit.font(doc, 7.5, muted=True)
    top = y + 131
    for line in kit.lines(doc, words["code_help"], inner, 2):
        doc.set_xy(left, top)
        doc.cell(inner, 3.6, line, align="C")
        top += 3.6
    doc.set_xy(left, top + 0.8)
    organised = f"{words['organised_by']} {sheet.organisation}"
    doc.cell(inner, 3.6, kit.lines(doc, organised, inner, 1)[0], align="C")
