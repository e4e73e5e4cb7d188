"""Accounts over HTTP: admins create any account, organisers their organisation's staff and
recruiters for companies, nobody else any; password hashes never leave the database."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID, uuid4

import pytest
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import PASSWORD, log_in, make_admin, make_staff, make_user, unique
from tests.factories_directory import count, make_company, make_world
from tests.factories_registrations import make_published_event, register

URL = "/api/v1/users"


def email(prefix: str = "compte") -> str:
    return f"{unique(prefix)}@example.org"


async def accounts_with(pool: Any, address: str) -> int:
    return await count(pool, "users", "lower(email) = lower($1)", address)


async def test_admin_creates_every_kind_of_account_and_no_hash_comes_back(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    company = await make_company(pool)
    org = str(world.own.organisation.id)
    for body in (
        {"role": "admin"},
        {"role": "organiser", "organisation_id": org, "name": "Élodie Brûlé"},
        {"role": "coach", "organisation_id": org},
        {"role": "recruiter", "company_id": str(company.id)},
    ):
        address = email(body["role"])
        response = await client.post(
            URL, json={"email": address, "password": PASSWORD, **body}, headers=world.admin
        )
        assert response.status_code == 201, response.text
        created = response.json()
        assert created["email"] == address and created["role"] == body["role"]
        assert "password" not in response.text and "argon2" not in response.text
        assert await log_in(client, address)
        audit = await pool.fetchrow(
            "select action, actor_role from audit_log where subject_id = $1", UUID(created["id"])
        )
        assert dict(audit) == {"action": "user.create", "actor_role": "admin"}
    assert created["company_id"] == str(company.id)


async def test_organiser_creates_coaches_and_organisers_of_their_own_organisation(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    org = str(staff.organisation.id)
    implicit = await client.post(
        URL,
        json={"email": email("coach"), "password": PASSWORD, "role": "coach"},
        headers=staff.organiser,
    )
    assert implicit.status_code == 201
    assert implicit.json()["organisation_id"] == org
    explicit = await client.post(
        URL,
        json={
            "email": email("organiser"),
            "password": PASSWORD,
            "role": "organiser",
            "organisation_id": org,
        },
        headers=staff.organiser,
    )
    assert explicit.status_code == 201
    assert explicit.json()["organisation_id"] == org
    assert await count(pool, "users", "organisation_id = $1", staff.organisation.id) == 4


async def test_organiser_creates_a_recruiter_account_for_a_company(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    company = await make_company(pool)
    # The company takes part in one of the organisation's events: only then is it theirs to
    # open recruiter accounts for (see the next test).
    event = await make_published_event(client, staff.organiser)
    await register(client, staff.organiser, event["id"], company_id=str(company.id))
    address = email("recruteuse")
    response = await client.post(
        URL,
        json={
            "email": address,
            "password": PASSWORD,
            "role": "recruiter",
            "company_id": str(company.id),
        },
        headers=staff.organiser,
    )
    assert response.status_code == 201
    assert response.json()["company_id"] == str(company.id)
    assert "organisation_id" not in response.json()
    headers = await log_in(client, address)
    own = await client.get(f"/api/v1/companies/{company.id}", headers=headers)
    assert own.status_code == 200


async def test_an_organiser_cannot_open_a_recruiter_account_for_another_organisations_partner(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    """A recruiter account reads the consenting candidates of every event its company attends:
    an organiser whose events the company never joined must not get one (issue 9, item 4)."""
    partner_of_others = await make_staff(pool, settings, client)
    outsider = await make_staff(pool, settings, client)
    company = await make_company(pool)
    event = await make_published_event(client, partner_of_others.organiser)
    registration = await register(
        client, partner_of_others.organiser, event["id"], company_id=str(company.id)
    )
    body = {"role": "recruiter", "company_id": str(company.id), "password": PASSWORD}
    address = email("espionne")
    refused = await client.post(URL, json={"email": address, **body}, headers=outsider.organiser)
    assert refused.status_code == 404, refused.text
    assert refused.json()["code"] == "company_not_found"
    assert await accounts_with(pool, address) == 0

    # A cancelled registration is no longer a partnership either.
    cancelled = await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=partner_of_others.organiser
    )
    assert cancelled.status_code == 200, cancelled.text
    late = await client.post(
        URL, json={"email": address, **body}, headers=partner_of_others.organiser
    )
    assert late.json()["code"] == "company_not_found" and await accounts_with(pool, address) == 0

    again = await register(
        client, partner_of_others.organiser, event["id"], company_id=str(company.id)
    )
    assert again["status"] == "confirmed"
    made = await client.post(
        URL, json={"email": address, **body}, headers=partner_of_others.organiser
    )
    assert made.status_code == 201, made.text
    audit = await pool.fetchval(
        "select data from audit_log where action = 'user.create' and subject_id = $1",
        UUID(made.json()["id"]),
    )
    assert audit["company_id"] == str(company.id) and audit["role"] == "recruiter"


@pytest.mark.parametrize(
    "body",
    [
        {"role": "admin"},
        {"role": "coach", "organisation_id": "OTHER"},
        {"role": "organiser", "organisation_id": "OTHER"},
    ],
)
async def test_organiser_cannot_create_admins_or_another_organisations_staff(
    client: AsyncClient, pool: Any, settings: Settings, body: dict[str, Any]
) -> None:
    world = await make_world(pool, settings, client)
    if body.get("organisation_id") == "OTHER":
        body = {**body, "organisation_id": str(world.other.organisation.id)}
    address = email()
    response = await client.post(
        URL, json={"email": address, "password": PASSWORD, **body}, headers=world.own.organiser
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    assert await accounts_with(pool, address) == 0


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("coach_own", 403, "forbidden"),
        ("recruiter", 403, "forbidden"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
async def test_coaches_recruiters_and_strangers_cannot_create_accounts(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int, code: str
) -> None:
    world = await make_world(pool, settings, client)
    address = email()
    response = await client.post(
        URL,
        json={
            "email": address,
            "password": PASSWORD,
            "role": "coach",
            "organisation_id": str(world.own.organisation.id),
        },
        headers=world.headers(who),
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert await accounts_with(pool, address) == 0


async def test_an_address_already_used_in_another_case_is_refused_with_email_taken(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    address = email("Zoe.NDiaye")
    await make_user(
        pool, settings, role="coach", organisation_id=staff.organisation.id, email=address
    )
    response = await client.post(
        URL,
        json={"email": address.upper(), "password": PASSWORD, "role": "coach"},
        headers=staff.organiser,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "email_taken"
    assert await accounts_with(pool, address) == 1


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        ({"remember": True}, 400, "invalid_input", None),
        ({"role": 1}, 400, "invalid_input", "role"),
        ({"role": "superuser"}, 400, "invalid_input", "role"),
        ({"email": "not-an-address"}, 400, "invalid_input", "email"),
        ({"email": "a" * 250 + "@example.org"}, 400, "invalid_input", "email"),
        ({"email": "a\x00b@example.org"}, 400, "invalid_input", "email"),
        ({"name": "x" * 201}, 400, "invalid_input", "name"),
        ({"name": "Zo\x00é"}, 400, "invalid_input", "name"),
        ({"password": "short"}, 400, "invalid_input", "password"),
        ({"password": "p" * 201}, 400, "invalid_input", "password"),
        ({"password": "long enough\x00password"}, 400, "invalid_input", "password"),
        ({"organisation_id": "nope"}, 400, "invalid_input", "organisation_id"),
        ({"role": "recruiter"}, 400, "invalid_input", "company_id"),
        ({"role": "recruiter", "company_id": "UNKNOWN"}, 404, "company_not_found", None),
        ({"role": "coach", "organisation_id": "UNKNOWN"}, 404, "organisation_not_found", None),
        ({"role": "admin", "organisation_id": "OWN"}, 400, "invalid_input", "role"),
    ],
)
async def test_bad_account_input_is_refused_and_nothing_is_stored(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    body: dict[str, Any],
    status: int,
    code: str,
    field: str | None,
) -> None:
    staff = await make_staff(pool, settings, client)
    admin = await make_admin(pool, settings, client)
    replacements = {"UNKNOWN": str(uuid4()), "OWN": str(staff.organisation.id)}
    body = {k: replacements.get(v, v) if isinstance(v, str) else v for k, v in body.items()}
    address = email()
    full = {"email": address, "password": PASSWORD, "role": "coach", **body}
    if full["role"] == "coach" and "organisation_id" not in full:
        full["organisation_id"] = str(staff.organisation.id)
    before = await count(pool, "users")
    response = await client.post(URL, json=full, headers=admin)
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    if field is not None:
        assert response.json()["extra"]["field"] == field
    assert await count(pool, "users") == before


async def test_malformed_json_creates_no_account(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    before = await count(pool, "users")
    response = await client.post(
        URL,
        content=b'{"email": "a@example.org", "role": "admin", "password":',
        headers={**admin, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_body"
    assert await count(pool, "users") == before


async def test_admin_lists_every_account_without_password_hashes(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    seen: list[dict[str, Any]] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 50} | ({"cursor": cursor} if cursor else {})
        response = await client.get(URL, params=params, headers=world.admin)
        assert response.status_code == 200
        assert "password" not in response.text and "$argon2" not in response.text
        seen += response.json()["items"]
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
        assert "@" not in cursor
    ids = {item["id"] for item in seen}
    assert len(ids) == len(seen) == await count(pool, "users")
    assert {str(world.own.organiser_user.id), str(world.other.coach_user.id)} <= ids
    assert str(world.recruiter.user.id) in ids


async def test_organiser_lists_only_their_organisations_accounts(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    response = await client.get(URL, headers=world.own.organiser)
    assert response.status_code == 200
    assert {item["id"] for item in response.json()["items"]} == {
        str(world.own.organiser_user.id),
        str(world.own.coach_user.id),
    }
    coaches = await client.get(URL, params={"role": "coach"}, headers=world.own.organiser)
    assert [item["id"] for item in coaches.json()["items"]] == [str(world.own.coach_user.id)]


async def test_account_pages_follow_each_other(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    for _ in range(3):
        await make_user(pool, settings, role="coach", organisation_id=staff.organisation.id)
    first = (await client.get(URL, params={"limit": 3}, headers=staff.organiser)).json()
    assert len(first["items"]) == 3 and first["next_cursor"]
    second = (
        await client.get(
            URL, params={"limit": 3, "cursor": first["next_cursor"]}, headers=staff.organiser
        )
    ).json()
    assert len(second["items"]) == 2 and second["next_cursor"] is None
    emails = [item["email"] for item in first["items"] + second["items"]]
    assert emails == sorted(emails)
    assert len(set(emails)) == 5


@pytest.mark.parametrize(
    ("who", "status", "code"),
    [
        ("coach_own", 403, "forbidden"),
        ("recruiter", 403, "forbidden"),
        ("anonymous", 401, "not_authenticated"),
    ],
)
async def test_coaches_recruiters_and_strangers_cannot_list_accounts(
    client: AsyncClient, pool: Any, settings: Settings, who: str, status: int, code: str
) -> None:
    world = await make_world(pool, settings, client)
    response = await client.get(URL, headers=world.headers(who))
    assert response.status_code == status
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"role": "boss"}, "invalid_input"),
        ({"limit": 201}, "invalid_input"),
        ({"cursor": "WyJub3QgYSB1dWlkIl0"}, "invalid_cursor"),
    ],
)
async def test_bad_account_list_parameters_are_refused(
    client: AsyncClient, pool: Any, settings: Settings, params: dict[str, Any], code: str
) -> None:
    admin = await make_admin(pool, settings, client)
    response = await client.get(URL, params=params, headers=admin)
    assert response.status_code == 400
    assert response.json()["code"] == code


async def test_racing_creations_of_one_address_in_two_cases_make_one_account(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    address = email("Course")
    responses = await asyncio.gather(
        *(
            client.post(
                URL,
                json={"email": spelling, "password": PASSWORD, "role": "coach"},
                headers=staff.organiser,
            )
            for spelling in (address, address.upper(), address.lower(), address.title())
        )
    )
    assert sorted(r.status_code for r in responses) == [201, 409, 409, 409]
    assert {r.json()["code"] for r in responses if r.status_code == 409} == {"email_taken"}
    assert await accounts_with(pool, address) == 1


# --- deactivation ------------------------------------------------------------------------------


async def test_an_organiser_deactivates_a_coach_whose_tokens_stop_working_at_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    coach = staff.coach_user
    assert (await client.get("/api/v1/auth/me", headers=staff.coach)).status_code == 200

    response = await client.post(f"{URL}/{coach.id}/deactivate", headers=staff.organiser)

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["id"] == str(coach.id) and body["deactivated_at"]
    me = await client.get("/api/v1/auth/me", headers=staff.coach)
    write = await client.post(
        "/api/v1/candidates",
        json={"first_name": "Awa", "last_name": unique("Diallo")},
        headers=staff.coach,
    )
    for refused in (me, write):
        assert refused.status_code == 401, refused.text
        assert refused.json()["code"] == "not_authenticated"
    assert await count(pool, "candidates", "created_by = $1", coach.id) == 0
    login = await client.post(
        "/api/v1/auth/token", json={"email": coach.email, "password": PASSWORD}
    )
    assert login.status_code == 401
    assert login.json()["code"] == "invalid_credentials"
    assert await count(pool, "sessions", "user_id = $1 and revoked_at is null", coach.id) == 0
    audit = await pool.fetch(
        "select action, actor_id, actor_role from audit_log where subject_id = $1 "
        "and action = 'user.deactivate'",
        coach.id,
    )
    assert [dict(a) for a in audit] == [
        {
            "action": "user.deactivate",
            "actor_id": staff.organiser_user.id,
            "actor_role": "organiser",
        }
    ]
    # Again: nothing changes, nothing more is written.
    again = await client.post(f"{URL}/{coach.id}/deactivate", headers=staff.organiser)
    assert again.status_code == 200
    assert again.json()["deactivated_at"] == body["deactivated_at"]
    assert (
        await count(pool, "audit_log", "subject_id = $1 and action = 'user.deactivate'", coach.id)
        == 1
    )
    listed = await client.get(URL, params={"role": "coach"}, headers=staff.organiser)
    assert [(i["id"], i.get("deactivated_at")) for i in listed.json()["items"]] == [
        (str(coach.id), body["deactivated_at"])
    ]


@pytest.mark.parametrize(
    ("who", "whom", "status", "code"),
    [
        ("organiser_other", "coach_own", 404, "user_not_found"),
        ("organiser_own", "admin", 404, "user_not_found"),
        ("organiser_own", "recruiter", 404, "user_not_found"),
        ("organiser_own", "nobody", 404, "user_not_found"),
        ("coach_own", "organiser_own", 403, "forbidden"),
        ("recruiter", "coach_own", 403, "forbidden"),
        ("anonymous", "coach_own", 401, "not_authenticated"),
    ],
)
async def test_only_admins_and_the_organisations_organisers_deactivate_an_account(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    who: str,
    whom: str,
    status: int,
    code: str,
) -> None:
    world = await make_world(pool, settings, client)
    admin = await make_user(pool, settings, role="admin")
    target = {
        "coach_own": world.own.coach_user.id,
        "organiser_own": world.own.organiser_user.id,
        "admin": admin.id,
        "recruiter": world.recruiter.user.id,
        "nobody": uuid4(),
    }[whom]

    response = await client.post(f"{URL}/{target}/deactivate", headers=world.headers(who))

    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert await count(pool, "users", "id = $1 and deactivated_at is not null", target) == 0
    assert (await client.get("/api/v1/auth/me", headers=world.own.coach)).status_code == 200


async def test_an_admin_deactivates_an_account_of_any_organisation_or_company(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(pool, settings, client)
    for user_id, headers in (
        (world.other.coach_user.id, world.other.coach),
        (world.recruiter.user.id, world.recruiter.headers),
    ):
        response = await client.post(f"{URL}/{user_id}/deactivate", headers=world.admin)
        assert response.status_code == 200, response.text
        assert (await client.get("/api/v1/auth/me", headers=headers)).status_code == 401
        assert await count(pool, "users", "id = $1 and deactivated_at is not null", user_id) == 1
