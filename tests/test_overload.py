"""Overload fails fast: a served process whose few connections are all held, behind a lock the
test keeps, answers a burst of writes, reads and pages with 2xx or 503 and ``Retry-After``,
each within the bounded wait, and what it refused left nothing in the database. Every list
takes at most ``MAX_LIMIT`` items a page, as API.md says; more is a clear 400."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import httpx
import pytest
from httpx import AsyncClient

from events import db
from events.pagination import MAX_LIMIT
from events.settings import Settings
from tests.factories import PASSWORD, make_admin, make_organisation, make_user, unique
from tests.served import Service, fresh_data_dir, own_database

# The served process waits this long for a connection or a lock; a statement may run far
# longer, so that only the wait bounds what the burst sees.
WAIT_SECONDS = 0.5
STATEMENT_SECONDS = 20
# What one answer may take at most: a connection's wait, a lock's wait, and the rest of the
# request, with room for a machine shared with other work.
BOUND_SECONDS = 4 * WAIT_SECONDS + 2.0


class Served:
    def __init__(self, service: Service, url: str, pool: Any) -> None:
        self.service = service
        self.url = url
        self.pool = pool


@pytest.fixture
async def served(server_url: str, settings: Settings) -> AsyncIterator[Served]:
    async with own_database(server_url, "rencontres_overload") as url:
        with fresh_data_dir() as data_dir:
            service = Service(
                data_dir,
                workers=1,
                DATABASE_URL=url,
                EVENTS_SECRET_KEY=settings.secret_key,
                EVENTS_WORKER="off",
                EVENTS_POOL_MAX_SIZE="2",
                EVENTS_DATABASE_WAIT_SECONDS=str(WAIT_SECONDS),
                EVENTS_STATEMENT_TIMEOUT_SECONDS=str(STATEMENT_SECONDS),
            )
            pool = await db.create_pool(url, min_size=1, max_size=3)
            try:
                await service.healthy()
                yield Served(service, url, pool)
            finally:
                await pool.close()
                assert service.stop() == 0, service.output()[-3000:]


async def _setup(served: Served, settings: Settings, http: AsyncClient) -> tuple[Any, ...]:
    organisation = await make_organisation(served.pool)
    user = await make_user(served.pool, settings, role="organiser", organisation_id=organisation.id)
    token = await http.post("/api/v1/auth/token", json={"email": user.email, "password": PASSWORD})
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    created = await http.post(
        "/api/v1/events",
        headers=headers,
        json={
            "kind": "job_dating",
            "title": unique("Forum"),
            "starts_at": "2031-05-06T09:00:00+02:00",
            "ends_at": "2031-05-06T12:00:00+02:00",
            "timezone": "Europe/Paris",
            "venue": {
                "name": "Salle des fêtes",
                "address": "1 place de la Mairie",
                "city": "Bobigny",
                "postcode": "93000",
            },
            "capacity": {"candidates": 100, "companies": 10},
            "details": {"interview_minutes": 10},
        },
    )
    assert created.status_code == 201, created.text
    event_id = created.json()["id"]
    published = await http.post(f"/api/v1/events/{event_id}/publish", headers=headers)
    assert published.status_code == 200, published.text
    candidates = []
    for _ in range(24):
        made = await http.post(
            "/api/v1/candidates",
            headers=headers,
            json={"first_name": "Inès", "last_name": unique("Benali")},
        )
        assert made.status_code == 201, made.text
        candidates.append(made.json()["id"])
    return headers, event_id, candidates


async def _timed(http: AsyncClient, method: str, path: str, **kwargs: Any) -> tuple[Any, float]:
    started = time.monotonic()
    response = await http.request(method, path, **kwargs)
    return response, time.monotonic() - started


async def test_a_burst_on_held_connections_answers_fast_and_refused_writes_save_nothing(
    served: Served, settings: Settings
) -> None:
    limits = httpx.Limits(max_connections=100)
    async with AsyncClient(base_url=served.service.url, timeout=30, limits=limits) as http:
        headers, event_id, candidates = await _setup(served, settings, http)
        audited = await served.pool.fetchval("select count(*) from audit_log")
        holder = await asyncpg.connect(served.url)
        try:
            async with holder.transaction():
                # Another transaction holds the event's row: every registration queues on it,
                # with the process's two connections, and the rest wait for those.
                await holder.execute("select id from events where id = $1 for update", event_id)
                burst = [
                    *(
                        _timed(
                            http,
                            "POST",
                            f"/api/v1/events/{event_id}/registrations",
                            headers=headers,
                            json={"candidate_id": candidate},
                        )
                        for candidate in candidates
                    ),
                    *(
                        _timed(http, "GET", f"/api/v1/events/{event_id}", headers=headers)
                        for _ in range(16)
                    ),
                    *(_timed(http, "GET", f"/events/{event_id}") for _ in range(8)),
                ]
                started = time.monotonic()
                async with asyncio.timeout(60):  # before the bounds: minutes, not seconds
                    answers = await asyncio.gather(*burst)
                whole = time.monotonic() - started
        finally:
            await holder.close()

        for response, seconds in answers:
            assert response.status_code in (200, 201, 503), response.text[:300]
            assert seconds < BOUND_SECONDS, f"{response.request.url} took {seconds:.1f} s"
            if response.status_code == 503:
                assert response.headers["retry-after"] == "5"
        writes = answers[: len(candidates)]
        assert {r.status_code for r, _ in writes} == {503}, "a registration passed the lock"
        assert {r.json()["code"] for r, _ in writes} == {"database_unavailable"}
        page = answers[-1][0]
        if page.status_code == 503:  # a page in plain words, not JSON
            assert page.headers["content-type"].startswith("text/html")
        assert whole < BOUND_SECONDS * 3
        # Nothing refused was saved: no registration, no audit row.
        assert (
            await served.pool.fetchval(
                "select count(*) from registrations where event_id = $1", event_id
            )
            == 0
        )
        assert await served.pool.fetchval("select count(*) from audit_log") == audited
        # The lock gone, the same request is served.
        again = await http.post(
            f"/api/v1/events/{event_id}/registrations",
            headers=headers,
            json={"candidate_id": candidates[0]},
        )
        assert again.status_code == 201, again.text


async def test_every_list_takes_at_most_the_page_size_of_the_contract(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    admin = await make_admin(pool, settings, client)
    schema = (await client.get("/schema/openapi.json")).json()
    lists = []
    for path, operations in schema["paths"].items():
        get = operations.get("get", {})
        limit = [p for p in get.get("parameters", []) if p["name"] == "limit"]
        if not limit:
            continue
        lists.append(path)
        assert limit[0]["schema"]["maximum"] == MAX_LIMIT, path
        concrete = path
        for parameter in get["parameters"]:
            if parameter["in"] == "path":
                concrete = concrete.replace(f"{{{parameter['name']}}}", str(uuid.uuid4()))
        too_many = await client.get(concrete, params={"limit": MAX_LIMIT + 1}, headers=admin)
        assert too_many.status_code == 400, (path, too_many.text)
        assert too_many.json()["code"] == "invalid_input", path
        assert "limit" in too_many.text, path
    assert len(lists) >= 10, lists


@pytest.fixture
async def patient(server_url: str, settings: Settings) -> AsyncIterator[Served]:
    """A served process with two connections, which waits long enough for a test to act while
    requests queue."""
    async with own_database(server_url, "rencontres_hot_event") as url:
        with fresh_data_dir() as data_dir:
            service = Service(
                data_dir,
                workers=1,
                DATABASE_URL=url,
                EVENTS_SECRET_KEY=settings.secret_key,
                EVENTS_WORKER="off",
                EVENTS_POOL_MAX_SIZE="2",
                EVENTS_DATABASE_WAIT_SECONDS="4",
                EVENTS_STATEMENT_TIMEOUT_SECONDS=str(STATEMENT_SECONDS),
            )
            pool = await db.create_pool(url, min_size=1, max_size=3)
            try:
                await service.healthy()
                yield Served(service, url, pool)
            finally:
                await pool.close()
                assert service.stop() == 0, service.output()[-3000:]


async def test_a_hot_event_does_not_take_the_pool_from_everything_else(
    patient: Served, settings: Settings
) -> None:
    """Registrations queued on one event's row lock hold at most a quarter of the pool (one of
    two connections here): the rest of the service keeps answering meanwhile, and once the
    lock goes the queued registrations are served."""
    limits = httpx.Limits(max_connections=100)
    async with AsyncClient(base_url=patient.service.url, timeout=30, limits=limits) as http:
        headers, event_id, candidates = await _setup(patient, settings, http)
        holder = await asyncpg.connect(patient.url)
        try:
            transaction = holder.transaction()
            await transaction.start()
            await holder.execute("select id from events where id = $1 for update", event_id)
            queued = [
                asyncio.create_task(
                    http.post(
                        f"/api/v1/events/{event_id}/registrations",
                        headers=headers,
                        json={"candidate_id": candidate},
                    )
                )
                for candidate in candidates[:6]
            ]
            await asyncio.sleep(0.5)  # they are all waiting: on the lock, or for their turn
            assert not any(task.done() for task in queued)
            for _ in range(3):
                read, seconds = await _timed(
                    http, "GET", f"/api/v1/events/{event_id}", headers=headers
                )
                assert read.status_code == 200, read.text[:300]
                assert seconds < 2, f"a read waited {seconds:.1f} s behind the hot event"
            await transaction.rollback()
            answers = await asyncio.gather(*queued)
        finally:
            await holder.close()
    assert [a.status_code for a in answers] == [201] * 6, [a.text[:200] for a in answers]
    assert (
        await patient.pool.fetchval(
            "select count(*) from registrations where event_id = $1", event_id
        )
        == 6
    )
