"""The interview grid and an e-forum's workshops: a candidate signed up to a workshop is never
given an interview during it, by a solve or by a re-plan; a workshop called off frees its time
again. Checked on the stored rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events import db
from events.actors import Actor
from events.interview_grid import replan
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_events import make_event, unique_day
from tests.factories_registrations import make_candidate, make_company, register
from tests.test_interview_grid_api import GridWorld, check_hard_rules, stored_interviews


async def _forum(client: AsyncClient, pool: Any, settings: Settings) -> GridWorld:
    """A published hybrid e-forum of one hour (six slots of 10 minutes), without workshops,
    with six companies of one table and two candidates confirmed: each candidate can meet
    every company, one a slot."""
    staff = await make_staff(pool, settings, client)
    event = await make_event(
        client,
        staff.organiser,
        "e_forum",
        status="published",
        start=unique_day().replace(minute=0),
        hours=1,
        details={"mode": "hybrid", "interview_minutes": 10},
    )
    world = GridWorld(staff, event)
    for _ in range(6):
        company_id = await make_company(client, staff.organiser)
        await register(client, staff.organiser, world.event_id, company_id=company_id)
        world.companies.append(company_id)
    for _ in range(2):
        candidate_id = await make_candidate(client, staff.organiser)
        await register(client, staff.organiser, world.event_id, candidate_id=candidate_id)
        world.candidates.append(candidate_id)
    return world


def _slots_of(rows: list[dict[str, Any]], world: GridWorld, candidate_id: str) -> set[int]:
    """The slots (10 minutes from the event's start) of the candidate's interviews."""
    return {
        int((r["starts_at"] - world.start) / timedelta(minutes=10))
        for r in rows
        if str(r["candidate_id"]) == candidate_id
    }


async def test_no_interview_during_a_workshop_after_a_solve_and_a_replan(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await _forum(client, pool, settings)
    org = world.staff.organiser
    signed, free = world.candidates
    workshop = await client.post(
        f"/api/v1/events/{world.event_id}/workshops",
        headers=org,
        json={
            "title": "Réussir son entretien",
            "starts_at": world.at(22),  # within slot 2 ...
            "ends_at": world.at(38),  # ... to within slot 3
            "capacity": 10,
        },
    )
    assert workshop.status_code == 201, workshop.text
    workshop_id = workshop.json()["id"]
    up = await client.post(
        f"/api/v1/workshops/{workshop_id}/signups", headers=org, json={"candidate_id": signed}
    )
    assert up.status_code == 201, up.text

    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    rows = await stored_interviews(pool, world.event_id)
    check_hard_rules(rows, tables=dict.fromkeys(world.companies, 1), hours={})
    assert _slots_of(rows, world, signed) == {0, 1, 4, 5}, "an interview during the workshop"
    assert _slots_of(rows, world, free) == {0, 1, 2, 3, 4, 5}

    # At the door, both came in; during slot 0, the rest of the day is planned again (from
    # slot 2 on): still nothing during the workshop.
    await pool.execute(
        "update registrations set checked_in_at = now() where event_id = $1",
        UUID(world.event_id),
    )
    by = Actor(
        id=world.staff.organiser_user.id,
        role="organiser",
        organisation_id=world.staff.organisation.id,
    )
    async with db.transaction(pool) as conn:
        plan = await replan.replan_event(
            conn, event_id=UUID(world.event_id), by=by, now=world.start + timedelta(minutes=5)
        )
    assert plan.kept_until == world.start + timedelta(minutes=20)
    rows = await stored_interviews(pool, world.event_id)
    check_hard_rules(rows, tables=dict.fromkeys(world.companies, 1), hours={})
    replanned = [r for r in rows if r["plan_id"] == plan.id]
    assert _slots_of(replanned, world, signed) == {4, 5}, "an interview during the workshop"
    assert _slots_of(rows, world, signed) == {0, 1, 4, 5}

    # The workshop called off: its time is free again at the next solve.
    off = await client.delete(f"/api/v1/workshops/{workshop_id}?confirm=true", headers=org)
    assert off.status_code == 200, off.text
    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    rows = await stored_interviews(pool, world.event_id)
    assert _slots_of(rows, world, signed) == {0, 1, 2, 3, 4, 5}
