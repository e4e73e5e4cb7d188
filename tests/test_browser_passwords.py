"""Accounts and passwords in a real Chromium (Debian's, driven by Playwright): an organiser opens a
recruiter's account in /admin/users; the welcome mail arrives at a real SMTP server; the
recruiter opens its link, chooses a password and logs in; later they forget it and get a new one
through "Mot de passe oublié ?"; a used link says so; the organiser deactivates the account and
the recruiter's open page is refused at its next request. axe finds no serious or critical
violation on any page; screenshots at 360 and 1280 px go to ``tests/output/passwords/``."""

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
from tests.factories_outbox import channels, deliver, park_earlier_messages, smtp_server
from tests.factories_passwords import link_in, partner_company

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "passwords"
FIRST = "le vélo bleu de Sonia"
SECOND = "la tortue verte de Malik"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def _new_page(browser: Any) -> tuple[Any, Any, list[str]]:
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A refused style sheet is said on the console; the answers with an error status (a form
    # sent again, a link that no longer works) and the favicon nobody serves are not failures.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    return context, page, errors


async def _mailed_url(pool: Any, settings: Settings, server: LiveServer, address: str) -> str:
    """The link of the newest mail to ``address``, as the worker writes it for this server."""
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url, public_url=server.url))
    mails = mailbox.to(address)
    assert mails, f"no mail to {address}"
    url, _ = link_in(mails[-1])
    assert url.startswith(f"{server.url}/password/")
    return url


async def test_a_recruiter_is_welcomed_chooses_a_password_forgets_it_and_is_deactivated(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    await partner_company(client, staff)
    company = await pool.fetchval(
        "select c.name from companies c join registrations r on r.company_id = c.id"
        " join events e on e.id = r.event_id where e.organisation_id = $1",
        staff.organisation.id,
    )
    address = f"{unique('ines')}@example.org"
    name = unique("Inès Ferreira")
    organiser, page, errors = await _new_page(browser)
    recruiter, other, other_errors = await _new_page(browser)
    try:
        # The organiser opens the account.
        await page.goto(f"{live_server.url}/admin/users")
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url("**/admin/users")
        await _check(page, "users")
        await page.get_by_role("link", name="Créer un compte").click()
        await page.wait_for_url("**/admin/users/new")
        await _check(page, "user-form")
        await page.get_by_label("Prénom et nom").fill(name)
        await page.get_by_label("Adresse e-mail").fill("ines@")  # a typo, corrected below
        await page.get_by_role("radio", name="Recruteur").check()
        await page.get_by_label("Entreprise (pour un recruteur)").select_option(
            label=f"{company} — Montreuil"
        )
        await page.get_by_role("button", name="Créer le compte et envoyer le message").click()
        await page.wait_for_load_state()
        assert "doit être une adresse e-mail" in await page.inner_text("#error-email")
        assert await page.get_by_label("Prénom et nom").input_value() == name
        await _check(page, "user-form-error")
        await page.get_by_label("Adresse e-mail").fill(address)
        await page.get_by_role("button", name="Créer le compte et envoyer le message").click()
        await page.wait_for_url("**/admin/users?done=created")
        assert "Un message de bienvenue vient de partir" in await page.inner_text("#notice")
        assert address in await page.inner_text("#users")
        await _check(page, "users-created")

        # The welcome mail arrives; the recruiter follows its link and chooses a password.
        welcome = await _mailed_url(pool, settings, live_server, address)
        await other.goto(welcome)
        assert address in await other.inner_text("#account")
        await _check(other, "choose")
        await other.get_by_label("Nouveau mot de passe").fill(FIRST)
        await other.get_by_label("Le même mot de passe, encore une fois").fill(FIRST + "!")
        await other.get_by_role("button", name="Enregistrer mon mot de passe").click()
        await other.wait_for_load_state()
        assert "ne sont pas les mêmes" in await other.inner_text("#error-confirm")
        await _check(other, "choose-error")
        await other.get_by_label("Nouveau mot de passe").fill(FIRST)
        await other.get_by_label("Le même mot de passe, encore une fois").fill(FIRST)
        await other.get_by_role("button", name="Enregistrer mon mot de passe").click()
        await other.wait_for_url("**/login?notice=password_set")
        assert "Votre mot de passe est enregistré" in await other.inner_text("#notice")
        await _check(other, "login-notice")
        await other.get_by_label("Votre adresse e-mail").fill(address)
        await other.get_by_label("Votre mot de passe").fill(FIRST)
        await other.get_by_role("button", name="Se connecter").click()
        await other.wait_for_url(f"{live_server.url}/")
        assert address in await other.inner_text("main")

        # A used link says so, and shows the way to a new one.
        await other.goto(welcome)
        assert "Ce lien ne marche plus" in await other.inner_text("h1")
        await _check(other, "invalid-link")

        # Forgotten: a new link by mail, from the log-in form.
        await other.context.clear_cookies()
        await other.goto(f"{live_server.url}/login")
        await other.get_by_role("link", name="Mot de passe oublié").click()
        await other.wait_for_url("**/password/forgot?lang=fr")
        await _check(other, "forgot")
        await other.get_by_label("Votre adresse e-mail").fill(address)
        await other.get_by_role("button", name="Recevoir le lien").click()
        await other.wait_for_url("**/password/sent")
        assert "Si un compte existe pour cette adresse" in await other.inner_text("#sent")
        await _check(other, "sent")
        reset = await _mailed_url(pool, settings, live_server, address)
        assert reset != welcome
        await other.goto(reset)
        await other.get_by_label("Nouveau mot de passe").fill(SECOND)
        await other.get_by_label("Le même mot de passe, encore une fois").fill(SECOND)
        await other.get_by_role("button", name="Enregistrer mon mot de passe").click()
        await other.wait_for_url("**/login?notice=password_set")
        await other.get_by_label("Votre adresse e-mail").fill(address)
        await other.get_by_label("Votre mot de passe").fill(SECOND)
        await other.get_by_role("button", name="Se connecter").click()
        await other.wait_for_url(f"{live_server.url}/")

        # The organiser deactivates the account: the recruiter's open page is refused next.
        await page.get_by_role("link", name=f"Désactiver le compte\u00a0: {name}").click()
        await page.wait_for_url("**/deactivate")
        await _check(page, "deactivate")
        await page.get_by_role("button", name="Oui, désactiver ce compte").click()
        await page.wait_for_url("**/admin/users?done=deactivated")
        assert "Désactivé le" in await page.inner_text(f"#user-{await _user_id(pool, address)}")
        await other.reload()
        assert "/login" in other.url
    finally:
        await organiser.close()
        await recruiter.close()
    assert errors == [] and other_errors == []


async def _user_id(pool: Any, address: str) -> str:
    return str(await pool.fetchval("select id from users where email = $1", address))
