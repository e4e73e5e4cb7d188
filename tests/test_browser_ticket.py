"""The printable ticket page in a real Chromium on a phone-sized screen: what a candidate sees,
scans, switches and prints. Screenshots stay in pytest's temporary directory for a person to
look at."""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path
from typing import Any

import zxingcpp
from httpx import AsyncClient
from PIL import Image
from pypdf import PdfReader

from events.settings import Settings
from tests.browser import PHONE, LiveServer, browser, live_server, phone
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, make_published_event, register

__all__ = ["browser", "live_server", "phone"]  # fixtures, used by name

# A door phone reads a QR of this size on another phone's screen without zooming in.
MIN_QR_CSS_PX = 200
A4_POINTS = (595, 842)


async def _ticket(
    client: AsyncClient, pool: Any, settings: Settings, **changes: Any
) -> tuple[Any, dict[str, Any]]:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    if changes:
        changed = await client.patch(
            f"/api/v1/events/{event['id']}", headers=staff.organiser, json=changes
        )
        assert changed.status_code == 200, changed.text
    candidate_id = await make_candidate(
        client, staff.organiser, first_name="Aïcha", last_name="Ben Saïd"
    )
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    return staff, registration


async def _open(page: Any, server: LiveServer, token: str) -> None:
    response = await page.goto(f"{server.url}/t/{token}")
    assert response.status == 200


def _decode(png: Path) -> list[str]:
    return [found.text for found in zxingcpp.read_barcodes(Image.open(png))]


