"""The events catalog: the four formats, their rules, changes, lifecycle, lists and filters."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

import pytest
from httpx import AsyncClient

from events import catalog
from events.actors import Actor
from events.errors import EventNotOver
from events.settings import Settings
from tests.factories import make_admin, make_staff
from tests.factories_directory import make_company, make_recruiter
from tests.factories_events import (
    KINDS,
    audit_actions,
    count_events,
    create_event,
    event_body,
    make_event,
    past_day,
    stored_event,
    unique_day,
)

# --- creation --------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
async def test_organiser_creates_a_draft_of_each_format_with_its_details(
    client: AsyncClient, pool: Any, settings: Settings, kind: str
) -> None:
    staff = await make_staff(pool, settings, client)
    body = event_body(kind)
    response = await client.post("/api/v1/events", headers=staff.organiser, json=body)
    assert response.status_code == 201, response.text
    event = response.json()
    assert (event["kind"], event["status"], event["sequence"]) == (kind, "draft", 0)
    assert event["organisation_id"] == str(staff.organisation.id)
    assert event["created_by"] == str(staff.organiser_user.id)
    defaults = {"mode": "in_person"} if kind == "job_dating" else {}
    assert event["details"] == {**body["details"], **defaults}
    stored = await stored_event(pool, event["id"])
    assert (stored["kind"], stored["status"], stored["timezone"]) == (kind, "draft", "Europe/Paris")
    assert (stored["capacity_candidates"], stored["capacity_companies"]) == (120, 15)
    # An e-forum's workshops live in their own table (migration 0033), shown in its details.
    shown = {k: v for k, v in event["details"].items() if k != "workshops"}
    assert stored["details"] == shown
    titles = await pool.fetch(
        "select title from workshops where event_id = $1::uuid order by starts_at", event["id"]
    )
    assert [r["title"] for r in titles] == [
        w["title"] for w in body["details"].get("workshops", [])
    ]
    assert await audit_actions(pool, event["id"]) == ["event.create"]


async def test_online_job_dating_needs_a_link_but_no_venue(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await create_event(
        client,
        staff.organiser,
        "job_dating",
        venue=None,
        online_url="https://visio.example.org/job-dating",
        details={"interview_minutes": 8, "mode": "online"},
    )
    assert event["venue"] is None
    assert event["details"] == {"interview_minutes": 8, "mode": "online"}


async def test_admin_creates_an_event_for_the_organisation_they_name(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    admin = await make_admin(pool, settings, client)
    event = await create_event(client, admin, organisation_id=str(staff.organisation.id))
    assert event["organisation_id"] == str(staff.organisation.id)


async def test_admin_must_name_the_organisation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    before = await pool.fetchval("select count(*) from events")
    response = await client.post("/api/v1/events", headers=admin, json=event_body())
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == "organisation_id"
    assert await pool.fetchval("select count(*) from events") == before


async def test_admin_naming_an_unknown_organisation_gets_organisation_not_found(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    body = event_body(organisation_id="00000000-0000-4000-8000-000000000000")
    response = await client.post("/api/v1/events", headers=admin, json=body)
    assert response.status_code == 404
    assert response.json()["code"] == "organisation_not_found"


async def test_organiser_naming_their_own_organisation_is_accepted(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await create_event(client, staff.organiser, organisation_id=str(staff.organisation.id))
    assert event["organisation_id"] == str(staff.organisation.id)


async def test_sport_session_coaches_must_coach_for_the_organising_organisation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    start = unique_day()
    details = {
        "activities": [{"name": "Basket", "skills": ["team_spirit"]}],
        "coach_ids": [str(staff.coach_user.id), str(other.coach_user.id)],
    }
    refused = await client.post(
        "/api/v1/events",
        headers=staff.organiser,
        json=event_body("sport_session", start=start, details=details),
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "unknown_coach"
    assert refused.json()["extra"]["ids"] == [str(other.coach_user.id)]
    assert await count_events(pool, staff.organisation.id) == 0

    details["coach_ids"] = [str(staff.coach_user.id)]
    event = await create_event(client, staff.organiser, "sport_session", details=details)
    assert event["details"]["coach_ids"] == [str(staff.coach_user.id)]


async def test_an_organiser_is_not_a_coach_for_a_sport_session(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    details = {"activities": [], "coach_ids": [str(staff.organiser_user.id)]}
    response = await client.post(
        "/api/v1/events",
        headers=staff.organiser,
        json=event_body("sport_session", details=details),
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_coach"


async def test_food_festival_restaurants_must_be_known_companies(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    restaurant = await make_company(pool, name="Le Petit Kitchen")
    missing = "00000000-0000-4000-8000-00000000abcd"
    details = {"cuisines": ["afghane"], "restaurant_company_ids": [str(restaurant.id), missing]}
    refused = await client.post(
        "/api/v1/events",
        headers=staff.organiser,
        json=event_body("food_festival", details=details),
    )
    assert refused.status_code == 422
    assert refused.json()["code"] == "unknown_company"
    assert refused.json()["extra"]["ids"] == [missing]
    assert await count_events(pool, staff.organisation.id) == 0

    details["restaurant_company_ids"] = [str(restaurant.id)]
    event = await create_event(client, staff.organiser, "food_festival", details=details)
    assert event["details"]["restaurant_company_ids"] == [str(restaurant.id)]


async def test_the_event_keeps_its_own_time_zone(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    body = event_body(
        starts_at="2031-03-10T09:00:00+04:00",
        ends_at="2031-03-10T12:00:00+04:00",
        timezone="Indian/Reunion",
        venue={
            "name": "Stade de l'Est",
            "address": "Rue du Stade",
            "city": "Saint-Denis",
            "postcode": "97400",
        },
    )
    response = await client.post("/api/v1/events", headers=staff.organiser, json=body)
    assert response.status_code == 201, response.text
    stored = await stored_event(pool, response.json()["id"])
    assert stored["timezone"] == "Indian/Reunion"
    assert stored["starts_at"] == datetime.fromisoformat("2031-03-10T05:00:00+00:00")
    assert stored["postcode"] == "97400"


# --- reading ---------------------------------------------------------------------------------


async def test_recruiter_sees_a_published_event_without_internal_fields(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client)
    details = {
        "activities": [{"name": "Escalade", "skills": ["perseverance"]}],
        "coach_ids": [str(staff.coach_user.id)],
    }
    event = await make_event(
        client, staff.organiser, "sport_session", status="published", details=details
    )
    response = await client.get(f"/api/v1/events/{event['id']}", headers=recruiter.headers)
    assert response.status_code == 200
    seen = response.json()
    assert seen["details"] == {"activities": [{"name": "Escalade", "skills": ["perseverance"]}]}
    for internal in ("organisation_id", "created_by", "created_at", "updated_at", "sequence"):
        assert internal not in seen
    assert seen["title"] == event["title"] and seen["status"] == "published"


async def test_recruiter_sees_food_festival_cuisines_but_not_the_restaurant_ids(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client)
    restaurant = await make_company(pool)
    details = {"cuisines": ["soudanaise"], "restaurant_company_ids": [str(restaurant.id)]}
    event = await make_event(
        client, staff.organiser, "food_festival", status="published", details=details
    )
    response = await client.get(f"/api/v1/events/{event['id']}", headers=recruiter.headers)
    assert response.status_code == 200
    assert response.json()["details"] == {"cuisines": ["soudanaise"]}


async def test_unknown_event_id_is_event_not_found(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    response = await client.get(
        "/api/v1/events/00000000-0000-4000-8000-000000000001", headers=admin
    )
    assert response.status_code == 404
    assert response.json()["code"] == "event_not_found"


# --- changes ---------------------------------------------------------------------------------


async def test_changing_the_title_keeps_the_sequence(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"title": "Job dating d'automne", "capacity": {"candidates": 80, "companies": 8}},
    )
    assert response.status_code == 200, response.text
    changed = response.json()
    assert changed["title"] == "Job dating d'automne"
    assert changed["capacity"] == {"candidates": 80, "companies": 8}
    assert changed["sequence"] == 0
    assert datetime.fromisoformat(changed["updated_at"]) > datetime.fromisoformat(
        event["updated_at"]
    )
    assert changed["starts_at"] == event["starts_at"]  # untouched fields stay
    assert await audit_actions(pool, event["id"]) == [
        "event.create",
        "event.published",
        "event.update",
    ]


def _later(value: str) -> str:
    return (datetime.fromisoformat(value) + timedelta(minutes=30)).isoformat()


TIME_AND_PLACE_CHANGES = {
    "starts_at": lambda event: _later(event["starts_at"]),
    "ends_at": lambda event: _later(event["ends_at"]),
    "timezone": lambda event: "Europe/Brussels",
    "venue": lambda event: {**event["venue"], "name": "Salle des fêtes"},
    "online_url": lambda event: "https://visio.example.org/nouveau-lien",
}


@pytest.mark.parametrize("field", TIME_AND_PLACE_CHANGES)
async def test_changing_time_or_place_raises_the_sequence_by_one(
    client: AsyncClient, pool: Any, settings: Settings, field: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    body = {field: TIME_AND_PLACE_CHANGES[field](event)}
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json=body
    )
    assert response.status_code == 200, response.text
    assert response.json()["sequence"] == 1
    assert (await stored_event(pool, event["id"]))["sequence"] == 1


async def test_sending_the_same_time_and_place_again_changes_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    before = await stored_event(pool, event["id"])
    # The same instant written in another offset is the same time.
    same_start = datetime.fromisoformat(event["starts_at"]).astimezone(ZoneInfo("America/Cayenne"))
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={
            "starts_at": same_start.isoformat(),
            "venue": event["venue"],
            "timezone": event["timezone"],
        },
    )
    assert response.status_code == 200
    assert response.json()["sequence"] == 0
    assert await stored_event(pool, event["id"]) == before
    assert await audit_actions(pool, event["id"]) == ["event.create", "event.published"]


async def test_patch_details_are_checked_against_the_events_kind(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, "job_dating")
    before = await stored_event(pool, event["id"])
    wrong = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"details": {"cuisines": ["libanaise"]}},
    )
    assert wrong.status_code == 400
    assert wrong.json()["code"] == "invalid_input"
    assert wrong.json()["extra"]["field"].startswith("details")
    assert await stored_event(pool, event["id"]) == before

    right = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"details": {"interview_minutes": 15}},
    )
    assert right.status_code == 200
    assert right.json()["details"] == {"interview_minutes": 15, "mode": "in_person"}


async def test_kind_cannot_change(client: AsyncClient, pool: Any, settings: Settings) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, "job_dating")
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json={"kind": "e_forum"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert "kind" in response.json()["detail"]
    assert await stored_event(pool, event["id"]) == before


async def test_patch_rules_apply_to_the_merged_event(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, "e_forum")
    before = await stored_event(pool, event["id"])
    url = f"/api/v1/events/{event['id']}"
    end = datetime.fromisoformat(event["ends_at"])
    start = datetime.fromisoformat(event["starts_at"])
    cases = [
        # Moving the start after the stored end.
        ({"starts_at": (end + timedelta(hours=1)).isoformat()}, "ends_at"),
        # Removing the link of a hybrid forum.
        ({"online_url": None}, "online_url"),
        # Removing the venue of a hybrid forum.
        ({"venue": None}, "venue"),
        # Starting after the stored workshop has begun.
        ({"starts_at": (start + timedelta(minutes=45)).isoformat()}, "details.workshops"),
    ]
    for change, field in cases:
        response = await client.patch(url, headers=staff.organiser, json=change)
        assert response.status_code == 400, (change, response.text)
        assert response.json()["code"] == "invalid_input"
        assert response.json()["extra"]["field"] == field
    assert await stored_event(pool, event["id"]) == before


async def test_a_patch_naming_a_coach_of_another_organisation_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, "sport_session")
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"details": {"activities": [], "coach_ids": [str(other.coach_user.id)]}},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "unknown_coach"
    assert await stored_event(pool, event["id"]) == before


@pytest.mark.parametrize("status", ["cancelled", "completed"])
async def test_a_finished_event_cannot_be_changed(
    client: AsyncClient, pool: Any, settings: Settings, status: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status=status)
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json={"title": "Autre titre"}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_status_transition"
    assert response.json()["extra"] == {"status": status}
    assert await stored_event(pool, event["id"]) == before


# --- reminder time ---------------------------------------------------------------------------


async def test_the_reminder_time_is_24_hours_unless_the_organiser_sets_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    default = await create_event(client, staff.organiser)
    assert default["reminder_hours_before"] == 24
    assert (await stored_event(pool, default["id"]))["reminder_hours_before"] == 24
    chosen = await create_event(client, staff.organiser, "sport_session", reminder_hours_before=72)
    assert chosen["reminder_hours_before"] == 72
    assert (await stored_event(pool, chosen["id"]))["reminder_hours_before"] == 72
    fetched = await client.get(f"/api/v1/events/{chosen['id']}", headers=staff.organiser)
    assert fetched.json()["reminder_hours_before"] == 72


async def test_patching_the_reminder_time_keeps_the_sequence_and_is_audited(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    url = f"/api/v1/events/{event['id']}"
    response = await client.patch(url, headers=staff.organiser, json={"reminder_hours_before": 2})
    assert response.status_code == 200, response.text
    assert (response.json()["reminder_hours_before"], response.json()["sequence"]) == (2, 0)
    silent = await client.patch(url, headers=staff.organiser, json={"reminder_hours_before": 0})
    assert silent.status_code == 200, silent.text
    stored = await stored_event(pool, event["id"])
    assert (stored["reminder_hours_before"], stored["sequence"]) == (0, 0)
    audit = await pool.fetch(
        "select data from audit_log where subject_id = $1 and action = 'event.update' order by id",
        UUID(event["id"]),
    )
    assert [row["data"]["fields"] for row in audit] == [["reminder_hours_before"]] * 2


@pytest.mark.parametrize("hours", [721, -1, 1.5, None])
async def test_a_reminder_time_outside_0_to_720_hours_is_refused_and_nothing_changes(
    client: AsyncClient, pool: Any, settings: Settings, hours: Any
) -> None:
    staff = await make_staff(pool, settings, client)
    created = await client.post(
        "/api/v1/events",
        headers=staff.organiser,
        json=event_body(reminder_hours_before=hours),
    )
    assert created.status_code == 400, created.text
    assert created.json()["code"] == "invalid_input"
    assert created.json()["extra"]["field"] == "reminder_hours_before"
    assert await count_events(pool, staff.organisation.id) == 0

    event = await make_event(client, staff.organiser)
    before = await stored_event(pool, event["id"])
    patched = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"reminder_hours_before": hours},
    )
    assert patched.status_code == 400, patched.text
    assert patched.json()["code"] == "invalid_input"
    assert patched.json()["extra"]["field"] == "reminder_hours_before"
    assert await stored_event(pool, event["id"]) == before


# --- lifecycle -------------------------------------------------------------------------------


async def test_lifecycle_draft_published_completed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await create_event(client, staff.organiser, start=past_day())
    url = f"/api/v1/events/{event['id']}"
    published = await client.post(f"{url}/publish", headers=staff.organiser)
    assert published.status_code == 200
    assert (published.json()["status"], published.json()["sequence"]) == ("published", 0)
    completed = await client.post(f"{url}/complete", headers=staff.organiser)
    assert completed.status_code == 200
    assert completed.json()["status"] == "completed"
    assert (await stored_event(pool, event["id"]))["status"] == "completed"
    assert await audit_actions(pool, event["id"]) == [
        "event.create",
        "event.published",
        "event.completed",
    ]


async def test_an_event_not_over_cannot_be_completed_and_stays_published(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    # Issue 9, item 14: completion cannot be undone, so an event yet to happen is refused.
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published", start=unique_day())
    before = await stored_event(pool, event["id"])
    audit_before = await audit_actions(pool, event["id"])
    response = await client.post(f"/api/v1/events/{event['id']}/complete", headers=staff.organiser)
    assert response.status_code == 409
    assert response.json()["code"] == "event_not_over"
    assert datetime.fromisoformat(response.json()["extra"]["ends_at"]) == before["ends_at"]
    assert await stored_event(pool, event["id"]) == before
    assert before["status"] == "published"
    assert await audit_actions(pool, event["id"]) == audit_before


async def test_an_event_is_completed_from_its_end_on_not_a_second_before(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published", start=unique_day())
    event_id, ends_at = UUID(event["id"]), (await stored_event(pool, event["id"]))["ends_at"]
    organiser = Actor(
        id=staff.organiser_user.id, role="organiser", organisation_id=staff.organisation.id
    )
    async with pool.acquire() as conn:
        with pytest.raises(EventNotOver):
            await catalog.set_status(
                conn,
                event_id=event_id,
                status="completed",
                by=organiser,
                now=ends_at - timedelta(seconds=1),
            )
        assert (await stored_event(pool, event_id))["status"] == "published"
        completed = await catalog.set_status(
            conn, event_id=event_id, status="completed", by=organiser, now=ends_at
        )
    assert completed.status == "completed"
    assert (await stored_event(pool, event_id))["status"] == "completed"
    assert (await audit_actions(pool, event_id))[-1] == "event.completed"


@pytest.mark.parametrize("start", ["draft", "published"])
async def test_cancelling_raises_the_sequence(
    client: AsyncClient, pool: Any, settings: Settings, start: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status=start)
    response = await client.post(f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser)
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["sequence"]) == ("cancelled", 1)
    assert (await stored_event(pool, event["id"]))["status"] == "cancelled"
    audit = await pool.fetchrow(
        "select action, actor_id, data from audit_log where subject_id = $1 order by id desc",
        UUID(event["id"]),
    )
    assert audit["action"] == "event.cancelled"
    assert audit["actor_id"] == staff.organiser_user.id
    assert audit["data"] == {"from": start, "sequence": 1}


@pytest.mark.parametrize(
    ("start", "action"),
    [
        ("draft", "complete"),
        ("published", "publish"),
        ("completed", "publish"),
        ("completed", "cancel"),
        ("completed", "complete"),
        ("cancelled", "publish"),
        ("cancelled", "cancel"),
        ("cancelled", "complete"),
    ],
)
async def test_other_transitions_are_refused_and_change_nothing(
    client: AsyncClient, pool: Any, settings: Settings, start: str, action: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status=start)
    before = await stored_event(pool, event["id"])
    audit_before = await audit_actions(pool, event["id"])
    response = await client.post(f"/api/v1/events/{event['id']}/{action}", headers=staff.organiser)
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_status_transition"
    assert response.json()["extra"] == {"status": start}
    assert await stored_event(pool, event["id"]) == before
    assert await audit_actions(pool, event["id"]) == audit_before


async def test_concurrent_publications_publish_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await create_event(client, staff.organiser)
    responses = await asyncio.gather(
        *(
            client.post(f"/api/v1/events/{event['id']}/publish", headers=staff.organiser)
            for _ in range(5)
        )
    )
    assert sorted(r.status_code for r in responses) == [200, 409, 409, 409, 409]
    assert (await audit_actions(pool, event["id"])).count("event.published") == 1


# --- lists -----------------------------------------------------------------------------------


async def test_list_pages_through_events_in_start_order_with_a_cursor(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    made = []
    # Two share a start time: the id breaks the tie, and no page repeats or skips one.
    for offset in (0, 1, 1, 2, 3):
        made.append(
            await create_event(client, staff.organiser, start=start + timedelta(days=offset))
        )
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        # Drafts: the organisation's own only (other organisations' published events are listed
        # too, see test_events_access).
        params: dict[str, Any] = {"limit": 2, "status": "draft"}
        if cursor:
            params["cursor"] = cursor
        response = await client.get("/api/v1/events", headers=staff.organiser, params=params)
        assert response.status_code == 200
        page = response.json()
        assert len(page["items"]) <= 2
        seen += [item["id"] for item in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    expected = sorted(made, key=lambda e: (e["starts_at"], e["id"]))
    assert seen == [e["id"] for e in expected]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "WyJ4Il0", "W251bGwsbnVsbF0", "%%%"])
async def test_an_invalid_cursor_is_refused(
    client: AsyncClient, pool: Any, settings: Settings, cursor: str
) -> None:
    staff = await make_staff(pool, settings, client)
    response = await client.get(
        "/api/v1/events", headers=staff.organiser, params={"cursor": cursor}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_cursor"


async def test_list_filters_by_kind_status_and_time(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    early = await create_event(client, staff.organiser, "job_dating", start=start)
    forum = await make_event(
        client, staff.organiser, "e_forum", status="published", start=start + timedelta(days=2)
    )
    late = await create_event(
        client, staff.organiser, "job_dating", start=start + timedelta(days=9)
    )

    async def ids(**params: Any) -> list[str]:
        """The organisation's own events listed, over every page; other organisations' are
        published ones, in the public view."""
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            paged = {**params, "limit": 200, **({"cursor": cursor} if cursor else {})}
            response = await client.get("/api/v1/events", headers=staff.organiser, params=paged)
            assert response.status_code == 200, response.text
            items += response.json()["items"]
            cursor = response.json()["next_cursor"]
            if cursor is None:
                break
        own = [i for i in items if i.get("organisation_id") == str(staff.organisation.id)]
        others = [i for i in items if i not in own]
        assert all(i["status"] == "published" and "organisation_id" not in i for i in others)
        return [item["id"] for item in own]

    assert await ids() == [early["id"], forum["id"], late["id"]]
    assert await ids(kind="job_dating") == [early["id"], late["id"]]
    assert await ids(status="published") == [forum["id"]]
    window = {
        "from": (start + timedelta(days=1)).isoformat(),
        "to": (start + timedelta(days=9)).isoformat(),
    }
    assert await ids(**window) == [forum["id"]]
    # `to` excludes an event starting exactly then; `from` includes one.
    assert await ids(**{"from": start.isoformat(), "to": window["to"]}) == [
        early["id"],
        forum["id"],
    ]


async def test_a_prescriber_pages_through_its_own_and_other_published_events_in_start_order(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    prescriber = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    start = unique_day()
    made = [
        await make_event(client, prescriber.organiser, start=start),
        await make_event(
            client, other.organiser, status="published", start=start + timedelta(minutes=1)
        ),
        await make_event(client, prescriber.organiser, start=start + timedelta(minutes=2)),
        await make_event(client, other.organiser, start=start + timedelta(minutes=3)),
        await make_event(
            client, other.organiser, status="published", start=start + timedelta(minutes=4)
        ),
    ]
    window = {"from": start.isoformat(), "to": (start + timedelta(minutes=5)).isoformat()}
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params = {**window, "limit": 1, **({"cursor": cursor} if cursor else {})}
        response = await client.get("/api/v1/events", headers=prescriber.coach, params=params)
        assert response.status_code == 200, response.text
        seen += response.json()["items"]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    # The other organisation's draft is not listed; its published events are, in public view.
    assert [item["id"] for item in seen] == [made[i]["id"] for i in (0, 1, 2, 4)]
    assert ["organisation_id" in item for item in seen] == [True, False, True, False]


async def test_recruiter_lists_only_published_events(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client)
    start = past_day()  # over, so that one of them can be completed
    statuses = ("draft", "published", "cancelled", "completed")
    made = {
        status: await make_event(client, staff.organiser, status=status, start=start)
        for status in statuses
    }
    window = {"from": start.isoformat(), "to": (start + timedelta(hours=1)).isoformat()}
    response = await client.get("/api/v1/events", headers=recruiter.headers, params=window)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["id"] for item in items] == [made["published"]["id"]]
    assert "organisation_id" not in items[0]
    asking_drafts = await client.get(
        "/api/v1/events", headers=recruiter.headers, params={**window, "status": "draft"}
    )
    assert asking_drafts.status_code == 200
    assert asking_drafts.json() == {"items": [], "next_cursor": None}


async def test_admin_lists_every_organisations_events(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    one = await make_staff(pool, settings, client)
    two = await make_staff(pool, settings, client)
    admin = await make_admin(pool, settings, client)
    start = unique_day()
    first = await create_event(client, one.organiser, start=start)
    second = await create_event(client, two.organiser, start=start + timedelta(minutes=1))
    window = {"from": start.isoformat(), "to": (start + timedelta(hours=1)).isoformat()}
    response = await client.get("/api/v1/events", headers=admin, params=window)
    assert [item["id"] for item in response.json()["items"]] == [first["id"], second["id"]]
