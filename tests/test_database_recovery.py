"""When PostgreSQL fails, no request hangs and none answers 500: no connection in time or a
connection lost before COMMIT is 503 `database_unavailable` (nothing saved), a connection lost
during COMMIT is 503 `outcome_unknown` (maybe saved), `/health` says 503 and why, and the
service serves again by itself — in this process through the real app, and as a served process
whose embedded postmaster is killed under load."""

from __future__ import annotations

import asyncio
import os
import secrets
import signal
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import msgspec
import pytest
from litestar import Litestar

from events import db
from events.app import create_app
from events.settings import Settings
from tests.factories import log_in, make_organisation, make_user
from tests.factories_directory import count
from tests.served import (
    Service,
    create_admin,
    database_uri,
    fresh_data_dir,
    postmaster_pid,
)

UNAVAILABLE = "database_unavailable"
UNKNOWN = "outcome_unknown"


@pytest.fixture(scope="module")
async def own_database_url(server_url: str) -> AsyncIterator[str]:
    """A database of this module's own: its tests cut connections, lock tables, add a trigger."""
    name = f"rencontres_recovery_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'create database "{name}"')
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    try:
        await db.migrate_url(url)
        yield url
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


@asynccontextmanager
async def running(settings: Settings) -> AsyncIterator[tuple[Litestar, httpx.AsyncClient]]:
    """The real app on ``settings``, its lifespan run here, and a client for it."""
    application = create_app(settings)
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        async with application.lifespan():
            started.set()
            await stopping.wait()

    task = asyncio.create_task(run())
    await started.wait()
    transport = httpx.ASGITransport(app=application)
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            yield application, client
    finally:
        stopping.set()
        await task


async def organiser(app: Litestar, settings: Settings, client: httpx.AsyncClient) -> dict[str, str]:
    pool = app.state.pool
    organisation = await make_organisation(pool)
    user = await make_user(pool, settings, role="organiser", organisation_id=organisation.id)
    return await log_in(client, user.email)


def candidate(last_name: str) -> dict[str, str]:
    return {"first_name": "Awa", "last_name": last_name}


async def backend_waiting_on_a_lock(conn: Any) -> int:
    """The pid of the request's backend, once it waits for the lock the test holds."""
    for _ in range(200):
        pid: int | None = await conn.fetchval(
            "select pid from pg_stat_activity"
            " where datname = current_database() and wait_event_type = 'Lock'"
        )
        if pid is not None:
            return pid
        await asyncio.sleep(0.02)
    raise AssertionError("the request never waited for the lock")


async def test_a_request_that_cannot_get_a_connection_in_time_answers_503_and_saves_nothing(
    settings: Settings, own_database_url: str
) -> None:
    tight = msgspec.structs.replace(
        settings,
        database_url=own_database_url,
        pool_min_size=1,
        pool_max_size=1,
        database_wait_seconds=0.5,
    )
    marker = f"Pool-{secrets.token_hex(4)}"
    async with running(tight) as (app, client):
        headers = await organiser(app, tight, client)
        held = await app.state.pool.acquire()  # the pool's only connection, busy elsewhere
        try:
            started = time.monotonic()
            response = await asyncio.wait_for(  # before: it waited for ever
                client.post("/api/v1/candidates", json=candidate(marker), headers=headers), 10
            )
            waited = time.monotonic() - started
            health = await client.get("/health")
        finally:
            await app.state.pool.release(held)
        assert response.status_code == 503, response.text
        assert response.json()["code"] == UNAVAILABLE
        assert "Rien n'a été enregistré" in response.json()["detail"]
        assert response.headers["retry-after"] == "5"
        assert waited < 3, f"the request waited {waited:.1f} s"
        assert health.status_code == 503
        assert health.json() == {
            "status": "unavailable",
            "database": "unreachable",
            "reason": "no answer within 0.5 s",
        }
        assert health.headers["retry-after"] == "5"
        assert await count(app.state.pool, "candidates", "last_name = $1", marker) == 0
        # The connection is back: the same request now succeeds, and health says so.
        again = await client.post("/api/v1/candidates", json=candidate(marker), headers=headers)
        assert again.status_code == 201, again.text
        assert (await client.get("/health")).json() == {"status": "ok", "database": "ok"}


