"""Everyone's interview schedule: the organiser sends the latest plan (mail and SMS through real
receivers, in plain words, no social data), the candidate reads their own interviews on their
ticket, the recruiter their company's on their page, sheet and calendar (parsed back with
icalendar); only the organisers of the event send; a re-plan sent again tells only those whose
interviews changed, and moves the calendar SEQUENCE of the moved interview only.

The plans are written as the grid's solve would write them (one interview_plans row and its
interviews), straight in SQL: these tests do not depend on the solver."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient
from icalendar import Calendar

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, log_in
from tests.factories import Staff, make_staff
from tests.factories_directory import Recruiter, make_recruiter
from tests.factories_events import make_event, unique_day
from tests.factories_outbox import (
    channels,
    deliver,
    park_earlier_messages,
    sms_gateway,
    smtp_server,
)
from tests.factories_passwords import html_text, plain_text
from tests.factories_registrations import make_candidate, make_company, register
from tests.factories_skills import consent, observe, review

PRIVATE_MARKER = "Hébergé au foyer Saint-Just"


@dataclass
class World:
    staff: Staff
    event_id: str
    start: datetime
    # Zoé (French, mail and phone), Omar (English, mail only), Lina (no contact): ids, tickets.
    candidates: list[str]
    tickets: list[str]
    last_names: list[str]
    # Two companies with a recruiter each; a third, registered, with no interview.
    companies: list[Recruiter]
    names: list[str]
    idle: Recruiter
    plans: list[int] = field(default_factory=list)


async def make_world(client: AsyncClient, pool: Any, settings: Settings) -> World:
    staff = await make_staff(pool, settings, client)
    start = unique_day().replace(hour=14, minute=0)
    event = await make_event(client, staff.organiser, "job_dating", status="published", start=start)
    people = [
        {
            "first_name": "Zoé",
            "last_name": "Kamara-Dupont",
            "email": "zoe.kamara@example.org",
            "phone": "+33612345678",
            "private": {"other_barriers": PRIVATE_MARKER},
        },
        {
            "first_name": "Omar",
            "last_name": "Haddad",
            "email": "omar.haddad@example.org",
            "language": "en",
        },
        {"first_name": "Lina", "last_name": "Petrova"},
    ]
    candidates, tickets = [], []
    for person in people:
        candidate_id = await make_candidate(client, staff.organiser, **person)
        registration = await register(
            client, staff.organiser, event["id"], candidate_id=candidate_id
        )
        candidates.append(candidate_id)
        tickets.append(registration["ticket"]["token"])
    companies, names = [], []
    for name in ("Boulangerie Martin", "Transports Rhône"):
        company_id = await make_company(client, staff.organiser)
        await pool.execute("update companies set name = $2 where id = $1", UUID(company_id), name)
        await register(client, staff.organiser, event["id"], company_id=company_id)
        companies.append(await make_recruiter(pool, settings, client, company_id=UUID(company_id)))
        names.append(name)
    idle_id = await make_company(client, staff.organiser)
    await register(client, staff.organiser, event["id"], company_id=idle_id)
    idle = await make_recruiter(pool, settings, client, company_id=UUID(idle_id))
    return World(
        staff=staff,
        event_id=event["id"],
        start=start,
        candidates=candidates,
        tickets=tickets,
        last_names=[p["last_name"] for p in people],
        companies=companies,
        names=names,
        idle=idle,
    )


# (minutes after the start, company index, table, candidate index)
FIRST_PLAN = [
    (10, 0, 2, 0),  # 14 h 10, Boulangerie Martin, table 2: Zoé
    (40, 1, 1, 0),  # 14 h 40, Transports Rhône, table 1: Zoé
    (10, 0, 1, 1),  # 14 h 10, Boulangerie Martin, table 1: Omar
    (40, 0, 1, 2),  # 14 h 40, Boulangerie Martin, table 1: Lina
]


async def write_plan(pool: Any, world: World, rows: list[tuple[int, int, int, int]]) -> int:
    """A plan as the grid's solve stores it: its row, and the event's interviews replaced."""
    event_id = UUID(world.event_id)
    plan_id: int = await pool.fetchval(
        "insert into interview_plans (event_id, solved_at, status, objective, bound, gap, "
        "seconds) values ($1, now(), 'optimal', 10, 10, 0, 0.1) returning id",
        event_id,
    )
    await pool.execute("delete from interviews where event_id = $1", event_id)
    for minutes, company, table, candidate in rows:
        starts_at = world.start + timedelta(minutes=minutes)
        await pool.execute(
            "insert into interviews (event_id, plan_id, slot, starts_at, ends_at, company_id, "
            "table_no, candidate_id) values ($1, $2, $3, $4, $5, $6, $7, $8)",
            event_id,
            plan_id,
            minutes // 30,
            starts_at,
            starts_at + timedelta(minutes=20),
            world.companies[company].company.id,
            table,
            UUID(world.candidates[candidate]),
        )
    world.plans.append(plan_id)
    return plan_id


async def send(client: AsyncClient, world: World) -> dict[str, Any]:
    response = await client.post(
        f"/api/v1/events/{world.event_id}/interview-grid/send", headers=world.staff.organiser
    )
    assert response.status_code == 200, response.text
    sent: dict[str, Any] = response.json()
    return sent


async def outbox_of(
    pool: Any, world: World, plan_id: int | None = None
) -> list[tuple[str, str | None, str | None]]:
    """The schedule messages written (for one plan's send), as (channel, recipient, status)."""
    rows = await pool.fetch(
        "select channel, recipient, status from outbox where event_id = $1 "
        "and kind = 'interview_schedule' and ($2::bigint is null or split_part(dedup_key, ':', 2)"
        " = $2::text) order by recipient nulls first, channel",
        UUID(world.event_id),
        plan_id,
    )
    return [(r["channel"], r["recipient"], r["status"]) for r in rows]


def calendar_of(body: bytes) -> Calendar:
    calendar = Calendar.from_ical(body)
    assert isinstance(calendar, Calendar)
    return calendar


# --- sending, and the messages as received ---------------------------------------------------


async def test_sending_tells_each_candidate_and_recruiter_in_plain_words_without_social_data(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    plan_id = await write_plan(pool, world, FIRST_PLAN)
    await park_earlier_messages(pool)

    sent = await send(client, world)

    assert sent["plan_id"] == plan_id and sent["interviews"] == 4 and not sent["already_sent"]
    # Zoé: mail + SMS; Omar: mail; Lina: no way to reach her (skipped); one mail per recruiter.
    recruiters = sorted(r.user.email for r in world.companies)
    assert await outbox_of(pool, world) == sorted(
        [
            ("none", None, "skipped"),
            ("email", "omar.haddad@example.org", "pending"),
            ("email", "zoe.kamara@example.org", "pending"),
            ("sms", "+33612345678", "pending"),
            *(("email", r, "pending") for r in recruiters),
        ],
        key=lambda row: (row[1] is not None, row[1] or "", row[0]),
    )
    assert sent["messages"] == 6
    plan = await pool.fetchrow(
        "select sent_at, sent_by from interview_plans where id = $1", plan_id
    )
    assert plan["sent_at"] is not None and plan["sent_by"] == world.staff.organiser_user.id
    audited = await pool.fetchval(
        "select count(*) from audit_log where action = 'interview_grid.send' and subject_id = $1",
        UUID(world.event_id),
    )
    assert audited == 1

    async with smtp_server() as mailbox, sms_gateway() as gateway:
        chan = channels(
            settings,
            smtp_url=mailbox.url,
            sms_provider="webhook",
            sms_webhook_url=gateway.url,
            sms_webhook_secret="webhook-secret-for-tests",
        )
        assert await deliver(pool, chan) == 5
    assert {m["To"] for m in mailbox.messages} == {
        "zoe.kamara@example.org",
        "omar.haddad@example.org",
        *recruiters,
    }
    [zoe] = mailbox.to("zoe.kamara@example.org")
    text = plain_text(zoe)
    assert zoe["Subject"].startswith("Vos entretiens")
    assert (
        "14\u00a0h\u00a010\u00a0\u2013\u00a014\u00a0h\u00a030 : Boulangerie Martin, table 2."
        in text
    )
    assert "14\u00a0h\u00a040\u00a0\u2013\u00a015\u00a0h : Transports Rhône, table 1." in text
    assert f"/t/{world.tickets[0]}" in text
    [omar] = mailbox.to("omar.haddad@example.org")
    assert omar["Subject"].startswith("Your interviews")
    assert "14:10 to" not in plain_text(omar) and "14:10\u00a0\u2013\u00a014:30" in plain_text(omar)
    [sms] = gateway.requests
    words = json.loads(sms.body)["text"]
    assert words.startswith("Job dating du ")
    assert "rendez-vous à 14 h 10 (Boulangerie Martin, table 2) et 14 h 40 (Transports " in words
    assert words.endswith(f"Votre ticket : {settings.public_url.rstrip('/')}/t/{world.tickets[0]}")
    assert "\u00a0" not in words and len(words.split(" Votre ticket")[0]) < 160
    [bakery] = mailbox.to(world.companies[0].user.email)
    listing = plain_text(bakery)
    assert "Table 1" in listing and "Table 2" in listing
    assert "Omar H." in listing and "Lina P." in listing and "Zoé K." in listing
    assert f"/recruiter/events/{world.event_id}/interviews" in listing
    for message in mailbox.messages:
        body = plain_text(message) + html_text(message)
        assert PRIVATE_MARKER not in body
        if message["To"] in recruiters:  # candidates by first name and initial only
            assert not any(last in body for last in world.last_names)
            assert "example.org" not in body.replace(message["To"], "")


async def test_a_replan_sent_again_tells_only_those_whose_interviews_changed(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    await write_plan(pool, world, FIRST_PLAN)
    await send(client, world)
    ics = await client.get(
        f"/api/v1/events/{world.event_id}/interviews.ics", headers=world.companies[0].headers
    )
    before = {
        str(e["SUMMARY"]): (str(e["UID"]), int(e["SEQUENCE"]))
        for e in calendar_of(ics.content).walk("VEVENT")
    }
    await park_earlier_messages(pool)
    # Omar moves from 14 h 10 to 15 h 10 at the same table; nothing else changes.
    moved = [row if row[3] != 1 else (70, 0, 1, 1) for row in FIRST_PLAN]
    second = await write_plan(pool, world, moved)
    # Not sent yet: the pages show nothing of an unsent plan.
    assert "Vos entretiens" not in (await client.get(f"/t/{world.tickets[1]}")).text

    again = await send(client, world)

    assert again["plan_id"] == second and again["messages"] == 2
    pending = [row[1] for row in await outbox_of(pool, world, second)]
    assert sorted(pending) == sorted([world.companies[0].user.email, "omar.haddad@example.org"])
    ics = await client.get(
        f"/api/v1/events/{world.event_id}/interviews.ics", headers=world.companies[0].headers
    )
    after = {
        str(e["SUMMARY"]): (str(e["UID"]), int(e["SEQUENCE"]))
        for e in calendar_of(ics.content).walk("VEVENT")
    }
    assert after.keys() == before.keys()
    for summary, (uid, sequence) in after.items():
        assert uid == before[summary][0]
        assert sequence == (1 if "Omar" in summary else 0)
    # Sending the same plan again tells nobody twice.
    third = await send(client, world)
    assert third["already_sent"] and third["messages"] == 0
    assert again["sent_at"] == third["sent_at"]
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    [omar] = mailbox.to("omar.haddad@example.org")
    assert "15:10" in plain_text(omar) and "14:10" not in plain_text(omar)


async def test_only_the_events_organisers_send_and_only_a_plan_that_exists(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    path = f"/api/v1/events/{world.event_id}/interview-grid/send"
    early = await client.post(path, headers=world.staff.organiser)
    assert early.status_code == 409 and early.json()["code"] == "no_interview_plan"
    plan_id = await write_plan(pool, world, FIRST_PLAN)
    other = await make_staff(pool, settings, client)
    for headers, status, code in (
        (world.staff.coach, 403, "forbidden"),
        (world.companies[0].headers, 403, "forbidden"),
        (other.organiser, 404, "event_not_found"),
        ({}, 401, "not_authenticated"),
    ):
        refused = await client.post(path, headers=headers)
        assert (refused.status_code, refused.json()["code"]) == (status, code)
    assert await pool.fetchval("select sent_at from interview_plans where id = $1", plan_id) is None
    assert await outbox_of(pool, world) == []


async def test_the_back_office_form_sends_and_comes_back_to_the_grid_page(
    app: Any, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    plan_id = await write_plan(pool, world, FIRST_PLAN)
    async with client_of(app) as http:
        await log_in(http, world.staff.organiser_user.email)
        token = await csrf_of(http)
        path = f"/admin/events/{world.event_id}/interview-grid/send"
        forged = await http.post(path, data={"csrf_token": "forged"})
        assert forged.status_code == 403
        sent = await http.post(f"{path}?lang=en", data={"csrf_token": token})
    assert sent.status_code == 303
    assert sent.headers["location"] == f"/admin/events/{world.event_id}/interview-grid?lang=en"
    assert await pool.fetchval("select sent_at from interview_plans where id = $1", plan_id)
    assert len(await outbox_of(pool, world)) == 6


# --- who sees what -----------------------------------------------------------------------------


async def test_a_ticket_shows_its_holders_own_interviews_once_the_plan_is_sent(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    await write_plan(pool, world, FIRST_PLAN)
    await pool.execute(
        "insert into interview_companies (event_id, company_id, tables, video_urls) "
        "values ($1, $2, 2, '{https://visio.example.org/boulangerie-1}')",
        UUID(world.event_id),
        world.companies[0].company.id,
    )
    assert "Vos entretiens" not in (await client.get(f"/t/{world.tickets[0]}")).text
    await send(client, world)

    zoe = (await client.get(f"/t/{world.tickets[0]}")).text
    assert "Vos entretiens" in zoe
    assert "Boulangerie Martin" in zoe and "Transports Rhône" in zoe
    assert "14\u00a0h\u00a010" in zoe and "14\u00a0h\u00a040" in zoe
    # Her tables are 2 and 1; the room link is table 1's (Omar's), not hers.
    assert "visio.example.org" not in zoe
    assert "Omar" not in zoe and "Lina" not in zoe
    omar = (await client.get(f"/t/{world.tickets[1]}?lang=en")).text
    assert "Your interviews" in omar and "https://visio.example.org/boulangerie-1" in omar
    assert "Zoé" not in omar and "Transports Rhône" not in omar


async def test_a_recruiter_sees_their_own_companys_interviews_and_another_company_nothing(
    app: Any, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    # Omar consents and has a reviewed card: the bakery may open his card, not Lina's.
    omar = world.candidates[1]
    await observe(client, world.staff.coach, world.event_id, omar, "team_spirit", 3)
    await review(client, world.staff.coach, omar)
    await consent(client, world.staff.coach, omar, recruiters=True)
    await write_plan(pool, world, FIRST_PLAN)
    await send(client, world)
    bakery = world.companies[0]

    async with client_of(app) as http:
        await log_in(http, bakery.user.email)
        event_page = await http.get(f"/recruiter/events/{world.event_id}")
        sheet = await http.get(f"/recruiter/events/{world.event_id}/interviews")
        ics = await http.get(f"/api/v1/events/{world.event_id}/interviews.ics")
    for page in (event_page, sheet):
        assert page.status_code == 200, page.text
        assert "Table 1" in page.text and "Table 2" in page.text
        assert "Omar H." in page.text and "Lina P." in page.text and "Zoé K." in page.text
        assert f'href="/cards/{omar}?lang=fr"' in page.text
        assert f"/cards/{world.candidates[2]}" not in page.text
        assert "Transports" not in page.text
        assert f"/api/v1/events/{world.event_id}/interviews.ics" in page.text
    assert PRIVATE_MARKER not in sheet.text
    assert not any(last in sheet.text for last in world.last_names)

    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    calendar = calendar_of(ics.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = sorted(
        calendar.walk("VEVENT"), key=lambda e: (e.decoded("DTSTART"), str(e["SUMMARY"]))
    )
    assert [str(e["SUMMARY"]) for e in events] == [
        "Entretien : Omar H. (table 1)",
        "Entretien : Zoé K. (table 2)",
        "Entretien : Lina P. (table 1)",
    ]
    assert events[0].decoded("DTSTART") == world.start + timedelta(minutes=10)
    assert events[0].decoded("DTEND") == world.start + timedelta(minutes=30)
    assert len({str(e["UID"]) for e in events}) == 3
    assert not any(e.get("ATTENDEE") for e in events)
    assert all(omar not in str(e["UID"]) for e in events)

    # The idle company is registered: its sheet and calendar are empty, never the bakery's.
    idle_ics = await client.get(
        f"/api/v1/events/{world.event_id}/interviews.ics", headers=world.idle.headers
    )
    assert idle_ics.status_code == 200 and calendar_of(idle_ics.content).walk("VEVENT") == []
    async with client_of(app) as http:
        await log_in(http, world.idle.user.email)
        idle_sheet = await http.get(f"/recruiter/events/{world.event_id}/interviews")
        idle_event = await http.get(f"/recruiter/events/{world.event_id}")
    assert idle_sheet.status_code == 200 and "Aucun entretien" in idle_sheet.text
    assert "Omar" not in idle_sheet.text
    idle_part = idle_event.text.split('id="interviews-title"', 1)[1].split("</section>", 1)[0]
    assert "Aucun entretien" in idle_part and "Omar" not in idle_part
    # A recruiter whose company is not registered: the event does not exist for them.
    stranger = await make_recruiter(pool, settings, client)
    refused = await client.get(
        f"/api/v1/events/{world.event_id}/interviews.ics", headers=stranger.headers
    )
    assert (refused.status_code, refused.json()["code"]) == (404, "event_not_found")
    async with client_of(app) as http:
        await log_in(http, stranger.user.email)
        assert (await http.get(f"/recruiter/events/{world.event_id}/interviews")).status_code == 404
    # Staff are not recruiters.
    coach = await client.get(
        f"/api/v1/events/{world.event_id}/interviews.ics", headers=world.staff.coach
    )
    assert coach.status_code == 403


async def test_nothing_shows_to_a_recruiter_before_the_plan_is_sent(
    app: Any, client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    await write_plan(pool, world, FIRST_PLAN)
    bakery = world.companies[0]
    ics = await client.get(
        f"/api/v1/events/{world.event_id}/interviews.ics", headers=bakery.headers
    )
    assert calendar_of(ics.content).walk("VEVENT") == []
    async with client_of(app) as http:
        await log_in(http, bakery.user.email)
        sheet = await http.get(f"/recruiter/events/{world.event_id}/interviews")
        event_page = await http.get(f"/recruiter/events/{world.event_id}")
    assert "pas encore prêt" in sheet.text and "Omar" not in sheet.text
    assert "Vos entretiens" not in event_page.text


async def test_a_company_without_recruiter_account_is_told_through_its_contact(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    transports = world.companies[1]
    await pool.execute("update users set deactivated_at = now() where id = $1", transports.user.id)
    await pool.execute(
        "update companies set contact_email = 'contact@transports.example.org' where id = $1",
        transports.company.id,
    )
    await write_plan(pool, world, FIRST_PLAN)
    await park_earlier_messages(pool)
    await send(client, world)
    assert ("email", "contact@transports.example.org", "pending") in await outbox_of(pool, world)
    assert transports.user.email not in [row[1] for row in await outbox_of(pool, world)]
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    [mail] = mailbox.to("contact@transports.example.org")
    text = plain_text(mail)
    assert "Transports Rhône" in text and "Table 1" in text and "Zoé K." in text
    assert "/t/" in text and "/recruiter/" not in text


async def test_what_was_sent_is_in_the_persons_export_and_goes_with_their_erasure(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    await write_plan(pool, world, FIRST_PLAN)
    await send(client, world)
    zoe = world.candidates[0]
    export = await client.get(
        f"/api/v1/candidates/{zoe}/export.json", headers=world.staff.organiser
    )
    assert export.status_code == 200, export.text
    assert [(i["company_name"], i["table_no"]) for i in export.json()["interviews_sent"]] == [
        ("Boulangerie Martin", 2),
        ("Transports Rhône", 1),
    ]
    erased = await client.post(
        f"/api/v1/candidates/{zoe}/erasure",
        headers=world.staff.organiser,
        json={"reason": "candidate_request"},
    )
    assert erased.status_code in (200, 201), erased.text
    left = await pool.fetchval(
        "select count(*) from interviews_sent where candidate_id = $1", UUID(zoe)
    )
    assert left == 0
    assert (
        await pool.fetchval(
            "select count(*) from interviews_sent where event_id = $1", UUID(world.event_id)
        )
        == 2
    )


async def test_two_sends_at_once_tell_everyone_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    world = await make_world(client, pool, settings)
    await write_plan(pool, world, FIRST_PLAN)
    first, second = await asyncio.gather(send(client, world), send(client, world))
    assert sorted([first["already_sent"], second["already_sent"]]) == [False, True]
    assert first["sent_at"] == second["sent_at"]
    assert first["messages"] + second["messages"] == 6
    assert len(await outbox_of(pool, world)) == 6
    audited = await pool.fetchval(
        "select count(*) from audit_log where action = 'interview_grid.send' and subject_id = $1",
        UUID(world.event_id),
    )
    assert audited == 1
