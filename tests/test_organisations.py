"""Organisations over HTTP: admins create them, staff see their own, nobody else sees any."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_admin, make_organisation, make_staff, unique
from tests.factories_directory import count, make_recruiter, make_world

URL = "/api/v1/organisations"


async def test_admin_creates_an_organisation_and_the_audit_log_says_who(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    name = unique("Mission Locale de Lyon")
    response = await client.post(URL, json={"name": name}, headers=admin)
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == name and set(body) == {"id", "name", "created_at"}
    stored = await pool.fetchval("select name from organisations where id = $1", body["id"])
    assert stored == name
    audit = await pool.fetchrow(
        "select action, actor_role from audit_log where subject_id = $1", body["id"]
    )
    assert dict(audit) == {"action": "organisation.create", "actor_role": "admin"}


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("organiser_own", 403, "forbidden"),
        ("coach_own", 403, "forbidden"),
        ("recruiter", 403, "forbidden"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
async def test_only_admins_create_organisations(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int, code: str
) -> None:
    world = await make_world(pool, settings, client)
    name = unique("Refusée")
    response = await client.post(URL, json={"name": name}, headers=world.headers(who))
    assert response.status_code == status
    assert response.json()["code"] == code
    assert await count(pool, "organisations", "name = $1", name) == 0


async def test_duplicate_name_in_another_case_is_refused_with_name_taken(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    name = unique("Cap Emploi Rhône")
    assert (await client.post(URL, json={"name": name}, headers=admin)).status_code == 201
    before = await count(pool, "organisations")
    response = await client.post(URL, json={"name": name.upper()}, headers=admin)
    assert response.status_code == 409
    assert response.json()["code"] == "name_taken"
    assert await count(pool, "organisations") == before
    same = await client.post(URL, json={"name": f"  {name} "}, headers=admin)
    assert same.status_code == 409
    assert await count(pool, "organisations") == before


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Asso", "website": "x"}, "body"),
        ({"name": 42}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "Asso\x00ciation"}, "name"),
        ({}, "body"),
    ],
)
async def test_bad_organisation_input_is_refused_and_nothing_is_stored(
    client: AsyncClient, pool: Any, settings: Settings, body: dict[str, Any], field: str
) -> None:
    admin = await make_admin(pool, settings, client)
    before = await count(pool, "organisations")
    response = await client.post(URL, json=body, headers=admin)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    if field != "body":
        assert response.json()["extra"]["field"] == field
    assert await count(pool, "organisations") == before


async def test_malformed_json_is_refused_and_nothing_is_stored(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    before = await count(pool, "organisations")
    response = await client.post(
        URL, content=b'{"name": "Asso', headers={**admin, "Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"
    assert await count(pool, "organisations") == before


async def test_sql_metacharacters_in_a_name_are_stored_verbatim(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    name = f"O'Brien'); drop table organisations; -- {uuid4()}"
    response = await client.post(URL, json={"name": name}, headers=admin)
    assert response.status_code == 201
    assert response.json()["name"] == name
    assert await count(pool, "organisations", "name = $1", name) == 1


async def test_admin_lists_every_organisation_page_by_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    prefix = unique("Page")
    made = {(await make_organisation(pool, name=f"{prefix} {i}")).name for i in range(3)}
    seen: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2} | ({"cursor": cursor} if cursor else {})
        response = await client.get(URL, params=params, headers=admin)
        assert response.status_code == 200
        page = response.json()
        assert len(page["items"]) <= 2
        seen += [item["name"] for item in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert made <= set(seen)
    assert len(seen) == len(set(seen)) == await count(pool, "organisations")


@pytest.mark.parametrize("who", ["organiser_own", "coach_own"])
async def test_staff_list_only_their_own_organisation(
    client: AsyncClient, pool: Any, settings: Settings, who: str
) -> None:
    world = await make_world(pool, settings, client)
    response = await client.get(URL, headers=world.headers(who))
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["items"]] == [str(world.own.organisation.id)]
    assert response.json()["next_cursor"] is None


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [("recruiter", 403, "forbidden"), ("anonymous", 401, "not_authenticated")],
)
async def test_recruiters_and_strangers_cannot_list_organisations(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int, code: str
) -> None:
    world = await make_world(pool, settings, client)
    response = await client.get(URL, headers=world.headers(who))
    assert response.status_code == status
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"limit": 0}, "invalid_input"),
        ({"limit": 201}, "invalid_input"),
        ({"limit": "many"}, "invalid_input"),
        ({"cursor": "not-a-cursor"}, "invalid_cursor"),
    ],
)
async def test_bad_list_parameters_are_refused(
    client: AsyncClient, pool: Any, settings: Settings, params: dict[str, Any], code: str
) -> None:
    admin = await make_admin(pool, settings, client)
    response = await client.get(URL, params=params, headers=admin)
    assert response.status_code == 400
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("admin", 200),
        ("organiser_own", 200),
        ("coach_own", 200),
        ("organiser_other", 404),
        ("coach_other", 404),
        ("recruiter", 404),
        ("anonymous", 401),
    ],
)
async def test_one_organisation_is_seen_by_admins_and_its_own_staff_only(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int
) -> None:
    world = await make_world(pool, settings, client)
    organisation = world.own.organisation
    response = await client.get(f"{URL}/{organisation.id}", headers=world.headers(who))
    assert response.status_code == status
    if status == 200:
        assert response.json()["name"] == organisation.name
    elif status == 404:
        assert response.json()["code"] == "organisation_not_found"
        assert organisation.name not in response.text


async def test_unknown_organisation_is_404_even_for_admins(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    response = await client.get(f"{URL}/{uuid4()}", headers=admin)
    assert response.status_code == 404
    assert response.json()["code"] == "organisation_not_found"


async def test_recruiter_of_a_company_sees_no_organisation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    recruiter = await make_recruiter(pool, settings, client)
    response = await client.get(f"{URL}/{staff.organisation.id}", headers=recruiter.headers)
    assert response.status_code == 404
    assert response.json()["code"] == "organisation_not_found"
