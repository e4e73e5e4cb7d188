"""An event's signing key is kept by a process only once committed: a registration that fails
after making the key must not leave the process signing tickets with a key stored nowhere."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events import db, registrations
from events.actors import Actor
from events.messages import notifications
from events.settings import Settings
from events.tickets import tokens
from tests.factories import Staff, make_staff
from tests.factories_registrations import make_candidate, make_published_event, register


def _organiser(staff: Staff) -> Actor:
    return Actor(
        id=staff.organiser_user.id, role="organiser", organisation_id=staff.organisation.id
    )


async def _next_ticket_verifies(
    client: AsyncClient, pool: Any, staff: Staff, event: dict[str, Any]
) -> None:
    """A registration made after the failure gets a ticket that its holder can open and the door
    accepts, signed by the key the database holds."""
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    token = registration["ticket"]["token"]
    shown = await client.get(f"/api/v1/tickets/{token}")
    assert shown.status_code == 200, shown.text
    assert shown.json()["status"] == "confirmed"
    scanned = await client.post(
        f"/api/v1/events/{event['id']}/checkins", headers=staff.coach, json={"token": token}
    )
    assert scanned.status_code == 201, scanned.text
    stored_key = await pool.fetchval(
        "select public_key from event_keys where event_id = $1", UUID(event["id"])
    )
    assert tokens.verify(stored_key, token).event_id == UUID(event["id"])
    assert (
        await pool.fetchval(
            "select count(*) from registrations where event_id = $1", UUID(event["id"])
        )
        == 1
    )


async def test_a_first_registration_failing_after_the_key_insert_leaves_the_next_ticket_valid(
    client: AsyncClient, pool: Any, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    first = await make_candidate(client, staff.organiser)

    async def queue_down(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the outbox is down")

    # The registration has made the event's key and the ticket when its notification fails.
    monkeypatch.setattr(notifications, "registered", queue_down)
    with pytest.raises(RuntimeError, match="outbox is down"):
        async with db.request_transaction(pool) as conn:
            await registrations.register(
                conn,
                event_id=UUID(event["id"]),
                registration=registrations.RegistrationIn(candidate_id=UUID(first)),
                by=_organiser(staff),
                now=datetime.now(UTC),
                public_url=settings.public_url,
            )
    monkeypatch.undo()
    assert (
        await pool.fetchval("select count(*) from event_keys where event_id = $1", event["id"]) == 0
    )

    await _next_ticket_verifies(client, pool, staff, event)


async def test_a_key_read_back_in_the_transaction_that_made_it_is_not_kept_either(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    """A group registration makes the key for its first candidate (in a savepoint) and reads it
    back for the second: that key is still uncommitted, and is gone when the request fails."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    group = [UUID(await make_candidate(client, staff.organiser)) for _ in range(2)]
    with pytest.raises(RuntimeError, match="after the group"):
        async with db.request_transaction(pool) as conn:
            done = await registrations.register_many(
                conn,
                event_id=UUID(event["id"]),
                bulk=registrations.BulkRegistrationIn(candidate_ids=group),
                by=_organiser(staff),
                now=datetime.now(UTC),
                public_url=settings.public_url,
            )
            assert [item.ok for item in done] == [True, True]
            raise RuntimeError("the request fails after the group was registered")

    await _next_ticket_verifies(client, pool, staff, event)
