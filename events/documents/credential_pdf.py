"""A skills badge on paper, for staff to hand to its holder (issue 15 §4): one A4 page saying in
plain words what the credential says — the holder's name as they chose it, who issued it and
when, each skill with its level and what that level looks like — and a QR code of its public
verification page ``/verify/{credential id}``, where anyone sees whether it is still valid.

It says only what the signed credential says (read back with ``checking.said``): never an
event's title nor a note. Rendering is CPU-bound: callers run it in a thread."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any, Final

from events.credentials import checking
from events.documents import pdf as kit
from events.i18n import Language
from events.tickets import qr

QR_SIZE: Final = 50.0

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "title": "Badge de compétences",
        "for": "Pour",
        "issued": "Délivré par {issuer}, le {date}.",
        "skills": "Ce que des coachs ont vu",
        "level": "Niveau {level} sur 4",
        "qr": "Code QR de la page qui vérifie ce badge",
        "scan": "Scannez ce code pour vérifier ce badge\u00a0:",
        "check": (
            "Ce badge est signé. La page de vérification dit s'il est valable, retiré ou modifié. "
            "Son titulaire le montre à qui il veut."
        ),
        "colon": "\u00a0:",
    },
    "en": {
        "title": "Skills badge",
        "for": "For",
        "issued": "Issued by {issuer} on {date}.",
        "skills": "What coaches saw",
        "level": "Level {level} of 4",
        "qr": "QR code of the page that checks this badge",
        "scan": "Scan this code to check this badge:",
        "check": (
            "This badge is signed. The verification page says whether it is valid, withdrawn or "
            "changed. Its holder shows it to whoever they want."
        ),
        "colon": ":",
    },
}


def document(
    credential: dict[str, Any], *, verify_url: str, issued_at: datetime, language: Language
) -> bytes:
    """The page of ``credential``, its QR code leading to ``verify_url``."""
    words = WORDS[language]
    said = checking.said(credential)
    doc = kit.new(words["title"], language, issued_at, margin=18)
    doc.add_page()
    left, width = 18.0, kit.A4_WIDTH - 36
    kit.font(doc, 24, bold=True)
    doc.set_xy(left, 20)
    doc.cell(width, 11, words["title"])
    kit.font(doc, 12, muted=True)
    doc.set_xy(left, 34)
    doc.cell(width, 7, words["for"])
    size = kit.fitted_size(doc, said.holder, width, 22, bold=True, least=12)
    kit.font(doc, size, bold=True)
    doc.set_xy(left, 41)
    doc.cell(width, 10, said.holder)
    kit.font(doc, 11)
    doc.set_xy(left, 53)
    issued = words["issued"].format(issuer=said.issuer_name, date=kit.day(issued_at, language))
    for line in kit.lines(doc, issued, width, 2):
        doc.set_x(left)
        doc.cell(width, 6, line, new_x="LMARGIN", new_y="NEXT")
    top = doc.get_y() + 6
    kit.font(doc, 15, bold=True)
    doc.set_xy(left, top)
    doc.cell(width, 8, words["skills"])
    top += 11
    bottom = kit.A4_HEIGHT - 18 - QR_SIZE - 16
    for skill in said.skills:
        if top > bottom - 18:
            break
        kit.font(doc, 13, bold=True)
        doc.set_xy(left, top)
        heading = f"{skill.name.capitalize()} — {words['level'].format(level=skill.level)}"
        doc.cell(width, 7, heading)
        top += 7
        for text, muted in ((skill.anchor, False), (skill.evidence, True)):
            if not text:
                continue
            kit.font(doc, 10.5, muted=muted)
            for line in kit.lines(doc, text, width, 3):
                doc.set_xy(left, top)
                doc.cell(width, 5, line)
                top += 5
        top += 4
    qr_top = kit.A4_HEIGHT - 18 - QR_SIZE
    doc.image(
        io.BytesIO(qr.png(verify_url)),
        x=left,
        y=qr_top,
        w=QR_SIZE,
        h=QR_SIZE,
        alt_text=words["qr"],
    )
    text_left = left + QR_SIZE + 6
    text_width = width - QR_SIZE - 6
    kit.font(doc, 11, bold=True)
    doc.set_xy(text_left, qr_top + 2)
    for line in kit.lines(doc, words["scan"], text_width, 2):
        doc.set_x(text_left)
        doc.cell(text_width, 6, line, new_x="LEFT", new_y="NEXT")
    kit.font(doc, 9)
    for line in kit.lines(doc, verify_url, text_width, 2):
        doc.set_x(text_left)
        doc.cell(text_width, 5, line, new_x="LEFT", new_y="NEXT")
    kit.font(doc, 9.5, muted=True)
    doc.set_y(doc.get_y() + 3)
    for line in kit.lines(doc, words["check"], text_width, 4):
        doc.set_x(text_left)
        doc.cell(text_width, 5, line, new_x="LEFT", new_y="NEXT")
    return bytes(doc.output())
