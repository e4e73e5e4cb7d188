"""Events of each format, made through the public API, and their valid bodies to vary."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from httpx import AsyncClient

from tests.factories import unique

PARIS = ZoneInfo("Europe/Paris")
KINDS = ("sport_session", "food_festival", "e_forum", "job_dating")


def unique_day() -> datetime:
    """9 am on a random day decades ahead: a window no other test's events fall into, so that
    a ``from``/``to`` filter scopes lists and feeds that every organisation shares."""
    day = datetime(2040, 1, 1, 9, tzinfo=PARIS) + timedelta(days=secrets.randbelow(20_000))
    return day.replace(minute=secrets.randbelow(60))


def past_day() -> datetime:
    """9 am on a random day of 2001-2020, for an event already over (one that can be
    completed), as apart from other tests' events as ``unique_day``."""
    day = datetime(2001, 1, 1, 9, tzinfo=PARIS) + timedelta(days=secrets.randbelow(7_000))
    return day.replace(minute=secrets.randbelow(60))


def details_for(kind: str, start: datetime) -> dict[str, Any]:
    if kind == "sport_session":
        return {
            "activities": [{"name": "Escalade", "skills": ["perseverance", "team_spirit"]}],
            "coach_ids": [],
        }
    if kind == "food_festival":
        return {"cuisines": ["syrienne", "érythréenne"], "restaurant_company_ids": []}
    if kind == "e_forum":
        return {
            "mode": "hybrid",
            "workshops": [
                {
                    "title": "Réussir son entretien",
                    "starts_at": (start + timedelta(minutes=30)).isoformat(),
                    "ends_at": (start + timedelta(minutes=90)).isoformat(),
                }
            ],
            "interview_minutes": 20,
            "photo_shoot": True,
        }
    return {"interview_minutes": 10}


def event_body(
    kind: str = "job_dating", *, start: datetime | None = None, hours: int = 3, **overrides: Any
) -> dict[str, Any]:
    """A valid creation body for ``kind``; ``overrides`` replace top-level fields."""
    start = start or unique_day()
    body: dict[str, Any] = {
        "kind": kind,
        "title": unique("Rencontre"),
        "description": "Venez comme vous êtes : tenue de sport conseillée.",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=hours)).isoformat(),
        "timezone": "Europe/Paris",
        "venue": {
            "name": "Gymnase Jean-Jaurès",
            "address": "3 rue de l'Égalité",
            "city": "Villeurbanne",
            "postcode": "69100",
        },
        "capacity": {"candidates": 120, "companies": 15},
        "sectors": ["logistique", "restauration"],
        "details": details_for(kind, start),
    }
    if kind == "e_forum":
        body["online_url"] = "https://visio.example.org/forum"
    body.update(overrides)
    return body


async def create_event(
    client: AsyncClient, headers: dict[str, str], kind: str = "job_dating", **overrides: Any
) -> dict[str, Any]:
    response = await client.post(
        "/api/v1/events", headers=headers, json=event_body(kind, **overrides)
    )
    assert response.status_code == 201, response.text
    event: dict[str, Any] = response.json()
    return event


async def make_event(
    client: AsyncClient,
    headers: dict[str, str],
    kind: str = "job_dating",
    *,
    status: str = "draft",
    **overrides: Any,
) -> dict[str, Any]:
    """An event brought to ``status`` through the lifecycle endpoints; a completed one is over
    (in the past) unless ``start`` says otherwise."""
    if status == "completed":
        overrides.setdefault("start", past_day())
    event = await create_event(client, headers, kind, **overrides)
    steps = {
        "draft": [],
        "published": ["publish"],
        "completed": ["publish", "complete"],
        "cancelled": ["cancel"],
    }[status]
    for step in steps:
        response = await client.post(f"/api/v1/events/{event['id']}/{step}", headers=headers)
        assert response.status_code == 200, response.text
        event = response.json()
    return event


async def count_events(pool: Any, organisation_id: UUID) -> int:
    value: int = await pool.fetchval(
        "select count(*) from events where organisation_id = $1", organisation_id
    )
    return value


async def stored_event(pool: Any, event_id: Any) -> dict[str, Any]:
    """The event's row as stored, to compare before and after a refused request."""
    row = await pool.fetchrow("select * from events where id = $1", UUID(str(event_id)))
    assert row is not None
    return dict(row)


async def audit_actions(pool: Any, event_id: Any) -> list[str]:
    rows = await pool.fetch(
        "select action from audit_log where subject_type = 'event' and subject_id = $1 order by id",
        UUID(str(event_id)),
    )
    return [row["action"] for row in rows]
