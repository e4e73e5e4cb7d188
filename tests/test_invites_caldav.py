"""Invites imported into a real CalDAV server (Radicale, started here on 127.0.0.1), the way a
calendar client applies iTIP messages: a REQUEST is stored as the event (without METHOD, which
CalDAV resources do not carry) and replaces it when it comes again with a higher SEQUENCE; a
CANCEL is stored as the cancelled event, or the event is deleted."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID
from xml.etree import ElementTree

import httpx
import pytest
from httpx import AsyncClient
from icalendar import Calendar, Event

from events import db, invites
from events.settings import Settings
from tests.factories import unique
from tests.factories_invites import (
    CAYENNE,
    REUNION,
    Setup,
    cancel_event,
    cancel_registration,
    move,
    parse,
    registered_in,
)

USER = "rencontres"
# Radicale answers any password with auth "none"; a client still sends one.
AUTH = (USER, "test")
CALDAV = "urn:ietf:params:xml:ns:caldav"
MKCALENDAR = f"""<?xml version="1.0" encoding="utf-8"?>
<C:mkcalendar xmlns:D="DAV:" xmlns:C="{CALDAV}">
  <D:set><D:prop><D:displayname>Rencontres</D:displayname></D:prop></D:set>
</C:mkcalendar>"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def radicale() -> Iterator[str]:
    """A Radicale server in a temporary folder, stopped at the end; its base URL."""
    folder = Path(tempfile.mkdtemp(prefix="rencontres-radicale-"))
    port = _free_port()
    log = (folder / "radicale.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{port}",
            "--storage-filesystem-folder",
            str(folder / "collections"),
            "--auth-type",
            "none",
            "--logging-level",
            "warning",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                httpx.get(f"{base}/.well-known/caldav", timeout=1)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        "Radicale did not start: " + (folder / "radicale.log").read_text()
                    ) from None
                time.sleep(0.05)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
async def calendar_url(radicale: str) -> str:
    """A fresh calendar collection for one test."""
    url = f"{radicale}/{USER}/{unique('invites')}/"
    async with httpx.AsyncClient(auth=AUTH) as dav:
        created = await dav.request(
            "MKCALENDAR",
            url,
            content=MKCALENDAR,
            headers={"Content-Type": "application/xml"},
        )
    assert created.status_code == 201, created.text
    return url


def as_stored(itip: bytes) -> bytes:
    """What a calendar client stores from an iTIP message: the same VCALENDAR without METHOD."""
    calendar = Calendar.from_ical(itip)
    assert "METHOD" in calendar
    del calendar["METHOD"]
    stored: bytes = calendar.to_ical()
    return stored


async def invite_bytes(pool: Any, settings: Settings, setup: Setup) -> bytes:
    """The registration's iTIP message as the outbox mails it (the ticket's download is a
    PUBLISH of the same meeting)."""
    async with db.transaction(pool) as conn:
        invite = await invites.for_registration(
            conn,
            registration_id=UUID(setup.registration["id"]),
            public_url=settings.public_url,
            mail_from=settings.mail_from,
        )
    return invite.ics


async def stored_event(dav: httpx.AsyncClient, url: str) -> tuple[Event, str]:
    response = await dav.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/calendar")
    _, vevent = parse(response.content)
    return vevent, response.headers["etag"]


async def hrefs_between(
    dav: httpx.AsyncClient, calendar: str, start: datetime, end: datetime
) -> list[str]:
    """What the server's own time index finds in [start, end) (a calendar-query REPORT)."""
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="{CALDAV}">
  <D:prop><D:getetag/></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{start.astimezone(UTC):%Y%m%dT%H%M%SZ}"
                  end="{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""
    response = await dav.request(
        "REPORT",
        calendar,
        content=body,
        headers={"Depth": "1", "Content-Type": "application/xml"},
    )
    assert response.status_code == 207, response.text
    # The answer of our own test server.
    found = ElementTree.fromstring(response.content)  # noqa: S314
    return [
        href.text.rsplit("/", 1)[-1]
        for href in found.iter("{DAV:}href")
        if href.text and href.text.endswith(".ics")
    ]


