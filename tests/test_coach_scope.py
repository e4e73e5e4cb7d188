"""A coach acts on the candidates of the events they are assigned to, not on every candidate of
their organisation: the social situation, the card review, consent on the candidate's behalf and
ticket re-issue all follow ``access.require_follower`` / ``access.may_observe``. Each action is
tried by a coach of the same organisation whom the sport session does not name (refused, nothing
written) and by the coach it names (done)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_coach, make_sport_session, observe, skills_rows

URL = "/api/v1/candidates"
PRIVATE = {"housing": "emergency_shelter", "health_notes": "Suivi médical le mardi matin."}


@dataclass
class Scene:
    candidate_id: str
    registration: dict[str, Any]
    event: dict[str, Any]
    organiser: dict[str, str]
    assigned: dict[str, str]
    outsider: dict[str, str]


async def _scene(client: AsyncClient, pool: Any, settings: Settings) -> Scene:
    """A sport session naming one coach of the organisation; the organisation's other coach
    (``make_staff``'s) is named on no event the candidate attends."""
    staff = await make_staff(pool, settings, client)
    assigned_id, assigned = await make_coach(pool, settings, client, staff.organisation.id)
    event = await make_sport_session(client, staff.organiser, coach_ids=[assigned_id])
    candidate_id = await make_candidate(client, staff.organiser, private=PRIVATE)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    return Scene(
        candidate_id=candidate_id,
        registration=registration,
        event=event,
        organiser=staff.organiser,
        assigned=assigned,
        outsider=staff.coach,
    )


async def _candidate_state(pool: Any, candidate_id: str) -> tuple[Any, ...]:
    row = await pool.fetchrow(
        "select c.last_name, c.updated_at, p.data,"
        " (select count(*) from audit_log a where a.subject_id = c.id) as audit"
        " from candidates c left join candidate_private p on p.candidate_id = c.id"
        " where c.id = $1",
        UUID(candidate_id),
    )
    return tuple(row)


async def _tickets(pool: Any, registration_id: str) -> list[tuple[Any, ...]]:
    rows = await pool.fetch(
        "select id, serial, revoked_at from tickets where registration_id = $1 order by serial",
        UUID(registration_id),
    )
    return [tuple(r) for r in rows]


async def test_a_coach_not_assigned_to_the_candidates_events_does_not_see_their_situation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    scene = await _scene(client, pool, settings)
    refused = await client.get(f"{URL}/{scene.candidate_id}", headers=scene.outsider)
    assert refused.status_code == 404
    assert refused.json()["code"] == "candidate_not_found"
    assert "mardi" not in refused.text and "emergency_shelter" not in refused.text
    seen = await client.get(f"{URL}/{scene.candidate_id}", headers=scene.assigned)
    assert seen.status_code == 200, seen.text
    assert seen.json()["private"]["housing"] == "emergency_shelter"


async def test_a_coach_not_assigned_to_the_candidates_events_cannot_change_them(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    scene = await _scene(client, pool, settings)
    before = await _candidate_state(pool, scene.candidate_id)
    change = {"last_name": "Changé", "private": {"housing": "temporary"}}
    refused = await client.patch(f"{URL}/{scene.candidate_id}", json=change, headers=scene.outsider)
    assert refused.status_code == 404
    assert refused.json()["code"] == "candidate_not_found"
    assert await _candidate_state(pool, scene.candidate_id) == before
    done = await client.patch(f"{URL}/{scene.candidate_id}", json=change, headers=scene.assigned)
    assert done.status_code == 200, done.text
    last_name, _, private, audit = await _candidate_state(pool, scene.candidate_id)
    assert (last_name, private["housing"], audit) == ("Changé", "temporary", before[3] + 1)


async def test_a_coach_reviews_only_the_cards_of_candidates_they_follow(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    scene = await _scene(client, pool, settings)
    # The organiser observed: the assigned coach reviews without having observed anything.
    await observe(client, scene.organiser, scene.event["id"], scene.candidate_id, "motivation", 3)
    before = await skills_rows(pool, scene.candidate_id)
    url = f"{URL}/{scene.candidate_id}/skills-card/review"
    refused = await client.post(url, headers=scene.outsider)
    assert refused.status_code == 404
    assert refused.json()["code"] == "candidate_not_found"
    assert await skills_rows(pool, scene.candidate_id) == before
    done = await client.post(url, headers=scene.assigned)
    assert done.status_code == 200, done.text
    assert done.json()["review"]["status"] == "reviewed"
    assert (await skills_rows(pool, scene.candidate_id))["reviews"] == before["reviews"] + 1


async def test_a_coach_consents_only_for_candidates_they_follow(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    scene = await _scene(client, pool, settings)
    before = await skills_rows(pool, scene.candidate_id)
    url = f"{URL}/{scene.candidate_id}/consent"
    refused = await client.post(url, headers=scene.outsider, json={"recruiters": True})
    assert refused.status_code == 404
    assert refused.json()["code"] == "candidate_not_found"
    assert await skills_rows(pool, scene.candidate_id) == before
    assert (
        await pool.fetchval(
            "select count(*) from consents where candidate_id = $1", UUID(scene.candidate_id)
        )
        == 0
    )
    done = await client.post(url, headers=scene.assigned, json={"recruiters": True})
    assert done.status_code == 200, done.text
    assert (done.json()["recruiters"], done.json()["via"]) == (True, "staff")
    assert (await skills_rows(pool, scene.candidate_id))["consents"] == before["consents"] + 1


async def test_a_coach_reissues_tickets_only_at_events_they_are_assigned_to(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    scene = await _scene(client, pool, settings)
    url = f"/api/v1/registrations/{scene.registration['id']}/ticket/reissue"
    before = await _tickets(pool, scene.registration["id"])
    assert len(before) == 1
    refused = await client.post(url, headers=scene.outsider)
    assert refused.status_code == 403
    assert refused.json()["code"] == "forbidden"
    assert await _tickets(pool, scene.registration["id"]) == before
    done = await client.post(url, headers=scene.assigned)
    assert done.status_code == 201, done.text
    after = await _tickets(pool, scene.registration["id"])
    assert [serial for _, serial, _ in after] == [1, 2]
    assert after[0][2] is not None and after[1][2] is None
