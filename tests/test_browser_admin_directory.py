"""The back office's companies and messages in a real Chromium (Debian's, driven by Playwright):
an organiser registers a company through the form (a wrong SIRET first), finds it in the list,
then sends a failed message again. axe finds no serious or critical violation on any page;
screenshots at 360 and 1280 px are written to ``tests/output/admin-directory/``."""

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
from tests.factories import PASSWORD, unique
from tests.factories_directory import make_company, make_siret
from tests.test_admin_outbox import dead_message

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin-directory"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_registers_a_company_and_sends_a_failed_message_again(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff, _, row, _ = await dead_message(client, pool, settings)
    for name, sector in (("Traiteur Les Saveurs d'Ici", "Restauration"), ("Logi'Trans", "BTP")):
        await make_company(pool, name=unique(name), sector=sector)
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # The form sent again with its errors (400) is not a failure; a refused script or style is.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        await page.goto(f"{live_server.url}/login?next=/admin/")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/admin/")

        await page.get_by_role("link", name="Entreprises", exact=True).click()
        await page.wait_for_url("**/admin/companies")
        await _check(page, "companies")

        await page.get_by_role("link", name="Enregistrer une entreprise").click()
        await page.wait_for_url("**/admin/companies/new")
        await _check(page, "company-form")
        name = unique("Boulangerie L'Épi d'Or")
        siret = make_siret()
        await page.get_by_label("Nom de l'entreprise").fill(name)
        await page.get_by_label("Secteur d'activité").fill("Boulangerie")
        await page.get_by_label("Code postal").fill("42000")
        await page.get_by_label("Ville").fill("Saint-Étienne")
        await page.get_by_label("Numéro SIRET").fill(siret[:-1] + str((int(siret[-1]) + 1) % 10))
        await page.get_by_label("Prénom et nom").fill("Anne-Sophie N'Diaye")
        await page.get_by_label("Adresse e-mail").fill("rh@example.org")
        await page.get_by_role("button", name="Enregistrer l'entreprise").click()
        await page.wait_for_load_state()
        assert "Ce numéro SIRET n'existe pas" in await page.inner_text("#error-siret")
        assert await page.get_by_label("Nom de l'entreprise").input_value() == name
        await _check(page, "company-form-error")

        await page.get_by_label("Numéro SIRET").fill(siret)
        await page.get_by_role("button", name="Enregistrer l'entreprise").click()
        await page.wait_for_url("**/admin/companies/*-*?done=created")
        assert "L'entreprise est enregistrée." in await page.inner_text("#notice")
        assert siret in await page.inner_text("#company-facts")
        await _check(page, "company")

        await page.get_by_role("link", name="Toutes les entreprises").click()
        await page.get_by_label("Nom de l'entreprise (ou une partie)").fill(name[-8:])
        await page.get_by_role("button", name="Chercher").click()
        await page.wait_for_load_state()
        assert name in await page.inner_text("#companies")

        await page.get_by_role("link", name="Messages", exact=True).click()
        await page.wait_for_url("**/admin/outbox")
        line = page.locator(f"#message-{row.id}")
        assert "refuse cette adresse" in await line.inner_text()
        await _check(page, "outbox")
        await line.get_by_role("button", name="Renvoyer").click()
        await page.wait_for_url("**/admin/outbox?done=retried")
        assert "de nouveau en attente" in await page.inner_text("#notice")
        await _check(page, "outbox-after-retry")
    finally:
        await context.close()
    assert not errors, errors
    status = await pool.fetchval("select status from outbox where id = $1", row.id)
    assert status == "pending"