async def test_caldav_server_stores_the_invite_then_its_move_then_its_cancellation(
    client: AsyncClient, pool: Any, settings: Settings, calendar_url: str
) -> None:
    setup = await registered_in(client, pool, settings, REUNION)
    first = await invite_bytes(pool, settings, setup)
    _, sent = parse(first)
    resource = f"{calendar_url}invitation.ics"
    async with httpx.AsyncClient(auth=AUTH) as dav:
        created = await dav.put(
            resource,
            content=as_stored(first),
            headers={"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"},
        )
        assert created.status_code == 201, created.text
        stored, etag = await stored_event(dav, resource)
        assert stored["UID"] == sent["UID"]
        assert stored.start == setup.start
        assert stored["DTSTART"].params["TZID"] == "Indian/Reunion"
        assert stored["SEQUENCE"] == 0
        assert stored.walk("VALARM"), "the reminder is kept"
        window = (setup.start - timedelta(hours=1), setup.start + timedelta(hours=4))
        assert await hrefs_between(dav, calendar_url, *window) == ["invitation.ics"]

        await move(client, setup.staff.organiser, setup.event, timedelta(days=2))
        moved = await invite_bytes(pool, settings, setup)
        # The server knows the meeting by its UID: the update cannot become a second event.
        twin = await dav.put(
            f"{calendar_url}copy.ics",
            content=as_stored(moved),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert twin.status_code == 409
        assert "no-uid-conflict" in twin.text
        replaced = await dav.put(
            resource,
            content=as_stored(moved),
            headers={"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag},
        )
        assert replaced.status_code in (201, 204), replaced.text
        stored, etag = await stored_event(dav, resource)
        assert stored["UID"] == sent["UID"]
        assert stored["SEQUENCE"] == 1
        assert stored.start == setup.start + timedelta(days=2)
        assert await hrefs_between(dav, calendar_url, *window) == []
        later = (window[0] + timedelta(days=2), window[1] + timedelta(days=2))
        assert await hrefs_between(dav, calendar_url, *later) == ["invitation.ics"]

        await cancel_registration(client, setup.staff.organiser, setup.registration["id"])
        cancelled = await invite_bytes(pool, settings, setup)
        assert Calendar.from_ical(cancelled)["METHOD"] == "CANCEL"
        applied = await dav.put(
            resource,
            content=as_stored(cancelled),
            headers={"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag},
        )
        assert applied.status_code in (201, 204), applied.text
        stored, _ = await stored_event(dav, resource)
        assert stored["UID"] == sent["UID"]
        assert stored["STATUS"] == "CANCELLED"
        assert stored["SEQUENCE"] == 2
        assert stored.walk("VALARM") == []
        everything = (setup.start - timedelta(days=30), setup.start + timedelta(days=30))
        assert await hrefs_between(dav, calendar_url, *everything) == ["invitation.ics"], (
            "one event, replaced in place each time"
        )


async def test_caldav_client_deletes_the_event_on_an_event_cancellation(
    client: AsyncClient, pool: Any, settings: Settings, calendar_url: str
) -> None:
    setup = await registered_in(client, pool, settings, CAYENNE)
    first = await invite_bytes(pool, settings, setup)
    _, sent = parse(first)
    resource = f"{calendar_url}{sent['UID']}.ics"
    async with httpx.AsyncClient(auth=AUTH) as dav:
        created = await dav.put(
            resource,
            content=as_stored(first),
            headers={"Content-Type": "text/calendar; charset=utf-8"},
        )
        assert created.status_code == 201, created.text
        stored, etag = await stored_event(dav, resource)
        assert stored["DTSTART"].params["TZID"] == "America/Cayenne"
        assert stored.start.utcoffset() == timedelta(hours=-3)

        await cancel_event(client, setup.staff.organiser, setup.event["id"])
        calendar, cancel = parse(await invite_bytes(pool, settings, setup))
        assert calendar["METHOD"] == "CANCEL"
        # A client applies a CANCEL whose UID it holds with a higher SEQUENCE.
        assert cancel["UID"] == stored["UID"]
        assert cancel["SEQUENCE"] > stored["SEQUENCE"]
        deleted = await dav.delete(resource, headers={"If-Match": etag})
        assert deleted.status_code in (200, 204), deleted.text
        gone = await dav.get(resource)
        assert gone.status_code == 404
        window = (setup.start - timedelta(hours=1), setup.start + timedelta(hours=4))
        assert await hrefs_between(dav, calendar_url, *window) == []
