"""The hot routes in one statement each (issue 13): the places counted on the event's row stay
equal to the registrations whatever changes them, at once or one after another; a log-out
stops a scan and a registration at once; the per-process key caches never serve a key that
was rolled back."""

from __future__ import annotations

import asyncio
import re
import time
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec
from httpx import AsyncClient

from events import db
from events.settings import Settings
from events.tickets import by_token, issuing, tokens
from tests.factories import log_in, make_staff, make_user
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)
from tests.test_database_recovery import running

_COUNTED = """
select e.candidates_confirmed, e.candidates_waitlisted, e.companies_confirmed,
    e.companies_waitlisted,
    (select count(*) from registrations r where r.event_id = e.id and r.role = 'candidate'
        and r.status = 'confirmed') as candidates_confirmed_rows,
    (select count(*) from registrations r where r.event_id = e.id and r.role = 'candidate'
        and r.status = 'waitlisted') as candidates_waitlisted_rows,
    (select count(*) from registrations r where r.event_id = e.id and r.role = 'company'
        and r.status = 'confirmed') as companies_confirmed_rows,
    (select count(*) from registrations r where r.event_id = e.id and r.role = 'company'
        and r.status = 'waitlisted') as companies_waitlisted_rows
from events e where e.id = $1
"""


async def _counted(pool: Any, event_id: str) -> dict[str, int]:
    """The places counted on the event's row; fails unless they are the registrations'."""
    row = await pool.fetchrow(_COUNTED, event_id)
    for name in ("candidates", "companies"):
        for status in ("confirmed", "waitlisted"):
            column = f"{name}_{status}"
            assert row[column] == row[f"{column}_rows"], (column, dict(row))
    return {k: v for k, v in row.items() if not k.endswith("_rows")}


async def test_the_count_on_the_event_row_follows_every_change_of_a_registration(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=3, companies=1)
    url = f"/api/v1/events/{event['id']}"
    candidates = [await make_candidate(client, staff.organiser) for _ in range(7)]
    # One statement alone (a candidate, no key), and the transaction's ways: an idempotency
    # key, a group, a company.
    alone = [
        await register(client, staff.coach, event["id"], candidate_id=c) for c in candidates[:2]
    ]
    keyed = await client.post(
        f"{url}/registrations",
        headers={**staff.coach, "Idempotency-Key": "count-1"},
        json={"candidate_id": candidates[2]},
    )
    assert keyed.status_code == 201 and keyed.json()["status"] == "confirmed"
    group = await client.post(
        f"{url}/registrations/bulk", headers=staff.coach, json={"candidate_ids": candidates[3:5]}
    )
    assert [item["registration"]["status"] for item in group.json()] == ["waitlisted"] * 2
    late = await register(client, staff.coach, event["id"], candidate_id=candidates[5])
    assert (late["status"], late["waitlist_position"]) == ("waitlisted", 3)
    companies = [await make_company(client, staff.organiser) for _ in range(2)]
    placed = [await register(client, staff.organiser, event["id"], company_id=c) for c in companies]
    assert [p["status"] for p in placed] == ["confirmed", "waitlisted"]
    assert await _counted(pool, event["id"]) == {
        "candidates_confirmed": 3,
        "candidates_waitlisted": 3,
        "companies_confirmed": 1,
        "companies_waitlisted": 1,
    }

    # A confirmed place cancelled goes to the first waitlisted; a waitlisted one leaves.
    await client.post(f"/api/v1/registrations/{alone[0]['id']}/cancel", headers=staff.organiser)
    await client.post(f"/api/v1/registrations/{late['id']}/cancel", headers=staff.organiser)
    await client.post(f"/api/v1/registrations/{placed[0]['id']}/cancel", headers=staff.organiser)
    assert await _counted(pool, event["id"]) == {
        "candidates_confirmed": 3,
        "candidates_waitlisted": 1,
        "companies_confirmed": 1,
        "companies_waitlisted": 0,
    }
    # More places: the waiting list goes in; then a newcomer takes a free place.
    raised = await client.patch(
        url, headers=staff.organiser, json={"capacity": {"candidates": 5, "companies": 1}}
    )
    assert raised.status_code == 200, raised.text
    assert (await _counted(pool, event["id"]))["candidates_confirmed"] == 4
    newcomer = await register(client, staff.coach, event["id"], candidate_id=candidates[6])
    assert newcomer["status"] == "confirmed"
    again = await client.post(
        f"{url}/registrations", headers=staff.coach, json={"candidate_id": candidates[6]}
    )
    assert again.status_code == 409 and again.json()["code"] == "already_registered"
    assert (await _counted(pool, event["id"]))["candidates_confirmed"] == 5

    # Once it is over, those who never came are no-shows: their places are no longer counted.
    await pool.execute(
        "update events set starts_at = $2, ends_at = $3 where id = $1",
        event["id"],
        datetime.now(UTC) - timedelta(hours=3),
        datetime.now(UTC) - timedelta(hours=1),
    )
    came = await client.post(
        f"{url}/checkins", headers=staff.coach, json={"token": newcomer["ticket"]["token"]}
    )
    assert came.status_code == 201, came.text
    marked = await client.post(f"{url}/no-shows", headers=staff.organiser)
    assert marked.json()["marked"] == 5  # 4 candidates, 1 company
    assert await _counted(pool, event["id"]) == {
        "candidates_confirmed": 1,
        "candidates_waitlisted": 0,
        "companies_confirmed": 0,
        "companies_waitlisted": 0,
    }


