"""The back office's pairings page over HTTP (``events/web/admin/pairings.py``): the organiser's
forms make the same calls as the API, refusals are shown next to their form with nothing
written, and only the festival's organisers may enter."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from httpx import AsyncClient
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.factories_pairings import day, make_festival


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def test_an_organiser_pairs_by_hand_and_sees_refusals_next_to_the_form(
    app: Litestar,
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    festival = await make_festival(
        pool,
        settings,
        client,
        cooks={"Amal": "93100", "Dawit": "75011"},
        restaurants={"Le Petit Zinc": ("75011", "Paris")},
    )
    page_path = f"/admin/events/{festival.id}/pairings"
    async with client_of(app) as coach:
        await log_in(coach, festival.staff.coach_user.email)
        assert (await coach.get(page_path)).status_code == 403
    http = browser_like
    await log_in(http, festival.staff.organiser_user.email)
    event_page = (await http.get(f"/admin/events/{festival.id}")).text
    assert f'href="{page_path}"' in event_page
    english = await http.get(f"{page_path}?lang=en")
    assert english.status_code == 200 and "Suggested pairs" in english.text
    token = await csrf_of(http, page_path)
    amal, dawit = festival.cooks["Amal"], festival.cooks["Dawit"]
    zinc = festival.restaurants["Le Petit Zinc"]

    wrong = await http.post(
        f"{page_path}/cooks/{amal}",
        data={"csrf_token": token, "cuisines": "syrienne", "wishes": "", "areas": "Paris"},
    )
    assert wrong.status_code == 400
    assert f'id="error-cook-{amal}-areas"' in wrong.text
    assert 'value="Paris"' in wrong.text  # what was typed is kept
    assert not await pool.fetchval(
        "select count(*) from pairing_cooks where candidate_id = $1", UUID(amal)
    )

    made = await http.post(
        page_path,
        data={
            "csrf_token": token,
            "candidate_id": amal,
            "company_id": zinc,
            "source": "by_hand",
            "preparation_days": [day(festival, -1)],
            "service_days": [day(festival, 0), day(festival, 2)],
        },
    )
    assert made.status_code == 303
    assert made.headers["location"] == f"{page_path}?done=paired"
    shown = html.unescape((await http.get(made.headers["location"])).text)
    assert "Le binôme est fait." in shown
    assert "Amal" in shown and "cuisine chez Le Petit Zinc" in shown

    full = await http.post(
        page_path,
        data={"csrf_token": token, "candidate_id": dawit, "company_id": zinc},
    )
    assert full.status_code == 409
    assert "Ce restaurant a déjà tous ses cuisiniers (1)." in html.unescape(full.text)
    assert (
        await pool.fetchval("select count(*) from pairings where event_id = $1", UUID(festival.id))
        == 1
    )

    no_csrf = await http.post(f"{page_path}/send", data={})
    assert no_csrf.status_code in (400, 403)
    sent = await http.post(f"{page_path}/send", data={"csrf_token": token})
    assert sent.status_code == 303
    notice = html.unescape((await http.get(sent.headers["location"])).text)
    assert "Plannings envoyés. Binômes\u00a0: 1." in notice
