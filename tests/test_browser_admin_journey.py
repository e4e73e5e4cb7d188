"""An organiser's whole meeting in a real Chromium (Debian's, driven by Playwright), through the
back office only: create a sport session with its form and publish it, import 30 candidates from
a French Excel CSV (``;``, UTF-8 with BOM, accents) straight into it — 25 places, so 5 wait —,
cancel one registration and see the first waiting person take the place, download the
registrations as XLSX and read them back, download the attendance sheet and the badges and read
their text. axe finds no serious or critical violation on any page; screenshots at 360 and
1280 px go to ``tests/output/admin-journey/``."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from httpx import AsyncClient
from pypdf import PdfReader

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

__all__ = ["browser", "live_server"]  # fixtures, used by name

FOLDER = OUTPUT / "admin-journey"
FIRST_NAMES = ("Hélène", "Zoé", "Inès", "Noël", "Anaïs", "Jérôme")


def _people() -> list[tuple[str, str]]:
    """30 people, each with a last name of their own (accents and apostrophes included)."""
    return [(FIRST_NAMES[n % len(FIRST_NAMES)], unique(f"N'Guessan-Lefèvre{n}")) for n in range(30)]


def _french_excel_csv(people: list[tuple[str, str]]) -> bytes:
    """What French Excel writes for "CSV UTF-8": a BOM, ``;`` between cells, CRLF."""
    lines = ["Prénom;Nom;Téléphone;Ville;Code postal"]
    lines += [
        f"{first};{last};06 12 34 {n:02d} {n:02d};Saint-Étienne;42000"
        for n, (first, last) in enumerate(people)
    ]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8-sig")


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_an_organiser_runs_a_sport_session_from_the_back_office_alone(
    client: AsyncClient, pool: Any, settings: Settings, live_server: LiveServer, browser: Any
) -> None:
    from playwright.async_api import expect  # with the browser fixture's check that it is there

    staff = await make_staff(pool, settings, client)
    people = _people()
    context = await browser.new_context(
        viewport={"width": WIDTHS[0], "height": 800},
        locale="fr-FR",
        device_scale_factor=1,
        accept_downloads=True,
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
        await page.goto(f"{live_server.url}/admin/")
        await page.get_by_label("Votre adresse e-mail").fill(staff.organiser_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(f"{live_server.url}/admin/")
        await _check(page, "home")

        # The session, through its form, then published.
        await page.get_by_role("link", name="Rencontres", exact=True).click()
        await page.get_by_role("link", name="Séance de recrutement par le sport").click()
        await page.wait_for_url("**/admin/events/new?kind=sport_session")
        title = unique("Du stade vers l'emploi")
        await page.get_by_label("Titre").fill(title)
        await page.get_by_label("Début (date et heure)").fill("2031-06-12T09:00")
        await page.get_by_label("Fin (date et heure)").fill("2031-06-12T16:00")
        await page.get_by_label("Nom du lieu").fill("Gymnase Jean Jaurès")
        await page.get_by_label("Adresse").fill("3 rue du Stade")
        await page.get_by_label("Ville").fill("Saint-Étienne")
        await page.get_by_label("Code postal").fill("42000")
        await page.get_by_label("Places pour les candidats").fill("25")
        await page.get_by_label("Places pour les entreprises").fill("10")
        await page.get_by_label("Activité 1", exact=True).fill("Escalade")
        skills = page.get_by_role("group", name="Compétences montrées par l'activité 1")
        await skills.get_by_label("Persévérance").check()
        await _check(page, "new-sport-session")
        await page.get_by_role("button", name="Créer le brouillon").click()
        await page.wait_for_url("**/admin/events/*-*")
        event_url = page.url.split("?")[0]
        event_id = event_url.rsplit("/", 1)[1]
        await page.get_by_role("button", name="Publier la rencontre").click()
        await page.wait_for_load_state()
        assert (await page.inner_text("#status")).strip() == "publiée"

        # 30 people from French Excel, registered to it as they are imported.
        await page.get_by_role("link", name="Candidats", exact=True).click()
        await page.wait_for_url("**/admin/candidates")
        await page.get_by_role("link", name="Importer un fichier de candidats").click()
        await page.wait_for_url("**/admin/candidates/import")
        await _check(page, "import-upload")
        await page.get_by_label("Fichier à importer (CSV ou .xlsx)").set_input_files(
            files=[
                {
                    "name": "inscrits-stade.csv",
                    "mimeType": "text/csv",
                    "buffer": _french_excel_csv(people),
                }
            ]
        )
        await page.get_by_role("button", name="Envoyer le fichier").click()
        await page.wait_for_url("**/admin/candidates/import/*-*")
        assert "Saint-Étienne" in await page.inner_text("main")
        assert await page.get_by_label("Colonne «\u00a0Prénom\u00a0»").input_value() == "first_name"
        assert await page.get_by_label("Colonne «\u00a0Nom\u00a0»").input_value() == "last_name"
        await page.get_by_label("Inscrire tout le monde à une rencontre").select_option(
            value=event_id
        )
        await _check(page, "import-mapping")
        await page.get_by_role("button", name="Voir l'aperçu").click()
        await page.wait_for_url("**/preview")
        await _check(page, "import-preview")
        await page.get_by_role("button", name="Importer 30 personnes").click()
        await page.wait_for_url("**/result")
        assert (await page.inner_text("#count-created")).strip() == "30"
        assert (await page.inner_text("#count-confirmed")).strip() == "25"
        assert (await page.inner_text("#count-waitlisted")).strip() == "5"
        await _check(page, "import-result")

        # The event's page: 25 in, 5 waiting in file order; a cancellation frees a place.
        await page.goto(event_url)
        registered = await page.inner_text("#registrations")
        waiting = await page.inner_text("#waitlist")
        assert all(last in registered for _, last in people[:25])
        assert [last for _, last in people[25:] if last in waiting] == [
            last for _, last in people[25:]
        ]
        assert waiting.index(people[25][1]) < waiting.index(people[26][1])
        await _check(page, "event")
        first, last = people[3]
        await page.get_by_role("button", name=f"Annuler l'inscription de {first} {last}").click()
        await page.wait_for_load_state()
        promoted = people[25][1]
        assert promoted in await page.inner_text("#registrations")
        assert promoted not in await page.inner_text("#waitlist")
        assert "inscription annulée" in await page.inner_text("#registrations")
        await _check(page, "event-after-cancel")

        # The registrations as XLSX, downloaded and read back.
        async with page.expect_download() as downloading:
            await page.get_by_role(
                "link", name="Les inscrits — Fichier Excel (XLSX)", exact=True
            ).click()
        download = await downloading.value
        assert download.suggested_filename.endswith(".xlsx")
        saved = await download.path()
        book = openpyxl.load_workbook(io.BytesIO(saved.read_bytes()), read_only=True)
        rows = [[str(c) if c is not None else "" for c in row] for row in book.active.values]
        header, lines = rows[0], rows[1:]
        name, status = header.index("Nom"), header.index("Statut")
        by_name = {line[name]: line for line in lines}
        assert {last for _, last in people} <= set(by_name)
        assert by_name[last][status] == "inscription annulée"
        assert by_name[promoted][status] == "place confirmée"
        assert sum(line[status] == "place confirmée" for line in lines) == 25
        assert sum(line[status] == "sur liste d'attente" for line in lines) == 4

        # The attendance sheet and the badges, read as text.
        for document in ("attendance", "badges"):
            await expect(
                page.locator(f'a[href^="/admin/events/{event_id}/{document}.pdf"]')
            ).to_be_visible()
            answer = await context.request.get(f"{event_url}/{document}.pdf")
            assert answer.status == 200
            assert answer.headers["content-type"] == "application/pdf"
            text = " ".join(
                page_.extract_text() for page_ in PdfReader(io.BytesIO(await answer.body())).pages
            )
            flat = " ".join(text.split())
            if document == "attendance":
                assert "Feuille d'émargement" in flat and title in flat
                assert all(other in flat for _, other in people[:25] if other != last), (
                    "a confirmed person is missing from the sheet"
                )
                assert promoted in flat and last not in flat
            else:
                assert flat.count("Hélène") >= 4 and "Zoé" in flat
    finally:
        await context.close()
    assert not errors, errors
