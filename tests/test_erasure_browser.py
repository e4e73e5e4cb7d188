"""The back office's erasure and retention pages in a real Chromium (Debian's, driven by
Playwright): an organiser opens a person's page, follows "erase", is stopped by the
confirmation until they give a reason and tick the box, erases, and sets the retention
periods. axe finds no serious or critical violation; screenshots at 360 and 1280 px are written
to ``tests/output/admin-erasure/``."""

from __future__ import annotations

from typing import Any
from uuid import UUID

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
from tests.factories import PASSWORD, make_staff
from tests.factories_directory import count
from tests.factories_registrations import make_candidate, make_published_event, register

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin-erasure"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_erases_a_person_after_confirming_and_sets_retention(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    person = await make_candidate(client, staff.organiser, first_name="Fatoumata")
    # Someone whose social situation is due soon, with a one-month period: a line to show.
    event = await make_published_event(client, staff.organiser)
    seen = await make_candidate(client, staff.organiser, private={"qpv": True})
    await register(client, staff.organiser, event["id"], candidate_id=seen)
    await pool.execute(
        "update events set starts_at = now() - interval '40 days',"
        " ends_at = now() - interval '40 days' + interval '3 hours' where id = $1",
        UUID(event["id"]),
    )
    period = await client.put(
        f"/api/v1/organisations/{staff.organisation.id}/retention",
        headers=staff.organiser,
        json={"private_months": 1},
    )
    assert period.status_code == 200
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
        await page.goto(f"{live_server.url}/admin/candidates/{person}")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"**/admin/candidates/{person}")
        await page.get_by_role("link", name="Effacer cette personne (à sa demande)").click()
        await page.wait_for_url(f"**/admin/candidates/{person}/erasure")
        assert "Fatoumata" in await page.inner_text("#warning")
        await _check(page, "confirm")

        await page.get_by_role("button", name="Effacer pour toujours").click()
        await page.wait_for_selector("#errors")
        assert await count(pool, "candidates", "id = $1 and erased_at is null", UUID(person)) == 1
        await _check(page, "confirm-refused")

        await page.get_by_label("La personne le demande").check()
        await page.get_by_label("Je comprends que c'est définitif").check()
        await page.get_by_role("button", name="Effacer pour toujours").click()
        await page.wait_for_selector("#erased")
        assert await count(pool, "candidates", "id = $1 and erased_at is not null", UUID(person))
        await _check(page, "erased")

        await page.get_by_role("link", name="Conservation").click()
        await page.wait_for_url("**/admin/retention")
        assert "Prévenir le coach" in await page.inner_text("#preview")
        await _check(page, "retention")
        await page.get_by_label("Situation sociale (mois après la dernière rencontre)").fill("6")
        await page.get_by_role("button", name="Enregistrer").click()
        await page.wait_for_selector("#notice")
        await _check(page, "retention-saved")
        assert errors == []
    finally:
        await context.close()
