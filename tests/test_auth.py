from __future__ import annotations

from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import PASSWORD, log_in, make_organisation, make_user


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
