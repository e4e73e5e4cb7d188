"""The interview grid in a real Chromium: an organiser goes from the event's page to the grid,
prepares it (a company's tables and skills wanted, a candidate's arrival time, a wish) with the
forms (no JavaScript on these pages), computes it and sees it. axe finds no serious or critical
violation on either page; screenshots at 360 and 1280 px are written to
``tests/output/interview_grid/`` for a person to look at."""

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
from tests.factories_events import PARIS
from tests.test_interview_grid_api import grid_world, stored_interviews

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "interview_grid"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_prepares_computes_and_reads_the_grid(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    world = await grid_world(client, pool, settings, companies=3, candidates=6)
    names = {
        str(r["id"]): f"{r['first_name']} {r['last_name']}"
        for r in await pool.fetch(
            "select id, first_name, last_name from candidates where id = any($1::uuid[])",
            world.candidates,
        )
    }
    company_names = {
        str(r["id"]): r["name"]
        for r in await pool.fetch(
            "select id, name from companies where id = any($1::uuid[])", world.companies
        )
    }
    first_company, first_candidate = world.companies[0], world.candidates[0]
    arrival = world.start.astimezone(PARIS).replace(minute=20).strftime("%H:%M")
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{live_server.url}/login")
        await page.get_by_label("Votre adresse e-mail").fill(world.staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/**")
        await page.goto(f"{live_server.url}/admin/events/{world.event_id}")
        await page.get_by_role("link", name="Grille d'entretiens").click()
        await page.wait_for_url(f"**/admin/events/{world.event_id}/interview-grid")
        assert "pas encore été calculée" in await page.locator("#status").inner_text()
        await page.get_by_role("link", name="Préparer la grille").click()
        await page.wait_for_url(f"**/admin/events/{world.event_id}/interview-grid/inputs")

        card = page.locator(f"#company-{first_company}")
        await card.get_by_text(f"Modifier pour {company_names[first_company]}").click()
        form = page.get_by_role("form", name=f"Modifier pour {company_names[first_company]}")
        await form.get_by_label("Nombre de tables").fill("2")
        await form.get_by_label("Ponctualité").select_option("3")
        await form.get_by_label("Métiers proposés").fill("cariste, magasinier")
        await form.get_by_role("button", name="Enregistrer").click()
        await page.wait_for_url(f"**/interview-grid/inputs#company-{first_company}")
        assert "Tables\u00a0: 2" in await page.locator(f"#company-{first_company}").inner_text()

        name = names[first_candidate]
        card = page.locator(f"#candidate-{first_candidate}")
        await card.get_by_text(f"Modifier pour {name}").click()
        form = page.get_by_role("form", name=f"Modifier pour {name}")
        await form.get_by_label("Heure d'arrivée").fill(arrival)
        await form.get_by_role("button", name="Enregistrer").click()
        await page.wait_for_url(f"**/interview-grid/inputs#candidate-{first_candidate}")
        assert (
            f"à partir de {arrival}"
            in await page.locator(f"#candidate-{first_candidate}").inner_text()
        )

        wish = page.locator("#form-wish")
        await wish.get_by_label("Personne").select_option(world.candidates[1])
        await wish.get_by_label("Entreprise").select_option(world.companies[2])
        await wish.get_by_label("Souhait").select_option("must_meet")
        await wish.get_by_label("Qui le dit").select_option("candidate")
        await wish.get_by_role("button", name="Ajouter un souhait").click()
        await page.wait_for_url("**/interview-grid/inputs#wishes")
        assert "doit rencontrer" in await page.locator("#wish-list").inner_text()
        await page.evaluate("window.scrollTo(0, 0)")
        await _check(page, "inputs")

        await page.get_by_role("button", name="Calculer la grille").first.click()
        await page.wait_for_url(f"**/admin/events/{world.event_id}/interview-grid")
        assert await page.locator("#status").inner_text() == "Grille optimale."
        rows = await stored_interviews(pool, world.event_id)
        by_company = await page.locator("#by-company").inner_text()
        assert all(names[str(r["candidate_id"])] in by_company for r in rows)
        await _check(page, "grid")
        await page.set_viewport_size({"width": WIDTHS[1], "height": 800})
        table = await page.locator("#grid-table").inner_text()
        assert f"{company_names[first_company]}, table 2" in table
        assert all(names[str(r["candidate_id"])] in table for r in rows)
    finally:
        await context.close()
    assert not errors, f"the page raised script errors: {errors}"
