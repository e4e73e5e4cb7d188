"""The organisers' back office over HTTP (``events/web/admin/``): each page for an organiser,
the log-in redirect, the refusal of coaches and recruiters, the CSRF check of every form, and
the creation form's errors next to their field with nothing written."""

from __future__ import annotations

import html
import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.factories import make_staff, unique
from tests.factories_events import count_events, stored_event
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.factories_skills import make_sport_session, observe, review
from tests.pages import text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


def _form(**fields: str) -> dict[str, Any]:
    start = (datetime.now(UTC) + timedelta(days=20)).replace(hour=9, minute=0, second=0)
    base: dict[str, Any] = {
        "kind": "sport_session",
        "title": unique("Séance escalade"),
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "timezone": "Europe/Paris",
        "venue.name": "Gymnase Jean Jaurès",
        "venue.address": "3 rue du Stade",
        "venue.city": "Saint-Denis",
        "venue.postcode": "93200",
        "capacity.candidates": "30",
        "capacity.companies": "8",
        "reminder_hours_before": "24",
        "activity_1": "Escalade",
        "activity_1_skills": ["perseverance", "self_confidence"],
        "activity_2": "Basket",
        "activity_2_skills": ["team_spirit"],
    }
    base.update(fields)
    return base


async def _organiser(pool: Any, settings: Settings, client: httpx.AsyncClient, http: Any) -> Any:
    staff = await make_staff(pool, settings, client)
    await log_in(http, staff.organiser_user.email)
    return staff


# --- each page, for an organiser -------------------------------------------------------------


