"""The pairings page in a real Chromium: an organiser states a cook's cuisines, accepts the
suggested pairs, gives a pair its days, sends the schedules; the cook's ticket page then shows
the restaurant, its address and the days. axe finds no serious or critical violation;
screenshots at 360 and 1280 px go to ``tests/output/pairings/`` for a person to look at."""

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
from tests.factories_pairings import make_festival

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "pairings"


async def _check(page: Any, name: str, *, axe: bool = True) -> None:
    if axe:  # once per page: axe costs seconds on a long page
        assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_pairs_and_sends_and_the_cook_sees_it_on_the_ticket(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    festival = await make_festival(
        pool,
        settings,
        client,
        cooks={"Amal": "93100", "Dawit": "75011"},
        restaurants={
            "Saveurs du Levant": ("93100", "Montreuil"),
            "Le Petit Zinc": ("75011", "Paris"),
        },
    )
    headers, base = festival.staff.organiser, f"/api/v1/events/{festival.id}"
    await client.put(
        f"{base}/pairing-restaurants/{festival.restaurants['Saveurs du Levant']}",
        headers=headers,
        json={"cuisines": ["syrienne"], "address": "4 rue de Paris"},
    )
    await client.put(
        f"{base}/pairing-restaurants/{festival.restaurants['Le Petit Zinc']}",
        headers=headers,
        json={"cuisines": ["érythréenne"], "address": "8 rue Oberkampf"},
    )
    await client.put(
        f"{base}/pairing-cooks/{festival.cooks['Dawit']}",
        headers=headers,
        json={"cuisines": ["érythréenne"]},
    )
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{live_server.url}/admin/events/{festival.id}")
        await page.get_by_label("Votre adresse e-mail").fill(festival.staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.get_by_role("link", name="Binômes cuisine \u2013 restaurant").click()
        await page.wait_for_url(f"**/admin/events/{festival.id}/pairings")

        # Amal's cuisine, through her form.
        await page.get_by_text("Ce que cuisine Amal").click()
        amal = page.locator(f"#cook-{festival.cooks['Amal']}")
        await amal.get_by_label("Cuisines (séparées par des virgules)").fill("Syrienne, libanaise")
        await amal.get_by_label("Où peut aller la personne").fill("93, 75")
        await amal.get_by_role("button", name="Enregistrer").click()
        await page.wait_for_url("**done=saved**")
        suggestions = page.locator("#suggestions")
        assert "même cuisine (syrienne)" in await suggestions.inner_text()
        await _check(page, "pairings-suggestions", axe=False)

        await page.get_by_role("button", name="Accepter tous les binômes proposés").click()
        await page.wait_for_url("**done=accepted**")
        assert "Les binômes proposés sont faits." in await page.locator("#notice").inner_text()
        cards = page.locator("#pairings")
        assert "Amal" in await cards.inner_text()

        # Amal's days: the second festival day for service, the day before it for preparation.
        amal_card = cards.locator("li.card", has_text="Amal")
        await amal_card.get_by_text("Changer le restaurant ou les jours").click()
        await (
            amal_card.locator("fieldset", has_text="Jours de service")
            .locator("input[type=checkbox]")
            .nth(1)
            .check()
        )
        await (
            amal_card.locator("fieldset", has_text="Jours de préparation")
            .locator("input[type=checkbox]")
            .nth(7)
            .check()
        )
        async with page.expect_navigation():
            await amal_card.get_by_role("button", name="Enregistrer").click()
        await page.get_by_role("button", name="Envoyer les plannings").click()
        await page.wait_for_url("**done=sent**")
        assert "Binômes\u00a0: 2." in await page.locator("#notice").inner_text()
        await _check(page, "pairings-sent")

        ticket = await context.new_page()
        await ticket.goto(f"{live_server.url}/t/{festival.cook_tickets['Amal']}")
        said = await ticket.locator("#pairing").inner_text()
        assert "Saveurs du Levant" in said
        assert "4 rue de Paris, 93100 Montreuil" in said
        assert "Service" in said and "pas encore fixé" not in said
        assert "Préparation" in said
        await _check(ticket, "ticket-with-pairing")
    finally:
        await context.close()
    assert not errors, errors
