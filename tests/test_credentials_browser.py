"""The verification page and the skills pages in a real Chromium on a phone: a recruiter opens
the QR code's link (valid, then withdrawn) and pastes a changed credential (tampered). axe on
each, screenshots at 360 and 1280 px in tests/output/credentials/."""

from __future__ import annotations

import copy
import json
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
from tests.test_credentials import issued_credential
from tests.test_credentials_holder import holder

__all__ = ["browser", "live_server", "phone"]  # fixtures, used by name

FOLDER = OUTPUT / "credentials"


async def _looked_at(page: Any, name: str) -> None:
    assert await serious_accessibility_violations(page) == [], name
    await screenshots(page, FOLDER, name)


async def test_a_recruiter_sees_valid_withdrawn_and_tampered_in_plain_words(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
) -> None:
    issued = await issued_credential(client, pool, settings)
    credential_id = issued.credential["id"].rsplit("/", 1)[1]
    link = f"{live_server.url}/verify/{credential_id}"

    response = await phone.goto(link)
    assert response.status == 200
    verdict = phone.locator("#verdict")
    assert await verdict.get_attribute("data-verdict") == "valid"
    assert "Carte valable" in await verdict.inner_text()
    assert (await phone.inner_text("#holder")).strip() == "Amina K."
    await _looked_at(phone, "verify-valid")

    withdrawn = await client.post(
        f"/api/v1/credentials/{credential_id}/revoke", headers=issued.organiser
    )
    assert withdrawn.status_code == 200
    await phone.goto(link)
    assert await verdict.get_attribute("data-verdict") == "revoked"
    assert "L'association a retiré cette carte." in await verdict.inner_text()
    await _looked_at(phone, "verify-revoked")

    changed = copy.deepcopy(issued.credential)
    changed["credentialSubject"]["result"][0]["value"] = "4"
    await phone.goto(f"{live_server.url}/verify")
    await _looked_at(phone, "verify-form")
    await phone.get_by_label("Collez ici le texte de la carte").fill(json.dumps(changed))
    await phone.get_by_role("button", name="Vérifier").click()
    await phone.wait_for_selector("#verdict")
    assert await verdict.get_attribute("data-verdict") == "tampered"
    assert "ne pas s'y fier" in await verdict.inner_text()
    await _looked_at(phone, "verify-tampered")

    level = issued.credential["credentialSubject"]["result"][0]["achievedLevel"]
    await phone.goto(live_server.url + level.removeprefix(settings.public_url))
    assert await phone.locator(":target").count() == 1
    await _looked_at(phone, "skill-page")


async def test_the_holder_gets_their_badge_from_their_page(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    live_server: LiveServer,
    phone: Any,
) -> None:
    mine = await holder(client, pool, settings, reviewed=True)
    response = await phone.goto(f"{live_server.url}/t/{mine.token}/moi#badge")
    assert response.status == 200
    section = phone.locator("#badge")
    assert "Mon badge de compétences" in await section.inner_text()
    assert await phone.locator("#badge-links").count() == 0
    await phone.get_by_label("Prénom seulement").check()
    await phone.get_by_role("button", name="Avoir mon badge").click()
    await phone.wait_for_selector("#badge-links")
    assert "Votre badge est prêt." in await phone.inner_text("#notice")
    assert await phone.get_by_label("Prénom seulement").is_checked()
    await phone.locator("#badge").scroll_into_view_if_needed()
    await _looked_at(phone, "holder-badge")
    await phone.click("#badge-verify")
    verdict = phone.locator("#verdict")
    assert await verdict.get_attribute("data-verdict") == "valid"
    assert (await phone.inner_text("#holder")).strip() == "Amina"