async def test_the_home_shows_coming_events_with_their_fill_rate_and_waiting_list(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    event = await make_published_event(client, staff.organiser, candidates=1)
    for _ in range(2):
        candidate_id = await make_candidate(client, staff.organiser)
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    page = await browser_like.get("/admin/")
    assert page.status_code == 200, page.text
    assert page.headers["content-language"] == "fr"
    words = text_of(page.text)
    assert event["title"] in words
    assert "Candidats : 1 sur 1 places" in words
    assert "Liste d'attente : 1" in words
    assert 'href="/static/css/admin.css"' in page.text
    english = await browser_like.get("/admin/", params={"lang": "en"})
    assert "Candidates: 1 of 1 places" in text_of(english.text)
    assert english.headers["content-language"] == "en"


async def test_the_home_lists_the_cards_waiting_for_a_review_until_they_are_reviewed(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    last_name = unique("Benali")
    candidate_id = await make_candidate(client, staff.organiser, last_name=last_name)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    await observe(client, staff.organiser, event["id"], candidate_id, "perseverance", 3)
    page = await browser_like.get("/admin/")
    assert last_name in page.text
    assert f'href="/cards/{candidate_id}"' in page.text
    await review(client, staff.organiser, candidate_id)
    assert last_name not in (await browser_like.get("/admin/")).text
    # A later observation makes a new version, which waits for its own review.
    await observe(client, staff.organiser, event["id"], candidate_id, "self_confidence", 2)
    assert last_name in (await browser_like.get("/admin/")).text


async def test_other_organisations_events_never_push_ones_own_off_the_home_and_the_list(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    """Other organisations' published events are visible to an organiser (prescribers register
    to them) but are not theirs to run: sooner and more numerous than a page, they must not
    take the places of one's own events on the back office's pages."""
    staff = await _organiser(pool, settings, client, browser_like)
    others = await make_staff(pool, settings, client)
    soon = datetime.now(UTC) + timedelta(days=1)
    for _ in range(51):
        await make_published_event(client, others.organiser, starts_at=soon)
    own = await make_published_event(client, staff.organiser, starts_at=soon + timedelta(days=9))
    assert own["title"] in (await browser_like.get("/admin/")).text
    assert own["title"] in (await browser_like.get("/admin/events")).text


async def test_the_list_filters_by_kind_and_status(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    event = await make_published_event(client, staff.organiser)
    listed = await browser_like.get("/admin/events")
    assert listed.status_code == 200, listed.text
    assert event["title"] in listed.text
    assert "Job dating" in text_of(listed.text)
    drafts = await browser_like.get("/admin/events", params={"status": "draft"})
    assert drafts.status_code == 200
    assert event["title"] not in drafts.text
    sport = await browser_like.get("/admin/events", params={"kind": "sport_session"})
    assert event["title"] not in sport.text


@pytest.mark.parametrize("kind", ["sport_session", "food_festival", "e_forum", "job_dating"])
async def test_the_form_fits_each_format(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    browser_like: httpx.AsyncClient,
    kind: str,
) -> None:
    await _organiser(pool, settings, client, browser_like)
    page = await browser_like.get("/admin/events/new", params={"kind": kind})
    assert page.status_code == 200, page.text
    assert '<option value="Europe/Paris" selected>' in page.text
    assert 'value="Indian/Reunion"' in page.text
    assert ('name="activity_1_skills"' in page.text) == (kind == "sport_session")
    assert ('name="details.cuisines"' in page.text) == (kind == "food_festival")
    assert ('name="details.interview_minutes"' in page.text) == (kind in ("e_forum", "job_dating"))
    assert ('name="details.photo_shoot"' in page.text) == (kind == "e_forum")


async def test_a_valid_form_creates_the_event_and_redirects_to_its_page(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    sent = _form(csrf_token=await csrf_of(browser_like, "/admin/events/new"))
    answer = await browser_like.post("/admin/events", data=sent)
    assert answer.status_code == 303, answer.text
    found = re.fullmatch(r"/admin/events/([0-9a-f-]{36})", answer.headers["location"])
    assert found is not None, answer.headers["location"]
    row = await stored_event(pool, found[1])
    assert row["organisation_id"] == staff.organisation.id
    assert (row["title"], row["kind"], row["status"]) == (sent["title"], "sport_session", "draft")
    assert row["timezone"] == "Europe/Paris"
    assert row["starts_at"].utcoffset() is not None
    page = await browser_like.get(answer.headers["location"])
    assert page.status_code == 200
    assert sent["title"] in page.text
    assert "brouillon" in text_of(page.text)


async def test_a_form_with_an_error_shows_it_next_to_its_field_keeps_the_values_and_writes_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    before = await count_events(pool, staff.organisation.id)
    sent = _form(**{"venue.postcode": "9320", "csrf_token": await csrf_of(browser_like)})
    answer = await browser_like.post("/admin/events", data=sent)
    assert answer.status_code == 400, answer.text
    # The message sits inside the postcode's field, before its input, which points to it.
    field = re.search(
        r'<div class="field invalid">\s*<label for="f-venue-postcode">.*?</div>', answer.text, re.S
    )
    assert field is not None, answer.text
    assert "code postal de 5 chiffres" in html.unescape(field[0])
    assert 'aria-describedby="error-venue-postcode"' in field[0]
    assert 'value="9320"' in field[0]
    assert f'value="{html.escape(sent["title"], quote=True)}"' in answer.text
    assert 'value="perseverance" checked' in answer.text
    assert 'value="Escalade"' in answer.text
    assert await count_events(pool, staff.organisation.id) == before


async def test_a_date_that_is_not_one_is_said_in_french_next_to_it(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    before = await count_events(pool, staff.organisation.id)
    sent = _form(starts_at="", csrf_token=await csrf_of(browser_like))
    answer = await browser_like.post("/admin/events", data=sent)
    assert answer.status_code == 400
    assert 'id="error-starts_at">Indiquez une date et une heure.' in answer.text
    assert await count_events(pool, staff.organisation.id) == before


async def test_the_event_page_lists_registrations_and_the_waiting_list_in_order(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    event = await make_published_event(client, staff.organiser, candidates=1)
    names = [unique("Nom") for _ in range(3)]
    for name in names:
        candidate_id = await make_candidate(client, staff.organiser, last_name=name)
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    spare = await make_candidate(client, staff.organiser, last_name=unique("Libre"))
    page = await browser_like.get(f"/admin/events/{event['id']}")
    assert page.status_code == 200, page.text
    table = page.text[page.text.index('id="registrations"') : page.text.index('id="waiting"')]
    assert names[0] in table and "place confirmée" in table
    waitlist = page.text[page.text.index('id="waitlist"') :]
    assert waitlist.index(names[1]) < waitlist.index(names[2])
    assert f'<option value="{spare}">' in page.text


async def test_the_forms_publish_register_and_cancel_through_the_domain(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    staff = await _organiser(pool, settings, client, browser_like)
    token = await csrf_of(browser_like)
    created = await browser_like.post("/admin/events", data=_form(csrf_token=token))
    event_id = created.headers["location"].rsplit("/", 1)[1]
    published = await browser_like.post(
        f"/admin/events/{event_id}/publish", data={"csrf_token": token}
    )
    assert published.status_code == 303
    assert (await stored_event(pool, event_id))["status"] == "published"
    candidate_id = await make_candidate(client, staff.organiser)
    registered = await browser_like.post(
        f"/admin/events/{event_id}/registrations",
        data={"csrf_token": token, "candidate_id": candidate_id},
    )
    assert registered.status_code == 303, registered.text
    row = await pool.fetchrow(
        "select id, status, registered_by from registrations where event_id = $1",
        UUID(event_id),
    )
    assert row["status"] == "confirmed"
    assert row["registered_by"] == staff.organiser_user.id
    cancelled = await browser_like.post(
        f"/admin/events/{event_id}/registrations/{row['id']}/cancel", data={"csrf_token": token}
    )
    assert cancelled.status_code == 303
    assert cancelled.headers["location"] == f"/admin/events/{event_id}"
    status = await pool.fetchval("select status from registrations where id = $1", row["id"])
    assert status == "cancelled"
    again = await browser_like.post(
        f"/admin/events/{event_id}/cancel", data={"csrf_token": token, "reason": "Gymnase fermé"}
    )
    assert again.status_code == 303
    assert (await stored_event(pool, event_id))["status"] == "cancelled"
