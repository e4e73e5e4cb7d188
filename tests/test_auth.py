from __future__ import annotations

import time
from typing import Any

import jwt
from httpx import AsyncClient

from events.settings import Settings
from tests.factories import PASSWORD, log_in, make_organisation, make_staff, make_user, unique
from tests.factories_events import event_body


async def test_health_answers_ok_with_database(client: AsyncClient) -> None:
    response = await client.get("/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_log_in_returns_bearer_token_that_me_accepts(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    organisation = await make_organisation(pool)
    user = await make_user(pool, settings, role="organiser", organisation_id=organisation.id)
    response = await client.post(
        "/api/v1/auth/token", json={"email": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "bearer" and body["role"] == "organiser"
    me = await client.get(
        "/api/v1/auth/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.status_code == 200
    assert me.json() == {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "role": "organiser",
        "organisation_id": str(organisation.id),
    }


async def test_wrong_password_and_unknown_email_get_the_same_answer(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    wrong = await client.post("/api/v1/auth/token", json={"email": user.email, "password": "nope"})
    unknown = await client.post(
        "/api/v1/auth/token", json={"email": "nobody@example.org", "password": "nope"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["code"] == "invalid_credentials"
    assert "mot de passe" in wrong.json()["detail"]


async def test_error_detail_is_english_on_request(client: AsyncClient) -> None:
    response = await client.post(
        "/api/v1/auth/token",
        json={"email": "nobody@example.org", "password": "nope"},
        headers={"Accept-Language": "en-GB,en;q=0.9,fr;q=0.5"},
    )
    assert response.json()["detail"] == "The e-mail address or the password is wrong."


async def test_repeated_failures_are_refused_even_with_the_right_password(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    for _ in range(settings.login_max_failures):
        response = await client.post(
            "/api/v1/auth/token", json={"email": user.email, "password": "wrong guess"}
        )
        assert response.status_code == 401
    blocked = await client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": PASSWORD}
    )
    assert blocked.status_code == 429
    assert blocked.json()["code"] == "too_many_attempts"
    assert int(blocked.headers["retry-after"]) > 0
    failures = await pool.fetchval(
        "select count(*) from login_failures where lower(email) = lower($1)", user.email
    )
    assert failures == settings.login_max_failures


async def test_me_without_token_is_401_and_with_forged_token_is_401(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    headers = await log_in(client, user.email)
    assert (await client.get("/api/v1/auth/me")).json()["code"] == "not_authenticated"
    forged = headers["Authorization"][:-2] + (
        "aa" if not headers["Authorization"].endswith("aa") else "bb"
    )
    response = await client.get("/api/v1/auth/me", headers={"Authorization": forged})
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


async def test_logging_out_ends_that_token_at_once_but_not_the_accounts_other_log_ins(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    laptop = await log_in(client, user.email)
    scanner = await log_in(client, user.email)

    out = await client.post("/api/v1/auth/logout", headers=laptop)

    assert out.status_code == 204
    after = await client.get("/api/v1/auth/me", headers=laptop)
    assert after.status_code == 401
    assert after.json()["code"] == "not_authenticated"
    again = await client.post("/api/v1/auth/logout", headers=laptop)
    assert again.status_code == 401
    assert (await client.get("/api/v1/auth/me", headers=scanner)).status_code == 200
    revoked = await pool.fetch(
        "select revoked_at is not null as revoked from sessions where user_id = $1", user.id
    )
    assert sorted(r["revoked"] for r in revoked) == [False, True]


async def test_a_deleted_accounts_token_is_refused_with_401_even_for_a_write(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    ghost = await make_user(pool, settings, role="organiser", organisation_id=staff.organisation.id)
    headers = await log_in(client, ghost.email)
    await pool.execute("delete from users where id = $1", ghost.id)
    body = event_body(title=unique("Rencontre fantôme"))

    created = await client.post("/api/v1/events", json=body, headers=headers)
    me = await client.get("/api/v1/auth/me", headers=headers)

    for response in (created, me):
        assert response.status_code == 401, response.text
        assert response.json()["code"] == "not_authenticated"
    assert await pool.fetchval("select count(*) from events where title = $1", body["title"]) == 0


async def test_a_signed_token_that_names_no_session_is_refused(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    now = int(time.time())
    claims = {"sub": str(user.id), "role": "admin", "iat": now, "exp": now + 3600}
    token = jwt.encode(claims, settings.secret_key, algorithm="HS256")

    response = await client.get("/api/v1/auth/me", headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
