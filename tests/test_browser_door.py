"""The door scanner in a real Chromium with a fake camera: Chromium's fake capture device plays a
video made from a real ticket's QR (the PNG of ``events.tickets.qr``, as a one-frame ``.y4m``
that Chromium loops). A coach opens the door page, starts the camera: the ticket lets its holder
in (green, the name, the counter moves); the camera started again reads the same ticket and says
"Déjà entré". A replaced ticket's code typed by hand is refused without reloading the page. axe
finds no serious or critical violation; screenshots at 360 and 1280 px go to
``tests/output/door/``.

The QR is decoded in the page by the npm ``barcode-detector`` polyfill over ZXing's WebAssembly,
served by the app (Linux Chromium has no ``BarcodeDetector``): a camera answer proves the
vendor files, the wasm and the page's CSP work together."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from httpx import AsyncClient
from PIL import Image
from playwright.async_api import expect

from events.settings import Settings
from events.tickets import codes, qr
from tests.browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    OUTPUT,
    WIDTHS,
    LiveServer,
    live_server,
    screenshots,
    serious_accessibility_violations,
)
from tests.factories import PASSWORD, make_staff
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)

__all__ = ["live_server"]  # a fixture, used by name

FOLDER = OUTPUT / "door"
# The fake capture device's frame size.
FRAME = (640, 480)


def write_y4m(data: str, path: Path) -> Path:
    """One 640 by 480 frame showing the QR of ``data`` on white, as a ``.y4m`` (4:2:0, JPEG
    chroma siting, which Chromium's fake device reads and loops)."""
    symbol = Image.open(io.BytesIO(qr.png(data))).convert("L")
    if symbol.height > FRAME[1]:
        symbol = symbol.resize((FRAME[1], FRAME[1]), Image.Resampling.NEAREST)
    frame = Image.new("L", FRAME, 255)
    frame.paste(symbol, ((FRAME[0] - symbol.width) // 2, (FRAME[1] - symbol.height) // 2))
    luma, blue, red = frame.convert("YCbCr").split()
    half = (FRAME[0] // 2, FRAME[1] // 2)
    planes = [luma.tobytes()] + [p.resize(half).tobytes() for p in (blue, red)]
    header = f"YUV4MPEG2 W{FRAME[0]} H{FRAME[1]} F30:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + b"FRAME\n" + b"".join(planes))
    return path


@pytest.fixture
async def playwright() -> AsyncIterator[Any]:
    """Playwright itself: each test launches its own Chromium, with its own fake camera."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: see tests/browser.py", pytrace=False)
    from playwright.async_api import async_playwright

    async with async_playwright() as running:
        yield running


async def _check(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_the_camera_lets_a_ticket_in_then_says_already_in(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    playwright: Any,
    tmp_path: Path,
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser, first_name="Awa")
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    other_id = await make_candidate(client, staff.organiser)
    replaced = await register(client, staff.organiser, event["id"], candidate_id=other_id)
    reissued = await client.post(
        f"/api/v1/registrations/{replaced['id']}/ticket/reissue", headers=staff.organiser
    )
    assert reissued.status_code == 201
    offline = [
        await register(
            client,
            staff.organiser,
            event["id"],
            candidate_id=await make_candidate(client, staff.organiser),
        )
        for _ in range(2)
    ]
    # Typed without network: known from the list of first names and short codes kept before.
    typed_offline = await register(
        client,
        staff.organiser,
        event["id"],
        candidate_id=await make_candidate(client, staff.organiser, first_name="Inès"),
    )
    # A company's representative, whose short code is typed without network: shown under the
    # company's name.
    company_id = await make_company(client, staff.organiser)
    company = await register(client, staff.organiser, event["id"], company_id=company_id)
    company_name = await pool.fetchval("select name from companies where id = $1", company_id)
    # Found by name without network, in the list kept on the phone.
    found_offline = await register(
        client,
        staff.organiser,
        event["id"],
        candidate_id=await make_candidate(client, staff.organiser, first_name="Léa"),
    )
    # Lost ticket and phone: let in by name.
    lost = await register(
        client,
        staff.organiser,
        event["id"],
        candidate_id=await make_candidate(client, staff.organiser, first_name="Noé"),
    )
    # What the ticket page's QR holds: the signed token.
    video = write_y4m(registration["ticket"]["token"], tmp_path / "ticket.y4m")

    chromium = await playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=True,
        args=[
            *CHROMIUM_ARGS,
            "--use-fake-ui-for-media-stream",
            "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-video-capture={video}",
        ],
    )
    context = await chromium.new_context(
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
    door = f"{live_server.url}/door/{event['id']}"
    try:
        await page.goto(door)
        assert "/login" in page.url
        await page.get_by_label("Votre adresse e-mail").fill(staff.coach_user.email)
        await page.get_by_label("Votre mot de passe").fill(PASSWORD)
        await page.get_by_role("button", name="Se connecter").click()
        await page.wait_for_url(door)
        counter = page.locator("#count-candidates")
        assert await counter.text_content() == "0 sur 7 attendus"
        await _check(page, "door")

        await page.get_by_role("button", name="Scanner avec la caméra").click()
        answer = page.locator("#answer .box")
        await answer.and_(page.locator("[data-code='checked_in']")).wait_for(timeout=15000)
        assert "Entrée OK" in await answer.inner_text()
        assert "Awa " in await answer.inner_text()
        await expect(counter).to_have_text(re.compile("^1 "))
        await _check(page, "door-admitted")

        # The same ticket stays in view: it is not read again until the camera starts again.
        await page.wait_for_timeout(500)
        assert await answer.get_attribute("data-code") == "checked_in"
        await page.get_by_role("button", name="Arrêter la caméra").click()
        await page.get_by_role("button", name="Scanner avec la caméra").click()
        await answer.and_(page.locator("[data-code='already_checked_in']")).wait_for(timeout=15000)
        assert "Déjà entré" in await answer.inner_text()
        await page.get_by_role("button", name="Arrêter la caméra").click()
        await _check(page, "door-already-in")

        # Typed by hand, with the script: answered without leaving the page.
        typed = codes.format_code(replaced["ticket"]["short_code"])
        await page.get_by_label("Code du billet").fill(typed)
        await page.get_by_role("button", name="Faire entrer").click()
        await answer.and_(page.locator("[data-code='ticket_revoked']")).wait_for()
        assert "Ancien billet" in await answer.inner_text()
        assert page.url == door
        assert await page.get_by_label("Code du billet").input_value() == ""

        # Without network: the page comes from the service worker's cache; tickets are checked
        # in the page (signature, replaced, already in) and queued.
        await page.locator("main[data-offline-ready='yes']").wait_for()
        await page.locator("main[data-decoder='kept']").wait_for()
        await context.set_offline(True)
        await page.reload()
        await page.locator("main[data-offline-ready='yes']").wait_for()
        pending = page.locator("#pending")
        for count, later in enumerate(offline, start=1):
            await page.get_by_label("Code du billet").fill(later["ticket"]["token"])
            await page.get_by_role("button", name="Faire entrer").click()
            await expect(pending).to_have_text(re.compile(f" {count}$"))
            assert await answer.get_attribute("data-code") == "offline_checked_in"
        await page.get_by_label("Code du billet").fill(
            typed_offline["ticket"]["short_code"].lower()
        )
        await page.get_by_role("button", name="Faire entrer").click()
        await expect(pending).to_have_text(re.compile(" 3$"))
        assert await answer.get_attribute("data-code") == "offline_checked_in"
        assert "Inès " in await answer.inner_text()
        await page.get_by_label("Code du billet").fill(company["ticket"]["short_code"].lower())
        await page.get_by_role("button", name="Faire entrer").click()
        await expect(pending).to_have_text(re.compile(" 4$"))
        assert await answer.get_attribute("data-code") == "offline_checked_in"
        assert company_name in await answer.inner_text()
        assert await pending.text_content() == "Pas encore envoyées au serveur\u00a0: 4"
        for refused, code in [
            (offline[0]["ticket"]["token"], "already_checked_in"),
            (replaced["ticket"]["token"], "ticket_revoked"),
            (typed, "offline_code"),
        ]:
            await page.get_by_label("Code du billet").fill(refused)
            await page.get_by_role("button", name="Faire entrer").click()
            await answer.and_(page.locator(f"[data-code='{code}']")).wait_for()
        # The camera works without network too, and knows this ticket came in.
        await page.get_by_role("button", name="Scanner avec la caméra").click()
        await answer.and_(page.locator("[data-code='already_checked_in']")).wait_for(timeout=15000)
        await page.get_by_role("button", name="Arrêter la caméra").click()
        await _check(page, "door-offline")

        # Still without network, the page is loaded again (a tab closed and opened): the queue
        # is still there (IndexedDB), and so is what this phone let in.
        await page.reload()
        await page.locator("main[data-offline-ready='yes']").wait_for()
        await expect(pending).to_have_text("Pas encore envoyées au serveur\u00a0: 4")
        await page.get_by_label("Code du billet").fill(offline[1]["ticket"]["token"])
        await page.get_by_role("button", name="Faire entrer").click()
        await answer.and_(page.locator("[data-code='already_checked_in']")).wait_for()
        assert await page.evaluate("Object.keys(localStorage)") == []
        # A search by name looks in the list kept on the phone; "Faire entrer" queues the code.
        await page.get_by_label("Nom, prénom ou entreprise").fill("LEA")
        await page.get_by_role("button", name="Chercher").click()
        await page.get_by_role("button", name="Faire entrer Léa").wait_for()
        assert "Pas de réseau" in await page.locator("#found").inner_text()
        await _check(page, "door-offline-by-name")
        await page.get_by_role("button", name="Faire entrer Léa").click()
        await answer.and_(page.locator("[data-code='offline_checked_in']")).wait_for()
        assert "Léa " in await answer.inner_text()
        await expect(pending).to_have_text("Pas encore envoyées au serveur\u00a0: 5")

        # The network is back: the queue is sent, the server's answer shown for each entry.
        await context.set_offline(False)
        uploaded = page.locator("#uploaded li")
        await uploaded.nth(4).wait_for()
        assert [await line.get_attribute("data-code") for line in await uploaded.all()] == [
            "checked_in"
        ] * 5
        assert await pending.text_content() == ""
        await expect(counter).to_have_text(re.compile("^5 "))
        await expect(page.locator("#count-companies")).to_have_text("1 sur 1 attendus")
        await _check(page, "door-uploaded")

        # Someone who lost ticket and phone: found by name, accents aside, and let in.
        await page.get_by_label("Nom, prénom ou entreprise").fill("noe")
        await page.get_by_role("button", name="Chercher").click()
        await page.get_by_role("button", name="Faire entrer Noé").wait_for()
        await _check(page, "door-by-name")
        await page.get_by_role("button", name="Faire entrer Noé").click()
        await answer.and_(page.locator("[data-code='checked_in']")).wait_for()
        assert "Noé " in await answer.inner_text()
        await expect(counter).to_have_text(re.compile("^6 "))
        # A company is found by its name too, marked as one (already in: typed offline).
        await page.get_by_label("Nom, prénom ou entreprise").fill("boulangerie")
        await page.get_by_role("button", name="Chercher").click()
        found = page.get_by_role("list", name="Personnes inscrites trouvées").get_by_role(
            "listitem"
        )
        await expect(found).to_have_count(1)
        assert company_name in await found.inner_text()
        assert "Entreprise" in await found.inner_text()
        assert "(déjà entré)" in await found.inner_text()
        await _check(page, "door-by-name-company")
    finally:
        await context.close()
        await chromium.close()
    assert not errors, errors
    rows = await pool.fetch(
        "select result, offline, method, registration_id from scans where event_id = $1 "
        "order by id",
        event["id"],
    )
    assert [r["result"] for r in rows] == [
        "checked_in",
        "already_checked_in",
        "ticket_revoked",
        "checked_in",
        "checked_in",
        "checked_in",
        "checked_in",
        "checked_in",
        "checked_in",
    ]
    assert [r["offline"] for r in rows] == [False, False, False, *[True] * 5, False]
    assert [r["method"] for r in rows][-1] == "by_name"
    assert str(rows[-1]["registration_id"]) == lost["id"]
    assert {typed_offline["id"], company["id"], found_offline["id"]} <= {
        str(r["registration_id"]) for r in rows if r["offline"]
    }
