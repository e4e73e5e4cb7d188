"""The back office in a real Chromium (Debian's, driven by Playwright): an organiser logs in,
creates a sport session through the form, publishes it, registers two candidates and cancels
one. axe finds no serious or critical violation on any page; screenshots at 360 and 1280 px are
written to ``tests/output/admin/`` for a person to look at."""

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
from tests.factories import PASSWORD, make_staff, unique
from tests.factories_registrations import make_candidate

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_creates_publishes_registers_and_cancels_in_the_browser(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    names = [unique("Benali"), unique("Traoré")]
    for name in names:
        await make_candidate(client, staff.organiser, first_name="Amina", last_name=name)
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A style sheet or script the CSP refused is said on the console; the form sent again
    # with its errors (400) and the favicon nobody serves (404) are not failures.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        await page.goto(f"{live_server.url}/admin/")
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/admin/")
        await _check(page, "home")

        await page.get_by_role("link", name="Rencontres", exact=True).click()
        await page.wait_for_url("**/admin/events")
        await _check(page, "events")

        await page.get_by_role("link", name="Séance de recrutement par le sport").click()
        await page.wait_for_url("**/admin/events/new?kind=sport_session")
        await _check(page, "new-sport-session")
        title = unique("Escalade et basket")
        await page.get_by_label("Titre").fill(title)
        await page.get_by_label("Début (date et heure)").fill("2031-05-14T09:00")
        await page.get_by_label("Fin (date et heure)").fill("2031-05-14T14:00")
        await page.get_by_label("Nom du lieu").fill("Gymnase Jean Jaurès")
        await page.get_by_label("Adresse").fill("3 rue du Stade")
        await page.get_by_label("Ville").fill("Saint-Denis")
        await page.get_by_label("Code postal").fill("932")  # a typo, corrected below
        await page.get_by_label("Places pour les candidats").fill("1")
        await page.get_by_label("Places pour les entreprises").fill("5")
        await page.get_by_label("Activité 1", exact=True).fill("Escalade")
        skills = page.get_by_role("group", name="Compétences montrées par l'activité 1")
        await skills.get_by_label("Persévérance").check()
        await skills.get_by_label("Confiance en soi").check()
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_load_state()
        assert "code postal de 5 chiffres" in await page.inner_text("main")
        assert await page.get_by_label("Titre").input_value() == title
        await _check(page, "new-sport-session-error")
        await page.get_by_label("Code postal").fill("93200")
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_url("**/admin/events/*-*")
        assert (await page.inner_text("#status")).strip() == "brouillon"

        await page.get_by_role("button", name="Publier la rencontre").click()
        await page.wait_for_load_state()
        assert (await page.inner_text("#status")).strip() == "publiée"
        for name in names:
            await page.get_by_label("Candidat de votre organisation").select_option(
                label=f"Amina {name}"
            )
            await page.get_by_role("button", name="Inscrire", exact=True).click()
            await page.wait_for_load_state()
        table = await page.inner_text("#registrations")
        assert names[0] in table and "place confirmée" in table
        assert names[1] in await page.inner_text("#waitlist")
        await _check(page, "event")

        await page.get_by_role("button", name=f"Annuler l'inscription de Amina {names[0]}").click()
        await page.wait_for_load_state()
        table = await page.inner_text("#registrations")
        # The first on the waiting list took the freed place.
        assert "inscription annulée" in table and names[1] in table
        assert await page.locator("#waitlist").count() == 0
        await _check(page, "event-after-cancel")
    finally:
        await context.close()
    assert not errors, errors
