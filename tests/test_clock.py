"""The HTTP layer takes its instant from the app's clock: a test (or a replay) can set it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from litestar import Litestar

from events.app import create_app
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, make_published_event, register

FIXED = datetime(2031, 5, 4, 9, 30, tzinfo=UTC)


@pytest.fixture
async def fixed_app(settings: Settings) -> AsyncIterator[Litestar]:
    application = create_app(settings, clock=lambda: FIXED)
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        async with application.lifespan():
            started.set()
            await stopping.wait()

    task = asyncio.create_task(run())
    await started.wait()
    yield application
    stopping.set()
    await task


async def test_a_check_in_is_stamped_with_the_apps_clock_not_the_wall_clock(
    fixed_app: Litestar, settings: Settings
) -> None:
    transport = httpx.ASGITransport(app=fixed_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        pool: Any = fixed_app.state.pool
        staff = await make_staff(pool, settings, client)
        event = await make_published_event(
            client, staff.organiser, starts_at=FIXED + timedelta(days=3)
        )
        candidate_id = await make_candidate(client, staff.organiser)
        registration = await register(
            client, staff.organiser, event["id"], candidate_id=candidate_id
        )
        scanned = await client.post(
            f"/api/v1/events/{event['id']}/checkins",
            headers=staff.organiser,
            json={"token": registration["ticket"]["token"]},
        )
        assert scanned.status_code == 201, scanned.text
        assert datetime.fromisoformat(scanned.json()["checked_in_at"]) == FIXED
        stored = await pool.fetchval(
            "select checked_in_at from registrations where id = $1", registration["id"]
        )
        assert stored == FIXED
