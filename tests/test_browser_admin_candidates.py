"""The back office's candidate pages in a real Chromium (Debian's, driven by Playwright): an
organiser finds a candidate whatever the accents, adds someone who looks like her, is warned
and creates anyway, then changes the new record after a typo. axe finds no serious or critical
violation on any page; screenshots at 360 and 1280 px are written to
``tests/output/admin-candidates/`` for a person to look at."""

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
from tests.factories_registrations import make_candidate, make_published_event, register

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin-candidates"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_searches_adds_a_look_alike_after_a_warning_and_edits(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    last_name = unique("O'Connor")
    existing = await make_candidate(
        client,
        staff.organiser,
        first_name="Hélène",
        last_name=last_name,
        phone="06 12 34 56 78",
        private={"birth_year": 1990},
    )
    event = await make_published_event(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=existing)
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
        await page.goto(f"{live_server.url}/admin/candidates")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url("**/admin/candidates")
        await page.get_by_label("Chercher un nom").fill("helene oconnor")
        await page.get_by_role("button", name="Chercher").click()
        await page.wait_for_url("**/admin/candidates?q=*")
        assert f"{last_name} Hélène" in await page.inner_text("#candidates")
        await _check(page, "search")
        await page.get_by_role("link", name=f"{last_name} Hélène").click()
        await page.wait_for_url(f"**/admin/candidates/{existing}")
        assert event["title"] in await page.inner_text("#registrations")
        await _check(page, "candidate-with-events")
        await page.go_back()

        await page.get_by_role("link", name="Ajouter un candidat").click()
        await page.wait_for_url("**/admin/candidates/new")
        await _check(page, "new")
        await page.get_by_label("Prénom").fill("Helene")
        await page.get_by_label("Nom", exact=True).fill(last_name.upper())
        await page.get_by_label("Téléphone (facultatif)").fill("07 00 00 00 01")
        await page.get_by_label("Code postal (facultatif)").fill("93200")
        await page.get_by_label("Année de naissance (facultatif)").fill("1990")
        await page.get_by_label("Logement").select_option(label="Hébergement d'urgence")
        await page.get_by_label("RSA (revenu de solidarité active)").check()
        await page.get_by_role("button", name="Enregistrer le candidat").click()
        await page.wait_for_load_state()
        warning = await page.inner_text("#duplicates")
        assert "Cette personne est peut-être déjà enregistrée" in warning
        assert "même nom et même année de naissance" in warning
        link = page.get_by_role("link", name=f"Hélène {last_name}")
        assert await link.get_attribute("href") == f"/admin/candidates/{existing}"
        assert await page.get_by_label("RSA (revenu de solidarité active)").is_checked()
        await _check(page, "new-look-alike")
        await page.get_by_label("Ce n'est pas la même personne, créer quand même").check()
        await page.get_by_role("button", name="Enregistrer le candidat").click()
        await page.wait_for_url("**/admin/candidates/*-*")
        assert await page.inner_text("h1") == f"Helene {last_name.upper()}"
        assert "Hébergement d'urgence" in await page.inner_text("#situation-facts")
        await _check(page, "candidate")

        await page.get_by_label("Code postal (facultatif)").fill("9320")
        await page.get_by_label("Ville (facultatif)").fill("Saint-Denis")
        await page.get_by_role("button", name="Enregistrer les modifications").click()
        await page.wait_for_load_state()
        assert "code postal de 5 chiffres" in await page.inner_text("main")
        assert await page.get_by_label("Ville (facultatif)").input_value() == "Saint-Denis"
        await _check(page, "candidate-error")
        await page.get_by_label("Code postal (facultatif)").fill("93200")
        await page.get_by_label("Prénom").fill("Hélène")
        await page.get_by_role("button", name="Enregistrer les modifications").click()
        await page.wait_for_load_state()
        assert await page.inner_text("h1") == f"Hélène {last_name.upper()}"
        assert "93200 Saint-Denis" in await page.inner_text("#contact-facts")
    finally:
        await context.close()
    assert not errors, errors
