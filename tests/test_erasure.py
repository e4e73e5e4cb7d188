"""Erasure on request (issue 12 §4): who may, what stops working at once (tickets at the door
and on the ticket page, the card and the CV for recruiters), what goes (unsent messages, every
distinctive value of the person in every column of every table), and what a later request
about the person answers."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.settings import Settings
from tests.factories_cvs import structured_cv
from tests.factories_directory import count
from tests.factories_registrations import make_published_event
from tests.pages import error_code
from tests.test_erasure_seed import scan, seed_person


async def _erase(
    client: AsyncClient,
    headers: dict[str, str],
    candidate_id: str,
    reason: str = "candidate_request",
) -> Any:
    return await client.post(
        f"/api/v1/candidates/{candidate_id}/erasure", headers=headers, json={"reason": reason}
    )


async def test_only_organisers_of_the_persons_organisation_and_admins_may_erase(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    seeded = await seed_person(client, pool, settings)
    world, person = seeded.world, seeded.candidate_id
    other = await seed_person(client, pool, settings)
    refused = [
        (world.staff.coach, 403, "forbidden"),
        (other.world.staff.organiser, 404, "candidate_not_found"),
        (world.attending.headers, 404, "candidate_not_found"),
        ({}, 401, "not_authenticated"),
    ]
    for headers, status, code in refused:
        response = await _erase(client, headers, person)
        assert (response.status_code, response.json()["code"]) == (status, code)
    wrong = await _erase(client, world.staff.organiser, person, reason="because I said so")
    assert wrong.status_code == 400
    assert await count(pool, "candidates", "id = $1 and erased_at is null", UUID(person)) == 1

    other_event = await make_published_event(client, world.staff.organiser)
    done = await _erase(client, world.staff.organiser, person)
    assert done.status_code == 200, done.text
    body = done.json()
    assert body["erasure"]["reason"] == "candidate_request"
    assert body["registrations_kept"] == 1
    assert body["tickets_revoked"] == 1
    assert body["observations_kept"] == 1

    again = await _erase(client, world.staff.organiser, person)
    assert (again.status_code, again.json()["code"]) == (410, "candidate_erased")
    for path in (f"/api/v1/candidates/{person}", f"/api/v1/candidates/{person}/skills-card"):
        later = await client.get(path, headers=world.staff.organiser)
        assert (later.status_code, later.json()["code"]) == (410, "candidate_erased"), path
    # Nothing new can be written about the person either.
    staff = world.staff.organiser
    writes = [
        ("PUT", f"/api/v1/candidates/{person}/cv", {"json": structured_cv()}),
        (
            "POST",
            f"/api/v1/events/{world.event['id']}/observations",
            {"json": {"candidate_id": person, "skill": "perseverance", "level": 2}},
        ),
        (
            "POST",
            f"/api/v1/events/{other_event['id']}/registrations",
            {"json": {"candidate_id": person}},
        ),
        ("GET", f"/api/v1/candidates/{person}/cv", {}),
    ]
    for method, path, body in writes:
        answer = await client.request(method, path, headers=staff, **body)
        assert (answer.status_code, answer.json()["code"]) == (410, "candidate_erased"), path
    record = await client.get(f"/api/v1/candidates/{person}/erasure", headers=world.staff.coach)
    assert record.status_code == 200
    assert record.json()["erased_by"] is not None
    not_erased = await client.get(
        f"/api/v1/candidates/{other.candidate_id}/erasure", headers=other.world.staff.organiser
    )
    assert (not_erased.status_code, not_erased.json()["code"]) == (404, "erasure_not_found")
    listed = await client.get("/api/v1/candidates", headers=world.staff.organiser)
    assert person not in listed.text
    # One audit row says an erasure happened, with the category only.
    rows = await pool.fetch(
        "select data from audit_log where action = 'candidate.erase' and subject_id = $1",
        UUID(person),
    )
    assert [r["data"] for r in rows] == [{"reason": "candidate_request"}]


async def test_tickets_stop_at_the_door_and_on_the_ticket_page(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    seeded = await seed_person(client, pool, settings)
    staff, token = seeded.world.staff, seeded.registration["ticket"]["token"]
    page = await client.get(f"/t/{token}")
    assert page.status_code == 200
    assert (await client.get(f"/api/v1/tickets/{token}")).status_code == 200

    assert (await _erase(client, staff.organiser, seeded.candidate_id)).status_code == 200

    scanned = await client.post(
        f"/api/v1/events/{seeded.world.event['id']}/checkins",
        headers=staff.coach,
        json={"token": token},
    )
    assert (scanned.status_code, scanned.json()["code"]) == (409, "ticket_revoked")
    # The holder is told what happened: erased, not "replaced by a newer ticket".
    ticket = await client.get(f"/api/v1/tickets/{token}")
    assert (ticket.status_code, ticket.json()["code"]) == (410, "candidate_erased")
    page = await client.get(f"/t/{token}")
    assert page.status_code == 410
    assert error_code(page) == "candidate_erased"
    assert seeded.values["first_name"] not in page.text
    assert (
        await count(
            pool,
            "registrations",
            "id = $1 and checked_in_at is null",
            UUID(seeded.registration["id"]),
        )
        == 1
    )


async def test_the_card_and_the_cv_vanish_from_recruiters_at_once(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    seeded = await seed_person(client, pool, settings)
    person, recruiter = seeded.candidate_id, seeded.world.attending.headers
    paths = (
        f"/api/v1/candidates/{person}/skills-card",
        f"/api/v1/candidates/{person}/cv",
        f"/api/v1/candidates/{person}/cv.pdf",
        f"/cards/{person}",
    )
    for path in paths:
        assert (await client.get(path, headers=recruiter)).status_code == 200, path
    listed = f"/api/v1/events/{seeded.world.event['id']}/candidates"
    assert person in (await client.get(listed, headers=recruiter)).text
    assert person in (await client.get("/api/v1/skills-cards/search", headers=recruiter)).text

    assert (await _erase(client, seeded.world.staff.organiser, person)).status_code == 200

    for path in paths:
        response = await client.get(path, headers=recruiter)
        assert response.status_code == 404, (path, response.text)
    assert person not in (await client.get(listed, headers=recruiter)).text
    assert person not in (await client.get("/api/v1/skills-cards/search", headers=recruiter)).text


async def test_unsent_messages_are_dropped(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    seeded = await seed_person(client, pool, settings)
    registration = UUID(seeded.registration["id"])
    pending = await count(
        pool, "outbox", "registration_id = $1 and status = 'pending'", registration
    )
    assert pending >= 1  # the confirmation by text message

    assert (
        await _erase(client, seeded.world.staff.organiser, seeded.candidate_id)
    ).status_code == 200

    assert (
        await count(pool, "outbox", "registration_id = $1 and status <> 'sent'", registration) == 0
    )
    # The mail that went out stays as a fact, without where it went.
    sent = await pool.fetch(
        "select recipient, last_error from outbox where registration_id = $1"
        " and kind = 'registration_confirmed'",
        registration,
    )
    assert [(r["recipient"], r["last_error"]) for r in sent] == [("", None)]
    # Nor, for the reminders of issue 14, which workshop (its key named it, and the person).
    reminders = await pool.fetch(
        "select workshop_id, dedup_key, recipient from outbox where registration_id = $1"
        " and kind in ('workshop_reminder', 'interview_reminder')",
        registration,
    )
    assert len(reminders) == 2
    for row in reminders:
        assert (row["workshop_id"], row["recipient"]) == (None, "")
        assert seeded.candidate_id not in row["dedup_key"]
        assert ":erased:" in row["dedup_key"]


async def test_no_value_of_the_person_is_left_in_any_column_of_any_table(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    seeded = await seed_person(client, pool, settings)
    before = await scan(pool, seeded.values, seeded.pdf)
    # The scan finds every value before: it can fail.
    assert {key for _, _, key in before} == {*seeded.values, "the CV file"}

    assert (
        await _erase(client, seeded.world.staff.organiser, seeded.candidate_id)
    ).status_code == 200

    assert await scan(pool, seeded.values, seeded.pdf) == []
    person = UUID(seeded.candidate_id)
    assert await count(pool, "cvs", "candidate_id = $1", person) == 0
    assert await count(pool, "candidate_private", "candidate_id = $1", person) == 0
    # The tombstone and what counts stay.
    assert (
        await count(
            pool,
            "candidates",
            "id = $1 and erased_at is not null and postcode is null and city is null"
            " and first_name = '' and search_name = ''",
            person,
        )
        == 1
    )
    assert await count(pool, "registrations", "candidate_id = $1", person) == 1
    # The credential's row stays, blanked: its bit stays set, verifiers see it revoked.
    assert (
        await count(
            pool, "issued_credentials", "candidate_id = $1 and credential ? 'erased'", person
        )
        == 1
    )
    assert await count(pool, "observations", "candidate_id = $1 and level = 3", person) == 1
    assert await count(pool, "outcomes", "candidate_id = $1 and kind = 'interview'", person) == 1
    # Audit rows about the person are kept, without their facts: also a sign-up from their
    # ticket, whose subject is the workshop and whose facts named them.
    assert await count(pool, "audit_log", "subject_id = $1 and action = 'test.note'", person) == 1
    assert (
        await count(
            pool,
            "audit_log",
            "action = 'workshop.sign_up' and data = '{}'::jsonb"
            " and subject_id = (select id from workshops w where w.event_id = $1)",
            UUID(seeded.world.event["id"]),
        )
        == 1
    )
    # Issue 14: their side of the interview grid and their workshop sign-up are gone.
    assert await count(pool, "interview_candidates", "candidate_id = $1", person) == 0
    assert await count(pool, "workshop_signups", "candidate_id = $1", person) == 0