async def test_registrations_at_once_by_every_way_never_take_more_than_the_places(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=10)
    url = f"/api/v1/events/{event['id']}/registrations"
    candidates = await asyncio.gather(*(make_candidate(client, staff.organiser) for _ in range(60)))
    first = await register(client, staff.coach, event["id"], candidate_id=candidates[0])
    assert first["status"] == "confirmed"  # the event's key is made: the rest go alone
    alone = [
        client.post(url, headers=staff.coach, json={"candidate_id": c}) for c in candidates[1:41]
    ]
    keyed = [
        client.post(
            url,
            headers={**staff.organiser, "Idempotency-Key": f"at-once-{n}"},
            json={"candidate_id": c},
        )
        for n, c in enumerate(candidates[41:51])
    ]
    group = client.post(
        f"{url}/bulk", headers=staff.organiser, json={"candidate_ids": candidates[51:]}
    )
    # The same candidate twice at once: one registration.
    twice = [client.post(url, headers=staff.coach, json={"candidate_id": candidates[1]})]
    answers = await asyncio.gather(*alone, *keyed, group, *twice)
    singles = [a for a in answers if a.request.url.path == url]
    assert sorted(a.status_code for a in singles) == [201] * 50 + [409]
    bodies = [a.json() for a in singles if a.status_code == 201]
    bodies += [item["registration"] for item in answers[50].json()]
    bodies.append(first)
    assert len(bodies) == 60
    assert sum(b["status"] == "confirmed" for b in bodies) == 10
    positions = sorted(b["waitlist_position"] for b in bodies if b["status"] == "waitlisted")
    assert positions == list(range(1, 51))
    assert await _counted(pool, event["id"]) == {
        "candidates_confirmed": 10,
        "candidates_waitlisted": 50,
        "companies_confirmed": 0,
        "companies_waitlisted": 0,
    }


