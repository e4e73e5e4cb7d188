"""The coach's observation page in a real Chromium on a phone (Debian's, driven by Playwright):
a coach logs in, picks the activity, finds the person by typing part of the name, and records
three observations. The answer to the first save is lost on the way back (the server stored
it, the phone never heard): the page says it is not saved yet, sends it again with the same
idempotency key, and one observation is stored, not two. axe finds no serious or critical
violation; screenshots at 360 and 1280 px go to ``tests/output/coach/``."""

from __future__ import annotations

import asyncio
from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.browser import (
    OUTPUT,
    LiveServer,
    browser,
    live_server,
    phone,
    screenshots,
    serious_accessibility_violations,
)
from tests.factories import PASSWORD, make_staff, unique
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_sport_session

__all__ = ["browser", "live_server", "phone"]  # fixtures, used by name

FOLDER = OUTPUT / "coach"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    # Nothing wider than a small phone: no sideways scrolling at 360 px.
    assert await page.evaluate("document.documentElement.scrollWidth") <= 360, name
    await screenshots(page, FOLDER, name)


async def _stored(client: AsyncClient, organiser: dict[str, str], candidate_id: str) -> list[Any]:
    answer = await client.get(f"/api/v1/candidates/{candidate_id}/observations", headers=organiser)
    assert answer.status_code == 200, answer.text
    return sorted((o["skill"], o["level"], o["note"]) for o in answer.json()["items"])


async def test_a_coach_records_three_observations_on_a_phone_one_of_them_retried(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    seen, other = unique("Benali"), unique("Traoré")
    candidate_id = await make_candidate(client, staff.organiser, first_name="Amina", last_name=seen)
    other_id = await make_candidate(client, staff.organiser, first_name="Inès", last_name=other)
    for person in (candidate_id, other_id):
        await register(client, staff.organiser, event["id"], candidate_id=person)
    page = phone
    await page.set_viewport_size({"width": 360, "height": 800})

    # The answer to the first save is lost after the server stored it.
    attempts: list[str] = []

    async def lose_first_answer(route: Any) -> None:
        if route.request.method != "POST":
            await route.continue_()
            return
        attempts.append(route.request.post_data or "")
        if len(attempts) == 1:
            await route.fetch(max_redirects=0)
            await route.abort("connectionreset")
        else:
            await route.continue_()

    await page.route("**/coach/*/observations", lose_first_answer)

    await page.goto(f"{live_server.url}/coach/{event['id']}")
    assert "/login" in page.url
    await page.get_by_label("Votre adresse e-mail").fill(staff.coach_user.email)
    await page.get_by_label("Votre mot de passe").fill(PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await page.wait_for_url(f"{live_server.url}/coach/{event['id']}")
    await _check(page, "activity")

    await page.get_by_role("link", name="Escalade").click()
    await page.wait_for_url("**activity=Escalade")
    # Each person named by first name, last name's initial and code, never the full name.
    assert seen not in await page.locator("#people").inner_text()
    await page.get_by_label("Chercher un prénom ou un code").fill("amin")
    await page.get_by_role("link", name="Inès T.").wait_for(state="hidden")
    assert await page.get_by_role("link", name="Amina B.").is_visible()
    await _check(page, "people")

    await page.get_by_role("link", name="Amina B.").click()
    await page.wait_for_url(f"**candidate={candidate_id}")
    perseverance = page.locator(
        "form[data-observe]", has=page.get_by_role("group", name="Persévérance")
    )
    confidence = page.locator(
        "form[data-observe]", has=page.get_by_role("group", name="Confiance en soi")
    )
    key_before = await perseverance.locator("input[name=key]").input_value()
    await perseverance.locator("label.level").nth(2).click()
    await perseverance.get_by_role("button", name="Enregistrer").click()
    # Not answered: kept on the phone, shown as not saved yet.
    pending = page.locator("#pending")
    await pending.wait_for(state="visible")
    assert "Persévérance\u00a0: 3" in await pending.inner_text()
    assert await perseverance.locator("input[name=key]").input_value() != key_before
    await screenshots(page, FOLDER, "pending")

    await confidence.locator("label.level").nth(1).click()
    await confidence.get_by_label("Note (si vous voulez)").fill("Ose demander de l'aide.")
    await confidence.get_by_role("button", name="Enregistrer").click()
    await perseverance.locator("label.level").nth(3).click()
    await perseverance.get_by_role("button", name="Enregistrer").click()

    # The retry goes through, with the same key: everything saved, nothing twice.
    await pending.wait_for(state="hidden", timeout=15000)
    await page.wait_for_function(
        "() => [...document.querySelectorAll('.state')].filter(s => s.textContent.includes('✓'))"
        ".length === 2"
    )
    assert len(attempts) == 4
    assert attempts.count(attempts[0]) == 2  # the retry sent the same form, key included
    assert await _stored(client, staff.organiser, candidate_id) == [
        ("perseverance", 3, None),
        ("perseverance", 4, None),
        ("self_confidence", 2, "Ose demander de l'aide."),
    ]
    await _check(page, "skills")

    await page.reload()
    mine = page.locator("article.mine")
    assert await mine.count() == 3
    await page.locator("details summary").first.click()
    await asyncio.sleep(0)
    await _check(page, "mine")

    # No person chosen: the day's list of everyone this coach observed, each named briefly.
    await page.goto(f"{live_server.url}/coach/{event['id']}?activity=Escalade")
    day = page.locator("#mine article.mine")
    assert await day.count() == 3
    assert await day.first.get_by_role("link", name="Amina B.").is_visible()
    await _check(page, "day")
