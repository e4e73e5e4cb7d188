"""The coach's observation page over HTTP (``events/web/coach.py``): a coach of the event picks
the activity and the person and records, a coach of another event is refused, a form sent
twice stores one observation, a correction keeps its reason, a review from the page, and the
CSRF check of every form."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import httpx
import pytest
from litestar import Litestar

from events.actors import Actor
from events.settings import Settings
from events.skills_cards import observations
from tests.admin_http import client_of, field, log_in
from tests.factories import Staff, make_staff, make_user, unique
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_sport_session
from tests.pages import error_code, text_of


class Field:
    """A published sport session naming the staff's coach, one confirmed candidate, and a
    browser logged in as that coach."""

    def __init__(
        self,
        staff: Staff,
        event: dict[str, Any],
        candidate_id: str,
        last_name: str,
        http: httpx.AsyncClient,
    ) -> None:
        self.staff = staff
        self.event = event
        self.candidate_id = candidate_id
        self.last_name = last_name
        self.http = http

    @property
    def page(self) -> str:
        return f"/coach/{self.event['id']}"

    def chosen(self, activity: str = "Escalade") -> dict[str, str]:
        return {"activity": activity, "candidate": self.candidate_id}


@pytest.fixture
async def coach_field(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> AsyncIterator[Field]:
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    last_name = unique("Benali")
    candidate_id = await make_candidate(client, staff.organiser, last_name=last_name)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    async with client_of(app) as http:
        await log_in(http, staff.coach_user.email)
        yield Field(staff, event, candidate_id, last_name, http)


async def _observations(client: httpx.AsyncClient, spot: Field) -> list[dict[str, Any]]:
    """Every version of the candidate's observations, as the organiser reads them (API)."""
    answer = await client.get(
        f"/api/v1/candidates/{spot.candidate_id}/observations", headers=spot.staff.organiser
    )
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["items"]
    return items


def _skill_form(page: str, skill: str) -> dict[str, str]:
    """The hidden fields of the observation form of ``skill`` on the page."""
    forms = re.findall(
        r'<form method="post" action="([^"]+)"\s+class="skill"[^>]*>(.*?)</form>', page, re.S
    )
    for _action, body in forms:
        if f'name="skill" value="{skill}"' in body:
            return {
                name: field(body, name)
                for name in ("csrf_token", "key", "candidate_id", "skill", "activity")
            }
    raise AssertionError(f"no form for {skill}")


async def _record(spot: Field, skill: str = "perseverance", level: str = "3", **more: str) -> Any:
    page = await spot.http.get(spot.page, params=spot.chosen())
    assert page.status_code == 200, page.text
    form = {**_skill_form(page.text, skill), "level": level, "note": "", **more}
    return await spot.http.post(f"{spot.page}/observations", data=form), form


async def test_a_coach_of_the_event_picks_activity_and_person_then_records(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    first = await spot.http.get(spot.page)
    assert first.status_code == 200, first.text
    words = text_of(first.text)
    assert "1. L'activité" in words and "Escalade" in words and "Football" in words
    assert "3. Ce que vous avez vu" not in words  # no skill before an activity is chosen
    people = await spot.http.get(spot.page, params={"activity": "Escalade"})
    assert "Zoé B." in text_of(people.text) and spot.last_name not in people.text
    assert f"candidate={spot.candidate_id}" in people.text
    page = await spot.http.get(spot.page, params=spot.chosen())
    words = text_of(page.text)
    # The activity's skills only, each level with its anchor.
    assert 'name="skill" value="perseverance"' in page.text
    assert 'name="skill" value="team_spirit"' not in page.text
    assert page.text.count('name="level"') == 8  # two skills, four levels each
    answer, _ = await _record(spot, "perseverance", "3", note="Finit la voie.")
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].endswith("done=saved")
    stored = await _observations(client, spot)
    assert [(o["skill"], o["level"], o["activity"], o["note"]) for o in stored] == [
        ("perseverance", 3, "Escalade", "Finit la voie.")
    ]
    assert stored[0]["observer_id"] == str(spot.staff.coach_user.id)
    after = await spot.http.get(answer.headers["location"])
    words = text_of(after.text)
    assert "✓ Enregistré." in words
    assert "Mes observations d'aujourd'hui" in words
    assert "Niveau 3" in words and "Finit la voie." in words
    assert f'href="/cards/{spot.candidate_id}"' in after.text


