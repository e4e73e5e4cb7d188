"""E-forum workshops (issue 14 §4): one owner (the workshops table, still given and taken in an
e-forum's details), sign-ups with places and no overlap held under concurrency, removal that
asks to confirm and tells the people, and the reminders before each workshop and each online
interview, delivered once to a real SMTP server with the right link."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

import msgspec
import pytest
from httpx import AsyncClient

from events import db
from events.actors import Actor
from events.errors import WorkshopFull
from events.messages import worker
from events.settings import Settings
from events.workshops import reminders, signups
from tests.factories import Staff, make_staff, unique
from tests.factories_events import event_body, unique_day
from tests.factories_outbox import channels, park_earlier_messages, sms_gateway, smtp_server
from tests.factories_registrations import make_candidate, register


class Forum(msgspec.Struct, kw_only=True):
    staff: Staff
    event: dict[str, Any]
    start: datetime
    workshops: list[dict[str, Any]]


async def make_forum(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    *,
    mode: str = "hybrid",
    capacity: int = 40,
    workshops: list[dict[str, Any]] | None = None,
) -> Forum:
    """A published e-forum; its workshops given in its details, as the contract says."""
    staff = await make_staff(pool, settings, client)
    start = unique_day()
    body = event_body("e_forum", start=start, reminder_hours_before=0)
    body["capacity"] = {"candidates": capacity, "companies": 5}
    body["details"]["mode"] = mode
    body["details"]["workshops"] = (
        workshops
        if workshops is not None
        else [
            {
                "title": "Réussir son entretien",
                "starts_at": (start + timedelta(minutes=30)).isoformat(),
                "ends_at": (start + timedelta(minutes=90)).isoformat(),
                "capacity": 2,
                "online_url": "https://visio.example.org/atelier-entretien",
            },
            {
                "title": "Écrire son CV",
                "starts_at": (start + timedelta(minutes=60)).isoformat(),
                "ends_at": (start + timedelta(minutes=120)).isoformat(),
            },
        ]
    )
    created = await client.post("/api/v1/events", headers=staff.organiser, json=body)
    assert created.status_code == 201, created.text
    event = created.json()
    published = await client.post(f"/api/v1/events/{event['id']}/publish", headers=staff.organiser)
    assert published.status_code == 200, published.text
    listed = await client.get(f"/api/v1/events/{event['id']}/workshops", headers=staff.coach)
    assert listed.status_code == 200, listed.text
    return Forum(staff=staff, event=event, start=start, workshops=listed.json()["items"])


async def registered(client: AsyncClient, forum: Forum, **fields: Any) -> tuple[str, str]:
    """A candidate with a confirmed place at the forum: their id and ticket token."""
    candidate_id = await make_candidate(client, forum.staff.organiser, **fields)
    registration = await register(
        client, forum.staff.organiser, forum.event["id"], candidate_id=candidate_id
    )
    assert registration["status"] == "confirmed"
    return candidate_id, registration["ticket"]["token"]


async def test_details_workshops_are_rows_of_their_own_and_still_come_back_in_details(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)

    stored = await pool.fetchval(
        "select details from events where id = $1", UUID(forum.event["id"])
    )
    rows = await pool.fetch(
        "select title, capacity, online_url from workshops where event_id = $1 order by starts_at",
        UUID(forum.event["id"]),
    )
    assert "workshops" not in stored
    assert [(r["title"], r["capacity"]) for r in rows] == [
        ("Réussir son entretien", 2),
        ("Écrire son CV", 40),  # the event's candidate places when none is given
    ]
    shown = forum.event["details"]["workshops"]
    assert [w["title"] for w in shown] == ["Réussir son entretien", "Écrire son CV"]
    assert set(shown[0]) == {"title", "starts_at", "ends_at"}  # as the contract says
    assert shown[0]["starts_at"].endswith("+01:00") or shown[0]["starts_at"].endswith("+02:00")

    # A change of details with the same list (as read) and one more keeps the two, adds one.
    details = {**forum.event["details"]}
    details["workshops"] = [
        *shown,
        {
            "title": "Se présenter en deux minutes",
            "starts_at": (forum.start + timedelta(minutes=130)).isoformat(),
            "ends_at": (forum.start + timedelta(minutes=150)).isoformat(),
        },
    ]
    changed = await client.patch(
        f"/api/v1/events/{forum.event['id']}",
        headers=forum.staff.organiser,
        json={"details": details},
    )
    read = await client.get(f"/api/v1/events/{forum.event['id']}", headers=forum.staff.organiser)
    public = await client.get(f"/events/{forum.event['id']}")

    assert changed.status_code == 200, changed.text
    titles = [w["title"] for w in read.json()["details"]["workshops"]]
    assert titles == ["Réussir son entretien", "Écrire son CV", "Se présenter en deux minutes"]
    assert (
        await pool.fetchval(
            "select count(*) from workshops where event_id = $1", UUID(forum.event["id"])
        )
        == 3
    )  # the two read back were matched, not made again
    assert "Se présenter en deux minutes" in public.text


async def test_sign_up_rules_places_overlap_registration_and_the_ticket(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    interview_ws, cv_ws = forum.workshops[0]["id"], forum.workshops[1]["id"]
    anna, anna_token = await registered(client, forum)
    bea, _ = await registered(client, forum)
    carl, _ = await registered(client, forum)
    stranger = await make_candidate(client, forum.staff.organiser)
    coach = forum.staff.coach

    by_coach = await client.post(
        f"/api/v1/workshops/{interview_ws}/signups", headers=coach, json={"candidate_id": anna}
    )
    again = await client.post(
        f"/api/v1/workshops/{interview_ws}/signups", headers=coach, json={"candidate_id": anna}
    )
    clash = await client.put(f"/api/v1/tickets/{anna_token}/workshops/{cv_ws}")
    not_registered = await client.post(
        f"/api/v1/workshops/{cv_ws}/signups", headers=coach, json={"candidate_id": stranger}
    )
    second = await client.post(
        f"/api/v1/workshops/{interview_ws}/signups", headers=coach, json={"candidate_id": bea}
    )
    full = await client.post(
        f"/api/v1/workshops/{interview_ws}/signups", headers=coach, json={"candidate_id": carl}
    )
    listed = await client.get(
        f"/api/v1/events/{forum.event['id']}/workshops", headers=forum.staff.organiser
    )

    assert by_coach.status_code == 201, by_coach.text
    assert by_coach.json()["places_left"] == 1
    assert again.status_code == 201 and again.json()["places_left"] == 1
    assert clash.status_code == 409
    assert clash.json()["code"] == "workshop_clash"
    assert "Réussir son entretien" in clash.json()["detail"]
    assert not_registered.status_code == 422
    assert not_registered.json()["code"] == "candidate_not_registered"
    assert second.status_code == 201
    assert full.status_code == 409
    assert full.json()["code"] == "workshop_full"
    assert full.json()["detail"] == "Cet atelier est complet : il n'y a plus de place."
    places = {w["title"]: (w["taken"], w["places_left"]) for w in listed.json()["items"]}
    assert places == {"Réussir son entretien": (2, 0), "Écrire son CV": (0, 40)}

    # The candidate withdraws with their ticket; then the other workshop is theirs to take.
    withdrawn = await client.delete(f"/api/v1/tickets/{anna_token}/workshops/{interview_ws}")
    taken = await client.put(f"/api/v1/tickets/{anna_token}/workshops/{cv_ws}")
    assert withdrawn.status_code == 200 and withdrawn.json()["signed_up"] is False
    assert taken.status_code == 200 and taken.json()["signed_up"] is True
    audit = await pool.fetch(
        "select action, actor_id, on_behalf_of, data from audit_log"
        " where subject_type = 'workshop' and action like 'workshop.%'"
        " and subject_id = any($1::uuid[]) order by id",
        [UUID(interview_ws), UUID(cv_ws)],
    )
    actions = [r["action"] for r in audit]
    assert actions.count("workshop.sign_up") == 3 and "workshop.withdraw" in actions
    proxy = next(r for r in audit if r["action"] == "workshop.sign_up")
    assert proxy["actor_id"] == forum.staff.coach_user.id
    assert str(proxy["on_behalf_of"]) == anna
    # From the ticket, the person acts for themselves: no actor, on their own behalf. Every row
    # names the person there, never in its facts (the audit's retention and the person's
    # export find rows by whom they were about).
    annas = [r for r in audit if str(r["on_behalf_of"]) == anna]
    assert [(r["action"], r["actor_id"]) for r in annas] == [
        ("workshop.sign_up", forum.staff.coach_user.id),
        ("workshop.withdraw", None),
        ("workshop.sign_up", None),
    ]
    people = [r for r in audit if r["action"] in ("workshop.sign_up", "workshop.withdraw")]
    assert all(r["on_behalf_of"] is not None for r in people)
    assert all(r["data"] == {"by_ticket": r["actor_id"] is None} for r in people)
    export = await client.get(
        f"/api/v1/candidates/{anna}/export.json", headers=forum.staff.organiser
    )
    assert export.status_code == 200, export.text
    history = [(h["action"], h["actor_role"]) for h in export.json()["history"]]
    assert [h for h in history if h[0].startswith("workshop.")] == [
        ("workshop.sign_up", "coach"),
        ("workshop.withdraw", None),
        ("workshop.sign_up", None),
    ]

    # Moving a workshop onto another one of a person signed up to it is refused.
    later = await client.post(
        f"/api/v1/events/{forum.event['id']}/workshops",
        headers=forum.staff.organiser,
        json={
            "title": "Se présenter",
            "starts_at": (forum.start + timedelta(minutes=150)).isoformat(),
            "ends_at": (forum.start + timedelta(minutes=170)).isoformat(),
            "capacity": 5,
        },
    )
    assert later.status_code == 201, later.text
    assert (
        await client.put(f"/api/v1/tickets/{anna_token}/workshops/{later.json()['id']}")
    ).status_code == 200
    moved = await client.patch(
        f"/api/v1/workshops/{later.json()['id']}",
        headers=forum.staff.organiser,
        json={"starts_at": (forum.start + timedelta(minutes=100)).isoformat()},
    )
    assert moved.status_code == 409
    assert moved.json()["code"] == "workshop_clash"
    assert "Écrire son CV" in moved.json()["detail"]

    # A recruiter, or staff of another organisation, does not see the workshops.
    other = await make_staff(pool, settings, client)
    foreign = await client.get(
        f"/api/v1/events/{forum.event['id']}/workshops", headers=other.organiser
    )
    assert foreign.status_code == 404


async def test_an_interview_at_the_same_time_refuses_the_workshop(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    candidate, token = await registered(client, forum)
    company = await _company(client, forum)
    await _interview(pool, forum, candidate, company, forum.start + timedelta(minutes=40))

    refused = await client.put(f"/api/v1/tickets/{token}/workshops/{forum.workshops[0]['id']}")

    assert refused.status_code == 409
    assert refused.json()["code"] == "workshop_clash"
    assert (
        await pool.fetchval(
            "select count(*) from workshop_signups where candidate_id = $1", UUID(candidate)
        )
        == 0
    )


async def test_thirty_sign_ups_at_once_fill_ten_places_exactly(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    workshop_id = UUID(forum.workshops[1]["id"])
    await client.patch(
        f"/api/v1/workshops/{workshop_id}", headers=forum.staff.organiser, json={"capacity": 10}
    )
    people = [UUID((await registered(client, forum))[0]) for _ in range(30)]
    coach = Actor(
        id=forum.staff.coach_user.id, role="coach", organisation_id=forum.staff.organisation.id
    )
    now = datetime.now(UTC)

    async def one(candidate_id: UUID) -> str:
        try:
            async with db.transaction(pool) as conn:
                await signups.sign_up(
                    conn, workshop_id=workshop_id, candidate_id=candidate_id, by=coach, now=now
                )
        except WorkshopFull:
            return "full"
        return "in"

    outcomes = await asyncio.gather(*(one(p) for p in people))

    assert outcomes.count("in") == 10
    assert outcomes.count("full") == 20
    assert (
        await pool.fetchval(
            "select count(*) from workshop_signups where workshop_id = $1", workshop_id
        )
        == 10
    )


async def test_removing_a_workshop_with_people_asks_to_confirm_then_tells_them(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    workshop_id = forum.workshops[0]["id"]
    empty_id = forum.workshops[1]["id"]
    _, token = await registered(client, forum, email=f"{unique('ana')}@example.org")
    await client.put(f"/api/v1/tickets/{token}/workshops/{workshop_id}")
    organiser = forum.staff.organiser

    asked = await client.delete(f"/api/v1/workshops/{workshop_id}", headers=organiser)
    confirmed = await client.delete(
        f"/api/v1/workshops/{workshop_id}", headers=organiser, params={"confirm": "true"}
    )
    emptied = await client.delete(f"/api/v1/workshops/{empty_id}", headers=organiser)
    coach_try = await client.delete(f"/api/v1/workshops/{workshop_id}", headers=forum.staff.coach)

    assert asked.status_code == 409
    assert asked.json()["code"] == "workshop_has_signups"
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.json()["outcome"] == "cancelled" and confirmed.json()["told"] == 1
    assert emptied.json()["outcome"] == "deleted"
    assert coach_try.status_code == 404  # called off: no longer a standing workshop
    kinds = await pool.fetch(
        "select kind, channel from outbox where workshop_id = $1", UUID(workshop_id)
    )
    assert [(k["kind"], k["channel"]) for k in kinds] == [("workshop_cancelled", "email")]
    assert await pool.fetchval("select count(*) from workshops where id = $1", UUID(empty_id)) == 0


async def _company(client: AsyncClient, forum: Forum, email: str | None = None) -> str:
    contact: dict[str, Any] = {"name": "Claire Martin"}
    if email:
        contact["email"] = email
    made = await client.post(
        "/api/v1/companies",
        headers=forum.staff.organiser,
        json={
            "name": unique("Numérique"),
            "sector": "numérique",
            "city": "Lyon",
            "postcode": "69001",
            "contact": contact,
        },
    )
    assert made.status_code == 201, made.text
    company_id: str = made.json()["id"]
    await register(client, forum.staff.organiser, forum.event["id"], company_id=company_id)
    return company_id


async def _interview(
    pool: Any, forum: Forum, candidate: str, company: str, starts_at: datetime
) -> None:
    """An interview of a sent plan at table 1, whose meeting link is the company's."""
    event_id = UUID(forum.event["id"])
    await pool.execute(
        "insert into interview_companies (event_id, company_id, tables, video_urls)"
        " values ($1, $2, 1, $3) on conflict do nothing",
        event_id,
        UUID(company),
        ["https://visio.example.org/table-1"],
    )
    plan = await pool.fetchval(
        "insert into interview_plans (event_id, solved_at, status, objective, bound, gap,"
        " seconds, sent_at) values ($1, now(), 'optimal', 1, 1, 0, 0.1, now()) returning id",
        event_id,
    )
    await pool.execute(
        "insert into interviews (event_id, plan_id, slot, starts_at, ends_at, company_id,"
        " table_no, candidate_id) values ($1, $2, 0, $3, $4, $5, 1, $6)",
        event_id,
        plan,
        starts_at,
        starts_at + timedelta(minutes=20),
        UUID(company),
        UUID(candidate),
    )


