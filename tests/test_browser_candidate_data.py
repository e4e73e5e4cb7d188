"""The person's data from their own page in a real Chromium on a phone: "Voir mes données", a
wrong code refused in plain words, the right code, the PDF, a comment beside an observation.
axe finds no serious or critical violation on each step; screenshots at 360 and 1280 px in
``tests/output/candidate/``."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.browser import (
    OUTPUT,
    LiveServer,
    browser,
    live_server,
    phone,
    screenshots,
    serious_accessibility_violations,
)
from tests.test_data_export import seed_rich

__all__ = ["browser", "live_server", "phone"]  # fixtures, used by name

FOLDER = OUTPUT / "candidate"


async def _checked(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{name}: {width} px wide on a phone"
    await screenshots(page, FOLDER, name)


async def test_a_candidate_opens_their_data_with_the_code_and_comments_an_observation(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, phone: Any
) -> None:
    r = await seed_rich(client, pool, settings)
    response = await phone.goto(f"{live_server.url}/t/{r.token}/moi")
    assert response.status == 200
    views = await phone.inner_text("#views")
    assert " à " in views and "Heure de Paris" in views
    await _checked(phone, "candidate-page-views")

    await phone.get_by_role("link", name="Voir mes données").click()
    assert await phone.get_by_role("heading", name="Mes données", level=1).is_visible()
    await phone.get_by_label("Le code de mon billet").fill("ZZZZ-ZZZZ")
    await phone.get_by_role("button", name="Ouvrir mes données").click()
    error = await phone.inner_text("#code-error")
    assert "Ce n'est pas le bon code" in error and "4" in error
    assert r.last_name not in await phone.content()
    await _checked(phone, "candidate-data-code-wrong")

    await phone.get_by_label("Le code de mon billet").fill(r.short_code)
    await phone.get_by_role("button", name="Ouvrir mes données").click()
    await phone.wait_for_selector("#download")
    assert r.short_code not in phone.url
    await _checked(phone, "candidate-data")

    pdf = await phone.request.get(f"{live_server.url}/t/{r.token}/moi/donnees.pdf")
    assert pdf.status == 200 and (await pdf.body()).startswith(b"%PDF")

    first = phone.locator("#observations li").first
    await first.get_by_label("Mon avis sur cette observation").fill(
        "Ce jour-là j'étais malade, mais j'ai fini."
    )
    await first.get_by_role("button", name="Ajouter mon avis").click()
    await phone.wait_for_selector("#notice")
    assert "Votre avis est enregistré" in await phone.inner_text("#notice")
    assert "j'étais malade" in await phone.inner_text("#observations")
    await _checked(phone, "candidate-data-commented")

    await phone.get_by_role("link", name="English").click()
    assert await phone.get_by_role("heading", name="My data", level=1).is_visible()
    assert await serious_accessibility_violations(phone) == []
