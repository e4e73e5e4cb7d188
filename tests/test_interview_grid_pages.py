"""The back office's interview grid pages over HTTP: the frame's page and its forms (an error
next to its field in plain French, the values kept, nothing written), who may enter, the grid
page after « Calculer la grille » (POST, then redirect, then GET) with its status line in plain
words and the send form, and the CSV download."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.factories_events import PARIS
from tests.pages import text_of
from tests.test_interview_grid_api import grid_state, grid_world, stored_interviews


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def test_the_organiser_fills_the_frame_computes_and_sees_the_grid(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await grid_world(client, pool, settings, companies=2, candidates=3)
    await log_in(browser_like, world.staff.organiser_user.email)
    base = f"/admin/events/{world.event_id}/interview-grid"
    page = await browser_like.get(f"{base}/inputs")
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    assert "Entretiens de 10 minutes : 6 créneaux." in words
    token = await csrf_of(browser_like, f"{base}/inputs")
    company = world.companies[0]
    saved = await browser_like.post(
        f"{base}/companies/{company}",
        data={
            "csrf_token": token,
            "tables": "2",
            "arrives_at": "",
            "leaves_at": "",
            "occupations": "cariste, magasinier",
            "skill_punctuality": "3",
            "hires": "2",
            "video_urls": "",
        },
    )
    assert saved.status_code == 303, saved.text
    assert saved.headers["location"] == f"{base}/inputs#company-{company}"
    again = text_of((await browser_like.get(f"{base}/inputs")).text)
    assert "Tables : 2. Heures : toute la rencontre. Embauches prévues : 2." in again
    assert "Métiers : cariste, magasinier" in again
    solved = await browser_like.post(f"{base}/solve", data={"csrf_token": token})
    assert solved.status_code == 303, solved.text
    assert solved.headers["location"] == base
    grid = await browser_like.get(base)
    assert grid.status_code == 200
    words = text_of(grid.text)
    assert "Grille optimale." in words or "de l'optimum" in words
    assert "Les plannings de cette grille ne sont pas encore envoyés." in words
    assert f'action="{base}/send"' in grid.text
    assert "<caption" in grid.text and 'scope="row"' in grid.text
    rows = await stored_interviews(pool, world.event_id)
    assert rows and f"Entretiens : {len(rows)}." in words
    csv = await browser_like.get(f"/admin/events/{world.event_id}/interview-grid.csv")
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert len(csv.content.decode("utf-8-sig").strip().split("\r\n")) == 1 + len(rows)
    english = text_of((await browser_like.get(base, params={"lang": "en"})).text)
    assert "Compute the grid" in english and "Re-plan with those present" in english
    frame = text_of((await browser_like.get(f"{base}/inputs", params={"lang": "en"})).text)
    assert "Interviews of 10 minutes: 6 slots." in frame


async def test_a_wrong_value_comes_back_next_to_its_field_and_nothing_is_written(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=1)
    await log_in(browser_like, world.staff.organiser_user.email)
    base = f"/admin/events/{world.event_id}/interview-grid"
    token = await csrf_of(browser_like, f"{base}/inputs")
    before = await grid_state(pool, world.event_id)
    candidate = world.candidates[0]
    late = (world.start.astimezone(PARIS).hour + 3) % 24
    answer = await browser_like.post(
        f"{base}/candidates/{candidate}",
        data={
            "csrf_token": token,
            "arrives_at": f"{late:02d}:00",
            "leaves_at": "",
            "sectors": "logistique",
        },
    )
    assert answer.status_code == 400
    page = html.unescape(answer.text)
    assert (
        f'<p class="error" id="error-candidate-{candidate}-arrives_at">L\'heure doit être '
        "pendant la rencontre, entre son début et sa fin.</p>"
    ) in page
    assert f'value="{late:02d}:00"' in page
    assert 'value="logistique"' in page
    unread = await browser_like.post(
        f"{base}/settings",
        data={"csrf_token": token, "min_interviews": "2", "break_1_starts": "midi"},
    )
    assert unread.status_code == 400
    assert "Cette heure n'est pas valable" in html.unescape(unread.text)
    k = await browser_like.post(
        f"{base}/settings", data={"csrf_token": token, "min_interviews": "deux"}
    )
    assert k.status_code == 400
    assert 'id="error-settings-min_interviews"' in k.text
    assert await grid_state(pool, world.event_id) == before


async def test_coaches_are_refused_and_a_form_without_its_token_writes_nothing(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    app: Litestar,
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=1)
    base = f"/admin/events/{world.event_id}/interview-grid"
    await log_in(browser_like, world.staff.coach_user.email)
    for path in (base, f"{base}/inputs", f"{base}.csv"):
        assert (await browser_like.get(path)).status_code == 403
    async with client_of(app) as organiser:
        await log_in(organiser, world.staff.organiser_user.email)
        before = await grid_state(pool, world.event_id)
        refused = await organiser.post(f"{base}/solve", data={"csrf_token": "forged"})
        assert refused.status_code == 403
        assert await grid_state(pool, world.event_id) == before
