"""Bad input to create or change an event: refused with a stable code naming the field, never a
500, and nothing stored. SQL metacharacters in free text are stored as text."""

from __future__ import annotations

import copy
from datetime import datetime
from typing import Any

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_events import PARIS, count_events, event_body, make_event, stored_event

SQL = "'; drop table events; --"
LONG = "x" * 100_000


@pytest.fixture(scope="module")
async def staff(pool: Any, settings: Settings, client: AsyncClient) -> Staff:
    return await make_staff(pool, settings, client)


def with_value(body: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``body`` with the field at dotted ``path`` (list indexes as numbers) set to ``value``;
    the sentinel ``DROP`` removes it."""
    changed = copy.deepcopy(body)
    *parents, last = path.split(".")
    node: Any = changed
    for part in parents:
        node = node[int(part)] if isinstance(node, list) else node[part]
    if value is DROP:
        del node[last]
    elif isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return changed


DROP = object()


def named_field(answer: dict[str, Any]) -> str:
    """The field an error names, unknown and missing fields included."""
    field: str = answer["extra"]["field"]
    return field


# (kind, path, value, field the error names)
REFUSED_ON_CREATE = [
    ("job_dating", "colour", "rouge", "colour"),
    ("job_dating", "details.colour", "rouge", "details.colour"),
    ("job_dating", "kind", "tea_party", "kind"),
    ("job_dating", "kind", DROP, "kind"),
    ("job_dating", "title", 123, "title"),
    ("job_dating", "title", "   ", "title"),
    ("job_dating", "title", DROP, "title"),
    ("job_dating", "capacity.candidates", "beaucoup", "capacity.candidates"),
    ("job_dating", "capacity.candidates", -1, "capacity.candidates"),
    ("job_dating", "capacity.companies", 100_001, "capacity.companies"),
    ("job_dating", "ends_at", "2050-01-01T08:00:00+01:00", "ends_at"),
    ("job_dating", "starts_at", "2050-01-01T08:00:00", "starts_at"),
    ("job_dating", "starts_at", "demain matin", "starts_at"),
    ("job_dating", "timezone", "Mars/Olympus_Mons", "timezone"),
    ("job_dating", "timezone", "../../etc/passwd", "timezone"),
    ("job_dating", "venue", DROP, "venue"),
    ("job_dating", "venue", None, "venue"),
    ("job_dating", "venue.postcode", "75", "venue.postcode"),
    ("job_dating", "online_url", "javascript:alert(1)", "online_url"),
    ("job_dating", "sectors", ["logistique"] * 21, "sectors"),
    ("job_dating", "details.interview_minutes", 0, "details.interview_minutes"),
    ("job_dating", "details.mode", "hybrid", "details.mode"),
    ("sport_session", "venue", None, "venue"),
    (
        "sport_session",
        "details.activities.0.skills",
        ["juggling"],
        "details.activities[0].skills[0]",
    ),
    ("sport_session", "details.coach_ids", ["not-a-uuid"], "details.coach_ids[0]"),
    ("food_festival", "details", {"interview_minutes": 10}, "details.interview_minutes"),
    ("e_forum", "online_url", None, "online_url"),
    ("e_forum", "details.mode", "online", None),  # valid: online with a link; see below
    ("e_forum", "details.workshops.0.ends_at", "2020-01-01T00:00:00+00:00", "details.workshops"),
    ("e_forum", "details.workshops.0.starts_at", "2099-12-01T00:00:00+00:00", "details.workshops"),
    ("job_dating", "ends_at", "2099-12-31T09:00:00+00:00", "ends_at"),
]
REFUSED_ON_CREATE = [case for case in REFUSED_ON_CREATE if case[3] is not None]

# Every text field, refused when far too long and when holding a NUL character.
TEXT_FIELDS = [
    ("sport_session", "title"),
    ("sport_session", "description"),
    ("sport_session", "timezone"),
    ("sport_session", "venue.name"),
    ("sport_session", "venue.address"),
    ("sport_session", "venue.city"),
    ("sport_session", "venue.postcode"),
    ("sport_session", "online_url"),
    ("sport_session", "sectors.0"),
    ("sport_session", "details.activities.0.name"),
    ("food_festival", "details.cuisines.0"),
    ("e_forum", "details.workshops.0.title"),
]
# Free text is stored as it is, metacharacters included; constrained fields refuse them.
FREE_TEXT = {
    "title",
    "description",
    "venue.name",
    "venue.address",
    "venue.city",
    "sectors.0",
    "details.activities.0.name",
    "details.cuisines.0",
    "details.workshops.0.title",
}


async def _refused_create(
    client: AsyncClient,
    pool: Any,
    staff: Staff,
    body: Any,
    *,
    status: int,
    code: str,
    headers: dict[str, str] | None = None,
    content: bytes | None = None,
) -> dict[str, Any]:
    before = await count_events(pool, staff.organisation.id)
    response = await client.post(
        "/api/v1/events",
        headers={**staff.organiser, **(headers or {})},
        json=body,
        content=content,
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert await count_events(pool, staff.organisation.id) == before
    answer: dict[str, Any] = response.json()
    return answer


@pytest.mark.parametrize(("kind", "path", "value", "field"), REFUSED_ON_CREATE)
async def test_invalid_event_is_refused_naming_the_field(
    client: AsyncClient, pool: Any, staff: Staff, kind: str, path: str, value: Any, field: str
) -> None:
    body = with_value(event_body(kind), path, value)
    answer = await _refused_create(client, pool, staff, body, status=400, code="invalid_input")
    assert named_field(answer) == field
    assert field.split(".")[-1].split("[")[0] in answer["detail"]


async def test_online_e_forum_with_a_link_needs_no_venue(client: AsyncClient, staff: Staff) -> None:
    body = event_body("e_forum", venue=None)
    body["details"]["mode"] = "online"
    response = await client.post("/api/v1/events", headers=staff.organiser, json=body)
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("year", [1999, 2100, 9999])
async def test_an_event_outside_this_century_is_refused(
    client: AsyncClient, pool: Any, staff: Staff, year: int
) -> None:
    start = datetime(year, 6, 1, 9, tzinfo=PARIS)
    answer = await _refused_create(
        client, pool, staff, event_body(start=start), status=400, code="invalid_input"
    )
    assert answer["extra"]["field"] == "starts_at"


@pytest.mark.parametrize(("kind", "path"), TEXT_FIELDS)
async def test_very_long_text_is_refused_in_every_field(
    client: AsyncClient, pool: Any, staff: Staff, kind: str, path: str
) -> None:
    body = with_value(event_body(kind), path, LONG)
    answer = await _refused_create(client, pool, staff, body, status=400, code="invalid_input")
    assert answer["extra"]["field"].replace("[0]", ".0") == path


@pytest.mark.parametrize(("kind", "path"), TEXT_FIELDS)
async def test_nul_character_is_refused_in_every_field(
    client: AsyncClient, pool: Any, staff: Staff, kind: str, path: str
) -> None:
    body = with_value(event_body(kind), path, "Gymnase\x00 du Parc")
    answer = await _refused_create(client, pool, staff, body, status=400, code="invalid_input")
    assert answer["extra"]["field"].replace("[0]", ".0") == path


@pytest.mark.parametrize(("kind", "path"), TEXT_FIELDS)
async def test_sql_metacharacters_are_text_or_refused_never_run(
    client: AsyncClient, pool: Any, staff: Staff, kind: str, path: str
) -> None:
    body = with_value(event_body(kind), path, SQL)
    if path in FREE_TEXT:
        response = await client.post("/api/v1/events", headers=staff.organiser, json=body)
        assert response.status_code == 201, response.text
        stored = await stored_event(pool, response.json()["id"])
        workshop = await pool.fetchval(
            "select title from workshops where event_id = $1::uuid", response.json()["id"]
        )
        where = {
            "sectors.0": stored["sectors"][0],
            "title": stored["title"],
            "details.workshops.0.title": workshop,
        }
        if path in where:
            assert where[path] == SQL
        else:
            assert SQL in str(stored)
    else:
        answer = await _refused_create(client, pool, staff, body, status=400, code="invalid_input")
        assert answer["extra"]["field"] == path
    assert await pool.fetchval("select to_regclass('events')") is not None


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b'{"kind": "job_dating", "title": ', "malformed_body"),
        (b"\xff\xfe not utf-8", "malformed_body"),
        (b"[]", "invalid_input"),
        (b'"job_dating"', "invalid_input"),
        (b"[" * 1000 + b"]" * 1000, "malformed_body"),
    ],
    ids=["truncated", "not-utf8", "array", "string", "deeply-nested"],
)
async def test_unreadable_bodies_are_refused(
    client: AsyncClient, pool: Any, staff: Staff, content: bytes, code: str
) -> None:
    await _refused_create(
        client,
        pool,
        staff,
        None,
        status=400,
        code=code,
        content=content,
        headers={"Content-Type": "application/json"},
    )


async def test_ten_megabyte_event_is_refused_as_too_large(
    client: AsyncClient, pool: Any, staff: Staff
) -> None:
    before = await count_events(pool, staff.organisation.id)
    response = await client.post(
        "/api/v1/events",
        headers={**staff.organiser, "Content-Type": "application/json"},
        content=b'{"kind": "job_dating", "title": "' + b"a" * 10_000_000 + b'"}',
    )
    assert response.status_code == 413
    assert response.json()["code"] == "body_too_large"
    assert await count_events(pool, staff.organisation.id) == before


async def test_refusal_is_explained_in_english_on_request(
    client: AsyncClient, pool: Any, staff: Staff
) -> None:
    body = event_body(timezone="Mars/Olympus_Mons")
    answer = await _refused_create(
        client,
        pool,
        staff,
        body,
        status=400,
        code="invalid_input",
        headers={"Accept-Language": "en"},
    )
    assert answer["detail"].startswith("A value is not valid: 'timezone'. Unknown time zone.")


# --- PATCH -----------------------------------------------------------------------------------

REFUSED_ON_PATCH = [
    ({"colour": "rouge"}, "colour"),
    ({"organisation_id": "00000000-0000-4000-8000-000000000000"}, "organisation_id"),
    ({"status": "published"}, "status"),
    ({"sequence": 7}, "sequence"),
    ({"title": None}, "title"),
    ({"title": 42}, "title"),
    ({"title": LONG}, "title"),
    ({"title": "Job\x00dating"}, "title"),
    ({"description": LONG}, "description"),
    ({"ends_at": "2000-01-01T00:00:00+00:00"}, "ends_at"),
    ({"starts_at": "2050-01-01T09:00:00"}, "starts_at"),
    ({"timezone": "Europe/Atlantis"}, "timezone"),
    ({"timezone": SQL}, "timezone"),
    ({"venue": None}, "venue"),
    ({"venue": {"name": "Salle", "address": "1 rue", "city": "Lyon"}}, "venue.postcode"),
    (
        {"venue": {"name": "Salle", "address": "1 rue", "city": "Lyon", "postcode": SQL}},
        "venue.postcode",
    ),
    ({"capacity": {"candidates": -5, "companies": 3}}, "capacity.candidates"),
    ({"capacity": {"candidates": 5}}, "capacity.companies"),
    ({"online_url": SQL}, "online_url"),
    ({"sectors": [LONG]}, "sectors[0]"),
    ({"details": {"interview_minutes": -1}}, "details.interview_minutes"),
    ({"details": {"interview_minutes": 10, "cuisines": []}}, "details.cuisines"),
    ({"details": {"mode": "online"}}, "details.interview_minutes"),
    ({"details": {"interview_minutes": "\x00"}}, "details.interview_minutes"),
    ({"details": "job dating"}, "details"),
]


@pytest.mark.parametrize(("change", "field"), REFUSED_ON_PATCH)
async def test_invalid_change_is_refused_and_the_event_is_unchanged(
    client: AsyncClient, pool: Any, staff: Staff, change: dict[str, Any], field: str
) -> None:
    event = await make_event(client, staff.organiser, status="published")
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json=change
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert named_field(response.json()) == field
    assert await stored_event(pool, event["id"]) == before


@pytest.mark.parametrize("value", [LONG, "Salle\x00 B"], ids=["long", "nul"])
@pytest.mark.parametrize(("kind", "path"), TEXT_FIELDS)
async def test_very_long_text_or_nul_is_refused_in_every_field_of_a_change(
    client: AsyncClient, pool: Any, staff: Staff, kind: str, path: str, value: str
) -> None:
    event = await make_event(client, staff.organiser, kind)
    before = await stored_event(pool, event["id"])
    # A change gives a top-level field whole: the venue, the sectors, the details.
    top = path.split(".")[0]
    change = {top: with_value(event, path, value)[top]}
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json=change
    )
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert named_field(response.json()).replace("[0]", ".0") == path
    assert await stored_event(pool, event["id"]) == before


@pytest.mark.parametrize("field", ["title", "description"])
async def test_change_with_sql_metacharacters_is_stored_as_text(
    client: AsyncClient, pool: Any, staff: Staff, field: str
) -> None:
    event = await make_event(client, staff.organiser)
    response = await client.patch(
        f"/api/v1/events/{event['id']}", headers=staff.organiser, json={field: SQL}
    )
    assert response.status_code == 200
    assert (await stored_event(pool, event["id"]))[field] == SQL
    assert await pool.fetchval("select to_regclass('events')") is not None


@pytest.mark.parametrize(
    ("content", "status", "code"),
    [
        (b'{"title": ', 400, "malformed_body"),
        (b'{"title": "' + b"a" * 10_000_000 + b'"}', 413, "body_too_large"),
    ],
    ids=["malformed", "ten-megabytes"],
)
async def test_unreadable_or_huge_change_is_refused(
    client: AsyncClient, pool: Any, staff: Staff, content: bytes, status: int, code: str
) -> None:
    event = await make_event(client, staff.organiser)
    before = await stored_event(pool, event["id"])
    response = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers={**staff.organiser, "Content-Type": "application/json"},
        content=content,
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert await stored_event(pool, event["id"]) == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"kind": SQL}, "kind"),
        ({"status": "archived"}, "status"),
        ({"from": "hier"}, "from"),
        ({"from": "2050-01-01T00:00:00"}, "from"),
        ({"to": SQL}, "to"),
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"cursor": LONG[:600]}, "cursor"),
    ],
)
async def test_invalid_list_parameters_are_refused(
    client: AsyncClient, staff: Staff, params: dict[str, Any], field: str
) -> None:
    response = await client.get("/api/v1/events", headers=staff.organiser, params=params)
    assert response.status_code == 400, response.text
    assert response.json()["code"] == "invalid_input"
    assert response.json()["extra"]["field"] == field