async def test_reminders_before_a_workshop_and_an_online_interview_are_mailed_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings, mode="online")
    ana_mail = f"{unique('ana')}@example.org"
    recruiter_mail = f"{unique('rh')}@example.org"
    ana, token = await registered(client, forum, email=ana_mail, phone="+33612345678")
    company = await _company(client, forum, email=recruiter_mail)
    interview_at = forum.start + timedelta(minutes=100)
    await _interview(pool, forum, ana, company, interview_at)
    await client.put(f"/api/v1/tickets/{token}/workshops/{forum.workshops[0]['id']}")
    await park_earlier_messages(pool)

    # Half an hour before the workshop, then an hour before the interview, each looked at twice.
    moments = [forum.start + timedelta(minutes=1), interview_at - timedelta(minutes=59)]
    too_early = forum.start - timedelta(hours=2)
    async with smtp_server() as mailbox, sms_gateway() as gateway:
        chan = channels(
            settings,
            smtp_url=mailbox.url,
            sms_provider="webhook",
            sms_webhook_url=gateway.url,
            sms_webhook_secret="webhook-secret-for-tests",
        )
        await worker.run_once(pool, channels=chan, now=too_early)
        before = len(mailbox.to(ana_mail))
        for now in moments:
            await worker.run_once(pool, channels=chan, now=now)
            await worker.run_once(pool, channels=chan, now=now + timedelta(minutes=1))

    assert before == 0
    to_ana = mailbox.to(ana_mail)
    to_recruiter = mailbox.to(recruiter_mail)
    subjects = sorted(str(m["Subject"]) for m in to_ana)
    assert subjects == [
        "Rappel : atelier « Réussir son entretien »",
        f"Rappel : entretien en ligne avec {await _name(pool, company)}",
    ]
    assert len(to_recruiter) == 1
    workshop_text = _text(next(m for m in to_ana if "atelier" in str(m["Subject"])))
    interview_text = _text(next(m for m in to_ana if "entretien en ligne" in str(m["Subject"])))
    recruiter_text = _text(to_recruiter[0])
    assert "https://visio.example.org/atelier-entretien" in workshop_text
    assert "https://visio.example.org/table-1" in interview_text
    assert "https://visio.example.org/table-1" in recruiter_text
    assert "Zoé" in recruiter_text and "table 1" in recruiter_text
    texts = sorted(
        json.loads(r.body)["text"]
        for r in gateway.requests
        if json.loads(r.body)["number"] == "+33612345678"
    )
    assert len(texts) == 2, texts  # once each, however often the worker looked
    assert texts[0].startswith("Rappel : atelier « Réussir son entretien », ")
    assert texts[0].endswith("Lien : https://visio.example.org/atelier-entretien")
    assert "Salle de l'entretien : https://visio.example.org/table-1" in texts[1]


