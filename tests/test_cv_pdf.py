"""cv.pdf read back with a real PDF parser: the CV pages, then the skills card page."""

from __future__ import annotations

import io
from typing import Any

from httpx import AsyncClient
from pypdf import PdfReader

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_cvs import (
    PRIVATE_MARKER,
    CardWorld,
    make_card_world,
    observe,
    pages_text,
    pdf_bytes,
    put_pdf,
    review_and_consent,
    structured_cv,
)
from tests.factories_registrations import make_candidate


async def _observed_world(client: AsyncClient, pool: Any, settings: Settings) -> CardWorld:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3, note="Recommence seul")
    await observe(client, world, skill="team_spirit", level=2)
    await observe(client, world, skill="team_spirit", level=2, note="Aide les autres")
    return world


def _pdf(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert "no-store" in response.headers["cache-control"]
    return pages_text(response.content)


async def test_a_three_page_upload_gives_four_pages_and_the_last_one_is_the_card(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _observed_world(client, pool, settings)
    uploaded = pdf_bytes(3, text="Expérience chez Boulangerie Łódź")
    assert (
        await put_pdf(client, world.staff.coach, world.candidate_id, uploaded)
    ).status_code == 200

    pages = _pdf(
        await client.get(
            f"/api/v1/candidates/{world.candidate_id}/cv.pdf", headers=world.staff.organiser
        )
    )

    assert len(pages) == 4
    for number in (1, 2, 3):
        assert f"Expérience chez Boulangerie Łódź — page {number}" in pages[number - 1]
    card = pages[-1]
    assert "Carte de compétences" in card
    assert "Łukasz Traoré" in card
    assert "Persévérance 3 sur 4" in card
    assert "Esprit d'équipe 2 sur 4" in card
    assert world.event["title"] in card
    assert "Brouillon" in card  # staff see the draft, and are told it is one


async def test_the_card_page_counts_observations_and_observers_per_skill(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _observed_world(client, pool, settings)

    pages = _pdf(
        await client.get(
            f"/api/v1/candidates/{world.candidate_id}/cv.pdf", headers=world.staff.coach
        )
    )

    # No CV at all: the card page alone. Columns: skill, level, observations, coaches.
    assert len(pages) == 1
    assert "Persévérance 3 sur 4 1 1" in pages[0]
    assert "Esprit d'équipe 2 sur 4 2 1" in pages[0]


async def test_a_structured_cv_is_set_on_the_template_before_the_card_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _observed_world(client, pool, settings)
    await client.put(
        f"/api/v1/candidates/{world.candidate_id}/cv",
        headers=world.staff.coach,
        json=structured_cv(),
    )

    pages = _pdf(
        await client.get(
            f"/api/v1/candidates/{world.candidate_id}/cv.pdf", headers=world.staff.coach
        )
    )

    assert len(pages) == 2
    cv = pages[0]
    for text in (
        "Łukasz Traoré",
        "Commis de cuisine, prêt à apprendre",
        "Aide-cuisinier — Restaurant Le Damas — Lyon",
        "mars 2021 \N{EN DASH} 2023",
        "Hygiène alimentaire HACCP",
        "arabe (langue maternelle), français (B1)",
        "transports en commun, vélo, jusqu'à 25 km",
        "restauration, agroalimentaire",
    ):
        assert text in cv, text
    assert "Persévérance 3 sur 4" in pages[-1]


async def test_the_card_page_is_in_english_on_request(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _observed_world(client, pool, settings)

    pages = _pdf(
        await client.get(
            f"/api/v1/candidates/{world.candidate_id}/cv.pdf?lang=en", headers=world.staff.coach
        )
    )

    assert "Skills card" in pages[-1]
    assert "Perseverance 3 of 4" in pages[-1]
    assert "Teamwork 2 of 4" in pages[-1]


async def test_an_allowed_recruiter_gets_the_reviewed_card_and_the_candidate_named_as_for_them(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _observed_world(client, pool, settings)
    await put_pdf(client, world.staff.coach, world.candidate_id, pdf_bytes(1))
    await review_and_consent(client, world)
    # A later observation makes a new draft: recruiters keep the reviewed version.
    await observe(client, world, skill="leadership", level=4)

    response = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/cv.pdf", headers=world.attending.headers
    )

    pages = _pdf(response)
    assert len(pages) == 2
    card = pages[-1]
    assert "Persévérance 3 sur 4" in card
    assert "Leadership" not in card
    assert "Relue par un coach" in card and "Brouillon" not in card
    assert "Łukasz T." in card and "Traoré" not in card
    assert PRIVATE_MARKER.encode() not in response.content
    views = await pool.fetch(
        "select data from audit_log where action = 'cv.view' and subject_id = $1",
        __import__("uuid").UUID(world.candidate_id),
    )
    assert [v["data"]["channel"] for v in views] == ["pdf"]


async def test_recruiter_of_a_company_that_did_not_attend_gets_404_for_the_pdf(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _observed_world(client, pool, settings)
    await review_and_consent(client, world)

    response = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/cv.pdf", headers=world.outsider.headers
    )

    assert response.status_code == 404
    assert response.json()["code"] == "candidate_not_found"


async def test_a_candidate_with_neither_cv_nor_observations_gets_a_card_page_saying_so(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser, first_name="Şükrü")

    response = await client.get(f"/api/v1/candidates/{candidate_id}/cv.pdf", headers=staff.coach)

    [page] = _pdf(response)
    assert "Şükrü" in page
    assert "Pas encore d'observation" in page
    assert PdfReader(io.BytesIO(response.content)).metadata.title.startswith("Şükrü")
