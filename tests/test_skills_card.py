"""The skills card: every figure built from observations, a version that follows the content,
and the review that must come before any recruiter sees it."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.factories_skills import (
    make_coach,
    make_sport_session,
    observe,
    review,
    skills_rows,
)


def _card_url(candidate_id: str) -> str:
    return f"/api/v1/candidates/{candidate_id}/skills-card"


async def test_card_from_two_coaches_across_two_events_has_every_figure_right(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    coach_1, headers_1 = staff.coach_user.id, staff.coach
    coach_2, headers_2 = await make_coach(pool, settings, client, staff.organisation.id)
    sport = await make_sport_session(client, staff.organiser, coach_ids=[coach_1, coach_2])
    dating = await make_published_event(client, staff.organiser)  # starts after the session
    candidate_id = await make_candidate(client, staff.organiser)
    for event in (sport, dating):
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)

    # Perseverance: coach 1 says 1 then, later, 4; coach 2 says 2. The latest per observer is
    # {4, 2}, whose median is 3 (the median of all three, 2, would be wrong).
    await observe(
        client,
        headers_1,
        sport["id"],
        candidate_id,
        "perseverance",
        1,
        activity="Escalade",
        note="Lâche la voie au premier passage.",
    )
    await observe(
        client,
        headers_2,
        sport["id"],
        candidate_id,
        "perseverance",
        2,
        activity="Football",
        note="Revient en défense jusqu'au bout.",
    )
    await observe(
        client, headers_1, dating["id"], candidate_id, "perseverance", 4, activity="Entretien"
    )
    # Team spirit: coach 2 says 3; coach 1 says 1, corrected to 2: {3, 2} gives 2 (2.5 down).
    await observe(
        client,
        headers_2,
        sport["id"],
        candidate_id,
        "team_spirit",
        3,
        activity="Football",
        note="Fait des passes à tous.",
    )
    wrong = await observe(client, headers_1, dating["id"], candidate_id, "team_spirit", 1)
    corrected = await client.post(
        f"/api/v1/observations/{wrong['id']}/correct",
        headers=headers_1,
        json={"level": 2, "note": "Aide un autre candidat à se présenter."},
    )
    assert corrected.status_code == 201, corrected.text
    # Leadership: one observation by coach 2, no activity, no note.
    last = await observe(client, headers_2, dating["id"], candidate_id, "leadership", 1)

    response = await client.get(_card_url(candidate_id), headers=staff.organiser)
    assert response.status_code == 200, response.text
    card = response.json()
    assert card["candidate_id"] == candidate_id
    assert card["version"] == 7  # six observation writes and one correction
    assert card["updated_at"] == last["recorded_at"]
    assert card["review"] == {"status": "draft", "by": None, "at": None, "version": None}
    sport_ref = (sport["id"], sport["title"], _instant(sport["starts_at"]))
    dating_ref = (dating["id"], dating["title"], _instant(dating["starts_at"]))
    lines = [
        {
            **line,
            "events": [(e["id"], e["title"], _instant(e["starts_at"])) for e in line["events"]],
        }
        for line in card["skills"]
    ]
    expected = [
        {
            "code": "perseverance",
            "label_fr": "persévérance",
            "label_en": "perseverance",
            "level": 3,
            "observations": 3,
            "observers": 2,
            "events": [sport_ref, dating_ref],
            "activities": ["Escalade", "Football", "Entretien"],
            "evidence": [
                "Lâche la voie au premier passage.",
                "Revient en défense jusqu'au bout.",
            ],
        },
        {
            "code": "team_spirit",
            "label_fr": "esprit d'équipe",
            "label_en": "teamwork",
            "level": 2,
            "observations": 2,
            "observers": 2,
            "events": [sport_ref, dating_ref],
            "activities": ["Football"],
            "evidence": ["Fait des passes à tous.", "Aide un autre candidat à se présenter."],
        },
        {
            "code": "leadership",
            "label_fr": "leadership",
            "label_en": "leadership",
            "level": 1,
            "observations": 1,
            "observers": 1,
            "events": [dating_ref],
            "activities": [],
            "evidence": [],
        },
    ]
    assert lines == expected


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


async def test_version_is_stable_across_reads_and_moves_with_each_write(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    empty = (await client.get(_card_url(candidate_id), headers=staff.coach)).json()
    assert (empty["version"], empty["updated_at"], empty["skills"]) == (0, None, [])

    await observe(client, staff.coach, event["id"], candidate_id, "motivation", 3)
    first = (await client.get(_card_url(candidate_id), headers=staff.coach)).json()
    again = (await client.get(_card_url(candidate_id), headers=staff.organiser)).json()
    assert first == again
    assert first["version"] == 1

    await observe(client, staff.coach, event["id"], candidate_id, "motivation", 3)
    second = (await client.get(_card_url(candidate_id), headers=staff.coach)).json()
    assert second["version"] == 2
    assert second["skills"][0]["observations"] == 2


async def test_review_marks_the_current_version_and_a_later_write_makes_a_new_draft(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    await observe(client, staff.coach, event["id"], candidate_id, "punctuality", 4)

    reviewed = await review(client, staff.coach, candidate_id)
    assert reviewed["review"]["status"] == "reviewed"
    assert reviewed["review"]["version"] == reviewed["version"] == 1
    assert reviewed["review"]["by"] == str(staff.coach_user.id)
    stored = await pool.fetchrow(
        "select version, reviewed_by, card from skills_card_reviews where candidate_id = $1",
        UUID(candidate_id),
    )
    assert stored["version"] == 1
    assert stored["card"]["skills"][0]["code"] == "punctuality"
    audit = await pool.fetchval(
        "select count(*) from audit_log where action = 'skills_card.review' and subject_id = $1",
        UUID(candidate_id),
    )
    assert audit == 1

    # Reviewing the same version again changes nothing.
    again = await review(client, staff.organiser, candidate_id)
    assert again["review"]["by"] == str(staff.coach_user.id)
    assert (await skills_rows(pool, candidate_id))["reviews"] == 1

    await observe(client, staff.coach, event["id"], candidate_id, "punctuality", 2)
    draft = (await client.get(_card_url(candidate_id), headers=staff.coach)).json()
    assert draft["version"] == 2
    assert draft["review"]["status"] == "draft"
    assert draft["review"]["version"] == 1  # the last reviewed version, still shown to recruiters


async def test_review_of_a_version_the_reviewer_did_not_read_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    await observe(client, staff.coach, event["id"], candidate_id, "adaptability", 3)
    await observe(client, staff.coach, event["id"], candidate_id, "adaptability", 2)
    before = await skills_rows(pool, candidate_id)
    stale = await client.post(
        f"{_card_url(candidate_id)}/review", headers=staff.coach, json={"version": 1}
    )
    assert stale.status_code == 409
    assert stale.json()["code"] == "skills_card_changed"
    assert stale.json()["extra"]["version"] == 2
    assert await skills_rows(pool, candidate_id) == before
    current = await client.post(
        f"{_card_url(candidate_id)}/review", headers=staff.coach, json={"version": 2}
    )
    assert current.status_code == 200
    assert current.json()["review"]["status"] == "reviewed"


async def test_empty_card_cannot_be_reviewed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    candidate_id = await make_candidate(client, staff.organiser)
    # The coach follows them: registered to an event of the coach's organisation.
    event = await make_published_event(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    response = await client.post(f"{_card_url(candidate_id)}/review", headers=staff.coach)
    assert response.status_code == 409
    assert response.json()["code"] == "skills_card_empty"
    assert (await skills_rows(pool, candidate_id))["reviews"] == 0


async def test_staff_of_an_event_the_candidate_attends_follow_them_and_others_do_not(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    home = await make_staff(pool, settings, client)
    host = await make_staff(pool, settings, client)
    stranger = await make_staff(pool, settings, client)
    event = await make_published_event(client, host.organiser)
    candidate_id = await make_candidate(client, home.organiser)
    # A prescriber registers its candidate to another organisation's event.
    await register(client, home.coach, event["id"], candidate_id=candidate_id)
    await observe(client, host.coach, event["id"], candidate_id, "reactivity", 3)
    # The home coach follows them through an event of their own organisation.
    home_event = await make_published_event(client, home.organiser)
    await register(client, home.organiser, home_event["id"], candidate_id=candidate_id)

    for headers in (home.coach, home.organiser, host.coach, host.organiser):
        assert (await client.get(_card_url(candidate_id), headers=headers)).status_code == 200
    before = await skills_rows(pool, candidate_id)
    for method, url in (
        ("GET", _card_url(candidate_id)),
        ("POST", f"{_card_url(candidate_id)}/review"),
        ("GET", f"/api/v1/candidates/{candidate_id}/observations"),
        ("GET", f"/api/v1/candidates/{candidate_id}/card-views"),
    ):
        answer = await client.request(method, url, headers=stranger.coach)
        assert answer.status_code == 404, (method, url)
        assert answer.json()["code"] == "candidate_not_found"
    assert await skills_rows(pool, candidate_id) == before
    assert (await review(client, host.coach, candidate_id))["review"]["status"] == "reviewed"


async def test_concurrent_observation_writes_each_get_their_own_card_version(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    written = await asyncio.gather(
        *(
            observe(client, staff.coach, event["id"], candidate_id, "concentration", 1 + i % 4)
            for i in range(12)
        )
    )
    assert sorted(w["card_version"] for w in written) == list(range(1, 13))
    card = (await client.get(_card_url(candidate_id), headers=staff.coach)).json()
    assert card["version"] == 12
    assert card["skills"][0]["observations"] == 12


async def test_the_openapi_schema_documents_the_skills_card_endpoints(client: AsyncClient) -> None:
    paths = (await client.get("/schema/openapi.json")).json()["paths"]
    for path in (
        "/api/v1/skills",
        "/api/v1/events/{event_id}/observations",
        "/api/v1/events/{event_id}/observations/batch",
        "/api/v1/observations/{observation_id}/correct",
        "/api/v1/candidates/{candidate_id}/skills-card",
        "/api/v1/candidates/{candidate_id}/skills-card/review",
        "/api/v1/candidates/{candidate_id}/consent",
        "/api/v1/candidates/{candidate_id}/card-views",
        "/api/v1/events/{event_id}/candidates",
        "/api/v1/skills-cards/search",
    ):
        assert path in paths, path
