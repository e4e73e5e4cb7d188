"""The import of candidates in a real Chromium (Debian's, driven by Playwright): an organiser
sends a French Excel CSV (Windows-1252, ``;``) through the form, checks its columns, reads the
preview, and imports with the page's script: the button is disabled at the first click and a
real progress bar counts the rows, chunk after chunk, until the result page. axe finds no
serious or critical violation on any page; screenshots at 360 and 1280 px go to
``tests/output/admin-import/``."""

from __future__ import annotations

import asyncio
import re
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
from tests.factories_registrations import make_candidate, make_published_event

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin-import"
HEADER = "Prénom;Nom;Tél. portable;Courriel;Ville;Code postal;Date de naissance;Observations"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


def _file(moussa: str) -> bytes:
    lines = [
        HEADER,
        "Hélène;Lefèvre;612345678;helene@example.fr;Besançon;25000;12/05/1990;Vient le matin",
        f"Moussa;{moussa};06 11 22 33 44;;Lyon;69003;;",
        "Zoé;N'Diaye;12;;Saint-Étienne;42000;;",
        ";Haddad;0700000000;;;;;",
        *(f"Inès;{unique('Mercier')};;;Montreuil;93100;;" for _ in range(246)),
    ]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


async def test_an_organiser_imports_a_french_csv_with_the_progress_bar(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    from playwright.async_api import expect  # with the browser fixture's check that it is there

    staff = await make_staff(pool, settings, client)
    moussa = unique("Diallo")
    await make_candidate(
        client, staff.organiser, first_name="Moussa", last_name=moussa, phone="0611223344"
    )
    event = await make_published_event(client, staff.organiser, candidates=200)
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    # The second chunk waits until the test has seen the first one counted.
    first_counted = asyncio.Event()
    chunks: list[str] = []

    async def hold_second_chunk(route: Any) -> None:
        chunks.append(route.request.url)
        if len(chunks) == 2:
            await asyncio.wait_for(first_counted.wait(), timeout=30)
        await route.continue_()

    await page.route("**/chunk", hold_second_chunk)
    try:
        await page.goto(f"{live_server.url}/admin/candidates/import")
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url("**/admin/candidates/import")
        await _check(page, "upload")

        await page.get_by_label("Fichier à importer (CSV ou .xlsx)").set_input_files(
            files=[{"name": "jeunes.csv", "mimeType": "text/csv", "buffer": _file(moussa)}]
        )
        await page.get_by_role("button", name="Envoyer le fichier").click()
        await page.wait_for_url("**/admin/candidates/import/*-*")
        main = await page.inner_text("main")
        assert "250 lignes de personnes" in main and "Besançon" in main
        assert await page.get_by_label("Colonne «\u00a0Prénom\u00a0»").input_value() == "first_name"
        assert await page.get_by_label("Colonne «\u00a0CP\u00a0»").count() == 0
        assert await page.get_by_label("Colonne «\u00a0Code postal\u00a0»").input_value() == (
            "postcode"
        )
        assert await page.get_by_label("Colonne «\u00a0Observations\u00a0»").input_value() == ""
        await _check(page, "mapping")
        await page.get_by_label("Compléter sa fiche").check()
        await page.get_by_label("Inscrire tout le monde à une rencontre").select_option(
            value=event["id"]
        )
        await page.get_by_role("button", name="Voir l'aperçu").click()
        await page.wait_for_url("**/preview")
        errors_table = await page.inner_text("#row-errors")
        assert "numéro de téléphone" in errors_table and "prénom" in errors_table
        assert moussa in await page.inner_text("#lookalikes")
        await _check(page, "preview")

        button = page.get_by_role("button", name="Importer 248 personnes")
        await button.click()
        await expect(page.locator("#progress-text")).to_have_text(re.compile(r"^200\D"))
        assert await button.is_disabled()
        assert (await page.inner_text("#progress-text")).replace("\u202f", " ") == "200 / 250"
        assert await page.get_attribute("#progress", "value") == "200"
        await screenshots(page, FOLDER, "progress")
        first_counted.set()
        await page.wait_for_url("**/result")
        assert len(chunks) == 2
        assert (await page.inner_text("#count-created")).strip() == "247"
        assert (await page.inner_text("#count-merged")).strip() == "1"
        assert (await page.inner_text("#count-error")).strip() == "2"
        assert (await page.inner_text("#count-confirmed")).strip() == "200"
        assert (await page.inner_text("#count-waitlisted")).strip() == "48"
        results = await page.inner_text("#results")
        assert "ajouté\u00a0: ville, code postal" in results
        await page.get_by_role("link", name="Hélène Lefèvre").click()
        await page.wait_for_url("**/admin/candidates/*-*")
        assert "Lefèvre" in await page.inner_text("main")
        await page.go_back()
        await _check(page, "result")
    finally:
        await context.close()
    assert not errors, errors
