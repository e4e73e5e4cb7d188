"""Small words on the printable card that read wrong: "(1 pages)", and a version date without
its full stop before the review's sentence."""

from __future__ import annotations

import re
from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.factories_cvs import make_card_world, observe, pdf_bytes, put_pdf, review_and_consent
from tests.pages import text_of


async def test_a_one_page_cv_is_one_page_and_the_version_date_ends_its_sentence(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3)
    await put_pdf(client, world.staff.coach, world.candidate_id, pdf_bytes(1))
    await review_and_consent(client, world)

    french = text_of(
        (await client.get(f"/cards/{world.candidate_id}", headers=world.staff.coach)).text
    )
    english = text_of(
        (await client.get(f"/cards/{world.candidate_id}?lang=en", headers=world.staff.coach)).text
    )

    assert "CV envoyé en PDF (1 page)." in french
    assert "pages)" not in french
    assert "CV sent as a PDF (1 page)." in english
    assert re.search(r"Version du \d{1,2} [a-zéû]+ \d{4}\. Relue par un coach le ", french), french
    assert re.search(r"Version of \d{1,2} [A-Za-z]+ \d{4}\. Reviewed by a coach on ", english)


async def test_a_cv_of_several_pages_keeps_the_plural(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_card_world(client, pool, settings)
    await put_pdf(client, world.staff.coach, world.candidate_id, pdf_bytes(3))
    page = await client.get(f"/cards/{world.candidate_id}", headers=world.staff.coach)
    assert "CV envoyé en PDF (3 pages)." in text_of(page.text)
