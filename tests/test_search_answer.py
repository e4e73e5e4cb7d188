"""The skills search as the API answers it (``recruiter.search_answer``): PostgreSQL writes each
hit's JSON, which must be the card the rule shows (``card_for_company``), whether the card names
only events the company attends (sent as written) or another one too (filtered in Python); the
one statement checks the token's session; the audit rows are written before the page is sent;
and the statement keeps one generic plan instead of being planned on every search."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

import msgspec
import pytest
from httpx import AsyncClient

from events import db
from events.actors import Actor
from events.settings import Settings
from events.skills_cards import recruiter
from tests.factories import Staff, make_staff, unique
from tests.factories_directory import Recruiter, make_recruiter
from tests.factories_events import make_event
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import consent, observe, review

SEARCH = "/api/v1/skills-cards/search"


@dataclass
class Fair:
    """A job dating the company attends and a festival it does not: ``plain`` was observed at
    the job dating only, ``both`` at both events (the festival must not be named to it)."""

    staff: Staff
    attended: dict[str, Any]
    festival: dict[str, Any]
    plain: str
    both: str
    recruiter: Recruiter


@pytest.fixture
async def fair(client: AsyncClient, pool: Any, settings: Settings) -> Fair:
    staff = await make_staff(pool, settings, client)
    attended = await make_event(
        client, staff.organiser, "job_dating", status="published", title=unique("Job dating")
    )
    festival = await make_event(
        client, staff.organiser, "food_festival", status="published", title=unique("Festival")
    )
    plain = await make_candidate(client, staff.organiser, postcode="69100", city="Lyon")
    both = await make_candidate(client, staff.organiser, postcode="69003", city="Lyon")
    for candidate in (plain, both):
        await register(client, staff.organiser, attended["id"], candidate_id=candidate)
        await observe(client, staff.coach, attended["id"], candidate, "perseverance", 3)
    await register(client, staff.organiser, festival["id"], candidate_id=both)
    await observe(client, staff.coach, festival["id"], both, "perseverance", 4)
    await observe(client, staff.coach, festival["id"], both, "team_spirit", 2)
    for candidate in (plain, both):
        await review(client, staff.coach, candidate)
        await consent(client, staff.coach, candidate)
    company = await make_recruiter(pool, settings, client)
    await register(client, staff.organiser, attended["id"], company_id=str(company.company.id))
    return Fair(staff, attended, festival, plain, both, company)


def _actor(fair: Fair) -> Actor:
    return Actor(id=fair.recruiter.user.id, role="recruiter", company_id=fair.recruiter.company.id)


async def _views(pool: Any, candidate: str) -> int:
    count: int = await pool.fetchval(
        "select count(*) from audit_log where action = 'recruiter.view_card'"
        " and subject_id = $1 and data ->> 'via' = 'search'",
        UUID(candidate),
    )
    return count


async def test_each_hit_is_the_card_the_rule_shows_whether_filtered_or_not(
    client: AsyncClient, pool: Any, fair: Fair
) -> None:
    headers = fair.recruiter.headers
    found = await client.get(SEARCH, headers=headers, params={"skill": "perseverance"})
    assert found.status_code == 200, found.text
    assert found.headers["content-type"].startswith("application/json")
    hits = {hit["id"]: hit for hit in found.json()["items"]}
    assert hits.keys() == {fair.plain, fair.both}
    listed = await client.get(f"/api/v1/events/{fair.attended['id']}/candidates", headers=headers)
    assert listed.status_code == 200, listed.text
    for shown in listed.json()["items"]:
        # The event's list and the card alone are written by Python, from the same rule.
        alone = await client.get(f"/api/v1/candidates/{shown['id']}/skills-card", headers=headers)
        assert alone.status_code == 200, alone.text
        hit = hits[shown["id"]]
        assert hit["skills_card"] == alone.json() == shown["skills_card"]
        assert {k: v for k, v in hit.items() if k not in ("evidence", "level")} == shown
    assert fair.festival["title"] not in found.text
    assert fair.festival["id"] not in found.text
    assert [
        e["id"] for line in hits[fair.both]["skills_card"]["skills"] for e in line["events"]
    ] == [fair.attended["id"]]
    # Two observations by one coach; the latest says 4.
    assert (hits[fair.both]["evidence"], hits[fair.both]["level"]) == (2, 4)

    # The page of the recruiters' pages is the same search, decoded.
    async with pool.acquire() as conn:
        page = await recruiter.search(
            conn,
            by=_actor(fair),
            skill="perseverance",
            min_level=None,
            sector=None,
            postcode=None,
            limit=50,
            cursor=None,
        )
    assert [hit.id for hit in page.items] == [UUID(h["id"]) for h in found.json()["items"]]
    assert msgspec.json.decode(msgspec.json.encode(page)) == found.json()


async def test_the_card_naming_no_other_event_is_sent_as_postgresql_wrote_it(
    pool: Any, fair: Fair
) -> None:
    async with pool.acquire() as conn:
        shown, _ = await recruiter._search(
            conn,
            by=_actor(fair),
            skill=None,
            min_level=None,
            sector=None,
            postcode=None,
            limit=50,
            cursor=None,
        )
    ways = {str(row.id): (row.item is not None, row.to_filter is not None) for row in shown}
    assert ways == {fair.plain: (True, False), fair.both: (False, True)}


async def test_every_hit_sent_is_recorded_and_a_page_is_recorded_once(
    client: AsyncClient, pool: Any, fair: Fair
) -> None:
    before = {c: await _views(pool, c) for c in (fair.plain, fair.both)}
    first = await client.get(SEARCH, headers=fair.recruiter.headers, params={"limit": 1})
    assert first.status_code == 200, first.text
    [hit] = first.json()["items"]
    cursor = first.json()["next_cursor"]
    assert cursor
    second = await client.get(
        SEARCH, headers=fair.recruiter.headers, params={"limit": 1, "cursor": cursor}
    )
    assert second.status_code == 200, second.text
    [other] = second.json()["items"]
    assert second.json()["next_cursor"] is None
    assert {hit["id"], other["id"]} == {fair.plain, fair.both}
    after = {c: await _views(pool, c) for c in (fair.plain, fair.both)}
    assert after == {c: n + 1 for c, n in before.items()}
    version = await pool.fetchval(
        "select data ->> 'version' from audit_log where subject_id = $1"
        " and action = 'recruiter.view_card' order by id desc limit 1",
        UUID(hit["id"]),
    )
    assert int(version) == hit["skills_card"]["version"]


async def test_a_token_logged_out_finds_nothing_and_is_told_to_log_in(
    client: AsyncClient, pool: Any, fair: Fair
) -> None:
    headers = fair.recruiter.headers
    assert (await client.get(SEARCH, headers=headers)).status_code == 200
    coach = dict(fair.staff.coach)
    logged_out = await client.post("/api/v1/auth/logout", headers=headers)
    assert logged_out.status_code == 204, logged_out.text
    assert (await client.post("/api/v1/auth/logout", headers=coach)).status_code == 204
    before = {c: await _views(pool, c) for c in (fair.plain, fair.both)}
    for who, params in (
        (headers, {}),
        (headers, {"skill": "no_such_skill"}),
        (headers, {"cursor": "not-a-cursor"}),
        (coach, {}),  # not a recruiter, but first of all logged out
    ):
        refused = await client.get(SEARCH, headers=who, params=params)
        assert refused.status_code == 401, (params, refused.text)
        assert refused.json()["code"] == "not_authenticated"
    assert {c: await _views(pool, c) for c in (fair.plain, fair.both)} == before


async def test_refusals_of_a_logged_in_user_are_kept(client: AsyncClient, fair: Fair) -> None:
    unknown = await client.get(
        SEARCH, headers=fair.recruiter.headers, params={"skill": "no_such_skill"}
    )
    assert unknown.status_code == 422, unknown.text
    assert unknown.json()["code"] == "unknown_skill"
    bad = await client.get(SEARCH, headers=fair.recruiter.headers, params={"cursor": "x!"})
    assert bad.status_code == 400, bad.text
    assert bad.json()["code"] == "invalid_cursor"
    coach = await client.get(SEARCH, headers=fair.staff.coach)
    assert coach.status_code == 403, coach.text


async def test_the_search_keeps_one_generic_plan_instead_of_planning_each_time(
    pool: Any, fair: Fair
) -> None:
    """After five executions PostgreSQL keeps the generic plan only if it costs no more than
    those planned for their values: the filters are out of the planner's sight for that."""
    query = db.queries()["search_cards_for_recruiter"]
    by = _actor(fair)
    async with pool.acquire() as conn:
        for _ in range(4):
            for filters in (
                {"skill": "perseverance"},
                {"skill": "perseverance", "min_level": 3, "postcode": "69"},
                {"sector": "logistique"},
            ):
                await recruiter._search(
                    conn,
                    by=by,
                    skill=filters.get("skill"),  # type: ignore[arg-type]
                    min_level=filters.get("min_level"),  # type: ignore[arg-type]
                    sector=filters.get("sector"),  # type: ignore[arg-type]
                    postcode=filters.get("postcode"),  # type: ignore[arg-type]
                    limit=50,
                    cursor=None,
                )
        plans = await conn.fetchrow(
            "select generic_plans, custom_plans from pg_prepared_statements where statement = $1",
            query.sql,
        )
    assert plans is not None
    assert plans["custom_plans"] <= 5
    assert plans["generic_plans"] >= 7
