"""The outbox: which changes write which messages, in their own transaction, once; and the
organisers' view of failed messages, with sending one again."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from typing import Any

from httpx import AsyncClient

from events import db
from events.messages import outbox
from events.settings import Settings
from tests.factories import make_staff, unique
from tests.factories_outbox import (
    channels,
    deliver,
    park_earlier_messages,
    rows_for,
    smtp_server,
)
from tests.factories_registrations import make_candidate, make_published_event, register


async def test_a_registration_writes_one_message_per_way_to_reach_the_candidate(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    both = await make_candidate(
        client, staff.coach, email=f"{unique('a')}@example.org", phone="06 12 34 56 78"
    )
    phone_only = await make_candidate(client, staff.coach, phone="0692 12 34 56")
    neither = await make_candidate(client, staff.coach)

    first = await register(client, staff.coach, event["id"], candidate_id=both)
    second = await register(client, staff.coach, event["id"], candidate_id=phone_only)
    third = await register(client, staff.coach, event["id"], candidate_id=neither)

    rows = await rows_for(pool, first["id"])
    assert [(r.kind, r.channel, r.status) for r in rows] == [
        ("registration_confirmed", "email", "pending"),
        ("registration_confirmed", "sms", "pending"),
    ]
    assert [(r.channel, r.recipient) for r in await rows_for(pool, second["id"])] == [
        ("sms", "0692 12 34 56")
    ]
    [nothing] = await rows_for(pool, third["id"])
    assert (nothing.channel, nothing.recipient, nothing.status, nothing.reason) == (
        "none",
        None,
        "skipped",
        "no_contact",
    )


async def test_a_refused_registration_leaves_no_message_behind(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate = await make_candidate(client, staff.coach, email=f"{unique('b')}@example.org")
    await register(client, staff.coach, event["id"], candidate_id=candidate)

    again = await client.post(
        f"/api/v1/events/{event['id']}/registrations",
        headers=staff.coach,
        json={"candidate_id": candidate},
    )

    assert again.status_code == 409
    assert again.json()["code"] == "already_registered"
    count = await pool.fetchval(
        "select count(*) from outbox o join registrations r on r.id = o.registration_id"
        " where r.candidate_id = $1",
        candidate,
    )
    assert count == 1


async def test_a_cancellation_tells_the_cancelled_one_and_the_one_who_takes_the_place(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    first = await make_candidate(client, staff.coach, email=f"{unique('c')}@example.org")
    waiting = await make_candidate(client, staff.coach, email=f"{unique('d')}@example.org")
    kept = await register(client, staff.coach, event["id"], candidate_id=first)
    listed = await register(client, staff.coach, event["id"], candidate_id=waiting)
    assert listed["status"] == "waitlisted"

    cancelled = await client.post(f"/api/v1/registrations/{kept['id']}/cancel", headers=staff.coach)

    assert cancelled.status_code == 200
    assert [r.kind for r in await rows_for(pool, kept["id"])] == [
        "registration_confirmed",
        "registration_cancelled",
    ]
    assert [r.kind for r in await rows_for(pool, listed["id"])] == [
        "registration_waitlisted",
        "registration_promoted",
    ]


async def test_a_raised_capacity_tells_those_it_takes_off_the_waiting_list(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=0)
    candidate = await make_candidate(client, staff.coach, email=f"{unique('e')}@example.org")
    listed = await register(client, staff.coach, event["id"], candidate_id=candidate)

    raised = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"capacity": {"candidates": 5, "companies": 5}},
    )

    assert raised.status_code == 200, raised.text
    assert [r.kind for r in await rows_for(pool, listed["id"])] == [
        "registration_waitlisted",
        "registration_promoted",
    ], "a capacity change moves neither time nor place: no change message"


async def test_moving_an_event_with_500_registrations_writes_500_messages_and_delivers_all(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=500)
    tag = unique("crowd")
    candidate_ids = [
        r["id"]
        for r in await pool.fetch(
            "insert into candidates (organisation_id, first_name, last_name, email)"
            " select $1, 'Lou', $2 || '-' || n, $2 || '-' || n || '@example.org'"
            " from generate_series(1, 500) n returning id",
            staff.organisation.id,
            tag,
        )
    ]
    for start in range(0, 500, 200):
        bulk = await client.post(
            f"/api/v1/events/{event['id']}/registrations/bulk",
            headers=staff.organiser,
            json={"candidate_ids": [str(i) for i in candidate_ids[start : start + 200]]},
        )
        assert bulk.status_code == 200
        assert all(item["ok"] for item in bulk.json())
    await park_earlier_messages(pool)  # the confirmations: other tests deliver those

    later = datetime.fromisoformat(event["starts_at"]) + timedelta(hours=2)
    began = time.perf_counter()
    moved = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"starts_at": later.isoformat(), "ends_at": (later + timedelta(hours=3)).isoformat()},
    )
    took = time.perf_counter() - began

    assert moved.status_code == 200, moved.text
    assert moved.json()["sequence"] == 1
    print(f"moving an event with 500 registrations answered in {took:.2f} s")
    changes = await pool.fetch(
        "select registration_id, status, attempts, sequence from outbox"
        " where event_id = $1 and kind = 'event_changed' and user_id is null",
        event["id"],
    )
    assert len(changes) == 500
    assert len({c["registration_id"] for c in changes}) == 500
    assert {(c["status"], c["attempts"], c["sequence"]) for c in changes} == {("pending", 0, 1)}

    async with smtp_server() as mailbox:
        delivered = await deliver(pool, channels(settings, smtp_url=mailbox.url))
    assert delivered == 502, "and the organiser's and coach's own invites"
    headers = [h for h in mailbox.headers() if h["To"].startswith(f"{tag}-")]
    assert {h["Subject"].split(" : ")[0] for h in headers} == {"Changement d'heure ou de lieu"}
    assert sorted(h["To"] for h in headers) == sorted(
        f"{tag}-{n}@example.org" for n in range(1, 501)
    )
    assert len({h["X-Rencontres-Message-Id"] for h in headers}) == 500
    left = await pool.fetchval(
        "select count(*) from outbox where event_id = $1 and kind = 'event_changed'"
        " and status <> 'sent'",
        event["id"],
    )
    assert left == 0


async def test_a_cancelled_event_tells_every_live_registration_and_not_the_cancelled_ones(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=1)
    going = await register(
        client,
        staff.coach,
        event["id"],
        candidate_id=await make_candidate(client, staff.coach, email=f"{unique('f')}@ex.org"),
    )
    waiting = await register(
        client,
        staff.coach,
        event["id"],
        candidate_id=await make_candidate(client, staff.coach, email=f"{unique('g')}@ex.org"),
    )
    gone = await register(
        client,
        staff.coach,
        event["id"],
        candidate_id=await make_candidate(client, staff.coach, email=f"{unique('h')}@ex.org"),
    )
    await client.post(f"/api/v1/registrations/{gone['id']}/cancel", headers=staff.coach)

    cancelled = await client.post(f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser)

    assert cancelled.status_code == 200
    for registration in (going, waiting):
        kinds = [r.kind for r in await rows_for(pool, registration["id"])]
        assert kinds[-1] == "event_cancelled"
    assert "event_cancelled" not in [r.kind for r in await rows_for(pool, gone["id"])]


async def test_the_same_cause_written_twice_is_one_message(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate = await make_candidate(client, staff.coach, email=f"{unique('i')}@example.org")
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)

    async with db.transaction(pool) as conn:
        again = await outbox.enqueue_for_registration(
            conn, registration_id=registration["id"], kind="registration_confirmed"
        )
        first = await outbox.enqueue_for_event(conn, event_id=event["id"], kind="event_changed")
        replay = await outbox.enqueue_for_event(conn, event_id=event["id"], kind="event_changed")

    assert (again, first, replay) == (0, 1, 0)
    assert len(await rows_for(pool, registration["id"])) == 2


async def _dead_message(client: AsyncClient, pool: Any, settings: Settings) -> Any:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    address = f"{unique('dead')}@example.org"
    candidate = await make_candidate(client, staff.coach, email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server("refuse") as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url, delivery_max_attempts=1))
    [row] = await rows_for(pool, registration["id"])
    assert row.status == "dead"
    return staff, row, address


async def test_organisers_see_their_dead_messages_with_the_error_and_can_send_one_again(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, row, address = await _dead_message(client, pool, settings)

    listed = await client.get("/api/v1/outbox?status=dead", headers=staff.organiser)

    assert listed.status_code == 200
    [item] = listed.json()["items"]
    assert item["id"] == str(row.id)
    assert item["recipient"] == address
    assert item["attempts"] == 1
    assert "550" in item["last_error"]

    retried = await client.post(f"/api/v1/outbox/{row.id}/retry", headers=staff.organiser)

    assert retried.status_code == 200, retried.text
    assert (retried.json()["status"], retried.json()["attempts"]) == ("pending", 0)
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 1
    assert len(mailbox.to(address)) == 1
    status = await pool.fetchval("select status from outbox where id = $1", row.id)
    assert status == "sent"
    audit = await pool.fetchval(
        "select count(*) from audit_log where action = 'outbox.retry' and subject_id = $1", row.id
    )
    assert audit == 1


async def test_a_message_that_is_not_dead_cannot_be_sent_again(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate = await make_candidate(client, staff.coach, email=f"{unique('j')}@example.org")
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    [row] = await rows_for(pool, registration["id"])

    refused = await client.post(
        f"/api/v1/outbox/{row.id}/retry",
        headers={**staff.organiser, "Accept-Language": "fr"},
    )

    assert refused.status_code == 409
    assert refused.json()["code"] == "message_not_dead"
    assert "en attente" in refused.json()["detail"]
    assert (await rows_for(pool, registration["id"]))[0] == row


async def test_another_organisation_neither_sees_nor_retries_a_dead_message(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, row, _ = await _dead_message(client, pool, settings)
    other = await make_staff(pool, settings, client)

    listed = await client.get("/api/v1/outbox?status=dead", headers=other.organiser)
    retried = await client.post(f"/api/v1/outbox/{row.id}/retry", headers=other.organiser)
    by_coach = await client.get("/api/v1/outbox", headers=other.coach)

    assert listed.status_code == 200
    assert str(row.id) not in [i["id"] for i in listed.json()["items"]]
    assert retried.status_code == 404
    assert retried.json()["code"] == "message_not_found"
    assert by_coach.status_code == 403
    assert by_coach.json()["code"] == "forbidden"
    status = await pool.fetchval("select status from outbox where id = $1", row.id)
    assert status == "dead"


async def test_the_outbox_list_pages_newest_first_and_refuses_an_unknown_status(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    for _ in range(3):
        candidate = await make_candidate(client, staff.coach, email=f"{unique('k')}@example.org")
        await register(client, staff.coach, event["id"], candidate_id=candidate)

    first = await client.get("/api/v1/outbox?limit=3", headers=staff.organiser)
    second = await client.get(
        f"/api/v1/outbox?limit=3&cursor={first.json()['next_cursor']}", headers=staff.organiser
    )
    wrong = await client.get("/api/v1/outbox?status=lost", headers=staff.organiser)

    assert first.status_code == second.status_code == 200
    items = first.json()["items"] + second.json()["items"]
    assert len(items) == 5, "three confirmations, and the organiser's and coach's invites"
    assert second.json()["next_cursor"] is None
    stamps = [i["created_at"] for i in items]
    assert stamps == sorted(stamps, reverse=True)
    assert wrong.status_code == 400
