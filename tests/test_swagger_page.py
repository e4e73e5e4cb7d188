"""The API's documentation page (``/schema/swagger``) in a real Chromium with every other host
cut off: Swagger UI comes from this site's own copy of the npm package (``make assets``), lists
the operations under the page's policy (no inline script), and asks no other site for anything.
axe runs on it: violations inside Swagger UI's own markup are reported by name (third-party code
we do not change), none may come from the page around it."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from httpx import AsyncClient

from events.web import vendor
from tests.browser import (
    OUTPUT,
    LiveServer,
    browser,
    live_server,
    screenshots,
)

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "swagger"


async def test_the_page_is_ours_with_a_policy_that_runs_only_this_sites_files(
    client: AsyncClient,
) -> None:
    page = await client.get("/schema/swagger")

    assert page.status_code == 200, page.text
    assert page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self';" in policy and "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy
    assert page.headers["x-content-type-options"] == "nosniff"
    scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", page.text, flags=re.S)
    assert scripts and all(body.strip() == "" for body in scripts), "an inline script"
    assert "<style" not in page.text and "style=" not in page.text
    # Every address in the page is this site's.
    addresses = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert addresses and all(a.startswith(("/", "data:")) for a in addresses), addresses
    for address in addresses:
        if address.startswith("/static/"):
            answer = await client.get(address)
            assert answer.status_code == 200, (address, "run `make assets`")
    assert vendor.url("swagger-ui-dist", "swagger-ui-bundle.js") in addresses
    # The JSON schema beside it answers under the same policy.
    schema = await client.get("/schema/openapi.json")
    assert schema.headers["content-security-policy"] == policy


async def test_swagger_ui_lists_the_operations_offline_and_asks_no_other_site(
    live_server: LiveServer, browser: Any
) -> None:
    context = await browser.new_context(
        viewport={"width": 1280, "height": 800}, locale="en-GB", device_scale_factor=1
    )
    own = urlsplit(live_server.url).hostname
    elsewhere: list[str] = []

    async def cut_off(route: Any) -> None:
        elsewhere.append(route.request.url)
        await route.abort()

    # Every request to another host is refused and noted; this site's go through untouched.
    await context.route(lambda address: urlsplit(address).hostname != own, cut_off)
    page = await context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    try:
        response = await page.goto(f"{live_server.url}/schema/swagger")
        assert response is not None and response.status == 200
        operations = page.locator(".opblock-summary-path")
        # The sections are closed (docExpansion "none"): open two of them.
        for tag in ("events", "outbox"):
            await page.locator(f'.opblock-tag[data-tag="{tag}"]').click(timeout=15_000)
        await page.locator('.opblock-summary-path[data-path="/api/v1/outbox"]').first.wait_for(
            timeout=15_000
        )
        paths = set(await operations.evaluate_all("found => found.map(p => p.dataset.path)"))
        assert {"/api/v1/events", "/api/v1/outbox"} <= paths, sorted(paths)[:10]
        assert await page.get_by_role("heading", name=re.compile("Rencontres")).count() >= 1

        # Swagger UI's own markup (its colours and two of its controls are corrected by
        # static/css/swagger.css and static/js/swagger.js) as well as the page around it.
        theirs, ours = await _accessibility(page)
        assert theirs == []
        assert ours == []
        await screenshots(page, FOLDER, "swagger")
    finally:
        await context.close()
    assert elsewhere == [], elsewhere
    assert problems == [], problems


async def _accessibility(page: Any) -> tuple[list[str], list[str]]:
    """axe's serious and critical violations, split: those whose every element lies inside
    Swagger UI's own tree, and the others (ours)."""
    from axe_playwright_python.async_playwright import Axe

    results = (await Axe().run(page)).response["violations"]
    theirs, ours = [], []
    for violation in results:
        if violation["impact"] not in ("serious", "critical"):
            continue
        targets = [node["target"][-1] for node in violation["nodes"]]
        inside = await page.evaluate(
            "targets => targets.every(t => document.querySelector(t)?.closest('.swagger-ui'))",
            targets,
        )
        said = f"{violation['id']} ({violation['impact']}): {len(targets)} element(s)"
        (theirs if inside else ours).append(said if inside else f"{said} {targets}")
    return theirs, ours
