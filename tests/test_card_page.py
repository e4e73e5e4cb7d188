"""The printable skills card page: who may open it, what it says, in which language."""

from __future__ import annotations

import html
import re
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_cvs import (
    PRIVATE_MARKER,
    make_card_world,
    observe,
    pdf_bytes,
    put_pdf,
    review_and_consent,
    structured_cv,
)
from tests.factories_registrations import make_candidate
from tests.pages import error_code


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


async def test_staff_open_the_card_page_in_plain_french_with_the_draft_marked(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3, note="Recommence seul")
    await client.put(
        f"/api/v1/candidates/{world.candidate_id}/cv",
        headers=world.staff.coach,
        json=structured_cv(),
    )

    response = await client.get(f"/cards/{world.candidate_id}", headers=world.staff.coach)

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-language"] == "fr"
    assert "no-store" in response.headers["cache-control"]
    text = _text(response.text)
    assert '<html lang="fr">' in response.text
    assert "Carte de compétences" in text
    assert "Łukasz Traoré" in text
    assert "Persévérance" in text and "3 sur 4" in text
    assert "Recommence seul" in text
    assert "Brouillon" in text
    assert world.event["title"] in text
    assert "Commis de cuisine, prêt à apprendre" in text
    assert "arabe (langue maternelle)" in text
    assert "@media print" in response.text
    assert PRIVATE_MARKER not in response.text


async def test_the_card_page_is_in_english_with_lang_en(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="team_spirit", level=2)

    response = await client.get(f"/cards/{world.candidate_id}?lang=en", headers=world.staff.coach)

    assert response.status_code == 200
    assert response.headers["content-language"] == "en"
    text = _text(response.text)
    assert "Skills card" in text and "Teamwork" in text and "2 of 4" in text
    assert "Cooperates when asked to." in text
    assert "Draft" in text


async def test_an_allowed_recruiter_sees_the_reviewed_card_page_and_the_view_is_logged(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3)
    await put_pdf(client, world.staff.coach, world.candidate_id, pdf_bytes(2))
    await review_and_consent(client, world)
    await observe(client, world, skill="leadership", level=4)

    response = await client.get(f"/cards/{world.candidate_id}", headers=world.attending.headers)

    assert response.status_code == 200
    text = _text(response.text)
    assert "Persévérance" in text and "Leadership" not in text
    assert "Relue par un coach" in text and "Brouillon" not in text
    # The level explained in one line: what level 3 of perseverance looks like.
    assert "Recommence seul après un échec et va au bout de l'exercice." in text
    assert "Va au bout même quand c'est dur" not in text  # only the reached level's line
    assert "Łukasz T." in text and "Traoré" not in text
    assert "CV envoyé en PDF (2 pages)" in text
    assert f"/api/v1/candidates/{world.candidate_id}/cv.pdf?lang=fr" in response.text
    assert PRIVATE_MARKER not in response.text
    views = await pool.fetch(
        "select data from audit_log where action = 'cv.view' and subject_id = $1",
        UUID(world.candidate_id),
    )
    assert [v["data"]["channel"] for v in views] == ["page"]


async def test_recruiter_of_a_company_that_did_not_attend_gets_404_for_the_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3)
    await review_and_consent(client, world)

    response = await client.get(f"/cards/{world.candidate_id}", headers=world.outsider.headers)

    assert response.status_code == 404
    assert error_code(response) == "candidate_not_found"
    assert "Cette personne candidate est introuvable." in _text(response.text)


async def test_a_recruiter_of_an_attending_company_gets_404_without_consent(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3)
    reviewed = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/skills-card/review", headers=world.staff.coach
    )
    assert reviewed.status_code == 200

    response = await client.get(f"/cards/{world.candidate_id}", headers=world.attending.headers)

    assert response.status_code == 404
    assert error_code(response) == "candidate_not_found"
    assert "Cette personne candidate est introuvable." in _text(response.text)


async def test_staff_of_another_organisation_get_404_for_the_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    own = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, own.organiser)

    response = await client.get(f"/cards/{candidate_id}", headers=other.organiser)

    assert response.status_code == 404
    assert error_code(response) == "candidate_not_found"
    assert "Cette personne candidate est introuvable." in _text(response.text)


async def test_the_page_escapes_what_staff_typed_and_says_when_there_is_no_cv(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser, first_name="<script>x</script>")

    response = await client.get(f"/cards/{candidate_id}", headers=staff.coach)

    assert response.status_code == 200
    assert "<script>x</script>" not in response.text
    assert "&lt;script&gt;" in response.text
    text = _text(response.text)
    assert "Pas de CV : ce n'est pas obligatoire." in text
    assert "Pas encore d'observation." in text
