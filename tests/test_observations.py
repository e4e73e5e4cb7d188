"""Observations: who may record them, for whom, what is accepted, batches that are all or
nothing, and corrections that add a version instead of overwriting."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.factories_skills import (
    consent,
    make_coach,
    make_recruiter,
    make_sport_session,
    observe,
    review,
    skills_rows,
)


class Session:
    """A published sport session of ``staff`` naming ``staff.coach``, with one registered
    candidate."""

    def __init__(self, staff: Staff, event: dict[str, Any], candidate_id: str) -> None:
        self.staff = staff
        self.event = event
        self.candidate_id = candidate_id

    @property
    def url(self) -> str:
        return f"/api/v1/events/{self.event['id']}/observations"


@pytest.fixture
async def session(client: AsyncClient, pool: Any, settings: Settings) -> Session:
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    return Session(staff, event, candidate_id)


async def _refused(
    client: AsyncClient,
    pool: Any,
    candidate_id: str,
    url: str,
    headers: dict[str, str],
    body: dict[str, Any],
    *,
    status: int,
    code: str,
) -> dict[str, Any]:
    """Send a request that must be refused, and check it left nothing behind."""
    before = await skills_rows(pool, candidate_id)
    response = await client.post(url, headers=headers, json=body)
    assert response.status_code == status, response.text
    answer: dict[str, Any] = response.json()
    assert answer["code"] == code
    assert await skills_rows(pool, candidate_id) == before
    return answer


async def test_named_coach_records_an_observation_on_the_candidates_behalf(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    response = await client.post(
        session.url,
        headers=session.staff.coach,
        json={
            "candidate_id": session.candidate_id,
            "skill": "perseverance",
            "level": 3,
            "activity": "escalade",
            "note": "  A repris la voie trois fois sans abandonner.  ",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["skill"] == "perseverance"
    assert body["level"] == 3
    assert body["activity"] == "Escalade"  # stored as the programme names it
    assert body["note"] == "A repris la voie trois fois sans abandonner."
    assert body["observer_id"] == body["recorded_by"] == str(session.staff.coach_user.id)
    assert body["version"] == 1 and body["replaces"] is None
    assert body["card_version"] == 1
    audit = await pool.fetchrow(
        "select actor_id, on_behalf_of, action from audit_log where subject_id = $1",
        UUID(body["id"]),
    )
    assert audit["action"] == "observation.create"
    assert audit["actor_id"] == session.staff.coach_user.id
    assert str(audit["on_behalf_of"]) == session.candidate_id


async def test_organiser_of_the_event_records_an_observation(
    client: AsyncClient, session: Session
) -> None:
    body = await observe(
        client, session.staff.organiser, session.event["id"], session.candidate_id, "leadership", 2
    )
    assert body["observer_id"] == str(session.staff.organiser_user.id)
    assert body["activity"] is None


async def test_any_coach_of_the_organisation_observes_at_a_job_dating_with_a_free_activity(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    body = await observe(
        client,
        staff.coach,
        event["id"],
        candidate_id,
        "communication",
        4,
        activity="Entretien de 10 minutes",
    )
    assert body["activity"] == "Entretien de 10 minutes"


async def test_coach_of_the_organisation_not_named_on_the_sport_session_is_refused(
    client: AsyncClient, pool: Any, settings: Settings, session: Session
) -> None:
    _, other_coach = await make_coach(pool, settings, client, session.staff.organisation.id)
    await _refused(
        client,
        pool,
        session.candidate_id,
        session.url,
        other_coach,
        {"candidate_id": session.candidate_id, "skill": "perseverance", "level": 3},
        status=403,
        code="not_event_coach",
    )


async def test_coach_of_another_organisation_is_refused_and_nothing_is_recorded(
    client: AsyncClient, pool: Any, settings: Settings, session: Session
) -> None:
    other = await make_staff(pool, settings, client)
    await _refused(
        client,
        pool,
        session.candidate_id,
        session.url,
        other.coach,
        {"candidate_id": session.candidate_id, "skill": "perseverance", "level": 3},
        status=403,
        code="not_event_coach",
    )


async def test_another_organisations_draft_event_does_not_exist_for_a_coach(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    draft = await make_sport_session(
        client, staff.organiser, coach_ids=[staff.coach_user.id], status="draft"
    )
    candidate_id = await make_candidate(client, staff.organiser)
    await _refused(
        client,
        pool,
        candidate_id,
        f"/api/v1/events/{draft['id']}/observations",
        other.coach,
        {"candidate_id": candidate_id, "skill": "perseverance", "level": 3},
        status=404,
        code="event_not_found",
    )


async def test_recruiter_cannot_record_an_observation(
    client: AsyncClient, pool: Any, settings: Settings, session: Session
) -> None:
    company_id = await make_company(client, session.staff.organiser)
    recruiter = await make_recruiter(pool, settings, client, company_id)
    await _refused(
        client,
        pool,
        session.candidate_id,
        session.url,
        recruiter,
        {"candidate_id": session.candidate_id, "skill": "perseverance", "level": 3},
        status=403,
        code="not_event_coach",
    )


async def test_observation_at_a_draft_event_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    draft = await make_sport_session(
        client, staff.organiser, coach_ids=[staff.coach_user.id], status="draft"
    )
    candidate_id = await make_candidate(client, staff.organiser)
    answer = await _refused(
        client,
        pool,
        candidate_id,
        f"/api/v1/events/{draft['id']}/observations",
        staff.coach,
        {"candidate_id": candidate_id, "skill": "perseverance", "level": 3},
        status=409,
        code="observations_closed",
    )
    assert "brouillon" in answer["detail"]


async def test_candidate_not_registered_to_the_event_is_refused(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    stranger = await make_candidate(client, session.staff.organiser)
    await _refused(
        client,
        pool,
        stranger,
        session.url,
        session.staff.coach,
        {"candidate_id": stranger, "skill": "perseverance", "level": 3},
        status=422,
        code="candidate_not_registered",
    )


async def test_candidate_whose_registration_was_cancelled_is_refused(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    candidate_id = await make_candidate(client, session.staff.organiser)
    registration = await register(
        client, session.staff.organiser, session.event["id"], candidate_id=candidate_id
    )
    cancelled = await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=session.staff.organiser
    )
    assert cancelled.status_code == 200
    await _refused(
        client,
        pool,
        candidate_id,
        session.url,
        session.staff.coach,
        {"candidate_id": candidate_id, "skill": "perseverance", "level": 3},
        status=422,
        code="candidate_not_registered",
    )


@pytest.mark.parametrize("level", [0, 5, -1, 4.5, None])
async def test_level_outside_1_to_4_is_refused(
    client: AsyncClient, pool: Any, session: Session, level: Any
) -> None:
    answer = await _refused(
        client,
        pool,
        session.candidate_id,
        session.url,
        session.staff.coach,
        {"candidate_id": session.candidate_id, "skill": "perseverance", "level": level},
        status=400,
        code="invalid_input",
    )
    assert answer["extra"]["field"] == "level"


@pytest.mark.parametrize("skill", ["juggling", "Perseverance", "", "x" * 51, "team spirit"])
async def test_unknown_skill_is_refused(
    client: AsyncClient, pool: Any, session: Session, skill: str
) -> None:
    before = await skills_rows(pool, session.candidate_id)
    response = await client.post(
        session.url,
        headers=session.staff.coach,
        json={"candidate_id": session.candidate_id, "skill": skill, "level": 2},
    )
    # A well-formed code the vocabulary lacks is unknown; a malformed one is invalid input.
    expected = (422, "unknown_skill") if skill == "juggling" else (400, "invalid_input")
    assert (response.status_code, response.json()["code"]) == expected
    assert await skills_rows(pool, session.candidate_id) == before


async def test_activity_not_on_the_sport_sessions_programme_is_refused(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    answer = await _refused(
        client,
        pool,
        session.candidate_id,
        session.url,
        session.staff.coach,
        {
            "candidate_id": session.candidate_id,
            "skill": "perseverance",
            "level": 3,
            "activity": "Natation",
        },
        status=422,
        code="unknown_activity",
    )
    assert answer["extra"]["activities"] == ["Escalade", "Football"]


@pytest.mark.parametrize(
    ("field", "value"),
    [("note", "x" * 501), ("note", "a\x00b"), ("activity", ""), ("activity", "x" * 201)],
)
async def test_overlong_or_unsafe_text_is_refused(
    client: AsyncClient, pool: Any, session: Session, field: str, value: str
) -> None:
    answer = await _refused(
        client,
        pool,
        session.candidate_id,
        session.url,
        session.staff.coach,
        {"candidate_id": session.candidate_id, "skill": "perseverance", "level": 3, field: value},
        status=400,
        code="invalid_input",
    )
    assert answer["extra"]["field"] == field


async def test_batch_records_every_item_in_one_card_version(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    await observe(
        client, session.staff.coach, session.event["id"], session.candidate_id, "motivation", 2
    )
    response = await client.post(
        f"{session.url}/batch",
        headers=session.staff.coach,
        json={
            "candidate_id": session.candidate_id,
            "items": [
                {"skill": "perseverance", "level": 3, "activity": "Escalade"},
                {"skill": "perseverance", "level": 2, "activity": "Football"},
                {"skill": "team_spirit", "level": 4, "activity": "Football", "note": "Passe."},
            ],
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert [(i["skill"], i["level"]) for i in body["items"]] == [
        ("perseverance", 3),
        ("perseverance", 2),
        ("team_spirit", 4),
    ]
    assert body["card_version"] == 2
    rows = await skills_rows(pool, session.candidate_id)
    assert rows["observations"] == 4
    assert rows["card_version"] == 2


async def test_batch_with_one_bad_item_records_nothing_and_names_the_item(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    answer = await _refused(
        client,
        pool,
        session.candidate_id,
        f"{session.url}/batch",
        session.staff.coach,
        {
            "candidate_id": session.candidate_id,
            "items": [
                {"skill": "perseverance", "level": 3, "activity": "Escalade"},
                {"skill": "team_spirit", "level": 4, "activity": "Natation"},
            ],
        },
        status=422,
        code="unknown_activity",
    )
    assert answer["extra"]["item"] == 1


@pytest.mark.parametrize(
    ("items", "status", "code"),
    [
        (
            [{"skill": "perseverance", "level": 3}, {"skill": "juggling", "level": 3}],
            422,
            "unknown_skill",
        ),
        (
            [{"skill": "perseverance", "level": 3}, {"skill": "perseverance", "level": 5}],
            400,
            "invalid_input",
        ),
        (
            [{"skill": "perseverance", "level": 3}, {"skill": "perseverance", "level": 2}],
            400,
            "invalid_input",
        ),
        ([], 400, "invalid_input"),
        ([{"skill": "perseverance", "level": 1}] * 25, 400, "invalid_input"),
    ],
)
async def test_bad_batches_are_refused_whole(
    client: AsyncClient,
    pool: Any,
    session: Session,
    items: list[dict[str, Any]],
    status: int,
    code: str,
) -> None:
    await _refused(
        client,
        pool,
        session.candidate_id,
        f"{session.url}/batch",
        session.staff.coach,
        {"candidate_id": session.candidate_id, "items": items},
        status=status,
        code=code,
    )


async def test_correction_adds_a_version_and_keeps_the_original(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    first = await observe(
        client,
        session.staff.coach,
        session.event["id"],
        session.candidate_id,
        "perseverance",
        2,
        note="Abandonne vite.",
    )
    response = await client.post(
        f"/api/v1/observations/{first['id']}/correct",
        headers=session.staff.coach,
        json={"level": 3},
    )
    assert response.status_code == 201, response.text
    corrected = response.json()
    assert corrected["replaces"] == first["id"]
    assert corrected["version"] == 2
    assert corrected["level"] == 3
    assert corrected["note"] == "Abandonne vite."  # left out, so kept
    assert corrected["observed_at"] == first["observed_at"]
    assert corrected["card_version"] == 2
    original = await pool.fetchrow(
        "select level, note from observations where id = $1", UUID(first["id"])
    )
    assert (original["level"], original["note"]) == (2, "Abandonne vite.")
    history = await client.get(
        f"/api/v1/candidates/{session.candidate_id}/observations", headers=session.staff.coach
    )
    assert [(i["version"], i["level"], i["current"]) for i in history.json()["items"]] == [
        (2, 3, True),
        (1, 2, False),
    ]
    audit = await pool.fetchrow(
        "select action, on_behalf_of, data from audit_log where subject_id = $1",
        UUID(corrected["id"]),
    )
    assert audit["action"] == "observation.correct"
    assert str(audit["on_behalf_of"]) == session.candidate_id


async def test_organiser_may_correct_a_coachs_observation_which_stays_the_coachs(
    client: AsyncClient, session: Session
) -> None:
    first = await observe(
        client, session.staff.coach, session.event["id"], session.candidate_id, "motivation", 2
    )
    response = await client.post(
        f"/api/v1/observations/{first['id']}/correct",
        headers=session.staff.organiser,
        json={"note": "Très impliqué l'après-midi."},
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["observer_id"] == str(session.staff.coach_user.id)
    assert body["recorded_by"] == str(session.staff.organiser_user.id)
    assert body["level"] == 2


async def test_a_corrections_reason_is_kept_apart_and_never_replaces_the_evidence(
    client: AsyncClient, pool: Any, settings: Settings, session: Session
) -> None:
    first = await observe(
        client,
        session.staff.coach,
        session.event["id"],
        session.candidate_id,
        "perseverance",
        2,
        note="Abandonne vite.",
    )
    reason = "Observation saisie sur la mauvaise fiche, corrigée après la séance"

    response = await client.post(
        f"/api/v1/observations/{first['id']}/correct",
        headers=session.staff.coach,
        json={"note": "Termine la voie après une pause.", "reason": reason},
    )

    assert response.status_code == 201, response.text
    corrected = response.json()
    assert (corrected["note"], corrected["reason"]) == ("Termine la voie après une pause.", reason)
    stored = await pool.fetch(
        "select version, note, reason from observations where candidate_id = $1 order by version",
        UUID(session.candidate_id),
    )
    assert [tuple(row) for row in stored] == [
        (1, "Abandonne vite.", None),
        (2, "Termine la voie après une pause.", reason),
    ]
    # Staff read the reason in the history, beside the version it explains…
    history = await client.get(
        f"/api/v1/candidates/{session.candidate_id}/observations", headers=session.staff.coach
    )
    assert history.status_code == 200, history.text
    assert [(i["version"], i["reason"]) for i in history.json()["items"]] == [
        (2, reason),
        (1, None),
    ]
    # …the card's evidence is the corrected note, for staff…
    card = await client.get(
        f"/api/v1/candidates/{session.candidate_id}/skills-card", headers=session.staff.coach
    )
    assert card.status_code == 200, card.text
    assert card.json()["skills"][0]["evidence"] == ["Termine la voie après une pause."]
    assert reason not in card.text
    # …and for recruiters, who never see the reason.
    await review(client, session.staff.coach, session.candidate_id)
    await consent(client, session.staff.coach, session.candidate_id)
    company_id = await make_company(client, session.staff.organiser)
    await register(client, session.staff.organiser, session.event["id"], company_id=company_id)
    recruiter = await make_recruiter(pool, settings, client, company_id)
    for path in (
        f"/api/v1/candidates/{session.candidate_id}/skills-card",
        f"/api/v1/candidates/{session.candidate_id}/cv",
        f"/api/v1/events/{session.event['id']}/candidates",
        "/api/v1/skills-cards/search?skill=perseverance",
    ):
        seen = await client.get(path, headers=recruiter)
        assert seen.status_code == 200, (path, seen.text)
        assert "Termine la voie après une pause." in seen.text, path
        assert reason not in seen.text, path
        assert "Abandonne vite." not in seen.text, path


async def test_a_reason_alone_is_not_a_correction(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    first = await observe(
        client, session.staff.coach, session.event["id"], session.candidate_id, "motivation", 2
    )
    await _refused(
        client,
        pool,
        session.candidate_id,
        f"/api/v1/observations/{first['id']}/correct",
        session.staff.coach,
        {"reason": "Pour rien"},
        status=400,
        code="invalid_input",
    )


async def test_bad_corrections_are_refused_and_change_nothing(
    client: AsyncClient, pool: Any, settings: Settings, session: Session
) -> None:
    first = await observe(
        client, session.staff.coach, session.event["id"], session.candidate_id, "motivation", 2
    )
    url = f"/api/v1/observations/{first['id']}/correct"
    _, colleague = await make_coach(pool, settings, client, session.staff.organisation.id)
    other = await make_staff(pool, settings, client)
    cases = [
        (colleague, {"level": 3}, 403, "forbidden"),
        (other.coach, {"level": 3}, 404, "observation_not_found"),
        (session.staff.coach, {"level": 2}, 400, "invalid_input"),
        (session.staff.coach, {}, 400, "invalid_input"),
        (session.staff.coach, {"level": 0}, 400, "invalid_input"),
        (session.staff.coach, {"skill": "leadership"}, 400, "invalid_input"),
    ]
    for headers, body, status, code in cases:
        await _refused(
            client, pool, session.candidate_id, url, headers, body, status=status, code=code
        )
    missing = await client.post(
        "/api/v1/observations/00000000-0000-4000-8000-000000000000/correct",
        headers=session.staff.coach,
        json={"level": 3},
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "observation_not_found")


async def test_a_replaced_version_cannot_be_corrected_again(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    first = await observe(
        client, session.staff.coach, session.event["id"], session.candidate_id, "motivation", 2
    )
    url = f"/api/v1/observations/{first['id']}/correct"
    assert (
        await client.post(url, headers=session.staff.coach, json={"level": 3})
    ).status_code == 201
    answer = await _refused(
        client,
        pool,
        session.candidate_id,
        url,
        session.staff.coach,
        {"level": 4},
        status=409,
        code="observation_superseded",
    )
    assert answer["extra"]["replaced_by"]


async def test_concurrent_corrections_of_one_version_leave_exactly_one_new_version(
    client: AsyncClient, pool: Any, session: Session
) -> None:
    first = await observe(
        client, session.staff.coach, session.event["id"], session.candidate_id, "motivation", 2
    )
    url = f"/api/v1/observations/{first['id']}/correct"
    responses = await asyncio.gather(
        *(client.post(url, headers=session.staff.coach, json={"level": lvl}) for lvl in (1, 3, 4))
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {
        "observation_superseded"
    }
    assert (await skills_rows(pool, session.candidate_id))["observations"] == 2
