"""The candidate's own page in a real Chromium on a phone: from the ticket, follow "Ma page",
read the card recruiters see and who saw it, withdraw consent and see it is saved. axe finds no
serious or critical violation; screenshots at 360 and 1280 px are written to
``tests/output/candidate/`` for a person to look at."""

from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from tests.browser import (
    OUTPUT,
    LiveServer,
    browser,
    live_server,
    phone,
    screenshots,
    serious_accessibility_violations,
)
from tests.test_candidate_page import Mine, mine

__all__ = ["browser", "live_server", "mine", "phone"]  # fixtures, used by name

FOLDER = OUTPUT / "candidate"


async def _checked(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_a_candidate_withdraws_consent_from_their_page_on_a_phone(
    client: AsyncClient, live_server: LiveServer, phone: Any, mine: Mine
) -> None:
    given = await client.post(
        f"/api/v1/candidates/{mine.candidate_id}/consent",
        headers={"X-Ticket-Token": mine.token},
        json={"recruiters": True, "contact": False},
    )
    assert given.status_code == 200, given.text
    found = await client.get(
        "/api/v1/skills-cards/search", params={"skill": "perseverance"}, headers=mine.recruiter
    )
    assert mine.candidate_id in {item["id"] for item in found.json()["items"]}

    response = await phone.goto(f"{live_server.url}/t/{mine.token}")
    assert response.status == 200
    await phone.get_by_role("link", name="Ma page").click()
    await phone.wait_for_url(f"{live_server.url}/t/{mine.token}/moi?lang=fr")
    assert await phone.get_by_role("heading", name="Ma page", level=1).is_visible()
    assert "Termine la voie." in await phone.inner_text("#skills")
    assert mine.company_name in await phone.inner_text("#views")
    assert "Oui." in await phone.inner_text("#see-state")
    # Nothing wider than the phone: no sideways scrolling.
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    await _checked(phone, "candidate-page")

    await phone.locator("#see-form").get_by_role("button", name="Je dis non").click()
    await phone.wait_for_url(f"{live_server.url}/t/{mine.token}/moi?notice=saved&lang=fr")
    assert (await phone.inner_text("#notice")).strip() == "C'est enregistré."
    assert "Non. Aucun recruteur" in await phone.inner_text("#see-state")
    assert await phone.locator("#card-hidden").is_visible()
    await _checked(phone, "candidate-page-withdrawn")

    found = await client.get(
        "/api/v1/skills-cards/search", params={"skill": "perseverance"}, headers=mine.recruiter
    )
    assert mine.candidate_id not in {item["id"] for item in found.json()["items"]}

    await phone.get_by_role("link", name="English").click()
    assert await phone.get_by_role("heading", name="My page", level=1).is_visible()
    assert await serious_accessibility_violations(phone) == []
