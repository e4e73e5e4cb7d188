"""The back office's "what happened next" pages over HTTP: an event's participants and the form
recording an outcome per person (errors next to their field, values kept), deleting one, the
to-do list of follow-ups linked from the home, and a person's outcomes linked from their page."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.factories_outcomes import make_interest, past_event


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def _kinds(pool: Any, candidate_id: str) -> list[str]:
    rows = await pool.fetch(
        "select kind from outcomes where candidate_id = $1 order by recorded_at",
        UUID(candidate_id),
    )
    return [r["kind"] for r in rows]


async def test_the_organiser_records_an_outcome_from_the_events_page(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await past_event(client, pool, settings, came=1)
    await log_in(browser_like, world.staff.organiser_user.email)
    url = f"/admin/events/{world.event_id}/outcomes"
    page = await browser_like.get(url)
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    assert "Venu le jour de la rencontre" in text
    assert "À 1\u00a0mois" in text and "à faire" in text
    token = await csrf_of(browser_like, url)
    answer = await browser_like.post(
        url,
        data={
            "csrf_token": token,
            "candidate_id": world.came[0],
            "kind": "work_study",
            "happened_on": "2026-11-02",
            "company_id": world.company_id,
            "follow_up_month": "1",
            "note": "Contrat signé",
        },
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == f"{url}#p-{world.came[0]}"
    assert await _kinds(pool, world.came[0]) == ["work_study"]
    after = html.unescape((await browser_like.get(url)).text)
    assert "Alternance, le 2 novembre 2026" in after
    assert "Réponse au suivi à 1\u00a0mois" in after


async def test_a_refused_form_comes_back_with_the_error_next_to_its_field_and_values_kept(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await past_event(client, pool, settings, came=1)
    await log_in(browser_like, world.staff.organiser_user.email)
    url = f"/admin/events/{world.event_id}/outcomes"
    token = await csrf_of(browser_like, url)
    bad_day = await browser_like.post(
        url,
        data={
            "csrf_token": token,
            "candidate_id": world.came[0],
            "kind": "interview",
            "happened_on": "pas une date",
            "note": "Garder ce texte",
        },
    )
    assert bad_day.status_code == 400
    text = html.unescape(bad_day.text)
    assert f'id="error-{world.came[0]}-happened_on"' in text
    assert "Garder ce texte" in text
    assert f'id="form-{world.came[0]}"' in text
    absent = await browser_like.post(
        url,
        data={
            "csrf_token": token,
            "candidate_id": world.absent,
            "kind": "interview",
            "happened_on": "2026-11-02",
            "follow_up_month": "1",
        },
    )
    assert absent.status_code == 409
    assert f'id="error-{world.absent}-follow_up_month"' in absent.text
    assert "pas enregistrée comme entrée" in html.unescape(absent.text)
    assert await _kinds(pool, world.came[0]) == []
    assert await _kinds(pool, world.absent) == []
    no_token = await browser_like.post(
        url,
        data={"candidate_id": world.came[0], "kind": "interview", "happened_on": "2026-11-02"},
    )
    assert no_token.status_code == 403
    assert await _kinds(pool, world.came[0]) == []


async def test_an_outcome_is_deleted_from_the_page(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await past_event(client, pool, settings, came=1)
    await log_in(browser_like, world.staff.organiser_user.email)
    url = f"/admin/events/{world.event_id}/outcomes"
    token = await csrf_of(browser_like, url)
    await browser_like.post(
        url,
        data={
            "csrf_token": token,
            "candidate_id": world.came[0],
            "kind": "interview",
            "happened_on": "2026-11-02",
        },
    )
    outcome_id = await pool.fetchval(
        "select id from outcomes where candidate_id = $1", UUID(world.came[0])
    )
    gone = await browser_like.post(
        f"/admin/outcomes/{outcome_id}/delete", data={"csrf_token": token}
    )
    assert gone.status_code == 303
    assert gone.headers["location"] == url
    assert await _kinds(pool, world.came[0]) == []


async def test_the_to_do_list_is_linked_from_the_home_and_leads_to_the_person(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await past_event(client, pool, settings, came=1)
    await make_interest(pool, settings, candidate_id=world.absent, company_id=world.company_id)
    await log_in(browser_like, world.staff.organiser_user.email)
    home = await browser_like.get("/admin/")
    assert 'href="/admin/follow-ups"' in home.text
    todo = await browser_like.get("/admin/follow-ups")
    assert todo.status_code == 200, todo.text
    text = html.unescape(todo.text)
    assert f"/admin/events/{world.event_id}/outcomes#p-{world.came[0]}" in text
    assert "Suivi à 1\u00a0mois" in text
    # The interest in the one who did not come is to follow up too, with its company.
    assert f"#p-{world.absent}" in text
    assert "Intérêt de " in text
    english = await browser_like.get("/admin/follow-ups?lang=en")
    assert "Follow-ups to do" in english.text


async def test_the_candidates_page_links_to_their_outcomes(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await past_event(client, pool, settings, came=1)
    recorded = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json={"candidate_id": world.came[0], "kind": "permanent", "happened_on": "2026-10-01"},
    )
    assert recorded.status_code == 201
    await log_in(browser_like, world.staff.organiser_user.email)
    person = await browser_like.get(f"/admin/candidates/{world.came[0]}")
    assert f'href="/admin/candidates/{world.came[0]}/outcomes"' in person.text
    outcomes = await browser_like.get(f"/admin/candidates/{world.came[0]}/outcomes")
    assert outcomes.status_code == 200, outcomes.text
    assert "CDI" in outcomes.text and "1 octobre 2026" in outcomes.text
    event_page = await browser_like.get(f"/admin/events/{world.event_id}")
    assert f'href="/admin/events/{world.event_id}/outcomes"' in event_page.text


async def test_a_coach_is_refused_the_back_office_pages(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await past_event(client, pool, settings, came=1)
    await log_in(browser_like, world.staff.coach_user.email)
    for url in (f"/admin/events/{world.event_id}/outcomes", "/admin/follow-ups"):
        answer = await browser_like.get(url)
        assert answer.status_code == 403, url