async def test_a_statement_slower_than_the_limit_answers_503_and_saves_nothing(
    settings: Settings, own_database_url: str
) -> None:
    slow = msgspec.structs.replace(
        settings, database_url=own_database_url, statement_timeout_seconds=0.5
    )
    marker = f"Slow-{secrets.token_hex(4)}"
    async with running(slow) as (app, client):
        headers = await organiser(app, slow, client)
        locker = await asyncpg.connect(own_database_url)
        try:
            async with locker.transaction():
                # Another transaction holds the table: the request's insert waits for it.
                await locker.execute("lock table candidates in exclusive mode")
                started = time.monotonic()
                response = await asyncio.wait_for(  # before: it waited for ever
                    client.post("/api/v1/candidates", json=candidate(marker), headers=headers), 10
                )
                waited = time.monotonic() - started
        finally:
            await locker.close()
        assert response.status_code == 503, response.text
        assert response.json()["code"] == UNAVAILABLE
        assert response.headers["retry-after"] == "5"
        assert waited < 3, f"the request waited {waited:.1f} s"
        assert await count(app.state.pool, "candidates", "last_name = $1", marker) == 0


async def test_a_connection_cut_before_commit_answers_503_and_the_service_reconnects(
    settings: Settings, own_database_url: str
) -> None:
    plain = msgspec.structs.replace(settings, database_url=own_database_url)
    marker = f"Cut-{secrets.token_hex(4)}"
    async with running(plain) as (app, client):
        headers = await organiser(app, plain, client)
        locker = await asyncpg.connect(own_database_url)
        try:
            async with locker.transaction():
                await locker.execute("lock table candidates in exclusive mode")
                request = asyncio.create_task(
                    client.post("/api/v1/candidates", json=candidate(marker), headers=headers)
                )
                backend = await backend_waiting_on_a_lock(locker)
                assert await locker.fetchval("select pg_terminate_backend($1)", backend)
                response = await request
        finally:
            await locker.close()
        assert response.status_code == 503, response.text
        assert response.json()["code"] == UNAVAILABLE
        assert response.headers["retry-after"] == "5"
        assert await count(app.state.pool, "candidates", "last_name = $1", marker) == 0
        # Every other connection of the pool is cut too: the next requests get new ones.
        cutter = await asyncpg.connect(own_database_url)
        try:
            await cutter.execute(
                "select pg_terminate_backend(pid) from pg_stat_activity"
                " where datname = current_database() and pid <> pg_backend_pid()"
            )
        finally:
            await cutter.close()
        answers = [
            await client.post("/api/v1/candidates", json=candidate(marker), headers=headers)
            for _ in range(3)
        ]
        assert {a.status_code for a in answers} <= {201, 503}
        assert all(a.json()["code"] == UNAVAILABLE for a in answers if a.status_code == 503)
        assert answers[-1].status_code == 201, answers[-1].text
        created = [a.json()["id"] for a in answers if a.status_code == 201]
        assert await count(app.state.pool, "candidates", "last_name = $1", marker) == len(created)
        assert (await client.get("/health")).status_code == 200


async def test_a_connection_cut_during_commit_answers_outcome_unknown_not_nothing_saved(
    settings: Settings, own_database_url: str
) -> None:
    plain = msgspec.structs.replace(settings, database_url=own_database_url)
    marker = f"Commit-{secrets.token_hex(4)}"
    setup = await asyncpg.connect(own_database_url)
    # A deferred trigger runs inside COMMIT: made to wait there for a lock the test holds.
    await setup.execute(
        """
        create function test_wait_at_commit() returns trigger language plpgsql as $$
        begin perform pg_advisory_xact_lock(4242); return null; end $$;
        create constraint trigger test_wait_at_commit after insert on candidates
            deferrable initially deferred for each row
            when (new.last_name like 'Commit-%') execute function test_wait_at_commit();
        """
    )
    try:
        async with running(plain) as (app, client):
            headers = await organiser(app, plain, client)
            await setup.execute("select pg_advisory_lock(4242)")
            request = asyncio.create_task(
                client.post(
                    "/api/v1/candidates",
                    json=candidate(marker),
                    headers={**headers, "Accept-Language": "en"},
                )
            )
            backend = await backend_waiting_on_a_lock(setup)
            waiting_in = await setup.fetchval(
                "select query from pg_stat_activity where pid = $1", backend
            )
            assert waiting_in.strip().upper().startswith("COMMIT"), waiting_in
            assert await setup.fetchval("select pg_terminate_backend($1)", backend)
            response = await request
            await setup.execute("select pg_advisory_unlock(4242)")
            assert response.status_code == 503, response.text
            body = response.json()
            assert body["code"] == UNKNOWN
            assert "Nothing was saved" not in body["detail"]
            assert "check whether it is there" in body["detail"]
            assert response.headers["retry-after"] == "5"
            # PostgreSQL did not finish the COMMIT: the change is not there, as the answer
            # allowed; and the service goes on serving.
            assert await count(app.state.pool, "candidates", "last_name = $1", marker) == 0
            assert (await client.get("/health")).status_code == 200
    finally:
        await setup.execute(
            "drop trigger test_wait_at_commit on candidates; drop function test_wait_at_commit();"
        )
        await setup.close()


