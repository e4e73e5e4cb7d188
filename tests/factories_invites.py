"""Events in a given zone with a registered candidate, and invites fetched and parsed back as a
calendar client would."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from httpx import AsyncClient
from icalendar import Calendar, Event

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_events import make_event, unique_day
from tests.factories_registrations import make_candidate, register

REUNION = ZoneInfo("Indian/Reunion")
CAYENNE = ZoneInfo("America/Cayenne")
PARIS = ZoneInfo("Europe/Paris")


@dataclass
class Setup:
    staff: Staff
    event: dict[str, Any]
    start: datetime
    registration: dict[str, Any]
    name: str

    @property
    def token(self) -> str:
        token: str = self.registration["ticket"]["token"]
        return token


async def registered_in(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    zone: ZoneInfo,
    *,
    kind: str = "job_dating",
    candidate: dict[str, Any] | None = None,
    **event: Any,
) -> Setup:
    """A published event at 9 am local time in ``zone``, and one candidate registered to it."""
    staff = await make_staff(pool, settings, client)
    start = unique_day().replace(hour=9, minute=0, tzinfo=zone)
    published = await make_event(
        client,
        staff.organiser,
        kind,
        status="published",
        start=start,
        timezone=zone.key,
        **event,
    )
    fields = {"first_name": "Aïcha", "last_name": "Ben Saïd", **(candidate or {})}
    candidate_id = await make_candidate(client, staff.organiser, **fields)
    registration = await register(
        client, staff.organiser, published["id"], candidate_id=candidate_id
    )
    name = f"{fields['first_name']} {fields['last_name']}"
    return Setup(staff, published, start, registration, name)


async def fetch_invite(client: AsyncClient, token: str) -> tuple[Calendar, Event]:
    """The ticket's invite, which must parse and hold exactly one VEVENT."""
    response = await client.get(f"/api/v1/tickets/{token}/invite.ics")
    assert response.status_code == 200, response.text
    return parse(response.content)


def parse(ics: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(ics)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


async def move(
    client: AsyncClient, organiser: dict[str, str], event: dict[str, Any], by: timedelta
) -> dict[str, Any]:
    """Move the event's start and end by ``by``."""
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=organiser,
        json={
            "starts_at": (datetime.fromisoformat(event["starts_at"]) + by).isoformat(),
            "ends_at": (datetime.fromisoformat(event["ends_at"]) + by).isoformat(),
        },
    )
    assert response.status_code == 200, response.text
    moved: dict[str, Any] = response.json()
    return moved


async def cancel_registration(
    client: AsyncClient, staff: dict[str, str], registration_id: str
) -> dict[str, Any]:
    response = await client.post(f"/api/v1/registrations/{registration_id}/cancel", headers=staff)
    assert response.status_code == 200, response.text
    cancelled: dict[str, Any] = response.json()
    return cancelled


async def cancel_event(
    client: AsyncClient, organiser: dict[str, str], event_id: str
) -> dict[str, Any]:
    response = await client.post(f"/api/v1/events/{event_id}/cancel", headers=organiser)
    assert response.status_code == 200, response.text
    cancelled: dict[str, Any] = response.json()
    return cancelled
