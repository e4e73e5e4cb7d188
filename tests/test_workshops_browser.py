"""Workshops in a real Chromium: a candidate on a 360 px phone signs up to a workshop from their
ticket page (no JavaScript needed), then the organiser sees the person on the workshops page and
signs another up for them. axe finds no serious or critical violation on either page;
screenshots at 360 and 1280 px go to ``tests/output/workshops/`` for a person to look at."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.browser import (
    OUTPUT,
    WIDTHS,
    LiveServer,
    browser,
    live_server,
    screenshots,
    serious_accessibility_violations,
)
from tests.factories import PASSWORD
from tests.test_workshops import make_forum, registered

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "workshops"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_a_candidate_signs_up_on_a_phone_and_the_organiser_sees_it(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    forum = await make_forum(client, pool, settings)
    _, token = await registered(client, forum, first_name="Awa")
    other, _ = await registered(client, forum, first_name="Bilal")
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{live_server.url}/t/{token}")
        await page.get_by_role("button", name="M'inscrire à « Écrire son CV »").click()
        await page.wait_for_url(f"**/t/{token}#workshops")
        section = page.locator("#workshops")
        assert "Vous êtes sur la liste." in await section.inner_text()
        assert await page.get_by_role(
            "button", name="Me désinscrire de « Écrire son CV »"
        ).is_visible()
        width = await page.evaluate("document.documentElement.scrollWidth")
        assert width <= WIDTHS[0], "the ticket page scrolls sideways on a phone"
        await _check(page, "ticket")

        await page.goto(f"{live_server.url}/login")
        await page.get_by_label("Votre adresse e-mail").fill(forum.staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.goto(f"{live_server.url}/admin/events/{forum.event['id']}")
        await page.locator("#workshops-page").click()
        card = page.locator(f"#w-{forum.workshops[1]['id']}")
        assert "Awa" in await card.inner_text()
        await card.get_by_label("Personne inscrite à la rencontre").select_option(other)
        await card.get_by_role("button", name="Inscrire à cet atelier").click()
        await page.wait_for_url("**/workshops?done=signed")
        assert "La personne est inscrite." in await page.locator("#notice").inner_text()
        card = page.locator(f"#w-{forum.workshops[1]['id']}")
        assert "Bilal" in await card.inner_text()
        await _check(page, "organiser")
    finally:
        await context.close()
    assert not errors, errors
