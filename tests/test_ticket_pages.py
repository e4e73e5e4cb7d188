"""Tickets by token: JSON, QR images read back by a real decoder, the printable page."""

from __future__ import annotations

import io
import re
from typing import Any

import zxingcpp
from httpx import AsyncClient
from PIL import Image

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.pages import error_code, text_of


async def _registered(
    client: AsyncClient, pool: Any, settings: Settings, **event: Any
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    staff = await make_staff(pool, settings, client)
    published = await make_published_event(client, staff.organiser, **event)
    candidate_id = await make_candidate(
        client,
        staff.organiser,
        first_name="Aïcha",
        last_name="Ben Saïd",
        private={"benefits": ["rsa"], "other_barriers": "rsa-secret-marker"},
    )
    registration = await register(
        client, staff.organiser, published["id"], candidate_id=candidate_id
    )
    return staff, published, registration


async def test_png_qr_decodes_to_exactly_the_token(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, _, registration = await _registered(client, pool, settings)
    token = registration["ticket"]["token"]
    response = await client.get(f"/api/v1/tickets/{token}/qr.png")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert "no-store" in response.headers["cache-control"]
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(response.content)))
    assert [d.text for d in decoded] == [token]


async def test_ticket_json_shows_the_holder_the_event_and_no_private_data(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, event, registration = await _registered(client, pool, settings)
    token = registration["ticket"]["token"]
    response = await client.get(f"/api/v1/tickets/{token}")
    assert response.status_code == 200
    ticket = response.json()
    assert ticket["status"] == "confirmed"
    assert ticket["holder"].startswith("Aïcha Ben Saïd")
    assert ticket["event"]["title"] == event["title"]
    assert ticket["short_code"] == registration["ticket"]["short_code"]
    assert "rsa-secret-marker" not in response.text
    assert "private" not in ticket


async def test_ticket_page_is_french_by_default_and_english_on_request(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, _, registration = await _registered(client, pool, settings)
    token = registration["ticket"]["token"]
    french = await client.get(f"/t/{token}")
    assert french.status_code == 200
    assert french.headers["content-type"].startswith("text/html")
    page = french.text
    assert "Votre place est confirmée." in page
    assert "Maison de l&#39;emploi" in page or "Maison de l'emploi" in page
    assert "<svg" in page
    assert "rsa-secret-marker" not in page
    english = await client.get(f"/t/{token}", params={"lang": "en"})
    assert "Your place is confirmed." in english.text
    by_header = await client.get(f"/t/{token}", headers={"Accept-Language": "en-US"})
    assert "Your place is confirmed." in by_header.text


async def test_cancelled_ticket_page_says_so_and_shows_no_qr(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, _, registration = await _registered(client, pool, settings)
    await client.post(f"/api/v1/registrations/{registration['id']}/cancel", headers=staff.organiser)
    page = await client.get(f"/t/{registration['ticket']['token']}")
    assert page.status_code == 200
    assert "Cette inscription est annulée." in page.text
    assert "<svg" not in page.text


async def test_forged_or_replaced_tokens_get_clear_refusals(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, _, registration = await _registered(client, pool, settings)
    token = registration["ticket"]["token"]
    altered = token[:50] + ("B" if token[50] != "B" else "C") + token[51:]
    for path in (f"/api/v1/tickets/{altered}", "/api/v1/tickets/abc/qr.png"):
        response = await client.get(path)
        assert response.status_code == 422, path
        assert response.json()["code"] == "invalid_ticket"
    # The page answers a browser with a page, the same status and code.
    page = await client.get(f"/t/{altered}")
    assert page.status_code == 422
    assert error_code(page) == "invalid_ticket"
    assert "Ce billet n'est pas valable." in text_of(page.text)
    await client.post(
        f"/api/v1/registrations/{registration['id']}/ticket/reissue", headers=staff.coach
    )
    replaced = await client.get(f"/api/v1/tickets/{token}")
    assert replaced.status_code == 409
    assert replaced.json()["code"] == "ticket_revoked"
    replaced_page = await client.get(f"/t/{token}")
    assert replaced_page.status_code == 409
    assert error_code(replaced_page) == "ticket_revoked"
    assert "Ce billet a été remplacé par un nouveau." in text_of(replaced_page.text)


async def test_the_short_code_is_shown_with_its_dash_wherever_it_is_shown(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, _, registration = await _registered(client, pool, settings)
    token = registration["ticket"]["token"]
    shown = registration["ticket"]["short_code"]
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", shown), shown

    ticket = (await client.get(f"/api/v1/tickets/{token}")).json()
    page = await client.get(f"/t/{token}")
    assert ticket["short_code"] == shown
    assert f'<p class="code" id="short-code">{shown}</p>' in page.text

    reissued = await client.post(
        f"/api/v1/registrations/{registration['id']}/ticket/reissue", headers=staff.coach
    )
    assert reissued.status_code == 201
    new = reissued.json()
    assert re.fullmatch(r"[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", new["short_code"])
    assert (await client.get(f"/api/v1/tickets/{new['token']}")).json()["short_code"] == new[
        "short_code"
    ]
    # What is shown is what the door takes.
    checked = await client.post(
        f"/api/v1/events/{registration['event_id']}/checkins",
        headers=staff.coach,
        json={"token": new["short_code"]},
    )
    assert checked.status_code == 201, checked.text
    assert checked.json()["registration_id"] == registration["id"]
