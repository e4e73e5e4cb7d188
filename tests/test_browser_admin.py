"""The back office in a real Chromium (Debian's, driven by Playwright): an organiser logs in,
creates a sport session through the form, publishes it, registers two candidates and cancels
one; then, on another event's page, sends a ticket again, replaces one, creates and registers a
person in one step, registers a company, is refused fewer places than confirmed, adds places,
moves the event, edits it and finds it in the list by its day. axe finds no serious or critical
violation on any page; screenshots at 360 and 1280 px are written to ``tests/output/admin/`` for
a person to look at."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

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
from tests.factories_directory import make_company as make_directory_company
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin"


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_creates_publishes_registers_and_cancels_in_the_browser(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    names = [unique("Benali"), unique("Traoré")]
    for name in names:
        await make_candidate(client, staff.organiser, first_name="Amina", last_name=name)
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A style sheet or script the CSP refused is said on the console; the form sent again
    # with its errors (400) and the favicon nobody serves (404) are not failures.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        await page.goto(f"{live_server.url}/admin/")
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/admin/")
        await _check(page, "home")

        await page.get_by_role("link", name="Rencontres", exact=True).click()
        await page.wait_for_url("**/admin/events")
        await _check(page, "events")

        await page.get_by_role("link", name="Séance de recrutement par le sport").click()
        await page.wait_for_url("**/admin/events/new?kind=sport_session")
        await _check(page, "new-sport-session")
        title = unique("Escalade et basket")
        await page.get_by_label("Titre").fill(title)
        await page.get_by_label("Début (date et heure)").fill("2031-05-14T09:00")
        await page.get_by_label("Fin (date et heure)").fill("2031-05-14T14:00")
        await page.get_by_label("Nom du lieu").fill("Gymnase Jean Jaurès")
        await page.get_by_label("Adresse").fill("3 rue du Stade")
        await page.get_by_label("Ville").fill("Saint-Denis")
        await page.get_by_label("Code postal").fill("932")  # a typo, corrected below
        await page.get_by_label("Places pour les candidats").fill("1")
        await page.get_by_label("Places pour les entreprises").fill("5")
        await page.get_by_label("Activité 1", exact=True).fill("Escalade")
        skills = page.get_by_role("group", name="Compétences montrées par l'activité 1")
        await skills.get_by_label("Persévérance").check()
        await skills.get_by_label("Confiance en soi").check()
        coaches = page.get_by_role("group", name="Les coachs")
        await coaches.get_by_label(staff.coach_user.name).check()
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_load_state()
        assert "code postal de 5 chiffres" in await page.inner_text("main")
        assert await page.get_by_label("Titre").input_value() == title
        await _check(page, "new-sport-session-error")
        assert await coaches.get_by_label(staff.coach_user.name).is_checked()
        await page.get_by_label("Code postal").fill("93200")
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_url("**/admin/events/*-*")
        assert (await page.inner_text("#status")).strip() == "brouillon"
        assert staff.coach_user.name in await page.inner_text("main")

        await page.get_by_role("button", name="Publier la rencontre").click()
        await page.wait_for_load_state()
        assert (await page.inner_text("#status")).strip() == "publiée"
        for name in names:
            await page.get_by_label("Candidat de votre organisation").select_option(
                label=f"Amina {name}"
            )
            await page.get_by_role("button", name="Inscrire", exact=True).click()
            await page.wait_for_load_state()
        table = await page.inner_text("#registrations")
        assert names[0] in table and "place confirmée" in table
        assert names[1] in await page.inner_text("#waitlist")
        await _check(page, "event")

        await page.get_by_role("button", name=f"Annuler l'inscription de Amina {names[0]}").click()
        await page.wait_for_load_state()
        table = await page.inner_text("#registrations")
        # The first on the waiting list took the freed place.
        assert "inscription annulée" in table and names[1] in table
        assert await page.locator("#waitlist").count() == 0
        await _check(page, "event-after-cancel")
    finally:
        await context.close()
    assert not errors, errors


async def _notice(page: Any) -> str:
    return str(await page.inner_text("#notice")).strip()


async def test_an_organiser_runs_an_event_from_its_page_in_the_browser(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    start = datetime(2031, 9, 17, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))
    event = await make_published_event(client, staff.organiser, candidates=1, starts_at=start)
    names = [unique("Koné"), unique("Martin")]
    for name in names:
        candidate_id = await make_candidate(
            client, staff.organiser, first_name="Fatou", last_name=name, phone="06 11 22 33 44"
        )
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    company_id = await make_company(client, staff.organiser)
    company = (await client.get(f"/api/v1/companies/{company_id}", headers=staff.organiser)).json()
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "console",
        lambda message: (
            errors.append(message.text)
            if message.type == "error" and not message.text.startswith("Failed to load resource")
            else None
        ),
    )
    try:
        await page.goto(f"{live_server.url}/admin/events/{event['id']}")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"**/admin/events/{event['id']}")
        first, second = (f"Fatou {name}" for name in names)
        assert names[1] in await page.inner_text("#waitlist")
        await _check(page, "event-page")

        await page.get_by_role("button", name=f"Renvoyer le billet de {first}").click()
        await page.wait_for_load_state()
        assert "quelques minutes" in await _notice(page)
        code = (await page.locator("#registrations .code").first.inner_text()).strip()
        await page.get_by_role("button", name=f"Remplacer le billet de {first}").click()
        await page.wait_for_load_state()
        assert "L'ancien ne marche plus" in await _notice(page)
        assert code not in await page.inner_text("#registrations")

        newcomer = unique("Ouedraogo")
        await page.get_by_label("Prénom").fill("Issa")
        await page.get_by_label("Nom de famille").fill(newcomer)
        await page.get_by_label("Téléphone (facultatif)").fill("0692 11 22 33")
        await page.get_by_role("button", name="Créer et inscrire").click()
        await page.wait_for_load_state()
        assert await _notice(page) == "La personne est créée et inscrite."
        assert newcomer in await page.inner_text("#waitlist")

        await page.get_by_label("Chercher une entreprise").fill(company["name"])
        await page.get_by_label("Chercher une entreprise").press("Enter")
        await page.wait_for_load_state()
        await page.get_by_label("Entreprise", exact=True).select_option(company_id)
        await page.get_by_role("button", name="Inscrire l'entreprise").click()
        await page.wait_for_load_state()
        assert company["name"] in await page.inner_text("#registrations")

        await page.get_by_label("Places pour les candidats").fill("0")
        await page.get_by_role("button", name="Enregistrer les places").click()
        await page.wait_for_load_state()
        refusal = await page.inner_text("#error-capacity-capacity-candidates")
        assert "déjà confirmées" in refusal
        assert await page.get_by_label("Places pour les candidats").input_value() == "0"
        await _check(page, "event-refused")
        await page.get_by_label("Places pour les candidats").fill("3")
        await page.get_by_role("button", name="Enregistrer les places").click()
        await page.wait_for_load_state()
        assert await _notice(page) == "Les places sont enregistrées."
        assert await page.locator("#waitlist").count() == 0
        assert second in await page.inner_text("#registrations")

        await page.get_by_label("Début (date et heure)").fill("2031-09-18T14:00")
        await page.get_by_label("Fin (date et heure)").fill("2031-09-18T17:00")
        await page.get_by_role("button", name="Enregistrer la date et le lieu").click()
        await page.wait_for_load_state()
        assert "jeudi 18 septembre 2031" in await page.inner_text("#when")
        await _check(page, "event-after-forms")

        await page.get_by_role(
            "link", name="Modifier le titre, la présentation ou le format"
        ).click()
        await page.wait_for_url("**/edit")
        await _check(page, "event-edit")
        title = unique("Job dating logistique")
        await page.get_by_label("Titre").fill(title)
        await page.get_by_role("button", name="Enregistrer les changements").click()
        await page.wait_for_url(f"**/admin/events/{event['id']}")
        assert (await page.inner_text("h1")).strip() == title

        await page.get_by_role("link", name="Rencontres", exact=True).click()
        await page.wait_for_url("**/admin/events")
        await page.get_by_label("À partir du").fill("2031-09-18")
        await page.get_by_label("Jusqu'au").fill("2031-09-18")
        await page.get_by_role("button", name="Afficher").click()
        await page.wait_for_load_state()
        assert title in await page.inner_text("#events")
        await _check(page, "events-filtered")
    finally:
        await context.close()
    assert not errors, errors


async def test_the_forms_of_a_forum_and_a_festival_in_the_browser(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    # Named to come first: the form offers the first 200 companies by name.
    company = await make_directory_company(pool, name=unique("AAA Chez Amina"))
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800}, locale="fr-FR", device_scale_factor=1
    )
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        await page.goto(f"{live_server.url}/admin/events/new?kind=e_forum")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url("**/admin/events/new?kind=e_forum")
        await _check(page, "new-e-forum")
        await page.get_by_label("Titre", exact=True).fill(unique("Forum de l'emploi"))
        await page.get_by_label("Début (date et heure)").fill("2031-06-10T09:00")
        await page.get_by_label("Fin (date et heure)").fill("2031-06-10T12:00")
        await page.get_by_label("Nom du lieu").fill("Maison de l'emploi")
        await page.get_by_label("Adresse").fill("1 place de la Mairie")
        await page.get_by_label("Ville").fill("Saint-Denis")
        await page.get_by_label("Code postal").fill("93200")
        await page.get_by_label("Places pour les candidats").fill("50")
        await page.get_by_label("Places pour les entreprises").fill("10")
        await page.get_by_label("Titre de l'atelier 1").fill("Réussir son entretien")
        await page.get_by_label("Début de l'atelier 1").fill("2031-06-10T11:00")
        await page.get_by_label("Fin de l'atelier 1").fill("2031-06-10T13:00")
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_load_state()
        assert "pendant la rencontre" in await page.inner_text("#workshops")
        await _check(page, "new-e-forum-error")
        await page.get_by_label("Fin de l'atelier 1").fill("2031-06-10T12:00")
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_url("**/admin/events/*-*")
        assert "Réussir son entretien" in await page.inner_text("main")

        await page.goto(f"{live_server.url}/admin/events/new?kind=food_festival")
        restaurants = page.get_by_role("group", name="Les restaurants")
        await restaurants.get_by_label(company.name).check()
        await _check(page, "new-food-festival")
    finally:
        await context.close()
    assert not errors, errors
