"""A real browser against a real server: Debian's Chromium driven by Playwright, and the app
served by uvicorn on a loopback socket (the in-process ``client`` has no socket to browse).

Playwright's own browser download cannot work on our machines, so it drives
``/usr/bin/chromium``, which ``make test`` installs with apt. A missing browser fails the tests
that need it with the way to install it: a silent skip would hide that no page was ever tested.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest
import uvicorn

from events.app import create_app
from events.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium keeps dialling Google's hosts, which the
# closed network refuses (see shared/STACK.md, "Browsers").
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# A common phone (CSS pixels), as the people holding these tickets mostly see them.
PHONE = {"width": 390, "height": 844}


class LiveServer:
    """The app on a loopback port, served by uvicorn in a thread with its own event loop."""

    def __init__(self, settings: Settings) -> None:
        # Bound here and handed over, so no other process can take the port in between.
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        # A few connections: the tests' own app holds most of the server's (see conftest).
        config = uvicorn.Config(
            create_app(msgspec.structs.replace(settings, pool_max_size=10)),
            lifespan="on",
            ws="none",
            log_level="warning",
            access_log=False,
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    def start(self, timeout: float = 30) -> None:
        self.thread.start()
        self.thread.join(0)
        waited = 0.0
        while not self.server.started:
            if not self.thread.is_alive():
                pytest.fail("the live server stopped while starting (see the log above)")
            if waited > timeout:
                pytest.fail("the live server did not start in time")
            self.thread.join(0.05)
            waited += 0.05

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(30)
        self.socket.close()


@pytest.fixture(scope="session")
def live_server(settings: Settings) -> Iterator[LiveServer]:
    server = LiveServer(settings)
    server.start()
    yield server
    server.stop()


def _require_chromium() -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: browser tests need Debian's Chromium. "
            "`make test` installs it when run as root; otherwise run "
            "`apt-get update && apt-get install chromium` as root.",
            pytrace=False,
        )


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Any]:
    """Headless Chromium. Playwright gives every launch a fresh temporary profile
    (user-data-dir) and deletes it on close; nothing is shared with another run."""
    _require_chromium()
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.fail("playwright is missing: install the test extras (`make test` does)")
    async with async_playwright() as playwright:
        chromium = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield chromium
        finally:
            await chromium.close()


@pytest.fixture
async def phone(browser: Any) -> AsyncIterator[Any]:
    """A fresh page on a French phone: own cookies and cache, 390 by 844 CSS pixels."""
    context = await browser.new_context(
        viewport=PHONE, locale="fr-FR", is_mobile=True, has_touch=True, device_scale_factor=1
    )
    page = await context.new_page()
    # Let a page's own failure (a script error) fail the test rather than pass unseen.
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        yield page
    finally:
        await context.close()
    assert not errors, f"the page raised script errors: {errors}"


# Screenshots a person looks at (git-ignored): tests/output/<test>/<page>-<width>.png.
OUTPUT = Path(__file__).resolve().parent / "output"
WIDTHS = (360, 1280)


async def serious_accessibility_violations(page: Any) -> list[str]:
    """axe-core (PyPI ``axe-playwright-python``, injected through ``evaluate``, so a page's
    CSP does not stop it) on the page as it is: each serious or critical violation, with the
    elements it names."""
    from axe_playwright_python.async_playwright import Axe

    results = await Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[node['target'] for node in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def screenshots(page: Any, folder: Path, name: str) -> list[Path]:
    """The whole page at a phone's width and a laptop's, back at the first width after."""
    folder.mkdir(parents=True, exist_ok=True)  # noqa: ASYNC240 - once, before the browser works
    taken = []
    for width in WIDTHS:
        await page.set_viewport_size({"width": width, "height": 800})
        path = folder / f"{name}-{width}.png"
        await page.screenshot(path=str(path), full_page=True)
        taken.append(path)
    await page.set_viewport_size({"width": WIDTHS[0], "height": 800})
    return taken
