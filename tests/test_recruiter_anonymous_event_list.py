"""A recruiter's list of an event's candidates (``list_event_candidates_for_recruiter``) shows
only those the company sees through THAT event: at an anonymous session, a candidate the
company sees through another event is not listed by name (it would tell they were there);
at that other event, they are."""

from __future__ import annotations

from typing import Any

import httpx

from events.settings import Settings
from tests.factories_registrations import register
from tests.test_bibs import _world


async def test_an_anonymous_session_does_not_list_a_candidate_seen_through_another_event(
    client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _world(client, pool, settings)
    # Company B and the candidate also attend the (not anonymous) job dating.
    await register(
        client, world.staff.organiser, world.job_dating["id"], company_id=str(world.b1.company.id)
    )
    await register(
        client, world.staff.organiser, world.job_dating["id"], candidate_id=world.candidate_id
    )

    there = await client.get(
        f"/api/v1/events/{world.job_dating['id']}/candidates", headers=world.b1.headers
    )
    assert there.status_code == 200, there.text
    assert [c["id"] for c in there.json()["items"]] == [world.candidate_id]

    session = await client.get(
        f"/api/v1/events/{world.event['id']}/candidates", headers=world.b1.headers
    )
    assert session.status_code == 200, session.text
    assert session.json()["items"] == []
    assert world.last_name not in session.text and world.candidate_id not in session.text
