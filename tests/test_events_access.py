"""Who may do what with an event: every role on every endpoint, allowed and refused, and a
refusal leaves the event as it was. Events an actor may not see are answered as missing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories_directory import ROLES, World, make_world
from tests.factories_events import (
    audit_actions,
    count_events,
    event_body,
    make_event,
    past_day,
    stored_event,
    unique_day,
)


@pytest.fixture(scope="module")
async def world(pool: Any, settings: Settings, client: AsyncClient) -> World:
    return await make_world(pool, settings, client)


def _code(status: int) -> str | None:
    return {
        401: "not_authenticated",
        403: "forbidden",
        404: "event_not_found",
    }.get(status)


CREATE = {
    "admin": 201,
    "organiser_own": 201,
    "organiser_other": 403,
    "coach_own": 403,
    "coach_other": 403,
    "recruiter": 403,
    "anonymous": 401,
}


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_create_an_event_for_an_organisation(
    client: AsyncClient, pool: Any, world: World, role: str
) -> None:
    organisation_id = world.own.organisation.id
    before = await count_events(pool, organisation_id)
    body = event_body(organisation_id=str(organisation_id))
    response = await client.post("/api/v1/events", headers=world.headers(role), json=body)
    assert response.status_code == CREATE[role], response.text
    if CREATE[role] == 201:
        assert response.json()["organisation_id"] == str(organisation_id)
        assert await count_events(pool, organisation_id) == before + 1
    else:
        assert response.json()["code"] == _code(CREATE[role])
        assert await count_events(pool, organisation_id) == before


READ_DRAFT = {
    "admin": 200,
    "organiser_own": 200,
    "organiser_other": 404,
    "coach_own": 200,
    "coach_other": 404,
    "recruiter": 404,
    "anonymous": 401,
}


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_read_a_draft(client: AsyncClient, world: World, role: str) -> None:
    event = await make_event(client, world.own.organiser)
    response = await client.get(f"/api/v1/events/{event['id']}", headers=world.headers(role))
    assert response.status_code == READ_DRAFT[role]
    if READ_DRAFT[role] == 200:
        assert response.json()["id"] == event["id"]
        assert response.json()["organisation_id"] == str(world.own.organisation.id)
    else:
        assert response.json()["code"] == _code(READ_DRAFT[role])


@pytest.mark.parametrize("role", ROLES)
async def test_who_may_read_a_published_event(client: AsyncClient, world: World, role: str) -> None:
    event = await make_event(client, world.own.organiser, status="published")
    response = await client.get(f"/api/v1/events/{event['id']}", headers=world.headers(role))
    if role == "anonymous":
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    assert response.json()["id"] == event["id"]
    # Only admins and the event's own staff get the full view, naming the organisation;
    # the others get the public one, as the calendar feed shows it to the world.
    full = role in ("admin", "organiser_own", "coach_own")
    assert ("organisation_id" in response.json()) == full


@pytest.mark.parametrize("role", ROLES)
async def test_who_sees_a_draft_in_the_list(client: AsyncClient, world: World, role: str) -> None:
    start = unique_day()
    event = await make_event(client, world.own.organiser, start=start)
    window = {"from": start.isoformat(), "to": (start + timedelta(minutes=1)).isoformat()}
    response = await client.get("/api/v1/events", headers=world.headers(role), params=window)
    if role == "anonymous":
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    ids = [item["id"] for item in response.json()["items"]]
    assert ids == ([event["id"]] if READ_DRAFT[role] == 200 else [])


@pytest.mark.parametrize("role", ROLES)
async def test_who_sees_a_published_event_in_the_list(
    client: AsyncClient, pool: Any, world: World, role: str
) -> None:
    # Issue 9, item 19: staff of another organisation (prescribers, who register their
    # candidates to it) saw no event at all; they see it, in the public view, as when reading it.
    start = unique_day()
    event = await make_event(
        client, world.own.organiser, "sport_session", status="published", start=start
    )
    draft = await make_event(client, world.other.organiser, start=start)
    before = await stored_event(pool, event["id"])
    window = {"from": start.isoformat(), "to": (start + timedelta(minutes=1)).isoformat()}
    response = await client.get("/api/v1/events", headers=world.headers(role), params=window)
    if role == "anonymous":
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    items = response.json()["items"]
    # Another organisation's draft stays out of sight, except to its own staff and admins.
    own_draft = role in ("admin", "organiser_other", "coach_other")
    expected = sorted([event["id"], *([draft["id"]] if own_draft else [])])
    assert sorted(item["id"] for item in items) == expected
    listed = next(item for item in items if item["id"] == event["id"])
    full = role in ("admin", "organiser_own", "coach_own")
    assert ("organisation_id" in listed) == full
    assert ("coach_ids" in listed["details"]) == full
    assert listed["status"] == "published"
    assert await stored_event(pool, event["id"]) == before


# The status the event is in, and the answer each role gets when trying to change it.
CHANGE_DRAFT = {
    "admin": 200,
    "organiser_own": 200,
    "organiser_other": 404,
    "coach_own": 403,
    "coach_other": 404,
    "recruiter": 404,
    "anonymous": 401,
}
# Anyone logged in sees a published event, so is told it is not theirs to change.
CHANGE_PUBLISHED = {**CHANGE_DRAFT, "recruiter": 403, "organiser_other": 403, "coach_other": 403}


@pytest.mark.parametrize("status", ["draft", "published"])
@pytest.mark.parametrize("role", ROLES)
async def test_who_may_change_an_event(
    client: AsyncClient, pool: Any, world: World, role: str, status: str
) -> None:
    event = await make_event(client, world.own.organiser, status=status)
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=world.headers(role),
        json={"title": "Titre changé"},
    )
    expected = (CHANGE_DRAFT if status == "draft" else CHANGE_PUBLISHED)[role]
    assert response.status_code == expected, response.text
    after = await stored_event(pool, event["id"])
    if expected == 200:
        assert after["title"] == "Titre changé"
        assert (await audit_actions(pool, event["id"]))[-1] == "event.update"
    else:
        assert response.json()["code"] == _code(expected)
        assert after == before


@pytest.mark.parametrize(
    ("action", "status"),
    [("publish", "draft"), ("cancel", "draft"), ("cancel", "published"), ("complete", "published")],
)
@pytest.mark.parametrize("role", ROLES)
async def test_who_may_move_an_event_through_its_lifecycle(
    client: AsyncClient, pool: Any, world: World, role: str, action: str, status: str
) -> None:
    # Only an event that is over can be completed.
    start = past_day() if action == "complete" else unique_day()
    event = await make_event(client, world.own.organiser, status=status, start=start)
    before = await stored_event(pool, event["id"])
    audit_before = await audit_actions(pool, event["id"])
    response = await client.post(
        f"/api/v1/events/{event['id']}/{action}", headers=world.headers(role)
    )
    expected = (CHANGE_DRAFT if status == "draft" else CHANGE_PUBLISHED)[role]
    assert response.status_code == expected, response.text
    after = await stored_event(pool, event["id"])
    if expected == 200:
        assert after["status"] != before["status"]
        assert len(await audit_actions(pool, event["id"])) == len(audit_before) + 1
    else:
        assert response.json()["code"] == _code(expected)
        assert after == before
        assert await audit_actions(pool, event["id"]) == audit_before
