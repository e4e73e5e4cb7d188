"""A food festival with cooks and restaurants, made through the public API, for the pairing
tests (no test here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff, unique
from tests.factories_events import PARIS, make_event, unique_day
from tests.factories_registrations import make_candidate, register


@dataclass
class Festival:
    staff: Staff
    event: dict[str, Any]
    first_day: date
    cooks: dict[str, str] = field(default_factory=dict)  # first name -> candidate id
    cook_tickets: dict[str, str] = field(default_factory=dict)  # first name -> ticket token
    restaurants: dict[str, str] = field(default_factory=dict)  # name -> company id

    @property
    def id(self) -> str:
        return str(self.event["id"])


async def make_restaurant(
    client: AsyncClient, staff: Staff, name: str, postcode: str, city: str
) -> str:
    response = await client.post(
        "/api/v1/companies",
        headers=staff.organiser,
        json={
            "name": name,
            "sector": "restauration",
            "city": city,
            "postcode": postcode,
            "contact": {"name": "Claire Martin", "email": f"{unique('chef')}@example.org"},
        },
    )
    assert response.status_code == 201, response.text
    company_id: str = response.json()["id"]
    return company_id


async def make_festival(
    pool: Any,
    settings: Settings,
    client: AsyncClient,
    *,
    cooks: dict[str, str] | None = None,
    restaurants: dict[str, tuple[str, str]] | None = None,
) -> Festival:
    """A published three-day food festival; ``cooks``: first name -> home postcode;
    ``restaurants``: name -> (postcode, city); each registered and confirmed."""
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    event = await make_event(
        client, staff.organiser, "food_festival", status="published", start=start, hours=50
    )
    festival = Festival(staff=staff, event=event, first_day=start.astimezone(PARIS).date())
    for first_name, postcode in (cooks or {}).items():
        candidate_id = await make_candidate(
            client,
            staff.organiser,
            first_name=first_name,
            postcode=postcode,
            phone="+33612345678",
            email=f"{unique('cook')}@example.org",
        )
        registration = await register(
            client, staff.organiser, festival.id, candidate_id=candidate_id
        )
        festival.cooks[first_name] = candidate_id
        festival.cook_tickets[first_name] = registration["ticket"]["token"]
    for name, (postcode, city) in (restaurants or {}).items():
        company_id = await make_restaurant(client, staff, name, postcode, city)
        await register(client, staff.organiser, festival.id, company_id=company_id)
        festival.restaurants[name] = company_id
    return festival


def day(festival: Festival, offset: int) -> str:
    return (festival.first_day + timedelta(days=offset)).isoformat()
