"""Re-planning during the event (``replan.replan_event``), at a fixed instant: the interviews
that started and those of the next slot are kept as they were, the candidates not checked in
lose their interviews from now on, the later slots are planned again for those present; before
anyone came in, nothing changes. Checked on the stored rows, independently of the solver."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events import db
from events.actors import Actor
from events.errors import NobodyCheckedIn
from events.interview_grid import replan
from events.settings import Settings
from tests.test_interview_grid_api import (
    GridWorld,
    check_hard_rules,
    grid_state,
    grid_world,
    stored_interviews,
)


def _organiser(world: GridWorld) -> Actor:
    return Actor(
        id=world.staff.organiser_user.id,
        role="organiser",
        organisation_id=world.staff.organisation.id,
    )


async def _check_in(pool: Any, event_id: str, candidate_ids: list[str]) -> None:
    await pool.execute(
        "update registrations set checked_in_at = now()"
        " where event_id = $1 and candidate_id = any($2::uuid[])",
        UUID(event_id),
        [UUID(c) for c in candidate_ids],
    )


async def test_a_replan_keeps_the_past_and_the_next_slot_and_drops_the_absent(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=2, candidates=6)
    org = world.staff.organiser
    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    first = await stored_interviews(pool, world.event_id)
    absent = world.candidates[0]
    present = world.candidates[1:]
    await _check_in(pool, world.event_id, present)
    now = world.start + timedelta(minutes=25)  # during the third slot (20 to 30)
    next_slot = world.start + timedelta(minutes=30)
    kept_until = world.start + timedelta(minutes=40)
    async with db.transaction(pool) as conn:
        plan = await replan.replan_event(
            conn, event_id=UUID(world.event_id), by=_organiser(world), now=now
        )
    assert plan.kept_until == kept_until
    rows = await stored_interviews(pool, world.event_id)
    by_id = {r["id"]: r for r in rows}
    started = [r for r in first if r["starts_at"] < now]
    assert started, "the first plan had interviews before now"
    assert all(by_id.get(r["id"]) == r for r in started), "an interview already done changed"
    coming = [r for r in first if r["starts_at"] == next_slot]
    for r in coming:
        if str(r["candidate_id"]) == absent:
            assert r["id"] not in by_id, "the absent candidate's next interview stays"
        else:
            assert by_id.get(r["id"]) == r, "an interview of the next slot changed"
    assert not [r for r in rows if str(r["candidate_id"]) == absent and r["starts_at"] >= now], (
        "the absent candidate keeps interviews to come"
    )
    new = [r for r in rows if r["plan_id"] == plan.id]
    assert new, "the later slots were planned again"
    assert all(r["starts_at"] >= kept_until for r in new)
    assert {r["starts_at"] for r in rows if r["starts_at"] >= kept_until} <= {
        r["starts_at"] for r in new
    }
    check_hard_rules(rows, tables=dict.fromkeys(world.companies, 1), hours={})
    grid = (await client.get(world.base, headers=org)).json()
    assert absent not in {s["candidate_id"] for s in grid["short_of_k"]}
    actions = await pool.fetch(
        "select action, data from audit_log where subject_id = $1"
        " and action like 'interview_grid.%' order by id",
        UUID(world.event_id),
    )
    assert [a["action"] for a in actions] == ["interview_grid.solve", "interview_grid.replan"]
    # The re-plan's row says how many were dropped, never who (its subject is the event).
    assert actions[1]["data"]["dropped"] == 1
    assert absent not in str(actions[1]["data"])


async def test_a_replan_before_anyone_came_in_changes_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=2)
    org = world.staff.organiser
    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    before = await grid_state(pool, world.event_id)
    answer = await client.post(f"{world.base}/replan", headers=org)
    assert (answer.status_code, answer.json()["code"]) == (409, "nobody_checked_in")
    refused = await client.post(f"{world.base}/replan", headers=world.staff.coach)
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    assert await grid_state(pool, world.event_id) == before
    async with db.transaction(pool) as conn:
        try:
            await replan.replan_event(
                conn,
                event_id=UUID(world.event_id),
                by=_organiser(world),
                now=world.start + timedelta(minutes=5),
            )
        except NobodyCheckedIn:
            pass
        else:  # pragma: no cover - the assertion's message
            raise AssertionError("a replan with nobody present went through")
    assert await grid_state(pool, world.event_id) == before


async def test_a_replan_over_http_answers_the_plan(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=3)
    org = world.staff.organiser
    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    await _check_in(pool, world.event_id, world.candidates[:2])
    answer = await client.post(f"{world.base}/replan", headers=org)
    assert answer.status_code == 201, answer.text
    # Before the event, the next slot is the first one: kept until the second starts.
    kept_until = datetime.fromisoformat(answer.json()["kept_until"])
    assert kept_until == world.start + timedelta(minutes=10)
    rows = await stored_interviews(pool, world.event_id)
    assert rows
    assert not [r for r in rows if str(r["candidate_id"]) == world.candidates[2]]
