"""The recruiters' pages over HTTP (``events/web/recruiter.py``): the search finds a consenting
candidate with a reviewed card and never one without consent, shows no social data and the
contact details only when the candidate agreed; "my events" and an event's candidates; "I'd like
to meet this person" recorded once, refused for a candidate the recruiter may not see, refused
without the form's CSRF token, listed for the organiser (API and back office); anyone but a
recruiter is refused."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories_cvs import (
    PRIVATE_MARKER,
    CardWorld,
    make_card_world,
    observe,
    review_and_consent,
)
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import consent, review
from tests.pages import error_code, text_of


@pytest.fixture
async def browser_like(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    async with client_of(app) as http:
        yield http


async def _visible_world(client: httpx.AsyncClient, pool: Any, settings: Settings) -> CardWorld:
    """A consenting candidate with a reviewed card and a private situation, seen by the
    attending company's recruiter."""
    world = await make_card_world(client, pool, settings)
    await observe(client, world, skill="perseverance", level=3, note="Recommence seul")
    await review_and_consent(client, world)
    return world


async def _hidden_candidate(client: httpx.AsyncClient, world: CardWorld) -> str:
    """A candidate of the same event with a reviewed card who did not consent."""
    candidate_id = await make_candidate(
        client, world.staff.organiser, first_name="Yasmina", last_name="Hidden"
    )
    await register(client, world.staff.organiser, world.event["id"], candidate_id=candidate_id)
    response = await client.post(
        f"/api/v1/events/{world.event['id']}/observations",
        headers=world.staff.coach,
        json={"candidate_id": candidate_id, "skill": "perseverance", "level": 4},
    )
    assert response.status_code == 201, response.text
    await review(client, world.staff.coach, candidate_id)
    return candidate_id


async def _interests(pool: Any, candidate_id: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select * from recruiter_interests where candidate_id = $1 order by created_at",
        UUID(candidate_id),
    )
    return [dict(r) for r in rows]


