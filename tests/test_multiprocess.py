"""Several machines on one database, as behind a load balancer: two ``events serve`` processes
(on two loopback ports) and two ``events worker`` processes on one PostgreSQL. Concurrent
registrations spread over both never overbook; one ticket scanned at both doors checks in once;
every message reaches a real SMTP server once; a ticket replaced through one process is refused
at once by the other; and of the serving processes, one only delivers the outbox."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from events import db
from events.settings import Settings
from tests.factories import make_organisation, make_user, unique
from tests.factories_outbox import Mailbox, smtp_server
from tests.served import Service, Worker, fresh_data_dir, own_database

CANDIDATE_PLACES = 5
CANDIDATES = 24
DELIVERY_LOCK = 0x52454E44  # sql/queries/delivery.sql


class Cluster:
    """The processes, their database and the mailbox they deliver to."""

    def __init__(self, url: str, pool: Any, mailbox: Mailbox, apis: list[Service]) -> None:
        self.url = url
        self.pool = pool
        self.mailbox = mailbox
        self.apis = apis
        self.http = [httpx.AsyncClient(base_url=api.url, timeout=30) for api in apis]


@pytest.fixture
async def cluster(server_url: str, settings: Settings) -> AsyncIterator[Cluster]:
    async with (
        own_database(server_url, "rencontres_cluster") as url,
        smtp_server() as mailbox,
    ):
        with fresh_data_dir() as data_dir:
            env = {
                "DATABASE_URL": url,
                "EVENTS_SECRET_KEY": settings.secret_key,
                "EVENTS_PUBLIC_URL": "http://rencontres.example.org",  # the load balancer
                "EVENTS_SMTP_URL": mailbox.url,
                "EVENTS_SMS_PROVIDER": "none",
                "EVENTS_WORKER_POLL_SECONDS": "0.05",
                "EVENTS_WORKER": "on",
            }
            apis = [Service(data_dir, workers=1, **env) for _ in range(2)]
            workers = [Worker(data_dir, str(n), **env) for n in range(2)]
            pool = await db.create_pool(url, min_size=1, max_size=4)
            cluster = Cluster(url, pool, mailbox, apis)
            try:
                await asyncio.gather(*(api.healthy() for api in apis))
                yield cluster
            finally:
                for http in cluster.http:
                    await http.aclose()
                await pool.close()
                stopped = [api.stop() for api in apis] + [worker.stop() for worker in workers]
                assert stopped == [0, 0, 0, 0], [p.output()[-2000:] for p in (*apis, *workers)]


async def _log_in(http: httpx.AsyncClient, email: str) -> dict[str, str]:
    response = await http.post(
        "/api/v1/auth/token", json={"email": email, "password": "correct horse battery staple"}
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


async def _staff(cluster: Cluster, settings: Settings) -> tuple[dict[str, str], dict[str, str]]:
    """An organiser logged in at the first process, a coach at the second."""
    organisation = await make_organisation(cluster.pool)
    users = [
        await make_user(
            cluster.pool,
            settings,
            role=role,
            organisation_id=organisation.id,
            password="correct horse battery staple",
        )
        for role in ("organiser", "coach")
    ]
    return (
        await _log_in(cluster.http[0], users[0].email),
        await _log_in(cluster.http[1], users[1].email),
    )


async def _event(http: httpx.AsyncClient, organiser: dict[str, str]) -> str:
    start = "2031-03-04T09:00:00+01:00"
    created = await http.post(
        "/api/v1/events",
        headers=organiser,
        json={
            "kind": "job_dating",
            "title": unique("Job dating"),
            "starts_at": start,
            "ends_at": "2031-03-04T12:00:00+01:00",
            "timezone": "Europe/Paris",
            "venue": {
                "name": "Maison de l'emploi",
                "address": "12 rue des Lilas",
                "city": "Montreuil",
                "postcode": "93100",
            },
            "capacity": {"candidates": CANDIDATE_PLACES, "companies": 2},
            "details": {"interview_minutes": 10},
        },
    )
    assert created.status_code == 201, created.text
    event_id: str = created.json()["id"]
    published = await http.post(f"/api/v1/events/{event_id}/publish", headers=organiser)
    assert published.status_code == 200, published.text
    return event_id


async def _wait_delivered(pool: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while await pool.fetchval("select count(*) from outbox where status = 'pending'"):
        assert time.monotonic() < deadline, "the outbox was not delivered in time"
        await asyncio.sleep(0.1)


async def test_two_apis_and_two_workers_on_one_database_keep_every_rule(
    cluster: Cluster, settings: Settings
) -> None:
    organiser, coach = await _staff(cluster, settings)
    a, b = cluster.http
    event_id = await _event(a, organiser)
    candidates = []
    for n in range(CANDIDATES):
        made = await (a, b)[n % 2].post(
            "/api/v1/candidates",
            headers=(organiser, coach)[n % 2],
            json={
                "first_name": "Awa",
                "last_name": unique("Traoré"),
                "email": f"{unique('cluster')}@example.org",
            },
        )
        assert made.status_code == 201, made.text
        candidates.append(made.json()["id"])

    # Registrations for five places, all at once, spread over both processes.
    answers = await asyncio.gather(
        *(
            (a, b)[n % 2].post(
                f"/api/v1/events/{event_id}/registrations",
                headers=(organiser, coach)[n % 2],
                json={"candidate_id": candidate},
            )
            for n, candidate in enumerate(candidates)
        )
    )
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers][:3]
    confirmed = [r.json() for r in answers if r.json()["status"] == "confirmed"]
    assert len(confirmed) == CANDIDATE_PLACES
    assert len([r for r in answers if r.json()["status"] == "waitlisted"]) == CANDIDATES - 5
    stored = await cluster.pool.fetchval(
        "select count(*) from registrations where event_id = $1 and status = 'confirmed'",
        event_id,
    )
    assert stored == CANDIDATE_PLACES

    # One ticket scanned at both doors at once: checked in once.
    scans = f"/api/v1/events/{event_id}/checkins"
    token = confirmed[0]["ticket"]["token"]
    scanned = await asyncio.gather(
        *((a, b)[n % 2].post(scans, headers=coach, json={"token": token}) for n in range(8))
    )
    assert sorted(r.status_code for r in scanned) == [201] + [409] * 7
    assert {r.json()["code"] for r in scanned if r.status_code == 409} == {"already_checked_in"}
    checked_in = await cluster.pool.fetchval(
        "select count(*) from scans where registration_id = $1 and result = 'checked_in'",
        confirmed[0]["id"],
    )
    assert checked_in == 1

    # A ticket the second process has just read, replaced through the first: refused by the
    # second at once (nothing it read is kept).
    old = confirmed[1]["ticket"]["token"]
    assert (await b.get(f"/api/v1/tickets/{old}")).status_code == 200
    assert (await b.get(f"/api/v1/events/{event_id}/checkin-key", headers=coach)).status_code == 200
    reissued = await a.post(
        f"/api/v1/registrations/{confirmed[1]['id']}/ticket/reissue", headers=organiser
    )
    assert reissued.status_code == 201, reissued.text
    refused = await b.post(scans, headers=coach, json={"token": old})
    assert (refused.status_code, refused.json()["code"]) == (409, "ticket_revoked")
    key = await b.get(f"/api/v1/events/{event_id}/checkin-key", headers=coach)
    assert len(key.json()["revoked_ticket_ids"]) == 1
    fresh = await b.post(scans, headers=coach, json={"token": reissued.json()["token"]})
    assert fresh.status_code == 201, fresh.text
    # A registration cancelled at the second is refused at the first.
    cancelled = await b.post(f"/api/v1/registrations/{confirmed[2]['id']}/cancel", headers=coach)
    assert cancelled.status_code == 200, cancelled.text
    late = await a.post(scans, headers=organiser, json={"token": confirmed[2]["ticket"]["token"]})
    assert (late.status_code, late.json()["code"]) == (409, "registration_cancelled")

    # Every message handed to the SMTP server once, by whichever process took it.
    await _wait_delivered(cluster.pool)
    sent = await cluster.pool.fetch("select id::text, attempts from outbox where status = 'sent'")
    ids = [m["X-Rencontres-Message-Id"] for m in cluster.mailbox.headers()]
    assert len(sent) >= CANDIDATES  # a confirmation per registration, and more
    assert sorted(ids) == sorted(row["id"] for row in sent)
    assert {row["attempts"] for row in sent} == {1}

    # Of the two serving processes, one delivers (holds the lock); both `events worker` too.
    leaders = [api for api in cluster.apis if "delivers the outbox" in api.output()]
    assert len(leaders) == 1, [api.output()[-1500:] for api in cluster.apis]
    held = await cluster.pool.fetchval(
        "select count(*) from pg_locks where locktype = 'advisory' and objid = $1"
        " and database = (select oid from pg_database where datname = current_database())",
        DELIVERY_LOCK,
    )
    assert held == 1


def test_the_delivery_lock_is_the_one_the_query_takes() -> None:
    sql = db.queries()["lock_delivery_leader"].sql
    assert f"pg_try_advisory_lock({DELIVERY_LOCK})" in sql
