"""Everyone's interview schedule in a real Chromium (Debian's, driven by Playwright): the
candidate's ticket with « Vos entretiens » (on a phone, and as printed), the recruiter's event
page and printable sheet (on screen and as printed). axe finds no serious or critical violation;
screenshots at 360 and 1280 px are written to ``tests/output/interview_schedules/``."""

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
from tests.factories_cvs import pages_text
from tests.test_interview_schedules import FIRST_PLAN, make_world, send, write_plan

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "interview_schedules"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_the_ticket_and_the_recruiters_sheet_show_the_interviews_sent(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    world = await make_world(client, pool, settings)
    await write_plan(pool, world, FIRST_PLAN)
    await send(client, world)

    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{live_server.url}/t/{world.tickets[0]}")
        part = page.locator("section.interviews")
        assert await part.get_by_role("heading", name="Vos entretiens").count() == 1
        rows = await part.locator("tbody tr").all_inner_texts()
        assert len(rows) == 2
        assert "Boulangerie Martin" in rows[0] and "2" in rows[0]
        assert "Transports Rhône" in rows[1]
        await _check(page, "ticket")
        # The printed ticket carries the schedule, on its one A4 sheet.
        await page.emulate_media(media="print")
        printed = pages_text(await page.pdf(format="A4", prefer_css_page_size=True))
        assert len(printed) == 1, printed
        assert "Vos entretiens" in printed[0] and "Transports Rhône" in printed[0]
        await page.emulate_media(media="screen")

        await page.goto(f"{live_server.url}/recruiter/events/{world.event_id}/interviews")
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(world.companies[0].user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"**/recruiter/events/{world.event_id}/interviews")
        tables = page.locator("section.sheet table")
        assert await tables.count() == 2
        assert await tables.nth(0).locator("caption").inner_text() == "Table 1"
        assert "Omar H." in await tables.nth(0).inner_text()
        assert "Zoé K." in await tables.nth(1).inner_text()
        assert await page.get_by_role("button", name="Imprimer").is_visible()
        await _check(page, "sheet")
        await page.emulate_media(media="print")
        await page.screenshot(path=str(FOLDER / "sheet-print.png"), full_page=True)
        # Printed on A4: one sheet per table, each naming the company and the event.
        printed = pages_text(await page.pdf(format="A4", prefer_css_page_size=True))
        assert len(printed) == 2
        assert "Table 1" in printed[0] and "Omar H." in printed[0] and "Zoé" not in printed[0]
        assert "Table 2" in printed[1] and "Zoé K." in printed[1]
        assert all("Boulangerie Martin" in sheet for sheet in printed)
        await page.emulate_media(media="screen")

        await page.get_by_role("link", name="Retour à la rencontre").click()
        await page.wait_for_url(f"**/recruiter/events/{world.event_id}?lang=fr")
        assert await page.locator("section.interviews caption").count() == 2
        await _check(page, "recruiter-event")
    finally:
        await context.close()
    assert not errors, errors
