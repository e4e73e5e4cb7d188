"""Mail through a real SMTP server (aiosmtpd on 127.0.0.1): what arrives, the invite it carries
through create → move → cancel, and what happens when the server refuses, hangs or drops."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any

from httpx import AsyncClient
from icalendar import Calendar

from events.messages import worker
from events.settings import Settings
from tests.factories import make_staff, unique
from tests.factories_outbox import (
    channels,
    deliver,
    park_earlier_messages,
    rows_for,
    smtp_server,
    soon,
)
from tests.factories_registrations import make_candidate, make_published_event, register


def invite_of(message: EmailMessage) -> tuple[str, Any]:
    """The calendar alternative's method parameter and the parsed VEVENT."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    part = parts[0]
    calendar = Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == part.get_param("method")
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return str(part.get_param("method")), events[0]


def text_of(message: EmailMessage, subtype: str) -> str:
    body = message.get_body(preferencelist=(subtype,))
    assert body is not None
    content: str = body.get_content()
    return content


async def test_mails_carry_an_invite_whose_uid_sequence_and_method_follow_create_move_cancel(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('aicha')}@example.org"
    candidate = await make_candidate(client, staff.coach, first_name="Aïcha", email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)

        # Three each time: the candidate's, and the organiser's and coach's own invites.
        assert await deliver(pool, chan) == 3
        [confirmed] = mailbox.to(address)
        method, vevent = invite_of(confirmed)
        assert (method, vevent["SEQUENCE"]) == ("REQUEST", 0)
        uid = str(vevent["UID"])
        [row] = await rows_for(pool, registration["id"])
        assert (row.kind, row.status, row.attempts) == ("registration_confirmed", "sent", 1)
        assert confirmed["X-Rencontres-Message-Id"] == str(row.id)
        assert confirmed["Message-ID"] == f"<{row.id}@127.0.0.1>"
        assert confirmed["From"] == settings.mail_from
        assert confirmed["Subject"].startswith("Place confirmée")
        text = text_of(confirmed, "plain")
        ticket = registration["ticket"]
        assert "Bonjour Aïcha," in text
        assert ticket["url"] in text
        code = ticket["short_code"]
        assert code in text and code[4] == "-", "shown as ABCD-EFGH, as everywhere"
        assert f'href="{ticket["url"]}"' in text_of(confirmed, "html")
        attachments = [p.get_filename() for p in confirmed.iter_attachments()]
        assert attachments == ["invite.ics"]

        later = datetime.fromisoformat(event["starts_at"]) + timedelta(days=1)
        moved = await client.patch(
            f"/api/v1/events/{event['id']}",
            headers=staff.organiser,
            json={
                "starts_at": later.isoformat(),
                "ends_at": (later + timedelta(hours=3)).isoformat(),
            },
        )
        assert moved.status_code == 200, moved.text
        assert await deliver(pool, chan) == 3
        [_, changed] = mailbox.to(address)
        method, vevent = invite_of(changed)
        assert (method, vevent["SEQUENCE"], str(vevent["UID"])) == ("REQUEST", 1, uid)
        assert vevent.start == later.replace(microsecond=0)
        assert changed["Subject"].startswith("Changement")

        cancelled = await client.post(
            f"/api/v1/events/{event['id']}/cancel", headers=staff.organiser
        )
        assert cancelled.status_code == 200
        assert await deliver(pool, chan) == 3
        [_, _, withdrawn] = mailbox.to(address)
        method, vevent = invite_of(withdrawn)
        assert (method, str(vevent["UID"])) == ("CANCEL", uid)
        assert vevent["SEQUENCE"] > 1
        assert vevent["STATUS"] == "CANCELLED"
        assert "annulée" in text_of(withdrawn, "plain")
    kinds = [(r.kind, r.status) for r in await rows_for(pool, registration["id"])]
    assert kinds == [
        ("registration_confirmed", "sent"),
        ("event_changed", "sent"),
        ("event_cancelled", "sent"),
    ]


async def test_a_candidate_who_reads_english_gets_the_mail_in_english(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=0)
    address = f"{unique('sam')}@example.org"
    candidate = await make_candidate(client, staff.coach, first_name="Sam", email=address)
    await pool.execute("update candidates set language = 'en' where id = $1", candidate)
    await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    [message] = mailbox.to(address)
    assert message["Subject"].startswith("Waiting list")
    assert message["Content-Language"] == "en"
    assert "You are on the waiting list (number 1)" in text_of(message, "plain")
    assert invite_of(message)[0] == "REQUEST"


