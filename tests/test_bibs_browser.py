"""Anonymous sessions in a real Chromium: the organiser makes a sport session anonymous on its
bibs page and gets the badges; a recruiter sees the bib with
the skills and no name and marks interest; the candidate says yes on their own page; then the
recruiter sees the first name. axe finds no serious or critical violation on any page;
screenshots at 360 and 1280 px in ``tests/output/bibs/``."""

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
from tests.factories import PASSWORD, make_staff, unique
from tests.factories_directory import make_recruiter
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import consent, make_sport_session, observe, review

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "bibs"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def _log_in(page: Any, base: str, email: str, target: str) -> None:
    await page.goto(f"{base}/login?next={target}")
    await page.get_by_label("Votre adresse e-mail").fill(email)
    await page.get_by_label("Votre mot de passe").fill(PASSWORD)
    await page.get_by_role("button", name="Se connecter").click()
    await page.wait_for_url(f"{base}{target}")


async def test_organiser_makes_a_session_anonymous_and_a_recruiter_meets_a_bib(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    last_name = unique("Okonkwo")
    candidate = await make_candidate(
        client, staff.organiser, first_name="Ifeoma", last_name=last_name, city="Vaulx-en-Velin"
    )
    ticket = (await register(client, staff.organiser, event["id"], candidate_id=candidate))[
        "ticket"
    ]
    other = await make_candidate(client, staff.organiser, first_name="Tesfay")
    await register(client, staff.organiser, event["id"], candidate_id=other)
    for person in (candidate, other):
        await observe(client, staff.coach, event["id"], person, "perseverance", 3)
        await observe(client, staff.coach, event["id"], person, "team_spirit", 2)
        await review(client, staff.coach, person)
        await consent(client, staff.coach, person, recruiters=True, contact=True)
    recruiter = await make_recruiter(pool, settings, client)
    await register(client, staff.organiser, event["id"], company_id=str(recruiter.company.id))
    base = live_server.url

    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        # The organiser: the event page leads to its bibs; one button makes it anonymous.
        await _log_in(page, base, staff.organiser_user.email, f"/admin/events/{event['id']}")
        await page.locator("#bibs-page").click()
        await page.wait_for_url(f"**/admin/events/{event['id']}/bibs")
        async with page.expect_navigation():
            await page.get_by_role("button", name="Rendre la séance anonyme").click()
        assert "anonyme" in await page.locator("#notice").inner_text()
        rows = await page.locator("#bibs tbody tr").all_inner_texts()
        assert rows[0].startswith("1") and "Ifeoma" in rows[0] and rows[1].startswith("2")
        href = await page.locator("#badges-link").get_attribute("href")
        badges = await page.request.get(f"{base}{href}")
        assert badges.ok and badges.headers["content-type"].startswith("application/pdf")
        await _check(page, "admin-anonymous")
        await context.clear_cookies()

        # The recruiter sees bibs and skills, no name, and marks interest in bib 1.
        await _log_in(page, base, recruiter.user.email, "/recruiter/")
        await page.goto(f"{base}/recruiter/events/{event['id']}")
        bibs = page.locator("#bibs")
        assert await bibs.locator("li.bib").count() == 2
        text = await page.locator("main").inner_text()
        assert "Dossard 1" in text and "Persévérance" in text
        assert "Ifeoma" not in text and "Tesfay" not in text and last_name not in text
        await _check(page, "recruiter-bibs")
        await page.get_by_label("Trouver un dossard").fill("2")
        async with page.expect_navigation():
            await page.get_by_role("button", name="Trouver", exact=True).click()
        assert await bibs.locator("li.bib").count() == 1
        assert await page.locator("#bib-2").count() == 1
        await page.goto(f"{base}/recruiter/events/{event['id']}")
        async with page.expect_navigation():
            await page.get_by_role("button", name="Je veux rencontrer le dossard 1").click()
        assert "Pas encore de réponse" in await page.locator("#bib-1").inner_text()

        # The candidate says yes on their own page (their ticket tells them to answer).
        answers = await context.new_page()
        await answers.goto(f"{base}/t/{ticket['token']}")
        assert "Votre dossard\u00a0: n°\u00a01" in await answers.locator("#bib h2").inner_text()
        await _check(answers, "ticket")
        await answers.get_by_role("link", name="Répondre aux entreprises").click()
        await answers.wait_for_url(f"**/t/{ticket['token']}/moi/dossard**")
        assert recruiter.company.name in await answers.locator("main").inner_text()
        await _check(answers, "candidate-question")
        async with answers.expect_navigation():
            await answers.get_by_role(
                "button", name=f"Oui, je veux rencontrer {recruiter.company.name}"
            ).click()
        assert await answers.locator("#notice").is_visible()

        # Mutual: the recruiter now sees the first name, only that person's.
        await page.reload()
        text = await page.locator("main").inner_text()
        assert "Ifeoma" in text and "Tesfay" not in text
        assert "a dit oui" in await page.locator("#bib-1").inner_text()
        await _check(page, "recruiter-mutual")
    finally:
        await context.close()
    assert errors == []
