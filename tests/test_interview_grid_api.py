"""The interview grid over the API: the frame (k, breaks, each side, wishes) with its
refusals naming the field and writing nothing, who may (organisers of the event's organisation
and admins; job datings and e-forums only), a solve that stores a grid respecting every hard
rule (checked here on the stored rows, independently of the solver), and the grid as JSON, CSV
and PDF."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_cvs import pages_text
from tests.factories_events import make_event, unique_day
from tests.factories_registrations import make_candidate, make_company, register
from tests.factories_skills import make_recruiter


class GridWorld:
    """A published job dating of one hour (six slots of 10 minutes) with its companies and
    candidates confirmed."""

    def __init__(self, staff: Staff, event: dict[str, Any]) -> None:
        self.staff = staff
        self.event = event
        self.event_id: str = event["id"]
        self.start = datetime.fromisoformat(event["starts_at"])
        self.companies: list[str] = []
        self.candidates: list[str] = []

    @property
    def base(self) -> str:
        return f"/api/v1/events/{self.event_id}/interview-grid"

    def at(self, minutes: int) -> str:
        return (self.start + timedelta(minutes=minutes)).isoformat()


async def grid_world(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    *,
    companies: int = 2,
    candidates: int = 4,
    kind: str = "job_dating",
    hours: int = 1,
) -> GridWorld:
    staff = await make_staff(pool, settings, client)
    event = await make_event(
        client,
        staff.organiser,
        kind,
        status="published",
        start=unique_day().replace(minute=0),
        hours=hours,
        details={"interview_minutes": 10},
    )
    world = GridWorld(staff, event)
    for _ in range(companies):
        company_id = await make_company(client, staff.organiser)
        await register(client, staff.organiser, world.event_id, company_id=company_id)
        world.companies.append(company_id)
    for _ in range(candidates):
        candidate_id = await make_candidate(client, staff.organiser)
        await register(client, staff.organiser, world.event_id, candidate_id=candidate_id)
        world.candidates.append(candidate_id)
    return world


async def stored_interviews(pool: Any, event_id: str) -> list[dict[str, Any]]:
    rows = await pool.fetch(
        "select id, plan_id, slot, starts_at, ends_at, company_id, table_no, candidate_id"
        " from interviews where event_id = $1 order by starts_at, company_id, table_no",
        UUID(event_id),
    )
    return [dict(r) for r in rows]


async def grid_state(pool: Any, event_id: str) -> dict[str, Any]:
    """Every row the grid keeps for the event, to compare before and after a refusal."""
    state: dict[str, Any] = {}
    for table in (
        "interview_grid_settings",
        "interview_companies",
        "interview_candidates",
        "interview_wishes",
        "interview_plans",
        "interviews",
    ):
        rows = await pool.fetch(f"select * from {table} where event_id = $1", UUID(event_id))  # noqa: S608
        state[table] = sorted(json.dumps(dict(r), default=str, sort_keys=True) for r in rows)
    state["audit"] = await pool.fetchval(
        "select count(*) from audit_log where action like 'interview_grid.%'"
        " and (subject_id = $1 or data ->> 'event_id' = $2)",
        UUID(event_id),
        event_id,
    )
    return state


def check_hard_rules(
    rows: list[dict[str, Any]],
    *,
    tables: dict[str, int],
    hours: dict[str, tuple[datetime | None, datetime | None]],
    prefer_not: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
    breaks: list[tuple[datetime, datetime]] = (),  # type: ignore[assignment]
) -> None:
    """The grid's hard rules, checked on the stored rows: one interview per table and time, one
    place per candidate and time, a pair once, tables that exist, everyone there for the whole
    interview, no "prefer not", nothing during a break."""
    assert rows, "no interview stored: there is nothing to check the rules on"
    table_keys = [(r["company_id"], r["table_no"], r["starts_at"]) for r in rows]
    assert len(set(table_keys)) == len(table_keys), "a table holds two interviews at once"
    for r in rows:
        others = [
            o
            for o in rows
            if o is not r
            and o["candidate_id"] == r["candidate_id"]
            and o["starts_at"] < r["ends_at"]
            and r["starts_at"] < o["ends_at"]
        ]
        assert not others, "a candidate is in two places at once"
    pairs = [(r["candidate_id"], r["company_id"]) for r in rows]
    assert len(set(pairs)) == len(pairs), "a pair meets twice"
    for r in rows:
        assert 1 <= r["table_no"] <= tables[str(r["company_id"])], "a table the company lacks"
        for side in (str(r["candidate_id"]), str(r["company_id"])):
            arrives, leaves = hours.get(side, (None, None))
            assert arrives is None or r["starts_at"] >= arrives, f"{side} not there yet"
            assert leaves is None or r["ends_at"] <= leaves, f"{side} already gone"
        assert (str(r["candidate_id"]), str(r["company_id"])) not in prefer_not
        for starts, ends in breaks:
            assert not (r["starts_at"] < ends and starts < r["ends_at"]), "during a break"


# --- the frame -----------------------------------------------------------------------------


async def test_the_frame_lists_the_confirmed_sides_with_their_defaults(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings)
    answer = await client.get(f"{world.base}/inputs", headers=world.staff.organiser)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["settings"] == {"min_interviews": 2, "breaks": []}
    assert body["interview_minutes"] == 10
    assert sorted(c["company_id"] for c in body["companies"]) == sorted(world.companies)
    assert all(c["tables"] == 1 and not c["stated"] for c in body["companies"])
    assert sorted(c["candidate_id"] for c in body["candidates"]) == sorted(world.candidates)
    assert body["wishes"] == []


async def test_a_company_frame_is_set_and_audited(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, candidates=0)
    company = world.companies[0]
    answer = await client.put(
        f"{world.base}/companies/{company}",
        headers=world.staff.organiser,
        json={
            "tables": 2,
            "arrives_at": world.at(20),
            "occupations": ["cariste", " préparateur de commandes"],
            "skills_wanted": [{"skill": "punctuality", "min_level": 3}],
            "hires": 3,
            "video_urls": ["https://visio.example.org/t1"],
        },
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["tables"], body["hires"], body["stated"]) == (2, 3, True)
    assert body["occupations"] == ["cariste", "préparateur de commandes"]
    assert body["skills_wanted"] == [{"skill": "punctuality", "min_level": 3}]
    assert datetime.fromisoformat(body["arrives_at"]) == datetime.fromisoformat(world.at(20))
    assert (await grid_state(pool, world.event_id))["audit"] == 1
    grid = (await client.get(world.base, headers=world.staff.organiser)).json()
    videos = {t["table_no"]: t["video_url"] for t in grid["tables"] if t["company_id"] == company}
    assert videos == {1: "https://visio.example.org/t1", 2: None}
    assert grid["plan"] is None and grid["interviews"] == []


async def test_refusals_name_their_field_and_write_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, candidates=1)
    company, candidate = world.companies[0], world.candidates[0]
    before = await grid_state(pool, world.event_id)
    cases = [
        (f"companies/{company}", {"leaves_at": world.at(90)}, 400, "invalid_input", "leaves_at"),
        (
            f"companies/{company}",
            {"arrives_at": world.at(30), "leaves_at": world.at(20)},
            400,
            "invalid_input",
            "leaves_at",
        ),
        (
            f"companies/{company}",
            {"tables": 1, "video_urls": ["https://a.example.org", "https://b.example.org"]},
            400,
            "invalid_input",
            "video_urls",
        ),
        (
            f"companies/{company}",
            {"skills_wanted": [{"skill": "juggling", "min_level": 2}]},
            422,
            "unknown_skill",
            None,
        ),
        (
            f"companies/{company}",
            {"skills_wanted": [{"skill": "punctuality", "min_level": 5}]},
            400,
            "invalid_input",
            "skills_wanted[0].min_level",
        ),
        (f"companies/{company}", {"tables": 0}, 400, "invalid_input", "tables"),
        (
            f"candidates/{candidate}",
            {"arrives_at": world.at(-5)},
            400,
            "invalid_input",
            "arrives_at",
        ),
        (f"companies/{candidate}", {"tables": 1}, 422, "company_not_registered", None),
        (f"candidates/{company}", {}, 422, "candidate_not_registered", None),
    ]
    for path, body, status, code, field in cases:
        answer = await client.put(f"{world.base}/{path}", headers=world.staff.organiser, json=body)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (path, body)
        if field:
            assert answer.json()["extra"]["field"] == field, answer.json()
    breaks = [
        {"starts_at": world.at(10), "ends_at": world.at(5)},
        {"starts_at": world.at(-10), "ends_at": world.at(5)},
    ]
    for pause in breaks:
        answer = await client.put(
            f"{world.base}/settings",
            headers=world.staff.organiser,
            json={"min_interviews": 2, "breaks": [pause]},
        )
        assert (answer.status_code, answer.json()["extra"]["field"]) == (400, "breaks[0]")
    overlapping = [
        {"starts_at": world.at(10), "ends_at": world.at(25)},
        {"starts_at": world.at(20), "ends_at": world.at(30)},
    ]
    answer = await client.put(
        f"{world.base}/settings",
        headers=world.staff.organiser,
        json={"min_interviews": 2, "breaks": overlapping},
    )
    assert (answer.status_code, answer.json()["extra"]["field"]) == (400, "breaks")
    answer = await client.put(
        f"{world.base}/settings", headers=world.staff.organiser, json={"min_interviews": 51}
    )
    assert (answer.status_code, answer.json()["extra"]["field"]) == (400, "min_interviews")
    wish = {"candidate_id": candidate, "company_id": company, "wish": "maybe", "said_by": "company"}
    answer = await client.post(f"{world.base}/wishes", headers=world.staff.organiser, json=wish)
    assert (answer.status_code, answer.json()["extra"]["field"]) == (400, "wish")
    assert await grid_state(pool, world.event_id) == before


async def test_only_the_organisers_of_the_event_may_and_only_on_a_grid_format(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=0)
    other = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client, world.companies[0])
    for headers in (world.staff.coach, other.organiser, recruiter):
        for method, path in (("GET", "/inputs"), ("GET", ""), ("POST", "/solve")):
            answer = await client.request(method, f"{world.base}{path}", headers=headers)
            assert (answer.status_code, answer.json()["code"]) == (403, "forbidden")
    answer = await client.get(f"{world.base}/inputs")
    assert answer.status_code == 401
    draft = await make_event(client, world.staff.organiser, "job_dating")
    answer = await client.get(
        f"/api/v1/events/{draft['id']}/interview-grid/inputs", headers=other.organiser
    )
    assert (answer.status_code, answer.json()["code"]) == (404, "event_not_found")
    sport = await make_event(client, world.staff.organiser, "sport_session", status="published")
    answer = await client.post(
        f"/api/v1/events/{sport['id']}/interview-grid/solve", headers=world.staff.organiser
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "grid_not_for_this_kind")
    forum = await make_event(client, world.staff.organiser, "e_forum", status="published")
    answer = await client.get(
        f"/api/v1/events/{forum['id']}/interview-grid/inputs", headers=world.staff.organiser
    )
    assert answer.status_code == 200, answer.text


async def test_wishes_are_recorded_replaced_and_removed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=1)
    pair = {"candidate_id": world.candidates[0], "company_id": world.companies[0]}
    first = await client.post(
        f"{world.base}/wishes",
        headers=world.staff.organiser,
        json={**pair, "wish": "must_meet", "said_by": "candidate"},
    )
    assert first.status_code == 201, first.text
    again = await client.post(
        f"{world.base}/wishes",
        headers=world.staff.organiser,
        json={**pair, "wish": "prefer_not", "said_by": "candidate"},
    )
    assert again.json()["id"] == first.json()["id"]
    listed = (await client.get(f"{world.base}/inputs", headers=world.staff.organiser)).json()
    assert [(w["wish"], w["said_by"]) for w in listed["wishes"]] == [("prefer_not", "candidate")]
    gone = await client.delete(
        f"{world.base}/wishes/{first.json()['id']}", headers=world.staff.organiser
    )
    assert gone.status_code == 204
    missing = await client.delete(
        f"{world.base}/wishes/{first.json()['id']}", headers=world.staff.organiser
    )
    assert (missing.status_code, missing.json()["code"]) == (404, "wish_not_found")
    actions = await pool.fetch(
        "select action from audit_log where on_behalf_of = $1 order by id",
        UUID(world.candidates[0]),
    )
    assert [a["action"] for a in actions if a["action"].startswith("interview_grid")] == [
        "interview_grid.wish",
        "interview_grid.wish",
        "interview_grid.wish_delete",
    ]


# --- solving -------------------------------------------------------------------------------


async def test_a_solve_stores_a_grid_that_keeps_every_hard_rule(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=3, candidates=7)
    org = world.staff.organiser
    c1, c2, c3 = world.companies
    late, early = world.candidates[0], world.candidates[1]
    assert (
        await client.put(
            f"{world.base}/settings",
            headers=org,
            json={
                "min_interviews": 2,
                "breaks": [{"starts_at": world.at(30), "ends_at": world.at(40)}],
            },
        )
    ).status_code == 200
    frames = {
        f"companies/{c1}": {"tables": 2},
        f"companies/{c2}": {"tables": 1, "arrives_at": world.at(20)},
        f"companies/{c3}": {"tables": 2, "leaves_at": world.at(30)},
        f"candidates/{late}": {"arrives_at": world.at(40)},
        f"candidates/{early}": {"leaves_at": world.at(20)},
    }
    for path, body in frames.items():
        answer = await client.put(f"{world.base}/{path}", headers=org, json=body)
        assert answer.status_code == 200, answer.text
    wishes = [
        {"candidate_id": early, "company_id": c1, "wish": "prefer_not", "said_by": "company"},
        {"candidate_id": late, "company_id": c2, "wish": "must_meet", "said_by": "candidate"},
    ]
    for wish in wishes:
        assert (
            await client.post(f"{world.base}/wishes", headers=org, json=wish)
        ).status_code == 201
    solved = await client.post(f"{world.base}/solve", headers=org)
    assert solved.status_code == 201, solved.text
    plan = solved.json()
    assert plan["status"] in ("optimal", "feasible")
    assert plan["kept_until"] is None
    rows = await stored_interviews(pool, world.event_id)
    start = world.start
    check_hard_rules(
        rows,
        tables={c1: 2, c2: 1, c3: 2},
        hours={
            c2: (start + timedelta(minutes=20), None),
            c3: (None, start + timedelta(minutes=30)),
            late: (start + timedelta(minutes=40), None),
            early: (None, start + timedelta(minutes=20)),
        },
        prefer_not={(early, c1)},
        breaks=[(start + timedelta(minutes=30), start + timedelta(minutes=40))],
    )
    assert all(r["plan_id"] == plan["id"] for r in rows)
    assert all(r["ends_at"] - r["starts_at"] == timedelta(minutes=10) for r in rows)
    assert (UUID(late), UUID(c2)) in {(r["candidate_id"], r["company_id"]) for r in rows}
    per_candidate = {
        c: sum(1 for r in rows if str(r["candidate_id"]) == c) for c in world.candidates
    }
    # Early can meet one company only (the other two: a "prefer not", not there yet).
    assert per_candidate.pop(early) == 1
    assert all(n >= 2 for n in per_candidate.values()), per_candidate
    grid = (await client.get(world.base, headers=org)).json()
    assert grid["plan"]["id"] == plan["id"]
    assert len(grid["interviews"]) == len(rows)
    assert [s["candidate_id"] for s in grid["short_of_k"]] == [early]
    assert len(grid["explanation"]) == 1
    assert len(grid["slots"]) == 5  # six slots of 10 minutes, one in the break
    assert len(grid["tables"]) == 5
    audit = await pool.fetchval(
        "select count(*) from audit_log where action = 'interview_grid.solve' and subject_id = $1",
        UUID(world.event_id),
    )
    assert audit == 1


async def test_short_of_k_comes_with_a_french_explanation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=2)
    org = world.staff.organiser
    rushed = world.candidates[0]
    await client.put(
        f"{world.base}/candidates/{rushed}", headers=org, json={"leaves_at": world.at(10)}
    )
    solved = await client.post(f"{world.base}/solve", headers=org)
    assert solved.status_code == 201, solved.text
    grid = (await client.get(world.base, headers={**org, "Accept-Language": "fr"})).json()
    short = {s["candidate_id"]: s["interviews"] for s in grid["short_of_k"]}
    assert short[rushed] <= 1
    assert grid["explanation"], grid
    assert any("créneau" in s or "entreprise" in s for s in grid["explanation"]), grid[
        "explanation"
    ]


async def test_a_solve_without_any_slot_is_refused_and_writes_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=1)
    org = world.staff.organiser
    whole = [{"starts_at": world.at(0), "ends_at": world.at(60)}]
    assert (
        await client.put(f"{world.base}/settings", headers=org, json={"breaks": whole})
    ).status_code == 200
    before = await grid_state(pool, world.event_id)
    answer = await client.post(f"{world.base}/solve", headers=org)
    assert (answer.status_code, answer.json()["code"]) == (409, "grid_without_slots")
    assert await grid_state(pool, world.event_id) == before


async def test_the_grid_downloads_as_csv_and_pdf(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=2)
    org = world.staff.organiser
    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    grid = (await client.get(world.base, headers=org)).json()
    names = {i["candidate_name"] for i in grid["interviews"]}
    csv = await client.get(f"/api/v1/events/{world.event_id}/interview-grid.csv", headers=org)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.headers["cache-control"] == "no-store"
    text = csv.content.decode("utf-8-sig")
    lines = text.strip().split("\r\n")
    assert lines[0] == "Début;Fin;Entreprise;Table;Personne"
    assert len(lines) == 1 + len(grid["interviews"])
    assert all(name in text for name in names)
    assert csv.headers["content-disposition"].endswith('-grille-entretiens.csv"')
    pdf = await client.get(
        f"/api/v1/events/{world.event_id}/interview-grid.pdf?lang=en", headers=org
    )
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    pages = " ".join(pages_text(pdf.content))
    assert "Interview grid" in pages
    assert all(name in pages for name in names)


async def test_the_persons_grid_data_is_exported_and_erased(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await grid_world(client, pool, settings, companies=1, candidates=2)
    org = world.staff.organiser
    person, company = world.candidates[0], world.companies[0]
    await client.put(
        f"{world.base}/candidates/{person}",
        headers=org,
        json={"leaves_at": world.at(10), "sectors": ["logistique"]},
    )
    wish = {
        "candidate_id": person,
        "company_id": company,
        "wish": "must_meet",
        "said_by": "candidate",
    }
    assert (await client.post(f"{world.base}/wishes", headers=org, json=wish)).status_code == 201
    # The person is there for one slot only: k = 2 cannot be met, and the plan says why.
    assert (await client.post(f"{world.base}/solve", headers=org)).status_code == 201
    exported = (await client.get(f"/api/v1/candidates/{person}/export.json", headers=org)).json()
    assert [f["sectors"] for f in exported["interview_frames"]] == [["logistique"]]
    assert [w["wish"] for w in exported["interview_wishes"]] == ["must_meet"]
    assert len(exported["interviews"]) == 1
    assert person in json.dumps(
        await pool.fetchval(
            "select explanation from interview_plans where event_id = $1", UUID(world.event_id)
        )
    )
    erased = await client.post(
        f"/api/v1/candidates/{person}/erasure", headers=org, json={"reason": "candidate_request"}
    )
    assert erased.status_code in (200, 201), erased.text
    for table in ("interview_candidates", "interview_wishes", "interviews"):
        left = await pool.fetchval(
            f"select count(*) from {table} where candidate_id = $1",  # noqa: S608
            UUID(person),
        )
        assert left == 0, table
    explanation = await pool.fetchval(
        "select explanation::text from interview_plans where event_id = $1", UUID(world.event_id)
    )
    assert person not in explanation
