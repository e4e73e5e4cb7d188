"""Sport sessions with coaches and activities, observations, reviews, consent and recruiters,
made through the public API; and the row counts that tell a refused request changed nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import log_in, make_user, unique

ACTIVITIES = [
    {"name": "Escalade", "skills": ["perseverance", "self_confidence"]},
    {"name": "Football", "skills": ["team_spirit", "communication"]},
]


async def make_sport_session(
    client: AsyncClient,
    organiser: dict[str, str],
    *,
    coach_ids: list[Any],
    activities: list[dict[str, Any]] | None = None,
    sectors: list[str] | None = None,
    starts_at: datetime | None = None,
    status: str = "published",
) -> dict[str, Any]:
    """A sport session naming ``coach_ids``, published unless ``status`` says "draft"."""
    start = starts_at or datetime.now(UTC) + timedelta(days=3)
    created = await client.post(
        "/api/v1/events",
        headers=organiser,
        json={
            "kind": "sport_session",
            "title": unique("Séance sport"),
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=4)).isoformat(),
            "timezone": "Europe/Paris",
            "venue": {
                "name": "Gymnase Jean-Jaurès",
                "address": "3 rue de l'Égalité",
                "city": "Villeurbanne",
                "postcode": "69100",
            },
            "capacity": {"candidates": 100, "companies": 20},
            "sectors": sectors if sectors is not None else ["logistique"],
            "details": {
                "activities": activities if activities is not None else ACTIVITIES,
                "coach_ids": [str(c) for c in coach_ids],
            },
        },
    )
    assert created.status_code == 201, created.text
    event: dict[str, Any] = created.json()
    if status == "published":
        published = await client.post(f"/api/v1/events/{event['id']}/publish", headers=organiser)
        assert published.status_code == 200, published.text
        event = published.json()
    return event


async def make_coach(
    pool: Any, settings: Settings, client: AsyncClient, organisation_id: Any
) -> tuple[UUID, dict[str, str]]:
    """Another coach of the organisation: (user id, log-in headers)."""
    user = await make_user(pool, settings, role="coach", organisation_id=organisation_id)
    return user.id, await log_in(client, user.email)


async def make_recruiter(
    pool: Any, settings: Settings, client: AsyncClient, company_id: str
) -> dict[str, str]:
    user = await make_user(pool, settings, role="recruiter", company_id=UUID(company_id))
    return await log_in(client, user.email)


async def observe(
    client: AsyncClient,
    headers: dict[str, str],
    event_id: str,
    candidate_id: str,
    skill: str,
    level: int,
    **extra: Any,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/events/{event_id}/observations",
        headers=headers,
        json={"candidate_id": candidate_id, "skill": skill, "level": level, **extra},
    )
    assert response.status_code == 201, response.text
    observation: dict[str, Any] = response.json()
    return observation


async def review(client: AsyncClient, headers: dict[str, str], candidate_id: str) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/candidates/{candidate_id}/skills-card/review", headers=headers
    )
    assert response.status_code == 200, response.text
    card: dict[str, Any] = response.json()
    return card


async def consent(
    client: AsyncClient,
    headers: dict[str, str],
    candidate_id: str,
    *,
    recruiters: bool = True,
    contact: bool = False,
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/candidates/{candidate_id}/consent",
        headers=headers,
        json={"recruiters": recruiters, "contact": contact},
    )
    assert response.status_code == 200, response.text
    state: dict[str, Any] = response.json()
    return state


async def skills_rows(pool: Any, candidate_id: Any) -> dict[str, int]:
    """Everything a skills-card request could have written for this candidate."""
    candidate = UUID(str(candidate_id))
    counts = await pool.fetchrow(
        """
        select
            (select count(*) from observations where candidate_id = $1) as observations,
            (select coalesce(max(version), 0) from skills_cards where candidate_id = $1)
                as card_version,
            (select count(*) from skills_card_reviews where candidate_id = $1) as reviews,
            (select count(*) from consent_history where candidate_id = $1) as consents,
            (select count(*) from audit_log where on_behalf_of = $1 or subject_id = $1)
                as audit
        """,
        candidate,
    )
    return dict(counts)
