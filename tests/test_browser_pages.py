"""Every page outside the back office, in a real Chromium: axe finds no serious or critical
violation, and screenshots at 360 and 1280 px are written to ``tests/output/pages/`` for a person
to look at (the back office has its own journey in ``test_browser_admin``)."""

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
from tests.factories_cvs import make_card_world, observe, review_and_consent
from tests.factories_registrations import make_candidate, register

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "pages"


async def _look(page: Any, url: str, name: str, status: int = 200) -> None:
    response = await page.goto(url)
    assert response is not None and response.status == status, (name, response)
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_every_page_passes_axe_at_phone_and_laptop_width(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3, note="Recommence seul")
    await observe(client, world, skill="team_spirit", level=2)
    await review_and_consent(client, world)
    candidate_id = await make_candidate(
        client, world.staff.organiser, first_name="Aïcha", last_name="Ben Saïd"
    )
    registration = await register(
        client, world.staff.organiser, world.event["id"], candidate_id=candidate_id
    )
    base = live_server.url

    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # A candidate: the ticket, in French and English; a broken link.
        token = registration["ticket"]["token"]
        await _look(page, f"{base}/t/{token}", "ticket")
        await _look(page, f"{base}/t/{token}?lang=en", "ticket-en")
        await _look(page, f"{base}/t/not-a-ticket", "error-broken-ticket", status=422)
        # Anyone: the event's public page.
        await _look(page, f"{base}/events/{world.event['id']}", "event")
        # Staff: log-in, home, the card page.
        await _look(page, f"{base}/login", "login")
        await page.get_by_label("Votre adresse e-mail").fill(world.staff.coach_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_load_state()
        await _look(page, f"{base}/", "home")
        await _look(page, f"{base}/cards/{world.candidate_id}", "card-staff")
        await _look(page, f"{base}/cards/00000000-0000-4000-8000-000000000000", "error-404", 404)
        # A recruiter of a company at the event: the card as recruiters see it.
        await context.clear_cookies()
        await page.goto(f"{base}/login")
        await page.get_by_label("Votre adresse e-mail").fill(world.attending.user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_load_state()
        await _look(page, f"{base}/cards/{world.candidate_id}", "card-recruiter")
    finally:
        await context.close()
    assert errors == []
