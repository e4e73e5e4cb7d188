"""Reminders: written when their time comes (24 hours before by default, per event), once per
registration and start time, never to a cancelled registration."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from httpx import AsyncClient

from events.messages import worker
from events.settings import Settings
from tests.factories import make_staff, unique
from tests.factories_outbox import channels, park_earlier_messages, rows_for, smtp_server
from tests.factories_registrations import make_candidate, make_published_event, register


def far_start() -> datetime:
    """A start no other test's event shares, so that no other reminder falls due with ours."""
    minutes = secrets.randbelow(60 * 24 * 300)
    return (datetime.now(UTC) + timedelta(days=400, minutes=minutes)).replace(microsecond=0)


async def _event_with(
    client: AsyncClient, pool: Any, settings: Settings, count: int = 1
) -> tuple[Any, dict[str, Any], list[dict[str, Any]], list[str]]:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, starts_at=far_start())
    addresses = [f"{unique('rappel')}@example.org" for _ in range(count)]
    registrations = []
    for address in addresses:
        candidate = await make_candidate(client, staff.coach, email=address)
        registrations.append(
            await register(client, staff.coach, event["id"], candidate_id=candidate)
        )
    return staff, event, registrations, addresses


def _reminders(rows: list[Any]) -> list[Any]:
    return [r for r in rows if r.kind == "reminder"]


async def test_the_reminder_goes_out_once_the_day_before(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, event, [registration], [address] = await _event_with(client, pool, settings)
    start = datetime.fromisoformat(event["starts_at"])
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)

        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=25))
        assert _reminders(await rows_for(pool, registration["id"])) == []

        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=23))
        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=22))
        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=1))

    [reminder] = _reminders(await rows_for(pool, registration["id"]))
    assert (reminder.status, reminder.attempts) == ("sent", 1)
    reminded = [m for m in mailbox.to(address) if m["Subject"].startswith("Rappel")]
    assert len(reminded) == 1
    assert not any(p.get_content_type() == "text/calendar" for p in reminded[0].walk())


async def test_a_cancelled_registration_gets_no_reminder(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, event, [kept, cancelled], _ = await _event_with(client, pool, settings, count=2)
    response = await client.post(
        f"/api/v1/registrations/{cancelled['id']}/cancel", headers=staff.coach
    )
    assert response.status_code == 200
    start = datetime.fromisoformat(event["starts_at"])
    async with smtp_server() as mailbox:
        await worker.run_once(
            pool, channels=channels(settings, smtp_url=mailbox.url), now=start - timedelta(hours=2)
        )
    assert len(_reminders(await rows_for(pool, kept["id"]))) == 1
    assert _reminders(await rows_for(pool, cancelled["id"])) == []


async def test_the_reminder_time_is_set_per_event_and_zero_means_none(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, event, [registration], _ = await _event_with(client, pool, settings)
    _, silent, [unreminded], _ = await _event_with(client, pool, settings)
    await pool.execute("update events set reminder_hours_before = 3 where id = $1", event["id"])
    await pool.execute("update events set reminder_hours_before = 0 where id = $1", silent["id"])
    start = datetime.fromisoformat(event["starts_at"])
    quiet = datetime.fromisoformat(silent["starts_at"])
    chan = channels(settings)

    await worker.run_once(pool, channels=chan, now=start - timedelta(hours=23))
    assert _reminders(await rows_for(pool, registration["id"])) == []

    await worker.run_once(pool, channels=chan, now=start - timedelta(hours=2))
    assert len(_reminders(await rows_for(pool, registration["id"]))) == 1

    await worker.run_once(pool, channels=chan, now=quiet - timedelta(minutes=30))
    assert _reminders(await rows_for(pool, unreminded["id"])) == []


async def test_a_reminder_time_patched_by_the_organiser_moves_when_the_reminder_is_due(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, event, [registration], [address] = await _event_with(client, pool, settings)
    patched = await client.patch(
        f"/api/v1/events/{event['id']}",
        headers=staff.organiser,
        json={"reminder_hours_before": 48},
    )
    assert patched.status_code == 200, patched.text
    start = datetime.fromisoformat(event["starts_at"])
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)

        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=49))
        assert _reminders(await rows_for(pool, registration["id"])) == []

        # Under the default of 24 hours nothing would be due yet.
        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=47))

    [reminder] = _reminders(await rows_for(pool, registration["id"]))
    assert (reminder.status, reminder.attempts) == ("sent", 1)
    assert sum(m["Subject"].startswith("Rappel") for m in mailbox.to(address)) == 1


async def test_a_moved_event_is_reminded_again_for_its_new_start(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff, event, [registration], [address] = await _event_with(client, pool, settings)
    start = datetime.fromisoformat(event["starts_at"])
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)
        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=20))
        later = start + timedelta(days=2)
        moved = await client.patch(
            f"/api/v1/events/{event['id']}",
            headers=staff.organiser,
            json={
                "starts_at": later.isoformat(),
                "ends_at": (later + timedelta(hours=3)).isoformat(),
            },
        )
        assert moved.status_code == 200
        await worker.run_once(pool, channels=chan, now=start - timedelta(hours=19))
        await worker.run_once(pool, channels=chan, now=later - timedelta(hours=20))

    reminders = _reminders(await rows_for(pool, registration["id"]))
    assert [(r.status, r.sequence) for r in reminders] == [("sent", 0), ("sent", 1)]
    subjects = [m["Subject"] for m in mailbox.to(address)]
    assert sum(s.startswith("Rappel") for s in subjects) == 2


async def test_a_reminder_held_up_until_the_event_is_over_is_not_sent(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    _, event, [registration], [address] = await _event_with(client, pool, settings)
    start = datetime.fromisoformat(event["starts_at"])
    async with smtp_server("refuse") as refusing:
        await worker.run_once(
            pool,
            channels=channels(settings, smtp_url=refusing.url),
            now=start - timedelta(hours=10),
        )
    async with smtp_server() as mailbox:
        await worker.run_once(
            pool,
            channels=channels(settings, smtp_url=mailbox.url),
            now=start + timedelta(hours=4),
        )
    [reminder] = _reminders(await rows_for(pool, registration["id"]))
    assert (reminder.status, reminder.reason) == ("skipped", "too_late")
    assert mailbox.to(address) == []