def _pdf_pages(pdf: bytes) -> tuple[int, list[tuple[int, int]], str]:
    """Page count, page sizes in points and text, read back by a real PDF reader."""
    reader = PdfReader(io.BytesIO(pdf))
    sizes = [(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages]
    text = "".join(p.extract_text() for p in reader.pages)
    # NFKC undoes the ligatures (ﬁ) the PDF typesetter put in.
    return len(reader.pages), sizes, unicodedata.normalize("NFKC", text)


async def test_confirmed_ticket_on_a_phone_is_french_with_a_big_qr_that_scans_to_the_token(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    _, registration = await _ticket(client, pool, settings)
    token = registration["ticket"]["token"]
    await _open(phone, live_server, token)
    assert await phone.get_attribute("html", "lang") == "fr"
    assert (await phone.inner_text("#status")).strip() == "Votre place est confirmée."

    qr = phone.get_by_role("img", name="QR code de votre billet")
    assert await qr.is_visible()
    box = await qr.bounding_box()
    assert box is not None
    assert box["width"] >= MIN_QR_CSS_PX and box["height"] >= MIN_QR_CSS_PX, box
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], "QR leaves the screen"
    await qr.screenshot(path=tmp_path / "qr.png")
    assert _decode(tmp_path / "qr.png") == [token]

    short_code = registration["ticket"]["short_code"]
    shown = await phone.inner_text("#short-code")
    assert shown == short_code, "the code as the registration gave it, dash and all"
    # Nothing wider than the phone: no sideways scrolling to find the details.
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    await phone.screenshot(path=tmp_path / "page.png", full_page=True)


async def test_english_link_switches_the_ticket_page_to_english(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    _, registration = await _ticket(client, pool, settings)
    await _open(phone, live_server, registration["ticket"]["token"])
    await phone.get_by_role("link", name="English").click()
    await phone.wait_for_url("**?lang=en")
    assert await phone.get_attribute("html", "lang") == "en"
    assert (await phone.inner_text("#status")).strip() == "Your place is confirmed."
    assert await phone.get_by_role("img", name="QR code of your ticket").is_visible()
    assert await phone.get_by_role("link", name="Français").is_visible()
    await phone.screenshot(path=tmp_path / "page-en.png", full_page=True)


async def test_print_button_prints_and_the_ticket_fits_one_a4_page_with_a_scannable_qr(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    _, registration = await _ticket(client, pool, settings)
    token = registration["ticket"]["token"]
    # Headless Chromium has no print dialog: count the calls instead.
    await phone.add_init_script("window.printed = 0; window.print = () => { window.printed++; };")
    await _open(phone, live_server, token)
    await phone.get_by_role("button", name="Imprimer").click()
    assert await phone.evaluate("window.printed") == 1

    pdf = await phone.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "ticket.pdf").write_bytes(pdf)
    pages, sizes, text = _pdf_pages(pdf)
    assert pages == 1
    assert sizes == [A4_POINTS]
    assert "Votre place est confirmée." in text
    assert "Imprimer" not in text, "the buttons are printed"

    await phone.emulate_media(media="print")
    await phone.get_by_role("img", name="QR code de votre billet").screenshot(
        path=tmp_path / "qr-print.png"
    )
    assert _decode(tmp_path / "qr-print.png") == [token]


async def test_ticket_with_the_longest_texts_allowed_still_prints_on_one_a4_page(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    words = "Rencontre avec des recruteurs de la boulangerie et du bâtiment "
    _, registration = await _ticket(
        client,
        pool,
        settings,
        title=("Grande rencontre emploi " * 9)[:200],
        description=(words * 200)[:10_000],
        venue={
            "name": ("Maison de l'emploi " * 11)[:200],
            "address": ("12 rue des Lilas " * 12)[:200],
            "city": "Montreuil",
            "postcode": "93100",
        },
        online_url="https://visio.example.org/" + "a" * 1970,
    )
    token = registration["ticket"]["token"]
    await _open(phone, live_server, token)
    width = await phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], "a long text widens the page past the phone's screen"
    pdf = await phone.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "longest.pdf").write_bytes(pdf)
    pages, _, text = _pdf_pages(pdf)
    assert pages == 1
    assert "Votre place est confirmée." in text
    assert registration["ticket"]["short_code"].replace("-", "") in text.replace("-", "")
    await phone.emulate_media(media="print")
    await phone.get_by_role("img", name="QR code de votre billet").screenshot(
        path=tmp_path / "qr-print.png"
    )
    assert _decode(tmp_path / "qr-print.png") == [token]


async def test_cancelled_registration_page_says_so_and_shows_no_qr_or_code(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    staff, registration = await _ticket(client, pool, settings)
    cancelled = await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=staff.organiser
    )
    assert cancelled.status_code == 200, cancelled.text
    await _open(phone, live_server, registration["ticket"]["token"])
    status = (await phone.inner_text("#status")).strip()
    assert status == "Cette inscription est annulée. Ce billet ne marche plus."
    assert await phone.locator("svg").count() == 0
    assert await phone.get_by_role("img").count() == 0
    assert await phone.locator("#short-code").count() == 0
    # A dead ticket is not worth printing or bringing.
    assert await phone.get_by_role("button").count() == 0
    assert "À apporter" not in await phone.inner_text("main")
    await phone.screenshot(path=tmp_path / "cancelled.png", full_page=True)


async def test_a_broken_ticket_link_shows_a_page_in_plain_words_on_a_phone(
    live_server: LiveServer, phone: Any, tmp_path: Path
) -> None:
    response = await phone.goto(f"{live_server.url}/t/not-a-ticket")

    assert response is not None and response.status == 422
    assert await phone.get_attribute("html", "lang") == "fr"
    assert await phone.get_by_role("heading", name="Cette page ne peut pas s'afficher").is_visible()
    assert (await phone.inner_text("#detail")).startswith("Ce billet n'est pas valable.")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    await phone.screenshot(path=tmp_path / "broken-link.png", full_page=True)

    await phone.get_by_role("link", name="English").click()
    await phone.wait_for_url("**/t/not-a-ticket?lang=en")
    assert await phone.get_attribute("html", "lang") == "en"
    assert await phone.get_by_role("heading", name="This page cannot be shown").is_visible()


async def test_an_events_public_page_reads_on_a_phone_prints_and_breaks_no_policy(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
    tmp_path: Path,
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    refused: list[str] = []
    # A script or style the page's policy blocks is reported on the console, not as an error.
    phone.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    await phone.add_init_script("window.printed = 0; window.print = () => { window.printed++; };")

    response = await phone.goto(f"{live_server.url}/events/{event['id']}")

    assert response is not None and response.status == 200
    assert await phone.get_attribute("html", "lang") == "fr"
    assert await phone.get_by_role("heading", name=event["title"]).is_visible()
    assert "Job dating" in await phone.inner_text("#kind")
    assert "Maison de l'emploi" in await phone.inner_text("#where")
    assert await phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The print button appears only once the page's own script ran, under the policy.
    await phone.get_by_role("button", name="Imprimer").click()
    assert await phone.evaluate("window.printed") == 1
    await phone.screenshot(path=tmp_path / "event.png", full_page=True)

    pdf = await phone.pdf(prefer_css_page_size=True, print_background=True)
    (tmp_path / "event.pdf").write_bytes(pdf)
    pages, sizes, text = _pdf_pages(pdf)
    assert (pages, sizes) == (1, [A4_POINTS])
    assert event["title"] in text
    assert "Imprimer" not in text, "the buttons are printed"
    assert f"/events/{event['id']}" in text, "paper keeps the page's address"

    await phone.get_by_role("link", name="English").click()
    await phone.wait_for_url("**?lang=en")
    assert await phone.get_attribute("html", "lang") == "en"
    assert await phone.get_by_role("button", name="Print").is_visible()
    assert refused == []
