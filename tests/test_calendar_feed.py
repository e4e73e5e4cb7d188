"""The public calendar feed, parsed back with the icalendar library as a calendar client would."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from httpx import AsyncClient
from icalendar import Calendar

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_events import make_event, past_day, unique_day

REUNION = ZoneInfo("Indian/Reunion")


def uid(event: dict[str, Any]) -> str:
    # settings.public_url is http://127.0.0.1:8000 in tests.
    return f"event-{event['id']}@127.0.0.1"


async def fetch_feed(client: AsyncClient, **params: Any) -> Calendar:
    response = await client.get("/api/v1/calendar.ics", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def window(start: datetime, days: int = 3) -> dict[str, str]:
    return {"from": start.isoformat(), "to": (start + timedelta(days=days)).isoformat()}


async def test_feed_shows_published_events_in_their_own_zone_with_stable_uids(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    day = unique_day().replace(hour=9, minute=0)
    reunion_start = day.replace(tzinfo=REUNION)
    reunion = await make_event(
        client,
        staff.organiser,
        "sport_session",
        status="published",
        start=reunion_start,
        timezone="Indian/Reunion",
        title="Escalade, puis job dating ; venez !",
        description="Tenue de sport.\nDouches sur place.",
        venue={
            "name": "Salle de l'Est",
            "address": "2 rue du Stade",
            "city": "Saint-Denis",
            "postcode": "97400",
        },
    )
    paris = await make_event(
        client, staff.organiser, "job_dating", status="published", start=day + timedelta(hours=5)
    )

    feed = await fetch_feed(client, **window(day - timedelta(days=1)))
    assert feed["METHOD"] == "PUBLISH"
    assert feed["VERSION"] == "2.0"
    by_uid = {str(event["UID"]): event for event in feed.events}
    assert set(by_uid) == {uid(reunion), uid(paris)}

    vevent = by_uid[uid(reunion)]
    assert vevent.start == reunion_start
    assert vevent.start.tzinfo.key == "Indian/Reunion"  # type: ignore[union-attr]
    assert vevent.start.hour == 9
    assert vevent.end == reunion_start + timedelta(hours=3)
    assert str(vevent["SUMMARY"]) == "Escalade, puis job dating ; venez !"
    assert str(vevent["DESCRIPTION"]) == "Tenue de sport.\nDouches sur place."
    assert str(vevent["LOCATION"]) == "Salle de l'Est, 2 rue du Stade, 97400 Saint-Denis"
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000/events/{reunion['id']}"
    assert vevent["SEQUENCE"] == 0
    assert "ATTENDEE" not in vevent and "ORGANIZER" not in vevent

    assert by_uid[uid(paris)].start.tzinfo.key == "Europe/Paris"  # type: ignore[union-attr]
    assert {str(tz["TZID"]) for tz in feed.timezones} == {"Indian/Reunion", "Europe/Paris"}
    assert feed.get_missing_tzids() == set()


async def test_drafts_cancelled_and_completed_events_are_not_in_the_feed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = past_day()  # over, so that one of them can be completed
    events = {
        status: await make_event(client, staff.organiser, status=status, start=start)
        for status in ("draft", "published", "cancelled", "completed")
    }
    filtered = await fetch_feed(client, **window(start))
    assert [str(e["UID"]) for e in filtered.events] == [uid(events["published"])]
    everything = await fetch_feed(client)
    uids = {str(e["UID"]) for e in everything.events}
    assert uid(events["published"]) in uids
    for status in ("draft", "cancelled", "completed"):
        assert uid(events[status]) not in uids


async def test_a_change_of_time_keeps_the_uid_and_raises_the_sequence(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    event = await make_event(client, staff.organiser, status="published", start=start)
    later = start + timedelta(hours=1)
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"starts_at": later.isoformat()},
    )
    assert response.status_code == 200
    feed = await fetch_feed(client, **window(start))
    (vevent,) = feed.events
    assert str(vevent["UID"]) == uid(event)
    assert vevent["SEQUENCE"] == 1
    assert vevent.start == later


async def test_feed_filters_by_kind(client: AsyncClient, pool: Any, settings: Settings) -> None:
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    forum = await make_event(client, staff.organiser, "e_forum", status="published", start=start)
    await make_event(client, staff.organiser, "job_dating", status="published", start=start)
    feed = await fetch_feed(client, kind="e_forum", **window(start))
    assert [str(e["UID"]) for e in feed.events] == [uid(forum)]
    assert [str(c) for c in feed.events[0]["CATEGORIES"].cats] == ["E-forum"]


async def test_online_event_is_located_at_its_link(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    link = "https://visio.example.org/job-dating"
    await make_event(
        client,
        staff.organiser,
        status="published",
        start=start,
        venue=None,
        online_url=link,
        details={"interview_minutes": 8, "mode": "online"},
    )
    (vevent,) = (await fetch_feed(client, **window(start))).events
    assert str(vevent["LOCATION"]) == link


async def test_an_empty_feed_is_still_a_calendar_with_a_stable_uid(client: AsyncClient) -> None:
    start = unique_day()
    first = await fetch_feed(client, **window(start, days=0))
    second = await fetch_feed(client, **window(start, days=0))
    assert first.events == [] and first.timezones == []
    assert first["METHOD"] == "PUBLISH"
    assert str(first["UID"]) == str(second["UID"]) == "calendar@127.0.0.1"


@pytest.mark.parametrize(
    ("params", "field"),
    [({"kind": "barbecue"}, "kind"), ({"from": "demain"}, "from"), ({"to": "2050-01-01"}, "to")],
)
async def test_invalid_feed_filters_are_refused(
    client: AsyncClient, params: dict[str, str], field: str
) -> None:
    response = await client.get("/api/v1/calendar.ics", params=params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == field
