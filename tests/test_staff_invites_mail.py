"""Organisers, coaches and recruiters get their own calendar invite by mail, through the outbox and
a real SMTP server (aiosmtpd on 127.0.0.1): on publication, on a company's confirmed place, on
every move (higher SEQUENCE, same UID) and on cancellation (METHOD:CANCEL), once per change."""

from __future__ import annotations

from datetime import datetime, timedelta
from email.message import EmailMessage
from typing import Any
from uuid import UUID

import msgspec
from httpx import AsyncClient
from icalendar import Calendar, Event

from events import db
from events.messages import notifications
from events.settings import Settings
from tests.factories import Staff, log_in, make_staff, make_user, unique
from tests.factories_events import create_event, make_event
from tests.factories_invites import cancel_event, cancel_registration, move
from tests.factories_outbox import (
    Mailbox,
    channels,
    deliver,
    park_earlier_messages,
    smtp_server,
    soon,
)
from tests.factories_registrations import make_company, make_published_event, register

HOST = "127.0.0.1"  # the host of settings.public_url in tests


class UserRow(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    status: str
    reason: str | None
    sequence: int
    attempts: int
    registration_id: UUID | None


async def user_rows(pool: Any, user_id: Any, event_id: Any) -> list[UserRow]:
    """A user's messages about an event, oldest first."""
    records = await pool.fetch(
        "select kind, status, reason, sequence, attempts, registration_id from outbox"
        " where user_id = $1 and event_id = $2 order by created_at, kind",
        user_id,
        UUID(str(event_id)),
    )
    return [msgspec.convert(dict(r), UserRow) for r in records]


def invite_of(message: EmailMessage) -> tuple[str, Event]:
    """The calendar alternative's method and its one VEVENT, parsed by icalendar; the attached
    ``invite.ics`` is the same calendar."""
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    calendar = Calendar.from_ical(parts[0].get_content())
    assert calendar["METHOD"] == parts[0].get_param("method")
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content() == parts[0].get_content().encode()
    [vevent] = calendar.walk("VEVENT")
    return str(calendar["METHOD"]), vevent


def one_for(mailbox: Mailbox, address: str, already: int) -> tuple[EmailMessage, str, Event]:
    """The one new mail to ``address`` since it had ``already``: never two for one change."""
    mails = mailbox.to(address)
    assert len(mails) == already + 1, f"{address} got {len(mails) - already} mails for one change"
    method, vevent = invite_of(mails[-1])
    return mails[-1], method, vevent


def text_of(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content: str = body.get_content()
    return content


async def recruiter_of(
    pool: Any, settings: Settings, company_id: str, email: str | None = None
) -> Any:
    return await make_user(
        pool, settings, role="recruiter", company_id=UUID(company_id), email=email
    )


async def published_with_company(
    client: AsyncClient, pool: Any, settings: Settings, **event: Any
) -> tuple[Staff, dict[str, Any], Any, dict[str, Any]]:
    """A published event of a fresh organisation, with one company registered (its contact has
    no e-mail: only its recruiter is mailed)."""
    staff = await make_staff(pool, settings, client)
    published = await make_published_event(client, staff.organiser, **event)
    company = await make_company(client, staff.organiser)
    recruiter = await recruiter_of(pool, settings, company)
    registration = await register(client, staff.organiser, published["id"], company_id=company)
    return staff, published, recruiter, registration


async def test_publishing_mails_the_organiser_and_the_coach_their_own_request_invite(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    other = await make_staff(pool, settings, client)
    event = await create_event(client, staff.organiser)
    assert await user_rows(pool, staff.organiser_user.id, event["id"]) == [], "a draft: no mail"

    published = await client.post(f"/api/v1/events/{event['id']}/publish", headers=staff.organiser)
    assert published.status_code == 200, published.text

    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 2
    for user, headers, part in (
        (staff.organiser_user, staff.organiser, "Vous organisez cette rencontre."),
        (staff.coach_user, staff.coach, "Vous y participez comme coach."),
    ):
        message, method, vevent = one_for(mailbox, user.email, 0)
        assert method == "REQUEST"
        assert vevent["SEQUENCE"] == 0
        assert vevent["STATUS"] == "CONFIRMED"
        uid = str(vevent["UID"])
        assert uid.startswith("staff-") and uid.endswith(f"@{HOST}")
        assert str(vevent["ATTENDEE"]) == f"mailto:{user.email}"
        served = await client.get(f"/api/v1/events/{event['id']}/invite.ics", headers=headers)
        assert served.status_code == 200
        assert str(Calendar.from_ical(served.content).walk("VEVENT")[0]["UID"]) == uid
        assert message["Subject"].startswith(f"Invitation : {event['title']}, ")
        assert message["Content-Language"] == "fr"
        text = text_of(message)
        assert text.startswith(f"Bonjour {user.name},")
        assert part in text
        assert f"{settings.public_url}/events/{event['id']}" in text
        [row] = await user_rows(pool, user.id, event["id"])
        assert (row.kind, row.status, row.sequence, row.attempts) == (
            "event_published",
            "sent",
            0,
            1,
        )
    for outsider in (other.organiser_user, other.coach_user):
        assert mailbox.to(outsider.email) == []
        assert await user_rows(pool, outsider.id, event["id"]) == []


async def test_a_companys_recruiter_is_mailed_its_invite_once_its_place_is_confirmed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, companies=1)
    first, second = [await make_company(client, staff.organiser) for _ in range(2)]
    confirmed_recruiter = await recruiter_of(pool, settings, first)
    waiting_recruiter = await recruiter_of(pool, settings, second)
    await park_earlier_messages(pool)  # the staff's invites: the test above

    confirmed = await register(client, staff.organiser, event["id"], company_id=first)
    waiting = await register(client, staff.organiser, event["id"], company_id=second)
    assert (confirmed["status"], waiting["status"]) == ("confirmed", "waitlisted")

    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)
        assert await deliver(pool, chan) == 1
        message, method, vevent = one_for(mailbox, confirmed_recruiter.email, 0)
        assert method == "REQUEST"
        uid = str(vevent["UID"])
        assert uid.startswith("recruiter-") and uid.endswith(f"@{HOST}")
        assert vevent["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
        assert message["Subject"] == f"Inscription confirmée : {event['title']}"
        assert "Vous y participez pour votre entreprise." in text_of(message)
        recruiter_headers = await log_in(client, confirmed_recruiter.email)
        served = await client.get(
            f"/api/v1/events/{event['id']}/invite.ics", headers=recruiter_headers
        )
        assert str(Calendar.from_ical(served.content).walk("VEVENT")[0]["UID"]) == uid
        assert mailbox.to(waiting_recruiter.email) == [], "a waiting list place is no meeting"
        assert await user_rows(pool, waiting_recruiter.id, event["id"]) == []

        await cancel_registration(client, staff.organiser, confirmed["id"])
        assert await deliver(pool, chan) == 2, "the cancellation and the promotion"
        message, method, vevent = one_for(mailbox, confirmed_recruiter.email, 1)
        assert (method, str(vevent["UID"]), vevent["SEQUENCE"]) == ("CANCEL", uid, 1)
        assert vevent["STATUS"] == "CANCELLED"
        assert message["Subject"] == f"Inscription annulée : {event['title']}"
        message, method, vevent = one_for(mailbox, waiting_recruiter.email, 0)
        assert (method, vevent["SEQUENCE"]) == ("REQUEST", 0)
        assert vevent["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
        assert message["Subject"] == f"Inscription confirmée : {event['title']}"
        assert "Une place s'est libérée" in text_of(message)
    for user in (staff.organiser_user, staff.coach_user):
        kinds = [r.kind for r in await user_rows(pool, user.id, event["id"])]
        assert kinds == ["event_published"], "a company's place is not news for the staff"
    assert [
        (r.kind, r.status) for r in await user_rows(pool, confirmed_recruiter.id, event["id"])
    ] == [
        ("registration_confirmed", "sent"),
        ("registration_cancelled", "sent"),
    ]


async def test_staff_and_recruiter_follow_move_and_cancel_under_one_uid_one_mail_per_change(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff, event, recruiter, _ = await published_with_company(client, pool, settings)
    people = [staff.organiser_user.email, staff.coach_user.email, recruiter.email]
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)
        assert await deliver(pool, chan) == 3
        uids = {}
        for address in people:
            _, method, vevent = one_for(mailbox, address, 0)
            assert (method, vevent["SEQUENCE"]) == ("REQUEST", 0)
            uids[address] = str(vevent["UID"])
        assert len(set(uids.values())) == 3

        moved = await move(client, staff.organiser, event, timedelta(days=1, hours=1))
        assert moved["sequence"] == 1
        assert await deliver(pool, chan) == 3
        for address in people:
            message, method, vevent = one_for(mailbox, address, 1)
            assert (method, str(vevent["UID"]), vevent["SEQUENCE"]) == ("REQUEST", uids[address], 1)
            assert vevent.start == datetime.fromisoformat(moved["starts_at"]).replace(microsecond=0)
            assert message["Subject"] == f"Changement d'heure ou de lieu : {event['title']}"

        await cancel_event(client, staff.organiser, event["id"])
        assert await deliver(pool, chan) == 3
        for address in people:
            message, method, vevent = one_for(mailbox, address, 2)
            assert (method, str(vevent["UID"])) == ("CANCEL", uids[address])
            assert vevent["SEQUENCE"] == 2
            assert vevent["STATUS"] == "CANCELLED"
            assert not vevent.walk("VALARM")
            assert message["Subject"] == f"Rencontre annulée : {event['title']}"
            assert "est annulée" in text_of(message)
        assert await deliver(pool, chan, soon(minutes=30)) == 0, "nothing left to send"
    assert [
        (r.kind, r.sequence, r.status) for r in await user_rows(pool, recruiter.id, event["id"])
    ] == [
        ("registration_confirmed", 0, "sent"),
        ("event_changed", 1, "sent"),
        ("event_cancelled", 2, "sent"),
    ]


async def test_a_move_before_the_invite_went_out_sends_only_the_moved_invite(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff, event, recruiter, _ = await published_with_company(client, pool, settings)
    moved = await move(client, staff.organiser, event, timedelta(hours=2))

    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 6
    for user in (staff.organiser_user, staff.coach_user, recruiter):
        _, method, vevent = one_for(mailbox, user.email, 0)
        assert (method, vevent["SEQUENCE"]) == ("REQUEST", 1)
        assert vevent.start == datetime.fromisoformat(moved["starts_at"]).replace(microsecond=0)
        rows = await user_rows(pool, user.id, event["id"])
        assert [(r.sequence, r.status, r.reason) for r in rows] == [
            (0, "skipped", "superseded"),
            (1, "sent", None),
        ]


async def test_the_same_change_written_twice_is_one_mail_per_person(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff, event, recruiter, registration = await published_with_company(client, pool, settings)
    before = await pool.fetchval(
        "select count(*) from outbox where event_id = $1", UUID(event["id"])
    )

    async with db.transaction(pool) as conn:
        for _ in range(2):
            await notifications.event_published(conn, event_id=UUID(event["id"]))
            await notifications.registered(
                conn,
                registration_id=UUID(registration["id"]),
                role=registration["role"],
                status="confirmed",
            )

    after = await pool.fetchval(
        "select count(*) from outbox where event_id = $1", UUID(event["id"])
    )
    assert after == before
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    for user in (staff.organiser_user, staff.coach_user, recruiter):
        one_for(mailbox, user.email, 0)


async def test_a_recruiter_who_is_the_company_contact_gets_the_company_mail_only(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('contact')}@example.org"
    company = await client.post(
        "/api/v1/companies",
        headers=staff.organiser,
        json={
            "name": unique("Traiteur"),
            "sector": "restauration",
            "city": "Saint-Denis",
            "postcode": "97400",
            "contact": {"name": "Nadia Payet", "email": address.upper()},
        },
    )
    assert company.status_code == 201, company.text
    recruiter = await recruiter_of(pool, settings, company.json()["id"], email=address)
    await park_earlier_messages(pool)
    registration = await register(
        client, staff.organiser, event["id"], company_id=company.json()["id"]
    )
    await move(client, staff.organiser, event, timedelta(days=2))

    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    mails = [m for m in mailbox.messages if m["To"].lower() == address]
    assert sorted(m["Subject"].split(" : ")[0] for m in mails) == [
        "Changement d'heure ou de lieu",
        "Place confirmée",
    ]
    assert all(str(invite_of(m)[1]["UID"]).startswith("registration-") for m in mails)
    rows = await user_rows(pool, recruiter.id, event["id"])
    assert [(r.kind, r.status, r.reason) for r in rows] == [
        ("registration_confirmed", "skipped", "company_contact"),
        ("event_changed", "skipped", "company_contact"),
    ]
    assert {r.registration_id for r in rows} == {UUID(registration["id"])}


async def test_a_draft_moved_or_cancelled_mails_no_staff(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser)
    await move(client, staff.organiser, event, timedelta(hours=1))
    await cancel_event(client, staff.organiser, event["id"])

    for user in (staff.organiser_user, staff.coach_user):
        assert await user_rows(pool, user.id, event["id"]) == []


async def test_a_refused_publication_writes_no_mail(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    before = await pool.fetchval(
        "select count(*) from outbox where event_id = $1", UUID(event["id"])
    )

    again = await client.post(f"/api/v1/events/{event['id']}/publish", headers=staff.organiser)
    by_coach = await client.post(f"/api/v1/events/{event['id']}/cancel", headers=staff.coach)

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_status_transition"
    assert by_coach.status_code == 403
    assert by_coach.json()["code"] == "forbidden"
    after = await pool.fetchval(
        "select count(*) from outbox where event_id = $1", UUID(event["id"])
    )
    assert after == before == 2


async def test_a_company_that_registers_again_gets_the_old_invite_cancelled_and_a_new_one(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff, event, recruiter, first = await published_with_company(client, pool, settings)
    async with smtp_server() as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)
        await deliver(pool, chan)
        _, _, vevent = one_for(mailbox, recruiter.email, 0)
        old_uid = str(vevent["UID"])

        await cancel_registration(client, staff.organiser, first["id"])
        second = await register(
            client, staff.organiser, event["id"], company_id=str(recruiter.company_id)
        )
        assert second["status"] == "confirmed"
        assert await deliver(pool, chan) == 2
    invites = dict(invite_of(m) for m in mailbox.to(recruiter.email)[1:])
    assert sorted(invites) == ["CANCEL", "REQUEST"]
    withdrawn, renewed = invites["CANCEL"], invites["REQUEST"]
    assert (str(withdrawn["UID"]), withdrawn["SEQUENCE"]) == (old_uid, 1)
    assert str(renewed["UID"]).startswith("recruiter-")
    assert str(renewed["UID"]) != old_uid, "a new registration is a new meeting"
    assert renewed["SEQUENCE"] == 0


async def test_a_refusing_server_retries_a_staff_invite_with_backoff_until_it_is_dead(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    async with smtp_server("refuse") as mailbox:
        chan = channels(settings, smtp_url=mailbox.url)
        start = soon()
        assert await deliver(pool, chan, start) == 2
        [row] = await user_rows(pool, staff.coach_user.id, event["id"])
        assert (row.status, row.attempts) == ("pending", 1)
        assert await deliver(pool, chan, start + timedelta(seconds=59)) == 0, "not due yet"
        assert await deliver(pool, chan, start + timedelta(seconds=60)) == 2
        assert await deliver(pool, chan, start + timedelta(seconds=180)) == 2
    [row] = await user_rows(pool, staff.coach_user.id, event["id"])
    assert (row.status, row.attempts) == ("dead", 3)

    listed = await client.get("/api/v1/outbox?status=dead", headers=staff.organiser)
    assert listed.status_code == 200
    dead = [i for i in listed.json()["items"] if i["event_id"] == event["id"]]
    assert sorted(i["user_id"] for i in dead) == sorted(
        str(u.id) for u in (staff.organiser_user, staff.coach_user)
    )
    assert {(i["registration_id"], i["kind"]) for i in dead} == {(None, "event_published")}
    [message_id] = [i["id"] for i in dead if i["user_id"] == str(staff.coach_user.id)]
    retried = await client.post(f"/api/v1/outbox/{message_id}/retry", headers=staff.organiser)
    assert retried.status_code == 200, retried.text
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 1
    one_for(mailbox, staff.coach_user.email, 0)
    audit = await pool.fetchval(
        "select data::text from audit_log where action = 'outbox.retry' and subject_id = $1",
        UUID(message_id),
    )
    assert msgspec.json.decode(audit) == {"user_id": str(staff.coach_user.id)}
