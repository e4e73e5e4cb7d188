"""Failed log-ins are limited per client address and account, with higher ceilings per account
(any address) and per address (any account): a guesser is slowed, the owner elsewhere is not.
In-process clients that each come from their own address; the burst against a served process
is in ``test_login_flood``."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import httpx
from litestar import Litestar

from events.settings import Settings
from tests.factories import PASSWORD, make_user, unique


@asynccontextmanager
async def _clients(app: Litestar) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """A client per address, as that many machines are."""
    opened: list[httpx.AsyncClient] = []

    def at(address: str) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=app, client=(address, 40000))
        http = httpx.AsyncClient(transport=transport, base_url="http://testserver")
        opened.append(http)
        return http

    try:
        yield at
    finally:
        for http in opened:
            await http.aclose()


async def _log_in(http: httpx.AsyncClient, email: str, password: str) -> httpx.Response:
    return await http.post("/api/v1/auth/token", json={"email": email, "password": password})


async def _failures(pool: Any, email: str) -> list[str]:
    rows = await pool.fetch(
        "select address from login_failures where lower(email) = lower($1) order by address",
        email,
    )
    return [r["address"] for r in rows]


async def test_an_account_is_refused_to_every_address_past_its_ceiling(
    app: Litestar, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    per_pair = settings.login_max_failures
    guessers = settings.login_max_failures_per_account // per_pair
    async with _clients(app) as at:
        for n in range(guessers):
            http = at(f"192.0.2.{10 + n}")
            for _ in range(per_pair):
                wrong = await _log_in(http, user.email, "wrong guess")
                assert wrong.status_code == 401, wrong.text
                assert wrong.json()["code"] == "invalid_credentials"
        late = await _log_in(at("192.0.2.99"), user.email, PASSWORD)

    assert late.status_code == 429
    assert late.json()["code"] == "too_many_attempts"
    assert int(late.headers["retry-after"]) > 0
    assert len(await _failures(pool, user.email)) == settings.login_max_failures_per_account


async def test_one_address_is_refused_on_every_account_past_its_ceiling(
    app: Litestar, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    sprayer = "192.0.2.30"
    async with _clients(app) as at:
        http = at(sprayer)
        for _ in range(settings.login_max_failures_per_address):
            wrong = await _log_in(http, f"{unique('spray')}@example.org", "Password1")
            assert wrong.status_code == 401, wrong.text
        refused = await _log_in(http, user.email, PASSWORD)
        elsewhere = await _log_in(at("192.0.2.31"), user.email, PASSWORD)

    assert refused.status_code == 429
    assert refused.json()["code"] == "too_many_attempts"
    assert await _failures(pool, user.email) == [], "a refused log-in is not written"
    spread = await pool.fetchval("select count(*) from login_failures where address = $1", sprayer)
    assert spread == settings.login_max_failures_per_address
    assert elsewhere.status_code == 200, elsewhere.text


async def test_a_right_password_clears_the_failures_of_its_own_address_only(
    app: Litestar, pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    guesser, owner = "192.0.2.40", "192.0.2.41"
    async with _clients(app) as at:
        for address in (guesser, owner):
            for _ in range(settings.login_max_failures - 1):
                assert (await _log_in(at(address), user.email, "wrong")).status_code == 401
        logged_in = await _log_in(at(owner), user.email, PASSWORD)

    assert logged_in.status_code == 200, logged_in.text
    # The owner's own typos are forgiven; the guesser's failures keep counting.
    assert await _failures(pool, user.email) == [guesser] * (settings.login_max_failures - 1)