async def test_search_finds_a_consenting_reviewed_candidate_by_skill_and_never_one_without_consent(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    hidden = await _hidden_candidate(client, world)
    await log_in(browser_like, world.attending.user.email)

    response = await browser_like.get("/recruiter/?skill=perseverance&min_level=2")

    assert response.status_code == 200, response.text
    assert "no-store" in response.headers["cache-control"]
    text = text_of(response.text)
    assert f'id="c-{world.candidate_id}"' in response.text
    assert "Łukasz T." in text and "Traoré" not in text
    assert "Persévérance : 3 sur 4" in text
    assert "1 observation(s) par 1 personne(s)" in text
    assert f'href="/cards/{world.candidate_id}?lang=fr"' in response.text
    assert hidden not in response.text and "Yasmina" not in text
    # The level anchors of the chosen skill, one line each.
    assert "Niveau 1 :" in text and "Niveau 4 :" in text
    # No social data, and no contact details: the candidate did not agree to be contacted.
    assert PRIVATE_MARKER not in response.text
    assert "RSA" not in text and "rsa" not in text.split()
    assert "Accepte d'être contactée" not in text
    views = await pool.fetch(
        "select data from audit_log where action = 'recruiter.view_card' and subject_id = $1",
        UUID(world.candidate_id),
    )
    assert [v["data"]["via"] for v in views] == ["search"]


async def test_a_search_with_a_level_above_the_card_finds_nobody(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    await log_in(browser_like, world.attending.user.email)

    response = await browser_like.get("/recruiter/?skill=perseverance&min_level=4")

    assert response.status_code == 200
    assert world.candidate_id not in response.text
    assert "Personne ne correspond." in text_of(response.text)


async def test_contact_details_show_only_when_the_candidate_agreed_to_be_contacted(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await make_card_world(client, pool, settings)
    await client.patch(
        f"/api/v1/candidates/{world.candidate_id}",
        headers=world.staff.organiser,
        json={"email": "lukasz.contact@example.org"},
    )
    await observe(client, world, skill="perseverance", level=3)
    await review(client, world.staff.coach, world.candidate_id)
    await consent(client, world.staff.coach, world.candidate_id, contact=False)
    await log_in(browser_like, world.attending.user.email)

    before = await browser_like.get("/recruiter/?skill=perseverance&lang=en")
    await consent(client, world.staff.coach, world.candidate_id, contact=True)
    after = await browser_like.get("/recruiter/?skill=perseverance&lang=en")

    assert before.status_code == after.status_code == 200
    assert world.candidate_id in before.text
    assert "lukasz.contact@example.org" not in before.text
    assert "Agreed to be contacted" not in text_of(before.text)
    assert "lukasz.contact@example.org" in after.text
    assert "Łukasz Traoré" in text_of(after.text)
    assert PRIVATE_MARKER not in after.text


async def test_a_postcode_that_is_not_one_is_shown_next_to_its_field_and_nothing_is_searched(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    await log_in(browser_like, world.attending.user.email)

    response = await browser_like.get("/recruiter/?skill=perseverance&postcode=Lyon")

    assert response.status_code == 400
    assert 'id="postcode-error"' in response.text
    assert "Écrivez un code postal" in text_of(response.text)
    assert 'value="Lyon"' in response.text
    assert world.candidate_id not in response.text
    seen = await pool.fetchval(
        "select count(*) from audit_log where action = 'recruiter.view_card' and subject_id = $1",
        UUID(world.candidate_id),
    )
    assert seen == 0


async def test_my_events_lead_to_the_event_s_consenting_candidates(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    hidden = await _hidden_candidate(client, world)
    await log_in(browser_like, world.attending.user.email)

    home = await browser_like.get("/recruiter/")
    event_page = await browser_like.get(f"/recruiter/events/{world.event['id']}")

    assert home.status_code == 200
    assert world.event["title"] in text_of(home.text)
    assert f'href="/recruiter/events/{world.event["id"]}?lang=fr"' in home.text
    assert world.candidate_id not in home.text  # no search asked: nobody shown
    assert event_page.status_code == 200
    assert world.candidate_id in event_page.text
    assert hidden not in event_page.text
    assert PRIVATE_MARKER not in event_page.text
    assert f'name="event_id" value="{world.event["id"]}"' in event_page.text


async def test_another_company_s_recruiter_does_not_find_the_event(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    await log_in(browser_like, world.outsider.user.email)

    event_page = await browser_like.get(f"/recruiter/events/{world.event['id']}")
    search = await browser_like.get("/recruiter/?skill=perseverance")

    assert event_page.status_code == 404
    assert error_code(event_page) == "event_not_found"
    assert search.status_code == 200
    assert world.candidate_id not in search.text
    assert world.event["title"] not in search.text


async def test_coaches_and_organisers_are_refused_the_recruiter_pages(
    client: httpx.AsyncClient, pool: Any, settings: Settings, app: Litestar
) -> None:
    world = await _visible_world(client, pool, settings)
    for user in (world.staff.coach_user, world.staff.organiser_user):
        async with client_of(app) as http:
            await log_in(http, user.email)
            response = await http.get("/recruiter/")
            assert response.status_code == 403
            assert error_code(response) == "forbidden"


async def test_a_browser_without_log_in_is_sent_to_the_log_in_form(
    browser_like: httpx.AsyncClient,
) -> None:
    response = await browser_like.get("/recruiter/?skill=perseverance")

    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login?")


async def test_interest_from_the_page_is_recorded_once_and_listed_for_the_organiser(
    client: httpx.AsyncClient,
    pool: Any,
    settings: Settings,
    app: Litestar,
    browser_like: httpx.AsyncClient,
) -> None:
    world = await _visible_world(client, pool, settings)
    await log_in(browser_like, world.attending.user.email)
    page = await browser_like.get(f"/recruiter/events/{world.event['id']}")
    token = field(page.text, "csrf_token")
    form = {
        "csrf_token": token,
        "back": f"/recruiter/events/{world.event['id']}",
        "event_id": world.event["id"],
    }

    first = await browser_like.post(
        f"/recruiter/candidates/{world.candidate_id}/interest", data=form
    )
    again = await browser_like.post(
        f"/recruiter/candidates/{world.candidate_id}/interest", data=form
    )

    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == (
        f"/recruiter/events/{world.event['id']}#c-{world.candidate_id}"
    )
    rows = await _interests(pool, world.candidate_id)
    assert len(rows) == 1
    assert rows[0]["recruiter_id"] == world.attending.user.id
    assert rows[0]["company_id"] == world.attending.company.id
    assert str(rows[0]["event_id"]) == world.event["id"]
    assert rows[0]["withdrawn_at"] is None
    audited = await pool.fetchval(
        "select count(*) from audit_log where action = 'recruiter.interest' and subject_id = $1",
        UUID(world.candidate_id),
    )
    assert audited == 1
    shown = await browser_like.get(f"/recruiter/events/{world.event['id']}")
    assert "Votre demande est notée." in text_of(shown.text)

    listed = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/interests", headers=world.staff.organiser
    )
    assert listed.status_code == 200, listed.text
    [item] = listed.json()["items"]
    assert item["company_name"] == world.attending.company.name
    assert item["event_title"] == world.event["title"]
    assert item["withdrawn_at"] is None
    coach = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/interests", headers=world.staff.coach
    )
    assert coach.status_code == 403

    async with client_of(app) as organiser:
        await log_in(organiser, world.staff.organiser_user.email)
        back_office = await organiser.get(f"/admin/candidates/{world.candidate_id}")
    assert back_office.status_code == 200
    text = text_of(back_office.text)
    assert "Intérêt des recruteurs" in text
    assert world.attending.company.name in text and "À organiser" in text


async def test_interest_through_the_api_is_said_once_and_can_be_withdrawn(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _visible_world(client, pool, settings)
    path = f"/api/v1/candidates/{world.candidate_id}/interest"

    first = await client.post(path, headers=world.attending.headers)
    again = await client.post(path, headers=world.attending.headers)
    withdrawn = await client.delete(path, headers=world.attending.headers)
    nothing_left = await client.delete(path, headers=world.attending.headers)

    assert first.status_code == again.status_code == 200, first.text
    assert first.json()["created"] is True and again.json()["created"] is False
    assert first.json()["interest"]["id"] == again.json()["interest"]["id"]
    assert withdrawn.status_code == 204
    assert nothing_left.status_code == 404
    rows = await _interests(pool, world.candidate_id)
    assert len(rows) == 1 and rows[0]["withdrawn_at"] is not None
    listed = await client.get(
        f"/api/v1/candidates/{world.candidate_id}/interests", headers=world.staff.organiser
    )
    assert listed.json()["items"][0]["withdrawn_at"] is not None


async def test_interest_is_refused_for_a_candidate_the_recruiter_may_not_see(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _visible_world(client, pool, settings)
    hidden = await _hidden_candidate(client, world)

    outsider = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/interest", headers=world.outsider.headers
    )
    no_consent = await client.post(
        f"/api/v1/candidates/{hidden}/interest", headers=world.attending.headers
    )
    coach = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/interest", headers=world.staff.coach
    )

    assert outsider.status_code == 404 and outsider.json()["code"] == "candidate_not_found"
    assert no_consent.status_code == 404 and no_consent.json()["code"] == "candidate_not_found"
    assert coach.status_code == 403 and coach.json()["code"] == "forbidden"
    assert await _interests(pool, world.candidate_id) == []
    assert await _interests(pool, hidden) == []


async def test_interest_naming_an_event_the_company_does_not_share_is_refused(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _visible_world(client, pool, settings)
    other = await make_card_world(client, pool, settings)

    response = await client.post(
        f"/api/v1/candidates/{world.candidate_id}/interest?event_id={other.event['id']}",
        headers=world.attending.headers,
    )

    assert response.status_code == 404 and response.json()["code"] == "event_not_found"
    assert await _interests(pool, world.candidate_id) == []


async def test_the_interest_form_without_its_csrf_token_is_refused_and_records_nothing(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    await log_in(browser_like, world.attending.user.email)
    await csrf_of(browser_like, "/recruiter/")

    missing = await browser_like.post(
        f"/recruiter/candidates/{world.candidate_id}/interest", data={"back": "/recruiter/"}
    )
    wrong = await browser_like.post(
        f"/recruiter/candidates/{world.candidate_id}/interest",
        data={"csrf_token": "x" * 43, "back": "/recruiter/"},
    )

    assert missing.status_code == wrong.status_code == 403
    assert error_code(missing) == "csrf_failed"
    assert await _interests(pool, world.candidate_id) == []


async def test_the_interest_form_goes_back_only_to_a_recruiter_page(
    client: httpx.AsyncClient, pool: Any, settings: Settings, browser_like: httpx.AsyncClient
) -> None:
    world = await _visible_world(client, pool, settings)
    await log_in(browser_like, world.attending.user.email)
    token = await csrf_of(browser_like, "/recruiter/")

    response = await browser_like.post(
        f"/recruiter/candidates/{world.candidate_id}/interest",
        data={"csrf_token": token, "back": "https://evil.example/"},
    )

    assert response.status_code == 303
    assert response.headers["location"] == f"/recruiter/#c-{world.candidate_id}"
    for back, location in (
        ("/recruiter?skill=perseverance&lang=en", "/recruiter?skill=perseverance&lang=en"),
        ("/recruitment", "/recruiter/"),
        ("/admin/", "/recruiter/"),
    ):
        withdraw = "1" if back.startswith("/recruiter?") else ""
        again = await browser_like.post(
            f"/recruiter/candidates/{world.candidate_id}/interest",
            data={"csrf_token": token, "back": back, "withdraw": withdraw},
        )
        assert again.status_code == 303
        assert again.headers["location"] == f"{location}#c-{world.candidate_id}"
