"""Outcomes over the API: who may record, correct and delete them (staff of the event or of the
candidate's organisation, the event's coaches; never a recruiter), for registered candidates
only; answers to follow-ups (for those who came, once due, a second one replacing the first with
the audit keeping it); and recruiters' interests followed up."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_outcomes import make_interest, outcome_body, past_event
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_coach, make_recruiter, make_sport_session


async def _outcomes(pool: Any, candidate_id: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select kind, follow_up_month, company_id, interest_id, note from outcomes"
        " where candidate_id = $1 order by recorded_at",
        UUID(candidate_id),
    )
    return [dict(r) for r in rows]


async def _audit(pool: Any, candidate_id: str) -> list[tuple[str, dict[str, Any]]]:
    rows = await pool.fetch(
        "select action, data from audit_log where on_behalf_of = $1 and action like 'outcome.%'"
        " order by id",
        UUID(candidate_id),
    )
    return [
        (r["action"], r["data"] if isinstance(r["data"], dict) else json.loads(r["data"]))
        for r in rows
    ]


async def test_the_events_organiser_records_an_outcome_and_it_is_audited(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings)
    answer = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(
            world.came[0], kind="fixed_term_long", company_id=world.company_id, note="Cariste"
        ),
    )
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert (body["kind"], body["company_id"], body["note"]) == (
        "fixed_term_long",
        world.company_id,
        "Cariste",
    )
    assert body["event_title"] == world.event["title"]
    assert [o["kind"] for o in await _outcomes(pool, world.came[0])] == ["fixed_term_long"]
    [(action, data)] = await _audit(pool, world.came[0])
    assert action == "outcome.create"
    assert data["kind"] == "fixed_term_long"


async def test_a_recruiter_is_refused_and_nothing_is_written(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings)
    recruiter = await make_recruiter(pool, settings, client, world.company_id)
    answer = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=recruiter,
        json=outcome_body(world.came[0]),
    )
    assert (answer.status_code, answer.json()["code"]) == (403, "forbidden")
    listed = await client.get(f"/api/v1/events/{world.event_id}/outcomes", headers=recruiter)
    assert (listed.status_code, listed.json()["code"]) == (403, "forbidden")
    todo = await client.get("/api/v1/follow-ups", headers=recruiter)
    assert todo.status_code == 403
    assert await _outcomes(pool, world.came[0]) == []


async def test_another_organisations_organiser_is_refused_and_a_draft_is_not_even_found(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings)
    stranger = await make_staff(pool, settings, client)
    answer = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=stranger.organiser,
        json=outcome_body(world.came[0]),
    )
    assert (answer.status_code, answer.json()["code"]) == (403, "forbidden")
    await pool.execute("update events set status = 'draft' where id = $1", UUID(world.event_id))
    hidden = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=stranger.organiser,
        json=outcome_body(world.came[0]),
    )
    assert (hidden.status_code, hidden.json()["code"]) == (404, "event_not_found")
    # And the event's own organiser may not record at a draft.
    closed = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(world.came[0]),
    )
    assert (closed.status_code, closed.json()["code"]) == (409, "outcomes_closed")
    assert await _outcomes(pool, world.came[0]) == []


async def test_the_candidates_own_organiser_records_at_another_organisations_event(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=0)
    prescriber = await make_staff(pool, settings, client)
    candidate = await make_candidate(client, prescriber.organiser)
    await register(client, prescriber.organiser, world.event_id, candidate_id=candidate)
    answer = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=prescriber.organiser,
        json=outcome_body(candidate, kind="training"),
    )
    assert answer.status_code == 201, answer.text
    # But not for the event's other participants.
    other = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=prescriber.organiser,
        json=outcome_body(world.absent),
    )
    assert (other.status_code, other.json()["code"]) == (403, "forbidden")


async def test_a_sport_session_takes_outcomes_from_the_coaches_it_names_only(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    named_id, named = await make_coach(pool, settings, client, staff.organisation.id)
    event = await make_sport_session(client, staff.organiser, coach_ids=[named_id])
    candidate = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate)
    refused = await client.post(
        f"/api/v1/events/{event['id']}/outcomes",
        headers=staff.coach,
        json=outcome_body(candidate),
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    recorded = await client.post(
        f"/api/v1/events/{event['id']}/outcomes", headers=named, json=outcome_body(candidate)
    )
    assert recorded.status_code == 201, recorded.text
    # The coach records, but the organisation's to-do list is the organisers'.
    todo = await client.get("/api/v1/follow-ups", headers=named)
    assert (todo.status_code, todo.json()["code"]) == (403, "forbidden")


async def test_only_a_registered_candidate_gets_an_outcome(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    outsider = await make_candidate(client, world.staff.organiser)
    answer = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(outsider),
    )
    assert (answer.status_code, answer.json()["code"]) == (422, "candidate_not_registered")
    unknown = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(str(UUID(int=7))),
    )
    assert (unknown.status_code, unknown.json()["code"]) == (422, "candidate_not_registered")
    assert await _outcomes(pool, outsider) == []


async def test_bad_input_is_refused_with_its_field(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    url = f"/api/v1/events/{world.event_id}/outcomes"
    for fields, field in (
        ({"kind": "hired"}, "kind"),
        ({"follow_up_month": 2}, "follow_up_month"),
        ({"happened_on": "1999-12-31"}, "happened_on"),
        ({"note": "x" * 2001}, "note"),
    ):
        answer = await client.post(
            url, headers=world.staff.organiser, json=outcome_body(world.came[0], **fields)
        )
        assert (answer.status_code, answer.json()["code"]) == (400, "invalid_input"), fields
        assert answer.json()["extra"]["field"] == field
    unknown_company = await client.post(
        url,
        headers=world.staff.organiser,
        json=outcome_body(world.came[0], company_id=str(UUID(int=9))),
    )
    assert (unknown_company.status_code, unknown_company.json()["code"]) == (
        422,
        "unknown_company",
    )
    assert await _outcomes(pool, world.came[0]) == []


async def test_a_follow_up_is_answered_only_for_someone_who_came_once_it_is_due(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    url = f"/api/v1/events/{world.event_id}/outcomes"
    absent = await client.post(
        url, headers=world.staff.organiser, json=outcome_body(world.absent, follow_up_month=1)
    )
    assert (absent.status_code, absent.json()["code"]) == (409, "not_checked_in")
    early = await client.post(
        url, headers=world.staff.organiser, json=outcome_body(world.came[0], follow_up_month=3)
    )
    assert (early.status_code, early.json()["code"]) == (409, "follow_up_not_due")
    assert early.json()["extra"]["due_on"] > datetime.now(UTC).date().isoformat()
    due = await client.post(
        url, headers=world.staff.organiser, json=outcome_body(world.came[0], follow_up_month=1)
    )
    assert due.status_code == 201, due.text
    assert due.json()["follow_up_month"] == 1


async def test_a_second_answer_to_a_follow_up_replaces_the_first_and_the_audit_keeps_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    url = f"/api/v1/events/{world.event_id}/outcomes"
    first = await client.post(
        url,
        headers=world.staff.organiser,
        json=outcome_body(world.came[0], follow_up_month=1, kind="nothing_yet", note="Rappeler"),
    )
    assert first.status_code == 201
    second = await client.post(
        url,
        headers=world.staff.coach,
        json=outcome_body(world.came[0], follow_up_month=1, kind="immersion"),
    )
    assert second.status_code == 201, second.text
    assert second.json()["id"] == first.json()["id"]
    assert [(o["kind"], o["follow_up_month"]) for o in await _outcomes(pool, world.came[0])] == [
        ("immersion", 1)
    ]
    actions = await _audit(pool, world.came[0])
    assert [a for a, _ in actions] == ["outcome.create", "outcome.replace"]
    assert actions[1][1]["replaced"]["kind"] == "nothing_yet"
    assert actions[1][1]["replaced"]["note"] == "Rappeler"
    # An outcome outside follow-ups never replaces anything.
    for _ in range(2):
        extra = await client.post(
            url, headers=world.staff.organiser, json=outcome_body(world.came[0], kind="interview")
        )
        assert extra.status_code == 201
    assert len(await _outcomes(pool, world.came[0])) == 3


async def test_a_retry_with_the_same_idempotency_key_records_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    headers = {**world.staff.organiser, "Idempotency-Key": "suite-1"}
    body = outcome_body(world.came[0])
    first = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes", headers=headers, json=body
    )
    again = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes", headers=headers, json=body
    )
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert len(await _outcomes(pool, world.came[0])) == 1


async def test_an_outcome_is_corrected_and_deleted_by_staff_only_and_audited(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    recorded = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(world.came[0], kind="interview", note="Chez Martin"),
    )
    outcome_id = recorded.json()["id"]
    recruiter = await make_recruiter(pool, settings, client, world.company_id)
    stranger = await make_staff(pool, settings, client)
    refused = await client.patch(
        f"/api/v1/outcomes/{outcome_id}", headers=recruiter, json={"kind": "permanent"}
    )
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    hidden = await client.patch(
        f"/api/v1/outcomes/{outcome_id}", headers=stranger.organiser, json={"kind": "permanent"}
    )
    assert (hidden.status_code, hidden.json()["code"]) == (404, "outcome_not_found")
    gone = await client.delete(f"/api/v1/outcomes/{outcome_id}", headers=stranger.organiser)
    assert gone.status_code == 404

    corrected = await client.patch(
        f"/api/v1/outcomes/{outcome_id}",
        headers=world.staff.organiser,
        json={"kind": "permanent", "note": None},
    )
    assert corrected.status_code == 200, corrected.text
    assert (corrected.json()["kind"], corrected.json()["note"]) == ("permanent", None)
    deleted = await client.delete(f"/api/v1/outcomes/{outcome_id}", headers=world.staff.coach)
    assert deleted.status_code == 204
    assert await _outcomes(pool, world.came[0]) == []
    actions = await _audit(pool, world.came[0])
    assert [a for a, _ in actions] == ["outcome.create", "outcome.correct", "outcome.delete"]
    assert actions[1][1]["replaced"]["note"] == "Chez Martin"
    assert actions[2][1]["deleted"]["kind"] == "permanent"
    again = await client.delete(f"/api/v1/outcomes/{outcome_id}", headers=world.staff.organiser)
    assert (again.status_code, again.json()["code"]) == (404, "outcome_not_found")


async def test_a_persons_outcomes_are_listed_for_those_who_follow_them(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    for kind in ("interview", "poe", "work_study"):
        answer = await client.post(
            f"/api/v1/events/{world.event_id}/outcomes",
            headers=world.staff.organiser,
            json=outcome_body(world.came[0], kind=kind),
        )
        assert answer.status_code == 201
    url = f"/api/v1/candidates/{world.came[0]}/outcomes"
    first = await client.get(url, params={"limit": 2}, headers=world.staff.organiser)
    assert first.status_code == 200, first.text
    assert len(first.json()["items"]) == 2
    rest = await client.get(
        url,
        params={"limit": 2, "cursor": first.json()["next_cursor"]},
        headers=world.staff.organiser,
    )
    assert len(rest.json()["items"]) == 1 and rest.json()["next_cursor"] is None
    stranger = await make_staff(pool, settings, client)
    hidden = await client.get(url, headers=stranger.organiser)
    assert (hidden.status_code, hidden.json()["code"]) == (404, "candidate_not_found")
    recruiter = await make_recruiter(pool, settings, client, world.company_id)
    refused = await client.get(url, headers=recruiter)
    assert refused.status_code == 403


async def test_an_interest_shows_to_follow_up_until_an_outcome_follows_it_up(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=2)
    interest_id = await make_interest(
        pool,
        settings,
        candidate_id=world.came[0],
        company_id=world.company_id,
        event_id=world.event_id,
    )
    page = await client.get(
        f"/api/v1/events/{world.event_id}/outcomes", headers=world.staff.organiser
    )
    assert page.status_code == 200, page.text
    people = {p["candidate_id"]: p for p in page.json()["items"]}
    assert [i["interest_id"] for i in people[world.came[0]]["interests"]] == [str(interest_id)]
    assert people[world.came[1]]["interests"] == []
    todo = await client.get("/api/v1/follow-ups", headers=world.staff.organiser)
    lines = {t["candidate_id"]: t for t in todo.json()["items"]}
    assert [i["company_id"] for i in lines[world.came[0]]["interests"]] == [world.company_id]
    # A coach records outcomes, but recruiters' interests are the organisers' to read.
    coach_view = await client.get(
        f"/api/v1/events/{world.event_id}/outcomes", headers=world.staff.coach
    )
    assert all(p["interests"] == [] for p in coach_view.json()["items"])

    wrong = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(world.came[1], interest_id=str(interest_id)),
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "unknown_interest")
    followed = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(world.came[0], interest_id=str(interest_id)),
    )
    assert followed.status_code == 201, followed.text
    assert followed.json()["interest_id"] == str(interest_id)
    assert followed.json()["company_id"] == world.company_id
    page = await client.get(
        f"/api/v1/events/{world.event_id}/outcomes", headers=world.staff.organiser
    )
    people = {p["candidate_id"]: p for p in page.json()["items"]}
    assert people[world.came[0]]["interests"] == []
    todo = await client.get("/api/v1/follow-ups", headers=world.staff.organiser)
    lines = {t["candidate_id"]: t for t in todo.json()["items"]}
    assert lines[world.came[0]]["interests"] == []


async def test_the_event_list_gives_follow_ups_to_those_who_came_only(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    page = await client.get(
        f"/api/v1/events/{world.event_id}/outcomes", headers=world.staff.organiser
    )
    people = {p["candidate_id"]: p for p in page.json()["items"]}
    assert set(people) == {world.came[0], world.absent}
    assert [(f["month"], f["state"]) for f in people[world.came[0]]["follow_ups"]] == [
        (1, "due"),
        (3, "later"),
        (6, "later"),
        (12, "later"),
    ]
    assert people[world.absent]["came"] is False
    assert people[world.absent]["follow_ups"] == []


async def test_a_coach_who_does_not_follow_the_event_sees_nothing_of_it(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(client, pool, settings, came=1)
    other = await make_staff(pool, settings, client)
    refused = await client.get(f"/api/v1/events/{world.event_id}/outcomes", headers=other.coach)
    assert refused.status_code == 403
