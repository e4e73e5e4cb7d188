"""The recruiters' pages in a real Chromium (Debian's, driven by Playwright): a recruiter logs
in, searches by skill, finds the consenting candidate with a reviewed card (and not the one
without consent), opens the card page, says "I'd like to meet this person", opens "my events";
the candidate then withdraws their consent with their own ticket, and the same search no longer
finds them at once; the organiser sees the interest on the candidate's back office page. axe
finds no serious or critical violation on any page; screenshots at 360 and 1280 px are written
to ``tests/output/recruiter/``."""

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
from tests.factories_cvs import PRIVATE_MARKER, structured_cv
from tests.factories_directory import make_recruiter
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.factories_skills import consent, observe, review

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "recruiter"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_a_recruiter_finds_a_candidate_by_skill_and_loses_them_when_consent_is_withdrawn(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    shown = await make_candidate(
        client,
        staff.organiser,
        first_name="Amina",
        last_name="Benali",
        city="Lyon",
        postcode="69003",
        private={"benefits": ["rsa"], "other_barriers": PRIVATE_MARKER},
    )
    hidden = await make_candidate(client, staff.organiser, first_name="Yasmina")
    ticket = (await register(client, staff.organiser, event["id"], candidate_id=shown))["ticket"]
    await register(client, staff.organiser, event["id"], candidate_id=hidden)
    recruiter = await make_recruiter(pool, settings, client)
    await register(client, staff.organiser, event["id"], company_id=str(recruiter.company.id))
    for candidate_id in (shown, hidden):
        await observe(client, staff.coach, event["id"], candidate_id, "team_spirit", 3)
        await observe(client, staff.coach, event["id"], candidate_id, "perseverance", 2)
        await review(client, staff.coach, candidate_id)
    put = await client.put(
        f"/api/v1/candidates/{shown}/cv", headers=staff.coach, json=structured_cv()
    )
    assert put.status_code in (200, 201), put.text
    await consent(client, staff.coach, shown, recruiters=True)

    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{live_server.url}/recruiter/")
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(recruiter.user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/recruiter/")
        assert event["title"] in await page.locator("#events").inner_text()
        await _check(page, "home")

        await page.get_by_label("Compétence").select_option("team_spirit")
        await page.get_by_label("Niveau minimum").select_option("3")
        await page.get_by_role("button", name="Chercher").click()
        await page.wait_for_url("**/recruiter/?**skill=team_spirit**")
        cards = page.locator("#results li.card")
        assert await cards.count() == 1
        card = cards.first
        assert await card.get_attribute("data-candidate") == shown
        text = await card.inner_text()
        assert "Amina B." in text and "Lyon" in text
        assert "Esprit d'équipe" in text or "équipe" in text.lower()
        body = await page.content()
        assert hidden not in body and "Yasmina" not in body
        assert PRIVATE_MARKER not in body and "RSA" not in body
        assert await page.locator("#levels li").count() == 4
        await _check(page, "search")

        async with page.expect_navigation():
            await card.get_by_role("button", name="Je voudrais rencontrer cette personne").click()
        assert "skill=team_spirit" in page.url and page.url.endswith(f"#c-{shown}"), page.url
        assert "Votre demande est notée." in await page.locator(f"#c-{shown}").inner_text()
        interests = await pool.fetchval(
            "select count(*) from recruiter_interests where candidate_id = $1::uuid", shown
        )
        assert interests == 1
        await _check(page, "interest-noted")

        await page.locator(f"#c-{shown}").get_by_role("link", name="Voir la carte").click()
        await page.wait_for_url(f"**/cards/{shown}?lang=fr")
        card_text = await page.locator("main").inner_text()
        assert "Amina B." in card_text and "Commis de cuisine" in card_text
        assert PRIVATE_MARKER not in await page.content()
        await _check(page, "card")

        await page.goto(f"{live_server.url}/recruiter/events/{event['id']}")
        assert await page.locator(f"#c-{shown}").count() == 1
        assert await page.locator(f"#c-{hidden}").count() == 0
        await _check(page, "event")

        # The candidate withdraws their consent with their own ticket: gone at once.
        withdrawn = await client.post(
            f"/api/v1/candidates/{shown}/consent",
            headers={"X-Ticket-Token": ticket["token"]},
            json={"recruiters": False},
        )
        assert withdrawn.status_code == 200, withdrawn.text
        await page.goto(f"{live_server.url}/recruiter/?skill=team_spirit&min_level=3")
        assert await page.locator("#results li.card").count() == 0
        assert await page.locator("#no-results").is_visible()
        assert shown not in await page.content()
        response = await page.goto(f"{live_server.url}/cards/{shown}")
        assert response is not None and response.status == 404
    finally:
        await context.close()
    assert errors == []

    # The organiser sees the interest on the candidate's back office page, and follows up.
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    try:
        await page.goto(f"{live_server.url}/admin/candidates/{shown}")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/admin/candidates/{shown}")
        row = await page.locator("#interests tbody tr").inner_text()
        assert recruiter.company.name in row and "À organiser" in row
        await _check(page, "admin-candidate-interests")
    finally:
        await context.close()
