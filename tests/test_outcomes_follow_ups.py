"""Follow-ups: their due dates (the event's own last day plus 1, 3, 6 and 12 months, month ends
included), their states, the organisers' to-do list, and the reminder mail written once per
event and month and sent to the event's organisers."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

import pytest
from httpx import AsyncClient

from events import db
from events.messages import worker
from events.outcomes import follow_ups, records, reminders
from events.settings import Settings
from tests.factories import make_user
from tests.factories_outbox import channels, park_earlier_messages, smtp_server
from tests.factories_outcomes import outcome_body, past_event
from tests.factories_passwords import plain_text


async def _dates(pool: Any, world: Any, now: datetime) -> dict[int, tuple[date, str]]:
    async with db.transaction(pool) as conn:
        page = await follow_ups.for_event(
            conn, event_id=UUID(world.event_id), by=world.organiser, now=now, limit=50, cursor=None
        )
    person = next(p for p in page.items if str(p.candidate_id) == world.came[0])
    return {f.month: (f.due_on, f.state) for f in person.follow_ups}


@pytest.mark.parametrize(
    ("ends_at", "expected"),
    [
        # 31 January: a month later is the last day of February.
        (
            datetime(2026, 1, 31, 17, 0, tzinfo=UTC),
            [date(2026, 2, 28), date(2026, 4, 30), date(2026, 7, 31), date(2027, 1, 31)],
        ),
        # A leap year's February.
        (
            datetime(2027, 12, 31, 15, 0, tzinfo=UTC),
            [date(2028, 1, 31), date(2028, 3, 31), date(2028, 6, 30), date(2028, 12, 31)],
        ),
        (
            datetime(2028, 1, 30, 15, 0, tzinfo=UTC),
            [date(2028, 2, 29), date(2028, 4, 30), date(2028, 7, 30), date(2029, 1, 30)],
        ),
        # 23:30 in UTC on 31 January is already 1 February in Paris, where it took place.
        (
            datetime(2026, 1, 31, 23, 30, tzinfo=UTC),
            [date(2026, 3, 1), date(2026, 5, 1), date(2026, 8, 1), date(2027, 2, 1)],
        ),
    ],
)
async def test_follow_ups_fall_due_on_the_events_day_plus_1_3_6_and_12_months(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    ends_at: datetime,
    expected: list[date],
) -> None:
    world = await past_event(client, pool, settings, came=1, ends_at=ends_at)
    found = await _dates(pool, world, ends_at + timedelta(days=1))
    assert [found[m][0] for m in (1, 3, 6, 12)] == expected


async def test_a_follow_up_is_later_then_soon_then_due_then_overdue_until_answered(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    ends_at = datetime(2026, 3, 10, 16, 0, tzinfo=UTC)
    world = await past_event(client, pool, settings, came=1, ends_at=ends_at)
    due = datetime(2026, 4, 10, 10, 0, tzinfo=UTC)
    assert (await _dates(pool, world, due - timedelta(days=20)))[1][1] == "later"
    assert (await _dates(pool, world, due - timedelta(days=5)))[1][1] == "soon"
    assert (await _dates(pool, world, due))[1][1] == "due"
    assert (await _dates(pool, world, due + timedelta(days=29)))[1][1] == "due"
    assert (await _dates(pool, world, due + timedelta(days=30)))[1][1] == "overdue"
    async with db.transaction(pool) as conn:
        await records.record(
            conn,
            event_id=UUID(world.event_id),
            outcome=records.OutcomeIn(
                candidate_id=UUID(world.came[0]),
                kind="lost_contact",
                happened_on=date(2026, 5, 20),
                follow_up_month=1,
            ),
            by=world.organiser,
            now=due + timedelta(days=40),
        )
    assert (await _dates(pool, world, due + timedelta(days=40)))[1][1] == "answered"


async def test_the_to_do_list_shows_what_is_due_by_event_and_person_earliest_first(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    older = await past_event(
        client, pool, settings, came=2, ends_at=datetime.now(UTC) - timedelta(days=100)
    )
    newer = await past_event(
        client,
        pool,
        settings,
        came=1,
        staff=older.staff,
        ends_at=datetime.now(UTC) - timedelta(days=35),
    )
    answered = await client.post(
        f"/api/v1/events/{older.event_id}/outcomes",
        headers=older.staff.organiser,
        json=outcome_body(older.came[1], follow_up_month=1, kind="training"),
    )
    assert answered.status_code == 201
    todo = await client.get("/api/v1/follow-ups", headers=older.staff.organiser)
    assert todo.status_code == 200, todo.text
    lines = [
        (t["event_id"], t["candidate_id"], [f["month"] for f in t["follow_ups"]], t["state"])
        for t in todo.json()["items"]
    ]
    assert lines == [
        (older.event_id, older.came[0], [1, 3], "overdue"),
        (older.event_id, older.came[1], [3], "due"),
        (newer.event_id, newer.came[0], [1], "due"),
    ]
    # Paged like every list.
    first = await client.get(
        "/api/v1/follow-ups", params={"limit": 2}, headers=older.staff.organiser
    )
    rest = await client.get(
        "/api/v1/follow-ups",
        params={"limit": 2, "cursor": first.json()["next_cursor"]},
        headers=older.staff.organiser,
    )
    assert len(first.json()["items"]) + len(rest.json()["items"]) == 3
    assert rest.json()["next_cursor"] is None
    # Another organisation's organiser sees none of it.
    other = await past_event(client, pool, settings, came=0)
    theirs = await client.get("/api/v1/follow-ups", headers=other.staff.organiser)
    assert theirs.json()["items"] == []


async def _follow_up_mails(pool: Any, event_id: str) -> list[tuple[UUID, str, str | None]]:
    rows = await pool.fetch(
        "select user_id, status, reason from outbox where event_id = $1 and kind = 'follow_ups_due'"
        " order by created_at, user_id",
        UUID(event_id),
    )
    return [(r["user_id"], r["status"], r["reason"]) for r in rows]


async def test_the_reminder_mail_is_written_once_per_event_and_month_to_each_organiser(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    ends_at = datetime(2026, 1, 31, 17, 0, tzinfo=UTC)
    world = await past_event(client, pool, settings, came=1, ends_at=ends_at)
    second = await make_user(
        pool, settings, role="organiser", organisation_id=world.staff.organisation.id
    )
    await park_earlier_messages(pool)
    before = datetime(2026, 2, 27, 12, 0, tzinfo=UTC)
    async with db.transaction(pool) as conn:
        await reminders.enqueue_due(conn, now=before)
    assert await _follow_up_mails(pool, world.event_id) == []
    for day in (28, 28, 29):  # the day it falls due, again, and the next day
        moment = datetime(2026, 2, 28, 12, 0, tzinfo=UTC) + timedelta(days=day - 28)
        async with db.transaction(pool) as conn:
            await reminders.enqueue_due(conn, now=moment)
    mails = await _follow_up_mails(pool, world.event_id)
    assert sorted(m[0] for m in mails) == sorted([world.staff.organiser_user.id, second.id])
    # The coach is not mailed; the 3-month follow-up is a mail of its own.
    async with db.transaction(pool) as conn:
        await reminders.enqueue_due(conn, now=datetime(2026, 4, 30, 9, 0, tzinfo=UTC))
    assert len(await _follow_up_mails(pool, world.event_id)) == 4

    # Delivered in French with the link to the event's page.
    await pool.execute(
        "update outbox set next_attempt_at = now() where event_id = $1 and kind = 'follow_ups_due'",
        UUID(world.event_id),
    )
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)
        await worker.drain(pool, channels=chan, now=datetime.now(UTC))
    sent = mailbox.to(world.staff.organiser_user.email)
    assert len(sent) == 2
    assert sent[0]["Subject"] == f"Suivis à faire : {world.event['title']}"
    text = plain_text(sent[0])
    assert f"/admin/events/{world.event_id}/outcomes" in text
    # Written at delivery: today, the 1-, 3- and 6-month follow-ups wait.
    assert "Suivis à noter : 3." in text


async def test_no_mail_goes_out_once_every_follow_up_is_answered(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(
        client, pool, settings, came=1, ends_at=datetime.now(UTC) - timedelta(days=32)
    )
    await park_earlier_messages(pool)
    async with db.transaction(pool) as conn:
        await reminders.enqueue_due(conn, now=datetime.now(UTC))
    assert len(await _follow_up_mails(pool, world.event_id)) == 1
    answered = await client.post(
        f"/api/v1/events/{world.event_id}/outcomes",
        headers=world.staff.organiser,
        json=outcome_body(world.came[0], follow_up_month=1, kind="permanent"),
    )
    assert answered.status_code == 201
    async with smtp_server() as mailbox:
        await worker.drain(
            pool,
            channels=channels(settings, smtp_url=mailbox.url),
            now=datetime.now(UTC) + timedelta(seconds=1),
        )
    assert [(s, r) for _, s, r in await _follow_up_mails(pool, world.event_id)] == [
        ("skipped", "answered")
    ]
    assert mailbox.to(world.staff.organiser_user.email) == []


def test_the_mail_has_english_words_too() -> None:
    context = reminders.Context(
        name="Awa",
        organises=True,
        title="Job dating",
        starts_at=datetime(2026, 1, 31, 14, 0, tzinfo=UTC),
        ends_at=datetime(2026, 1, 31, 17, 0, tzinfo=UTC),
        timezone="Europe/Paris",
        event_status="completed",
        organisation_name="Asso",
        waiting=3,
    )
    rendered = reminders.render(
        context, event_id=UUID(int=1), language="en", public_url="https://rencontres.example"
    )
    assert rendered.subject == "Follow-ups to do: Job dating"
    assert "Follow-ups to record: 3." in rendered.text
    assert 'href="https://rencontres.example/admin/events/' in rendered.html


async def test_the_workers_loop_writes_and_sends_the_mail(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await past_event(
        client, pool, settings, came=1, ends_at=datetime.now(UTC) - timedelta(days=31)
    )
    await park_earlier_messages(pool)
    stop = asyncio.Event()
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url, worker_poll_seconds=0.1)
        running = asyncio.create_task(worker.run(pool, channels=chan, stop=stop))
        try:
            for _ in range(100):
                if mailbox.to(world.staff.organiser_user.email):
                    break
                await asyncio.sleep(0.05)
        finally:
            stop.set()
            await running
    [sent] = mailbox.to(world.staff.organiser_user.email)
    assert sent["Subject"] == f"Suivis à faire : {world.event['title']}"
    assert [s for _, s, _ in await _follow_up_mails(pool, world.event_id)] == ["sent"]
