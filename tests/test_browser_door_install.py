"""The door page can be installed (issue 11): in a real Chromium, once a coach has opened an
event's door page, Chromium finds its web app manifest (allowed by the page's CSP), the icons and
the service worker, and reports no installability error (``Page.getInstallabilityErrors``).

Chromium installs nothing from an incognito profile, which Playwright's contexts are: this test
launches Chromium on a persistent profile of its own, in a temporary folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from httpx import AsyncClient
from playwright.async_api import async_playwright

from events.settings import Settings
from tests.browser import CHROMIUM, CHROMIUM_ARGS, PHONE, LiveServer, live_server
from tests.factories import PASSWORD, make_staff
from tests.factories_registrations import make_published_event

__all__ = ["live_server"]  # a fixture, used by name


async def test_chromium_finds_the_door_page_installable(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    tmp_path: Path,
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    door = f"{live_server.url}/door/{event['id']}"
    problems: list[str] = []
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": PHONE["width"], "height": PHONE["height"]},
            locale="fr-FR",
        )
        try:
            page = await context.new_page()
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on(
                "console",
                lambda message: (
                    problems.append(message.text)
                    if "Content Security Policy" in message.text or "anifest" in message.text
                    else None
                ),
            )
            await page.goto(door)
            await page.get_by_label("Votre adresse e-mail").fill(staff.coach_user.email)
            await page.get_by_label("Votre mot de passe").fill(PASSWORD)
            await page.get_by_role("button", name="Se connecter").click()
            await page.wait_for_url(door)
            await page.locator("main[data-offline-ready]").wait_for(state="attached")
            await page.evaluate("navigator.serviceWorker.ready.then(() => true)")

            cdp = await context.new_cdp_session(page)
            found = await cdp.send("Page.getAppManifest")
            assert found["url"] == f"{door}/manifest.webmanifest"
            assert found["errors"] == []
            installability = await cdp.send("Page.getInstallabilityErrors")
            assert installability["installabilityErrors"] == []
        finally:
            await context.close()
    assert problems == []
