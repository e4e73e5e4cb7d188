"""What happened next, in a real Chromium: an organiser opens the to-do list of follow-ups from
the home, goes to the person on the event's page, records the answer to the 1-month follow-up
with the form (no JavaScript on these pages) and sees it, and a person's outcomes from their
page. axe finds no serious or critical violation on any page; screenshots at 360 and 1280 px are
written to ``tests/output/outcomes/`` for a person to look at."""

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
from tests.factories_outcomes import make_interest, past_event

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "outcomes"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_follows_up_a_participant_in_the_browser(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    world = await past_event(client, pool, settings, came=2)
    await make_interest(
        pool,
        settings,
        candidate_id=world.came[1],
        company_id=world.company_id,
        event_id=world.event_id,
    )
    recorded = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json={
            "candidate_id": world.came[1],
            "kind": "interview",
            "happened_on": "2026-11-20",
            "company_id": world.company_id,
            "note": "Entretien chez le boulanger, très bien passé.",
        },
    )
    assert recorded.status_code == 201
    name = await pool.fetchval(
        "select first_name || ' ' || last_name from candidates where id = $1::uuid", world.came[0]
    )
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
    try:
        await page.goto(f"{live_server.url}/login")
        await page.get_by_label("Votre adresse e-mail").fill(world.staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/**")
        await page.goto(f"{live_server.url}/admin/")
        await page.get_by_role("link", name="Suivis des participants à faire").click()
        await page.wait_for_url("**/admin/follow-ups")
        await _check(page, "todo")

        await page.get_by_role("link", name=f"Noter une suite pour {name}").click()
        await page.wait_for_url(f"**/admin/events/{world.event_id}/outcomes#p-{world.came[0]}")
        card = page.locator(f"#p-{world.came[0]}")
        await card.get_by_text("Noter une suite").click()
        form = page.get_by_role("form", name=f"Noter une suite pour {name}")
        await form.get_by_label("Ce qui s'est passé").select_option("immersion")
        await form.get_by_label("Date", exact=True).fill("2026-11-25")
        await form.get_by_label("Entreprise (facultatif)").select_option(world.company_id)
        await form.get_by_label("Est-ce la réponse à un suivi").select_option("1")
        await form.get_by_label("Note (facultatif)").fill("Deux semaines en boulangerie.")
        await _check(page, "form")
        await form.get_by_role("button", name="Enregistrer").click()
        await page.wait_for_url(f"**/admin/events/{world.event_id}/outcomes#p-{world.came[0]}")
        card = page.locator(f"#p-{world.came[0]}")
        assert "Immersion en entreprise (PMSMP), le 25 novembre 2026" in await card.inner_text()
        assert "fait" in await card.locator(".follow-ups").inner_text()
        await page.evaluate("window.scrollTo(0, 0)")
        await _check(page, "event")

        await page.goto(f"{live_server.url}/admin/candidates/{world.came[1]}/outcomes")
        await _check(page, "person")
        assert errors == []
    finally:
        await context.close()