# --- a served process whose embedded PostgreSQL is killed under load -------------------------


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with fresh_data_dir() as path:
        yield path


class Answer(msgspec.Struct, frozen=True):
    status: int
    code: str | None
    retry_after: str | None
    candidate_id: str | None
    at: float


async def _register_in_a_loop(
    client: httpx.AsyncClient, headers: dict[str, str], organisation_id: str, stop: asyncio.Event
) -> list[Answer]:
    answers = []
    while not stop.is_set():
        body = {**candidate(f"Load-{secrets.token_hex(4)}"), "organisation_id": organisation_id}
        response = await client.post("/api/v1/candidates", json=body, headers=headers)
        is_json = response.headers.get("content-type", "").startswith("application/json")
        payload = response.json() if is_json else {}
        answers.append(
            Answer(
                status=response.status_code,
                code=payload.get("code"),
                retry_after=response.headers.get("retry-after"),
                candidate_id=payload.get("id") if response.status_code == 201 else None,
                at=time.monotonic(),
            )
        )
    return answers


async def _kill_under_load(service: Service, headers: dict[str, str], organisation_id: str) -> Any:
    """Registrations from six clients; the postmaster killed after a second of them; /health
    polled until it is 200 again; a second more of registrations."""
    stop = asyncio.Event()
    healths: list[tuple[float, int, dict[str, Any]]] = []
    async with httpx.AsyncClient(base_url=service.url, timeout=20) as client:
        loops = [
            asyncio.create_task(_register_in_a_loop(client, headers, organisation_id, stop))
            for _ in range(6)
        ]
        await asyncio.sleep(1.0)
        pid = postmaster_pid(service.data_dir)
        assert pid is not None
        os.kill(pid, signal.SIGKILL)
        killed = time.monotonic()
        while time.monotonic() - killed < 15:
            response = await client.get("/health")
            healths.append((time.monotonic(), response.status_code, response.json()))
            # An orphaned backend may still answer a moment after the kill: healed is a 200
            # after a 503.
            if response.status_code == 200 and any(h[1] == 503 for h in healths):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.0)
        stop.set()
        answers = [answer for batch in await asyncio.gather(*loops) for answer in batch]
    return pid, killed, healths, answers


async def _stored(uri: str, ids: list[str]) -> set[str]:
    conn = await asyncpg.connect(uri)
    try:
        rows = await conn.fetch("select id::text from candidates where id::text = any($1)", ids)
    finally:
        await conn.close()
    return {row["id"] for row in rows}


def test_killing_the_embedded_postmaster_under_load_loses_no_201_and_heals_by_itself(
    data_dir: Path,
) -> None:
    assert create_admin(data_dir, "admin.recovery@example.org").returncode == 0
    service = Service(data_dir)
    try:
        service.wait_healthy()
        token = httpx.post(
            f"{service.url}/api/v1/auth/token",
            json={"email": "admin.recovery@example.org", "password": "a long enough password"},
            timeout=10,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        organisation = httpx.post(
            f"{service.url}/api/v1/organisations",
            json={"name": "Association Reprise"},
            headers=headers,
            timeout=10,
        )
        assert organisation.status_code == 201, organisation.text

        old_pid, killed, healths, answers = asyncio.run(
            _kill_under_load(service, headers, organisation.json()["id"])
        )

        assert service.process.poll() is None, "the service itself stopped"
        # /health said why while the database was down, and was 200 again within 10 s.
        down = [body for _, status, body in healths if status == 503]
        assert down, "the outage was never seen by /health"
        assert all(b["status"] == "unavailable" and b["database"] == "unreachable" for b in down)
        assert all(b["reason"] for b in down)
        healed_at, last_status, _ = healths[-1]
        assert last_status == 200, f"not healthy 15 s after the kill: {healths[-3:]}"
        assert healed_at - killed < 10
        assert postmaster_pid(data_dir) not in (None, old_pid)
        # No 500, no hang: 201, or 503 with a code and Retry-After.
        assert {a.status for a in answers} <= {201, 503}, {a.status for a in answers}
        refused = [a for a in answers if a.status == 503]
        assert refused, "no request met the outage"
        assert {a.code for a in refused} <= {"database_unavailable", "outcome_unknown"}
        assert all(a.retry_after == "5" for a in refused)
        # It serves again, and every 201 is in the database.
        assert any(a.status == 201 and a.at > healed_at for a in answers)
        created = [a.candidate_id for a in answers if a.candidate_id is not None]
        stored = asyncio.run(_stored(database_uri(data_dir), created))
        assert stored == set(created)
    finally:
        assert service.stop(signal.SIGTERM) == 0, service.output()[-3000:]
    assert postmaster_pid(data_dir) is None, "the restarted PostgreSQL was left running"
