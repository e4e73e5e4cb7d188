"""The public calendar feed: published events as an RFC 5545 ``METHOD:PUBLISH`` calendar that
anyone can subscribe to, with no attendee in it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final
from urllib.parse import urlsplit
from uuid import UUID
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event
from icalendar.enums import STATUS

from events import catalog, i18n, links
from events.db import Conn

# A subscribed calendar gets every published event at once; more than this is not a calendar
# anyone reads, and a filter (kind, from, to) narrows it.
FEED_LIMIT: Final = 1000


async def feed(
    conn: Conn,
    *,
    kind: catalog.Kind | None,
    starts_from: datetime | None,
    starts_before: datetime | None,
    public_url: str,
    now: datetime,
) -> bytes:
    """Published events only, the first ``FEED_LIMIT`` in start order."""
    page = await catalog.list_published(
        conn, kind=kind, starts_from=starts_from, starts_before=starts_before, limit=FEED_LIMIT
    )
    return render(page.items, public_url=public_url, now=now)


def event_uid(event_id: UUID, public_url: str) -> str:
    """Stable across feeds and changes, so that calendars update the event in place."""
    return f"event-{event_id}@{_host(public_url)}"


def _host(public_url: str) -> str:
    return urlsplit(public_url).hostname or "localhost"


def location(event: catalog.PublicEventRow) -> str | None:
    """The venue as a postal line, or else the online link."""
    if event.venue is not None:
        venue = event.venue
        return f"{venue.name}, {venue.address}, {venue.postcode} {venue.city}"
    return event.online_url


def render(events: list[catalog.PublicEventRow], *, public_url: str, now: datetime) -> bytes:
    """One VEVENT per event, its times in the event's own zone, and the VTIMEZONEs that those
    times need over the dates the feed spans."""
    base = public_url.rstrip("/")
    calendar = Calendar.new(
        prodid="-//Rencontres//Rencontres de recrutement//FR",
        uid=f"calendar@{_host(public_url)}",
        method="PUBLISH",
        name="Rencontres",
        url=f"{base}/api/v1/calendar.ics",
    )
    for event in events:
        zone = ZoneInfo(event.timezone)
        calendar.add_component(
            Event.new(
                uid=event_uid(event.id, public_url),
                sequence=event.sequence,
                stamp=now,
                start=event.starts_at.astimezone(zone),
                end=event.ends_at.astimezone(zone),
                summary=event.title,
                description=event.description,
                location=location(event),
                url=links.event_page(event.id, public_url),
                categories=[i18n.KINDS["fr"][event.kind]],
                status=STATUS.CONFIRMED,
            )
        )
    if events:
        # A day on each side: a zone's local date can differ from the UTC date.
        calendar.add_missing_timezones(
            first_date=min(e.starts_at for e in events).date() - timedelta(days=1),
            last_date=max(e.ends_at for e in events).date() + timedelta(days=1),
        )
    ical: bytes = calendar.to_ical()
    return ical