async def test_a_log_out_stops_scans_and_registrations_at_once_and_they_write_nothing(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registered = await register(
        client, staff.coach, event["id"], candidate_id=await make_candidate(client, staff.coach)
    )
    candidate = await make_candidate(client, staff.coach)
    door = await log_in(client, staff.coach_user.email)
    assert (await client.post("/api/v1/auth/logout", headers=door)).status_code in (200, 204)
    url = f"/api/v1/events/{event['id']}"
    scanned = await client.post(
        f"{url}/checkins", headers=door, json={"token": registered["ticket"]["token"]}
    )
    added = await client.post(
        f"{url}/registrations", headers=door, json={"candidate_id": candidate}
    )
    assert (scanned.status_code, added.status_code) == (401, 401)
    assert await pool.fetchval("select count(*) from scans where event_id = $1", event["id"]) == 0
    assert (
        await pool.fetchval(
            "select count(*) from registrations where event_id = $1 and candidate_id = $2",
            event["id"],
            candidate,
        )
        == 0
    )
    # A recruiter's token (no door, no registration) is refused after its session too: 401
    # first, as for every request, then 403 while it stands.
    company = await make_company(client, staff.organiser)
    recruiter_user = await make_user(pool, settings, role="recruiter", company_id=UUID(company))
    recruiter = await log_in(client, recruiter_user.email)
    refused = await client.post(
        f"{url}/checkins", headers=recruiter, json={"token": registered["ticket"]["token"]}
    )
    assert refused.status_code == 403
    await client.post("/api/v1/auth/logout", headers=recruiter)
    for path, body in (
        ("checkins", {"token": registered["ticket"]["token"]}),
        ("registrations", {"candidate_id": candidate}),
    ):
        gone = await client.post(f"{url}/{path}", headers=recruiter, json=body)
        assert gone.status_code == 401, (path, gone.text)


async def test_a_key_made_in_a_transaction_rolled_back_is_not_kept(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)

    class _Undo(Exception):
        pass

    try:
        async with db.transaction(pool) as conn:
            made = await issuing.event_key(conn, event_id=UUID(event["id"]))
            token = tokens.sign(
                made.private_key, event_id=made.event_id, ticket_id=tokens.new_ticket_id(), serial=1
            )
            assert (await by_token.verified(conn, token=token)).event_id == made.event_id
            raise _Undo
    except _Undo:
        pass
    # Neither half of the key that was rolled back is served: the next one is the stored one.
    async with pool.acquire() as conn:
        assert await issuing.known_key(conn, event_id=UUID(event["id"])) is None
    registered = await register(
        client, staff.coach, event["id"], candidate_id=await make_candidate(client, staff.coach)
    )
    assert registered["ticket"]["token"] != token
    scanned = await client.post(
        f"/api/v1/events/{event['id']}/checkins",
        headers=staff.coach,
        json={"token": registered["ticket"]["token"]},
    )
    assert scanned.status_code == 201, scanned.text
    old = await client.post(
        f"/api/v1/events/{event['id']}/checkins", headers=staff.coach, json={"token": token}
    )
    assert old.json()["code"] == "invalid_ticket"


async def _backend_waiting_on_a_lock(conn: Any) -> int:
    for _ in range(250):
        pid = await conn.fetchval(
            "select pid from pg_stat_activity where datname = current_database()"
            " and wait_event_type = 'Lock' limit 1"
        )
        if pid is not None:
            return int(pid)
        await asyncio.sleep(0.02)
    raise AssertionError("the scan never waited for the lock")


async def test_a_scan_whose_connection_is_cut_answers_503_and_the_next_one_works(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registered = await register(
        client, staff.coach, event["id"], candidate_id=await make_candidate(client, staff.coach)
    )
    url = f"/api/v1/events/{event['id']}/checkins"
    body = {"token": registered["ticket"]["token"]}
    locker = await pool.acquire()
    try:
        async with locker.transaction():
            # Another transaction holds the registration: the scan's statement waits for it.
            await locker.execute(
                "select 1 from registrations where id = $1 for update", registered["id"]
            )
            scan = asyncio.create_task(client.post(url, headers=staff.coach, json=body))
            backend = await _backend_waiting_on_a_lock(locker)
            assert await locker.fetchval("select pg_terminate_backend($1)", backend)
            cut = await scan
    finally:
        await pool.release(locker)
    # Sent and lost on its way: it may have been saved, and the answer says so.
    assert cut.status_code == 503, cut.text
    assert cut.json()["code"] == "outcome_unknown"
    assert cut.headers["retry-after"] == "5"
    again = await client.post(url, headers=staff.coach, json=body)
    assert again.status_code == 201, again.text
    stored = await pool.fetch("select result from scans where event_id = $1", event["id"])
    assert [row["result"] for row in stored] == ["checked_in"]  # the cut one was undone


_PLACES_CHANGED = re.compile(
    r"insert\s+into\s+registrations\b"
    r"|update\s+registrations\b[^;]*?\bset\b(?:(?!\bwhere\b)[^;])*?\bstatus\s*=",
    re.IGNORECASE,
)


def test_every_statement_that_changes_a_place_counts_it_on_the_event_row() -> None:
    # A registration made, or its status changed, by a statement that leaves the count on the
    # event's row alone would let the next registration take a place that is not free.
    changing = {name for name, query in db.queries().items() if _PLACES_CHANGED.search(query.sql)}
    assert changing == {
        "insert_registration",
        "insert_candidate_registration",
        "cancel_registration",
        "promote_waitlisted",
        "mark_no_shows",
    }
    for name in changing:
        assert "candidates_confirmed" in db.queries()[name].sql, name


async def test_a_scan_or_a_registration_without_a_connection_in_time_answers_503(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    registered = await register(
        client, staff.coach, event["id"], candidate_id=await make_candidate(client, staff.coach)
    )
    candidate = await make_candidate(client, staff.coach)
    tight = msgspec.structs.replace(
        settings, pool_min_size=1, pool_max_size=1, database_wait_seconds=0.5
    )
    url = f"/api/v1/events/{event['id']}"
    async with running(tight) as (app, tight_client):
        held = await app.state.pool.acquire()  # the pool's only connection, busy elsewhere
        try:
            started = time.monotonic()
            scanned = await tight_client.post(
                f"{url}/checkins",
                headers=staff.coach,
                json={"token": registered["ticket"]["token"]},
            )
            added = await tight_client.post(
                f"{url}/registrations", headers=staff.coach, json={"candidate_id": candidate}
            )
            waited = time.monotonic() - started
        finally:
            await app.state.pool.release(held)
        for answer in (scanned, added):
            assert answer.status_code == 503, answer.text
            assert answer.json()["code"] == "database_unavailable"
            assert answer.headers["retry-after"] == "5"
        assert waited < 4, f"the two requests waited {waited:.1f} s"
        assert (
            await pool.fetchval("select count(*) from scans where event_id = $1", event["id"]) == 0
        )
        again = await tight_client.post(
            f"{url}/checkins", headers=staff.coach, json={"token": registered["ticket"]["token"]}
        )
        assert again.status_code == 201, again.text
