"""A refusal that carries its record (a failed log-in, a refused scan) keeps that record and
nothing else: every other write of the request is rolled back (``db.request_transaction``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events import checkins, db
from events.actors import Actor
from events.directory import accounts
from events.errors import InvalidCredentials, InvalidTicket
from events.settings import Settings
from tests.factories import make_staff, make_user, unique
from tests.factories_registrations import make_published_event

NOW = datetime(2031, 3, 14, 9, 0, tzinfo=UTC)


async def _failures(pool: Any, email: str) -> int:
    count: int = await pool.fetchval(
        "select count(*) from login_failures where lower(email) = lower($1)", email
    )
    return count


async def _earlier_write(conn: db.Conn) -> str:
    """Some other write of the same request, made before the refusal: a row anyone can count."""
    bystander = f"{unique('earlier-write')}@example.org"
    await db.execute(
        conn, "insert_login_failure", email=bystander, address="192.0.2.1", failed_at=NOW
    )
    return bystander


async def test_a_failed_log_in_keeps_its_record_but_not_an_earlier_write_of_its_request(
    pool: Any, settings: Settings
) -> None:
    user = await make_user(pool, settings, role="admin")
    bystander = ""
    with pytest.raises(InvalidCredentials):
        async with db.request_transaction(pool) as conn:
            bystander = await _earlier_write(conn)
            await accounts.log_in(
                pool,
                credentials=accounts.LoginIn(email=user.email, password="wrong guess"),
                client="192.0.2.1",
                settings=settings,
                now=NOW,
            )
    assert await _failures(pool, user.email) == 1
    assert await _failures(pool, bystander) == 0


async def test_a_refused_scan_keeps_its_scan_but_not_an_earlier_write_of_its_request(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    organiser = Actor(
        id=staff.organiser_user.id, role="organiser", organisation_id=staff.organisation.id
    )
    bystander = ""
    with pytest.raises(InvalidTicket):
        async with db.request_transaction(pool) as conn:
            bystander = await _earlier_write(conn)
            await checkins.check_in(
                conn,
                event_id=UUID(event["id"]),
                checkin=checkins.CheckinIn(token="x" * 132, nonce="scan-1"),
                by=organiser,
                now=NOW,
            )
    scans = await pool.fetch(
        "select result, nonce, scanned_at from scans where event_id = $1", UUID(event["id"])
    )
    assert [(s["result"], s["nonce"], s["scanned_at"]) for s in scans] == [
        ("invalid_ticket", "scan-1", NOW)
    ]
    assert await _failures(pool, bystander) == 0


async def test_a_refusal_without_a_record_keeps_nothing(pool: Any, settings: Settings) -> None:
    bystander = ""
    with pytest.raises(InvalidTicket):
        async with db.request_transaction(pool) as conn:
            bystander = await _earlier_write(conn)
            raise InvalidTicket
    assert await _failures(pool, bystander) == 0