async def test_a_candidate_registered_as_reading_english_gets_confirmation_and_invite_in_english(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    address = f"{unique('samuel')}@example.org"
    candidate = await make_candidate(
        client, staff.coach, first_name="Samuel", email=address, language="en"
    )
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 1
    [message] = mailbox.to(address)
    assert message["Subject"].startswith("Place confirmed")
    assert message["Content-Language"] == "en"
    text = text_of(message, "plain")
    assert "Hello Samuel," in text
    assert "Your place is confirmed for" in text
    assert "Bonjour" not in text
    [row] = await rows_for(pool, registration["id"])
    assert (row.kind, row.status) == ("registration_confirmed", "sent")

    method, vevent = invite_of(message)
    assert method == "REQUEST"
    description = str(vevent["DESCRIPTION"])
    assert description.startswith(f"Job dating: {event['title']}\nYour place is confirmed.")
    assert "Each interview lasts about 10 minutes." in description
    assert "What to bring: your CV if you have one" in description
    assert "Where: Maison de l'emploi, 12 rue des Lilas, 93100 Montreuil" in description
    assert "À apporter" not in description and "Quand" not in description
    [alarm] = vevent.walk("VALARM")
    assert str(alarm["DESCRIPTION"]) == f"Reminder: {event['title']}"


async def _failing_server_is_retried_then_dead(
    client: AsyncClient, pool: Any, settings: Settings, mode: Any, error: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    address = f"{unique('refused')}@example.org"
    candidate = await make_candidate(client, staff.coach, email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server(mode) as mailbox:
        chan = channels(settings, smtp_url=mailbox.url, delivery_timeout_seconds=0.3)
        start = soon()

        assert await deliver(pool, chan, start) == 1
        [row] = await rows_for(pool, registration["id"])
        assert (row.status, row.attempts) == ("pending", 1)
        assert error in (row.last_error or "")
        assert row.next_attempt_at == start + timedelta(seconds=60)

        assert await deliver(pool, chan, start + timedelta(seconds=59)) == 0, "not due yet"
        second = start + timedelta(seconds=60)
        assert await deliver(pool, chan, second) == 1
        [row] = await rows_for(pool, registration["id"])
        assert (row.status, row.attempts) == ("pending", 2)
        assert row.next_attempt_at == second + timedelta(seconds=120), "the wait doubles"

        assert await deliver(pool, chan, second + timedelta(seconds=120)) == 1
        [row] = await rows_for(pool, registration["id"])
        assert (row.status, row.attempts) == ("dead", 3)
        assert error in (row.last_error or "")
        assert await deliver(pool, chan, second + timedelta(days=30)) == 0, "dead stays dead"
    assert mailbox.to(address) == []


async def test_a_refusing_smtp_server_is_retried_with_backoff_then_the_message_is_dead(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await _failing_server_is_retried_then_dead(client, pool, settings, "refuse", "550")


async def test_an_smtp_server_that_never_answers_times_out_and_ends_dead(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await _failing_server_is_retried_then_dead(client, pool, settings, "hang", "timed out")


async def test_an_smtp_server_that_drops_the_connection_is_retried_then_dead(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await _failing_server_is_retried_then_dead(client, pool, settings, "drop", "SMTP")


async def test_an_invalid_address_is_dead_at_once_with_its_error(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    candidate = await make_candidate(client, staff.coach, email=f"{unique('x')}@example.org")
    # Written before addresses were checked, or by hand: the worker must not trust it.
    await pool.execute("update candidates set email = 'jean dupont@' where id = $1", candidate)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 1
    [row] = await rows_for(pool, registration["id"])
    assert (row.status, row.attempts) == ("dead", 1)
    assert "invalid e-mail address" in (row.last_error or "")
    assert mailbox.messages == []


async def test_a_confirmation_not_yet_sent_when_the_registration_is_cancelled_is_not_sent(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    await park_earlier_messages(pool)  # the staff's invites from publishing: not this test's
    address = f"{unique('late')}@example.org"
    candidate = await make_candidate(client, staff.coach, email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    cancelled = await client.post(
        f"/api/v1/registrations/{registration['id']}/cancel", headers=staff.coach
    )
    assert cancelled.status_code == 200
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 2
    rows = await rows_for(pool, registration["id"])
    assert [(r.kind, r.status, r.reason) for r in rows] == [
        ("registration_confirmed", "skipped", "superseded"),
        ("registration_cancelled", "sent", None),
    ]
    [message] = mailbox.to(address)
    assert invite_of(message)[0] == "CANCEL"


async def test_two_workers_at_once_deliver_every_message_exactly_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=40)
    addresses = [f"{unique('pair')}@example.org" for _ in range(40)]
    candidates = await asyncio.gather(
        *(make_candidate(client, staff.organiser, email=a) for a in addresses)
    )
    bulk = await client.post(
        f"/api/v1/events/{event['id']}/registrations/bulk",
        headers=staff.organiser,
        json={"candidate_ids": candidates},
    )
    assert bulk.status_code == 200
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url, worker_poll_seconds=0.02)
        stop = asyncio.Event()
        workers = [
            asyncio.create_task(worker.run(pool, channels=chan, stop=stop)) for _ in range(2)
        ]
        pending = "select count(*) from outbox where event_id = $1 and status = 'pending'"
        for _ in range(500):
            if await pool.fetchval(pending, event["id"]) == 0:
                break
            await asyncio.sleep(0.02)
        stop.set()
        await asyncio.gather(*workers)
    ids = [m["X-Rencontres-Message-Id"] for m in mailbox.messages if m["To"] in addresses]
    assert len(ids) == 40
    assert len(set(ids)) == 40
    assert sorted(m["To"] for m in mailbox.messages if m["To"] in addresses) == sorted(addresses)
    sent = await pool.fetchval(
        "select count(*) from outbox where event_id = $1 and status = 'sent' and attempts = 1",
        event["id"],
    )
    assert sent == 40 + 2, "and the organiser's and coach's invites"
