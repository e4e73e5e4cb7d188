"""Logging in from a real Chromium: a recruiter follows a card link, is asked to log in, and comes
back to the card. Screenshots stay in pytest's temporary directory for a person to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.browser import PHONE, LiveServer, browser, live_server, phone
from tests.factories import PASSWORD
from tests.factories_cvs import make_card_world, observe, review_and_consent

__all__ = ["browser", "live_server", "phone"]  # fixtures, used by name

# Big enough to hit with a thumb (WCAG 2.5.5 asks 44 CSS pixels).
MIN_TARGET_CSS_PX = 44


async def test_a_recruiter_opens_a_card_logs_in_on_the_form_and_lands_back_on_the_card(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3, note="Recommence seul")
    await observe(client, world, skill="team_spirit", level=2)
    await review_and_consent(client, world)
    card = f"{live_server.url}/cards/{world.candidate_id}"

    await phone.goto(card)
    await phone.wait_for_url(f"{live_server.url}/login?**")
    assert await phone.get_attribute("html", "lang") == "fr"
    assert await phone.get_by_role("heading", name="Connexion").is_visible()
    email = phone.get_by_label("Votre adresse e-mail")
    password = phone.get_by_label("Votre mot de passe")
    submit = phone.get_by_role("button", name="Se connecter")
    for target in (email, password, submit):
        box = await target.bounding_box()
        assert box is not None and box["height"] >= MIN_TARGET_CSS_PX, box
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert await phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await phone.screenshot(path=tmp_path / "login.png", full_page=True)

    # A typo first: the page says so in plain words and keeps the address.
    await email.fill(world.attending.user.email)
    await password.fill("pas le bon")
    await submit.click()
    await phone.wait_for_load_state()
    alert = phone.get_by_role("alert")
    assert (await alert.locator("p").inner_text()).strip() == (
        "L'adresse e-mail ou le mot de passe est faux. Vérifiez et réessayez."
    )
    assert await email.input_value() == world.attending.user.email
    await phone.screenshot(path=tmp_path / "login-error.png", full_page=True)

    await phone.get_by_label("Voir le mot de passe").check()
    assert await password.get_attribute("type") == "text"
    await password.fill(PASSWORD)
    await submit.click()
    await phone.wait_for_url(card)

    assert await phone.get_attribute("html", "lang") == "fr"
    assert await phone.get_by_role("heading", name="Carte de compétences").is_visible()
    skills = await phone.inner_text("#skills")
    assert "Persévérance" in skills and "3 sur 4" in skills
    assert "Esprit d'équipe" in skills and "2 sur 4" in skills
    assert "Recommence seul" in skills
    cookies = {c["name"]: c for c in await phone.context.cookies()}
    assert cookies["rencontres_session"]["httpOnly"]
    assert cookies["rencontres_session"]["sameSite"] == "Lax"
    # Scripts cannot read the session: the page cannot leak it.
    assert "rencontres_session" not in await phone.evaluate("document.cookie")
    await phone.screenshot(path=tmp_path / "card.png", full_page=True)

    # Home, then the log-out button: the session is gone and the card asks for a log-in again.
    await phone.goto(f"{live_server.url}/")
    assert "recruteur" in await phone.inner_text("#role")
    await phone.screenshot(path=tmp_path / "home.png", full_page=True)
    await phone.get_by_role("button", name="Se déconnecter").click()
    await phone.wait_for_url(f"{live_server.url}/login")
    assert "rencontres_session" not in {c["name"] for c in await phone.context.cookies()}
    await phone.goto(card)
    await phone.wait_for_url(f"{live_server.url}/login?**")
