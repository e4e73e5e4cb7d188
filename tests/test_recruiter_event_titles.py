"""A recruiter sees named on a card only the events their company attended: the title of another
event the candidate was observed at (a refugee food festival, seen by a bakery) can tell what the
company must not know. Staff still see every event."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff, unique
from tests.factories_cvs import pages_text, structured_cv
from tests.factories_directory import Recruiter, make_recruiter
from tests.factories_events import make_event
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import consent, observe, review


@dataclass
class Bakery:
    """A job dating (``attended``) that a bakery's recruiter attends, and a food festival
    (``festival``) it does not; the candidate was observed at both."""

    staff: Staff
    attended: dict[str, Any]
    festival: dict[str, Any]
    candidate_id: str
    recruiter: Recruiter


@pytest.fixture
async def bakery(client: AsyncClient, pool: Any, settings: Settings) -> Bakery:
    staff = await make_staff(pool, settings, client)
    attended = await make_event(
        client, staff.organiser, "job_dating", status="published", title=unique("Job dating")
    )
    festival = await make_event(
        client,
        staff.organiser,
        "food_festival",
        status="published",
        title=unique("Festival des cuisines réfugiées"),
    )
    candidate_id = await make_candidate(client, staff.organiser)
    put = await client.put(
        f"/api/v1/candidates/{candidate_id}/cv", headers=staff.coach, json=structured_cv()
    )
    assert put.status_code == 200, put.text
    for event in (attended, festival):
        await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    # One skill seen at both events, one at the festival only.
    await observe(client, staff.coach, attended["id"], candidate_id, "perseverance", 3)
    await observe(client, staff.coach, festival["id"], candidate_id, "perseverance", 3)
    await observe(client, staff.coach, festival["id"], candidate_id, "team_spirit", 4)
    await review(client, staff.coach, candidate_id)
    await consent(client, staff.coach, candidate_id)
    recruiter = await make_recruiter(pool, settings, client)
    await register(client, staff.organiser, attended["id"], company_id=str(recruiter.company.id))
    return Bakery(staff, attended, festival, candidate_id, recruiter)


async def test_a_recruiter_never_sees_the_title_of_an_event_their_company_did_not_attend(
    client: AsyncClient, pool: Any, bakery: Bakery
) -> None:
    candidate = bakery.candidate_id
    hidden = (bakery.festival["title"], bakery.festival["id"])
    headers = bakery.recruiter.headers

    for path in (
        f"/api/v1/events/{bakery.attended['id']}/candidates",
        "/api/v1/skills-cards/search",
        f"/api/v1/candidates/{candidate}/skills-card",
        f"/api/v1/candidates/{candidate}/cv",
        f"/cards/{candidate}",
    ):
        response = await client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.text)
        assert bakery.attended["title"] in response.text, path
        for trace in hidden:
            assert trace not in response.text, (path, trace)

    card = (await client.get(f"/api/v1/candidates/{candidate}/skills-card", headers=headers)).json()
    # The levels and counts stay as reviewed; only the festival's name is gone.
    assert [
        (line["code"], line["level"], line["observations"], [e["id"] for e in line["events"]])
        for line in card["skills"]
    ] == [("perseverance", 3, 2, [bakery.attended["id"]]), ("team_spirit", 4, 1, [])]

    pdf = await client.get(f"/api/v1/candidates/{candidate}/cv.pdf", headers=headers)
    assert pdf.status_code == 200, pdf.text
    text = " ".join(pages_text(pdf.content))
    assert bakery.attended["title"] in text
    assert bakery.festival["title"] not in text

    # The reviewed card itself is unchanged: the festival is hidden at reading, not erased.
    stored = await pool.fetchval(
        "select card::text from skills_card_reviews where candidate_id = $1", UUID(candidate)
    )
    assert bakery.festival["title"] in stored


async def test_staff_still_see_every_event_the_candidate_was_observed_at(
    client: AsyncClient, bakery: Bakery
) -> None:
    candidate = bakery.candidate_id
    for path in (f"/api/v1/candidates/{candidate}/skills-card", f"/cards/{candidate}"):
        response = await client.get(path, headers=bakery.staff.coach)
        assert response.status_code == 200, (path, response.text)
        assert bakery.attended["title"] in response.text, path
        assert bakery.festival["title"] in response.text, path

    pdf = await client.get(f"/api/v1/candidates/{candidate}/cv.pdf", headers=bakery.staff.coach)
    assert pdf.status_code == 200, pdf.text
    text = " ".join(pages_text(pdf.content))
    assert bakery.attended["title"] in text
    assert bakery.festival["title"] in text
