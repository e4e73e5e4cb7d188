"""The statistics pages in a real Chromium: an organiser opens the programmes, one programme, its
statistics and an event's; the charts (server-drawn SVG) are drawn with bars of the right
length, readable without JavaScript; axe finds no serious or critical violation; screenshots at
360 and 1280 px go to ``tests/output/statistics/`` for a person to look at."""

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
from tests.factories import PASSWORD, make_staff
from tests.test_statistics import seed_event

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "statistics"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def _bar_share(page: Any, key: str, index: int) -> float:
    """How much of its track the ``index``-th bar of a chart fills, as drawn."""
    chart = page.locator(f"#section-{key} svg")
    track = await chart.locator(".chart-track").nth(index).bounding_box()
    bars = chart.locator(".chart-bar")
    for n in range(await bars.count()):
        box = await bars.nth(n).bounding_box()
        if abs(box["y"] - track["y"]) < 1:
            return float(box["width"] / track["width"])
    return 0.0


async def test_the_statistics_pages_draw_their_charts_and_pass_axe(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    first = await seed_event(pool, client, staff)
    second = await seed_event(pool, client, staff)
    made = await client.post(
        "/api/v1/programmes",
        headers=staff.organiser,
        json={"name": "Du stade vers l'emploi — Île-de-France 2027", "funder": "FSE+"},
    )
    programme_id = made.json()["id"]
    for seeded in (first, second):
        await client.put(
            f"/api/v1/programmes/{programme_id}/events/{seeded.event_id}",
            headers=staff.organiser,
        )
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    page.set_default_timeout(10_000)
    try:
        await page.goto(f"{live_server.url}/login?next=/admin/programmes")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url("**/admin/programmes")
        await _check(page, "programmes")

        name = "Du stade vers l'emploi — Île-de-France 2027"
        await page.get_by_role("link", name=name, exact=True).click()
        await page.wait_for_url(f"**/admin/programmes/{programme_id}")
        await _check(page, "programme")

        await page.locator("#statistics-link").click()
        await page.wait_for_url(f"**/admin/programmes/{programme_id}/statistics")
        # No script on the page: the charts are drawn by the server, readable without one.
        assert await page.locator("script").count() == 0
        for width in WIDTHS:
            await page.set_viewport_size({"width": width, "height": 800})
            # Candidates: 10 absent of 30 registered, a third; women: half.
            assert abs(await _bar_share(page, "attendance", 0) - 1 / 3) < 0.01
            assert abs(await _bar_share(page, "shares", 0) - 0.5) < 0.01
            # Each chart stays within the page's width.
            for key in ("attendance", "shares", "diplomas", "outcomes"):
                box = await page.locator(f"#section-{key} svg").bounding_box()
                assert box["x"] >= 0 and box["x"] + box["width"] <= width
        await _check(page, "programme-statistics")

        await page.goto(f"{live_server.url}/admin/events/{first.event_id}/statistics?lang=en")
        assert await page.locator("#caption-attendance").inner_text() == "Registered and present"
        # A suppressed share draws no bar; its label says "< 5".
        assert await _bar_share(page, "shares", 2) == 0.0
        assert "< 5" in (await page.locator("#section-shares svg").text_content() or "")
        await _check(page, "event-statistics-en")
    finally:
        await context.close()
