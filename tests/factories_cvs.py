"""CV bodies and PDF files for the CV tests; candidates with a skills card a recruiter may see."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

import font_roboto
from fpdf import FPDF
from httpx import AsyncClient, Response
from pypdf import PdfReader

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_directory import Recruiter, make_recruiter
from tests.factories_registrations import make_candidate, make_published_event, register

PRIVATE_MARKER = "rsa-secret-marker-cv"


def structured_cv(**overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "headline": "Commis de cuisine, prêt à apprendre",
        "experiences": [
            {
                "title": "Aide-cuisinier",
                "employer": "Restaurant Le Damas",
                "place": "Lyon",
                "start": "2021-03",
                "end": "2023",
                "description": "Mise en place, plonge, préparation des entrées.",
            }
        ],
        "trainings": [
            {"title": "Hygiène alimentaire HACCP", "organisation": "GRETA", "end": "2024"}
        ],
        "languages": [
            {"language": "arabe", "level": "native"},
            {"language": "français", "level": "B1"},
        ],
        "driving_licences": ["B"],
        "mobility": {"transport": ["public_transport", "bicycle"], "radius_km": 25},
        "sectors": ["restauration", "agroalimentaire"],
        "postcode": "69003",
    }
    body.update(overrides)
    return body


def pdf_bytes(pages: int = 3, *, text: str = "Curriculum vitae") -> bytes:
    """A real PDF made with fpdf2, one line of ``text`` and its page number on each page."""
    pdf = FPDF()
    pdf.add_font("Roboto", "", font_roboto.Roboto)
    pdf.set_font("Roboto", size=14)
    for number in range(1, pages + 1):
        pdf.add_page()
        pdf.cell(0, 10, f"{text} — page {number}")
    return bytes(pdf.output())


def pages_text(content: bytes) -> list[str]:
    """The text of each page, whitespace folded (pypdf spaces glyph runs unevenly)."""
    reader = PdfReader(io.BytesIO(content))
    return [re.sub(r"\s+", " ", page.extract_text()) for page in reader.pages]


async def put_pdf(
    client: AsyncClient,
    headers: dict[str, str],
    candidate_id: Any,
    content: bytes,
    *,
    filename: str = "cv.pdf",
    content_type: str = "application/pdf",
    data: dict[str, Any] | None = None,
) -> Response:
    return await client.put(
        f"/api/v1/candidates/{candidate_id}/cv",
        headers=headers,
        files={"file": (filename, content, content_type)},
        data=data or {},
    )


async def stored_cv(pool: Any, candidate_id: Any) -> dict[str, Any] | None:
    row = await pool.fetchrow("select * from cvs where candidate_id = $1", UUID(str(candidate_id)))
    return None if row is None else dict(row)


@dataclass
class CardWorld:
    """A candidate registered to a published event by their organisation's staff, with a private
    situation; a company registered to the same event with a recruiter (``attending``), and a
    recruiter of a company that did not register (``outsider``)."""

    staff: Staff
    event: dict[str, Any]
    candidate_id: str
    attending: Recruiter
    outsider: Recruiter
    observed: list[dict[str, Any]] = field(default_factory=list)


async def make_card_world(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    *,
    first_name: str = "Łukasz",
    last_name: str = "Traoré",
) -> CardWorld:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(
        client,
        staff.organiser,
        first_name=first_name,
        last_name=last_name,
        private={"benefits": ["rsa"], "other_barriers": PRIVATE_MARKER},
    )
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    attending = await make_recruiter(pool, settings, client)
    await register(client, staff.organiser, event["id"], company_id=str(attending.company.id))
    outsider = await make_recruiter(pool, settings, client)
    return CardWorld(staff, event, candidate_id, attending, outsider)


async def observe(
    client: AsyncClient, world: CardWorld, *, skill: str, level: int, note: str | None = None
) -> None:
    body: dict[str, Any] = {"candidate_id": world.candidate_id, "skill": skill, "level": level}
    if note:
        body["note"] = note
    response = await client.post(
        f"/api/v1/events/{world.event['id']}/observations", headers=world.staff.coach, json=body
    )
    assert response.status_code == 201, response.text
    world.observed.append(body)


async def review_and_consent(client: AsyncClient, world: CardWorld) -> None:
    """The coach reviews the current card and records the candidate's consent for them."""
    reviewed = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/skills-card/review", headers=world.staff.coach
    )
    assert reviewed.status_code in (200, 201), reviewed.text
    consent = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/consent",
        headers=world.staff.coach,
        json={"recruiters": True},
    )
    assert consent.status_code in (200, 201), consent.text
