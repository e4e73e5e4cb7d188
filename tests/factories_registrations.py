"""Events ready for registration, candidates and companies, made through the public API."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient

from tests.factories import unique


async def make_published_event(
    client: AsyncClient,
    organiser: dict[str, str],
    *,
    candidates: int = 10,
    companies: int = 5,
    starts_at: datetime | None = None,
    hours: int = 3,
) -> dict[str, Any]:
    start = starts_at or datetime.now(UTC) + timedelta(days=7)
    created = await client.post(
        "/api/v1/events",
        headers=organiser,
        json={
            "kind": "job_dating",
            "title": unique("Job dating"),
            "starts_at": start.isoformat(),
            "ends_at": (start + timedelta(hours=hours)).isoformat(),
            "timezone": "Europe/Paris",
            "venue": {
                "name": "Maison de l'emploi",
                "address": "12 rue des Lilas",
                "city": "Montreuil",
                "postcode": "93100",
            },
            "capacity": {"candidates": candidates, "companies": companies},
            "details": {"interview_minutes": 10},
        },
    )
    assert created.status_code == 201, created.text
    event: dict[str, Any] = created.json()
    published = await client.post(f"/api/v1/events/{event['id']}/publish", headers=organiser)
    assert published.status_code == 200, published.text
    return event


async def make_candidate(client: AsyncClient, staff: dict[str, str], **fields: Any) -> str:
    body = {"first_name": "Zoé", "last_name": unique("N'Diaye"), **fields}
    response = await client.post("/api/v1/candidates", headers=staff, json=body)
    assert response.status_code == 201, response.text
    candidate_id: str = response.json()["id"]
    return candidate_id


async def make_company(client: AsyncClient, organiser: dict[str, str]) -> str:
    response = await client.post(
        "/api/v1/companies",
        headers=organiser,
        json={
            "name": unique("Boulangerie"),
            "sector": "agroalimentaire",
            "city": "Montreuil",
            "postcode": "93100",
            "contact": {"name": "Claire Martin"},
        },
    )
    assert response.status_code == 201, response.text
    company_id: str = response.json()["id"]
    return company_id


async def register(
    client: AsyncClient, staff: dict[str, str], event_id: str, **party: str
) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/events/{event_id}/registrations", headers=staff, json=party
    )
    assert response.status_code == 201, response.text
    registration: dict[str, Any] = response.json()
    return registration