async def test_the_search_narrows_the_list_by_name_or_code(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    other_name = unique("Martin")
    other = await make_candidate(
        client, spot.staff.organiser, first_name="Inès", last_name=other_name
    )
    await register(client, spot.staff.organiser, spot.event["id"], candidate_id=other)
    everyone = text_of((await spot.http.get(spot.page, params={"activity": "Escalade"})).text)
    # First name, last name's initial and the ticket's code: never the full name.
    assert "Inès M." in everyone and "Zoé B." in everyone
    assert other_name not in everyone and spot.last_name not in everyone
    found = await spot.http.get(spot.page, params={"activity": "Escalade", "q": "inès"})
    assert "Inès M." in text_of(found.text) and f"candidate={other}" in found.text
    assert f"candidate={spot.candidate_id}" not in found.text
    code = re.search(r'class="code">([A-Z0-9]{4}-[A-Z0-9]{4})<', found.text)
    assert code, "no ticket code in the list"
    by_code = await spot.http.get(
        spot.page, params={"activity": "Escalade", "q": code.group(1).replace("-", "").lower()}
    )
    assert f"candidate={other}" in by_code.text
    assert f"candidate={spot.candidate_id}" not in by_code.text
    nobody = await spot.http.get(spot.page, params={"activity": "Escalade", "q": "zzzz"})
    assert "Personne d'inscrit ne correspond." in text_of(nobody.text)


async def test_a_coach_not_named_by_the_session_is_refused_and_nothing_is_stored(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings, coach_field: Field
) -> None:
    spot = coach_field
    page = await spot.http.get(spot.page, params=spot.chosen())
    form = {**_skill_form(page.text, "perseverance"), "level": "2"}
    outsider = await make_user(
        pool, settings, role="coach", organisation_id=spot.staff.organisation.id
    )
    async with client_of(app) as other:
        await log_in(other, outsider.email)
        refused = await other.get(spot.page)
        assert refused.status_code == 403
        assert error_code(refused) == "not_event_coach"
        token = field((await other.get("/login")).text, "csrf_token")
        sent = await other.post(
            f"{spot.page}/observations", data={**form, "csrf_token": token, "key": "x1"}
        )
        assert sent.status_code == 403
        assert error_code(sent) == "not_event_coach"
    elsewhere = await make_staff(pool, settings, client)
    async with client_of(app) as stranger:
        await log_in(stranger, elsewhere.coach_user.email)
        missing = await stranger.get(spot.page)
        assert missing.status_code in (403, 404)
    assert await _observations(client, spot) == []


async def test_a_form_sent_twice_with_its_key_stores_one_observation(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    first, form = await _record(spot, "self_confidence", "2")
    again = await spot.http.post(f"{spot.page}/observations", data=form)
    assert (first.status_code, again.status_code) == (303, 303)
    assert len(await _observations(client, spot)) == 1
    # A new form (a new key) is a new observation.
    second, _ = await _record(spot, "self_confidence", "3")
    assert second.status_code == 303
    assert sorted(o["level"] for o in await _observations(client, spot)) == [2, 3]


async def test_the_pages_script_gets_an_empty_answer_and_its_retry_stores_nothing_more(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    page = await spot.http.get(spot.page, params=spot.chosen())
    form = {**_skill_form(page.text, "perseverance"), "level": "1"}
    for _ in range(2):
        answer = await spot.http.post(
            f"{spot.page}/observations", data=form, headers={"X-Coach-Script": "1"}
        )
        assert answer.status_code == 204, answer.text
    assert [o["level"] for o in await _observations(client, spot)] == [1]


async def test_a_save_without_a_level_shows_the_form_again_and_stores_nothing(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    answer, _ = await _record(spot, "perseverance", "")
    assert answer.status_code == 400
    assert "Choisissez un niveau." in text_of(answer.text)
    assert await _observations(client, spot) == []


async def test_a_browser_without_a_log_in_goes_to_the_log_in_form_and_back(
    app: Litestar, coach_field: Field
) -> None:
    spot = coach_field
    async with client_of(app) as anonymous:
        answer = await anonymous.get(spot.page, params={"activity": "Escalade"})
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login?next=")
        token = field((await anonymous.get("/login")).text, "csrf_token")
        sent = await anonymous.post(
            f"{spot.page}/observations", data={"csrf_token": token, "level": "2"}
        )
        assert sent.status_code == 303
        assert sent.headers["location"].startswith("/login?next=%2Fcoach%2F")


async def test_every_form_checks_its_csrf_token(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    page = await spot.http.get(spot.page, params=spot.chosen())
    form = {**_skill_form(page.text, "perseverance"), "level": "2", "csrf_token": "forged"}
    answer = await spot.http.post(f"{spot.page}/observations", data=form)
    assert answer.status_code == 403
    assert error_code(answer) == "csrf_failed"
    review = await spot.http.post(
        f"{spot.page}/candidates/{spot.candidate_id}/review",
        data={"csrf_token": "forged", "version": "1"},
    )
    assert review.status_code == 403
    assert error_code(review) == "csrf_failed"
    assert await _observations(client, spot) == []


async def test_a_coach_corrects_their_observation_and_the_reason_is_kept(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    answer, _ = await _record(spot, "perseverance", "2", note="Hésite.")
    page = await spot.http.get(answer.headers["location"])
    found = re.search(r'action="(/coach/[^"]+/correct)"', page.text)
    assert found, "no correction form"
    correction = {
        "csrf_token": field(page.text, "csrf_token"),
        "key": "fix-1",
        "level": "3",
        "note": "Hésite puis finit.",
        "reason": "Mauvais bouton",
    }
    fixed = await spot.http.post(found.group(1), data=correction)
    assert fixed.status_code == 303, fixed.text
    assert fixed.headers["location"].endswith("done=corrected")
    again = await spot.http.post(found.group(1), data=correction)  # a retry: one version
    assert again.status_code == 303
    versions = await _observations(client, spot)
    assert [(v["version"], v["level"], v["current"], v["reason"]) for v in versions] == [
        (2, 3, True, "Mauvais bouton"),
        (1, 2, False, None),
    ]
    shown = text_of((await spot.http.get(fixed.headers["location"])).text)
    assert "Correction enregistrée." in shown and "Niveau 3" in shown


async def test_the_coach_reviews_the_card_from_the_page(
    client: httpx.AsyncClient, coach_field: Field
) -> None:
    spot = coach_field
    before = await spot.http.get(spot.page, params=spot.chosen())
    assert "Pas encore de fiche." in text_of(before.text)
    answer, _ = await _record(spot, "perseverance", "4")
    page = await spot.http.get(answer.headers["location"])
    found = re.search(r'action="(/coach/[^"]+/review)"', page.text)
    assert found, "no review form"
    reviewed = await spot.http.post(
        found.group(1),
        data={
            "csrf_token": field(page.text, "csrf_token"),
            "version": field(page.text, "version"),
            "activity": "Escalade",
        },
    )
    assert reviewed.status_code == 303, reviewed.text
    assert reviewed.headers["location"].endswith("done=reviewed")
    card = await client.get(
        f"/api/v1/candidates/{spot.candidate_id}/skills-card", headers=spot.staff.organiser
    )
    assert card.json()["review"]["status"] == "reviewed"
    after = text_of((await spot.http.get(reviewed.headers["location"])).text)
    assert "Fiche relue." in after and "Fiche déjà relue." in after
    assert "Marquer la fiche comme relue" not in after


async def test_the_page_speaks_english_when_asked(coach_field: Field) -> None:
    spot = coach_field
    page = await spot.http.get(spot.page, params={**spot.chosen(), "lang": "en"})
    assert page.status_code == 200
    assert page.headers["content-language"] == "en"
    words = text_of(page.text)
    assert "3. What you saw" in words and "My observations today" in words


async def test_the_days_list_holds_the_coachs_own_current_observations_of_everyone(
    client: httpx.AsyncClient, pool: Any, coach_field: Field
) -> None:
    spot = coach_field
    event_id = UUID(spot.event["id"])
    coach = Actor(
        id=spot.staff.coach_user.id, role="coach", organisation_id=spot.staff.organisation.id
    )
    organiser = Actor(
        id=spot.staff.organiser_user.id,
        role="organiser",
        organisation_id=spot.staff.organisation.id,
    )
    other = await make_candidate(
        client, spot.staff.organiser, first_name="Inès", last_name=unique("martin")
    )
    await register(client, spot.staff.organiser, spot.event["id"], candidate_id=other)
    now = datetime.now(UTC)

    def seen(candidate: str, skill: str, level: int) -> observations.ObservationIn:
        return observations.ObservationIn(
            candidate_id=UUID(candidate), skill=skill, level=level, activity="Escalade"
        )

    async with pool.acquire() as conn:
        await observations.record(  # yesterday's: not of the day
            conn,
            event_id=event_id,
            observation=seen(spot.candidate_id, "self_confidence", 1),
            by=coach,
            now=now - timedelta(days=1),
        )
        first = await observations.record(
            conn,
            event_id=event_id,
            observation=seen(spot.candidate_id, "perseverance", 2),
            by=coach,
            now=now - timedelta(minutes=30),
        )
        await observations.record(
            conn,
            event_id=event_id,
            observation=seen(other, "perseverance", 4),
            by=coach,
            now=now - timedelta(minutes=10),
        )
        await observations.record(  # someone else's: not the coach's
            conn,
            event_id=event_id,
            observation=seen(other, "self_confidence", 3),
            by=organiser,
            now=now - timedelta(minutes=5),
        )
        fixed = await observations.correct(  # only the current version counts
            conn,
            observation_id=first.id,
            correction=observations.CorrectionIn(level=3),
            by=coach,
            now=now,
        )
        day = await observations.list_by_observer(
            conn, event_id=event_id, by=coach, since=now - timedelta(hours=2)
        )
        since_yesterday = await observations.list_by_observer(
            conn, event_id=event_id, by=coach, since=now - timedelta(days=2)
        )

    assert [(o.candidate_id, o.skill, o.level, o.first_name) for o in day] == [
        (UUID(other), "perseverance", 4, "Inès"),
        (UUID(spot.candidate_id), "perseverance", 3, "Zoé"),
    ]
    assert day[1].id == fixed.id and {o.observer_id for o in day} == {coach.id}
    assert len(since_yesterday) == 3
    # The page, no person chosen: the day's list of everyone, each with its correction form.
    page = await spot.http.get(spot.page, params={"activity": "Escalade"})
    assert page.status_code == 200, page.text
    words = text_of(page.text)
    assert "Mes observations d'aujourd'hui" in words
    assert "Inès M." in words and "Zoé B." in words
    assert "Niveau 4" in words and "Niveau 3" in words
    assert "Niveau 1" not in words  # yesterday's
    assert "Confiance en soi" not in words  # the organiser's, and yesterday's
    assert page.text.count("/correct") == 2
    assert f"candidate={other}" in page.text


async def test_the_days_list_of_a_coach_with_nothing_says_so(coach_field: Field) -> None:
    page = await coach_field.http.get(coach_field.page, params={"activity": "Escalade"})
    assert "Aucune observation aujourd'hui." in text_of(page.text)