def _text(message: Any) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content: str = body.get_content()
    return content


async def _name(pool: Any, company: str) -> str:
    name: str = await pool.fetchval("select name from companies where id = $1", UUID(company))
    return name


@pytest.mark.parametrize("minutes", [0])
async def test_no_reminder_when_the_organiser_sets_none(
    client: AsyncClient, pool: Any, settings: Settings, minutes: int
) -> None:
    forum = await make_forum(client, pool, settings)
    _, token = await registered(client, forum, email=f"{unique('ana')}@example.org")
    await client.put(f"/api/v1/tickets/{token}/workshops/{forum.workshops[0]['id']}")
    set_ = await client.put(
        f"/api/v1/events/{forum.event['id']}/session-reminders",
        headers=forum.staff.organiser,
        json={"minutes_before": minutes},
    )
    async with db.transaction(pool) as conn:
        written = await reminders.enqueue_due(conn, now=forum.start + timedelta(minutes=1))

    assert set_.status_code == 200
    assert written == 0


async def test_a_cancelled_registration_frees_its_workshop_place(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    workshop_id = forum.workshops[0]["id"]  # two places
    tokens = [(await registered(client, forum))[1] for _ in range(3)]
    for token in tokens[:2]:
        assert (
            await client.put(f"/api/v1/tickets/{token}/workshops/{workshop_id}")
        ).status_code == 200
    full = await client.put(f"/api/v1/tickets/{tokens[2]}/workshops/{workshop_id}")
    ticket = await client.get(f"/api/v1/tickets/{tokens[0]}")
    registration_id = ticket.json().get("registration_id") or await pool.fetchval(
        "select r.id from workshop_signups s join registrations r on r.id = s.registration_id"
        " where s.workshop_id = $1 order by s.created_at limit 1",
        UUID(workshop_id),
    )
    cancelled = await client.post(
        f"/api/v1/registrations/{registration_id}/cancel", headers=forum.staff.organiser
    )
    freed = await client.put(f"/api/v1/tickets/{tokens[2]}/workshops/{workshop_id}")

    assert full.status_code == 409
    assert cancelled.status_code == 200, cancelled.text
    assert freed.status_code == 200 and freed.json()["places_left"] == 0


async def test_a_person_s_sign_ups_are_in_their_export_and_go_with_their_erasure(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    forum = await make_forum(client, pool, settings)
    candidate, token = await registered(client, forum)
    await client.put(f"/api/v1/tickets/{token}/workshops/{forum.workshops[1]['id']}")
    organiser = forum.staff.organiser

    export = await client.get(f"/api/v1/candidates/{candidate}/export.json", headers=organiser)
    erased = await client.post(
        f"/api/v1/candidates/{candidate}/erasure",
        headers=organiser,
        json={"reason": "candidate_request"},
    )

    assert export.status_code == 200, export.text
    [line] = export.json()["workshop_signups"]
    assert (line["workshop_title"], line["by_proxy"]) == ("Écrire son CV", False)
    assert erased.status_code in (200, 201), erased.text
    assert (
        await pool.fetchval(
            "select count(*) from workshop_signups where candidate_id = $1", UUID(candidate)
        )
        == 0
    )
