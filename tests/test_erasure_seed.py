"""(No tests here: the seed of tests/test_erasure.py and tests/test_retention.py.)

A person with distinctive values everywhere the service can keep them, for the erasure and
retention tests: names, contact, place, social situation, observation notes and a comment, an
outcome's note, a CV file, messages in the outbox, audit facts, a spreadsheet row; and of issue
14, their side of the interview grid (a wished sector) and a workshop sign-up from their ticket,
whose audit row names them only in its facts (its subject is the workshop)."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events import audit, db
from events.actors import Actor
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_cvs import CardWorld, pdf_bytes, put_pdf
from tests.factories_directory import make_recruiter
from tests.factories_registrations import make_candidate, make_published_event, register
from tests.factories_skills import consent, observe, review


@dataclass
class Seeded:
    world: CardWorld
    candidate_id: str
    registration: dict[str, Any]
    values: dict[str, str]  # where it was written -> the distinctive value
    pdf: bytes


def _word(prefix: str) -> str:
    # Letters only, so that it passes the name rules and is found by no other test's data.
    return prefix + "".join(secrets.choice("bcdfghjklmnpqrstvwxz") for _ in range(10))


async def seed_person(client: AsyncClient, pool: Any, settings: Settings) -> Seeded:
    values = {
        "first_name": _word("Ysolde"),
        "last_name": _word("Quarnberg"),
        "email": f"{_word('erase')}@example.org",
        "phone": "06" + "".join(secrets.choice("0123456789") for _ in range(8)),
        "city": _word("Villerase"),
        "disability_notes": _word("handicapnote"),
        "health_notes": _word("santenote"),
        "other_barriers": _word("freinnote"),
        "observation_note": _word("observationnote"),
        "comment": _word("commentnote"),
        "outcome_note": _word("outcomenote"),
        "audit_fact": _word("auditfact"),
        "grid_sector": _word("secteurvoulu"),
    }
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(
        client,
        staff.organiser,
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"],
        phone=values["phone"],
        city=values["city"],
        postcode="69003",
        private={
            "disability_notes": values["disability_notes"],
            "health_notes": values["health_notes"],
            "other_barriers": values["other_barriers"],
            "birth_year": 2003,
            "qpv": True,
            "rqth": True,
            "benefits": ["rsa"],
        },
    )
    # Registered: a ticket, and its confirmation waiting in the outbox by mail and text.
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    attending = await make_recruiter(pool, settings, client)
    await register(client, staff.organiser, event["id"], company_id=str(attending.company.id))
    outsider = await make_recruiter(pool, settings, client)
    world = CardWorld(staff, event, candidate_id, attending, outsider)
    observation = await observe(
        client,
        staff.coach,
        event["id"],
        candidate_id,
        "perseverance",
        3,
        note=values["observation_note"],
    )
    await review(client, staff.coach, candidate_id)
    # A portable credential of the card: its JSON names the person (first name and initial).
    issued = await client.post(
        f"/api/v1/candidates/{candidate_id}/credentials", headers=staff.coach
    )
    assert issued.status_code == 201, issued.text
    await consent(client, staff.coach, candidate_id, recruiters=True, contact=True)
    pdf = pdf_bytes(2, text=_word("cvtexte"))
    values["cv_sha256"] = hashlib.sha256(pdf).hexdigest()
    uploaded = await put_pdf(client, staff.organiser, candidate_id, pdf)
    assert uploaded.status_code == 200, uploaded.text
    person = UUID(candidate_id)
    # Issue 14: their side of the job dating's interview grid, with a wished sector of their own.
    grid = await client.put(
        f"/api/v1/events/{event['id']}/interview-grid/candidates/{candidate_id}",
        headers=staff.organiser,
        json={"sectors": [values["grid_sector"]]},
    )
    assert grid.status_code == 200, grid.text
    # A workshop (written straight in: the API gives workshops to e-forums only, and this
    # person's one event stays a job dating) they sign up to from their ticket: the audit row's
    # subject is the workshop, and only its facts name them.
    workshop = await pool.fetchval(
        "insert into workshops (event_id, title, starts_at, ends_at, capacity)"
        " select id, 'Atelier CV', starts_at, starts_at + interval '1 hour', 10"
        " from events where id = $1 returning id",
        UUID(event["id"]),
    )
    signed = await client.put(
        f"/api/v1/tickets/{registration['ticket']['token']}/workshops/{workshop}"
    )
    assert signed.status_code == 200, signed.text
    values["id_in_text"] = candidate_id
    async with db.transaction(pool) as conn:
        # The confirmation by mail went out (with an error noted on a first try); the text
        # message is still waiting.
        await conn.execute(
            "update outbox set status = 'sent', sent_at = now(), attempts = 2,"
            " last_error = 'refused for ' || recipient"
            " where registration_id = $1 and channel = 'email'",
            UUID(registration["id"]),
        )
        # Reminders sent before the workshop and an interview (issue 14): their keys, as
        # events/workshops writes them, name the workshop, or the person and the company.
        reminders = [
            ("workshop_reminder", f"workshop_reminder:{workshop}:{registration['id']}", workshop),
            ("interview_reminder", f"interview_reminder:{event['id']}:{candidate_id}", None),
        ]
        for kind, key, about in reminders:
            await conn.execute(
                "insert into outbox (dedup_key, organisation_id, event_id, registration_id,"
                " workshop_id, kind, sequence, channel, recipient, status, sent_at)"
                " select $1, e.organisation_id, e.id, r.id, $2, $3, e.sequence, 'email', $4,"
                " 'sent', now()"
                " from registrations r join events e on e.id = r.event_id where r.id = $5",
                key,
                about,
                kind,
                values["email"],
                UUID(registration["id"]),
            )
        await conn.execute(
            "insert into observation_comments (observation_id, candidate_id, body, created_at)"
            " values ($1, $2, $3, now())",
            UUID(observation["id"]),
            person,
            values["comment"],
        )
        await conn.execute(
            "insert into outcomes (candidate_id, event_id, kind, happened_on, note, recorded_by,"
            " recorded_at) values ($1, $2, 'interview', $3, $4, $5, now())",
            person,
            UUID(event["id"]),
            datetime.now(UTC).date(),
            values["outcome_note"],
            staff.organiser_user.id,
        )
        organiser = Actor(
            id=staff.organiser_user.id,
            role="organiser",
            organisation_id=staff.organisation.id,
        )
        await audit.record(
            conn,
            by=organiser,
            action="test.note",
            subject_type="candidate",
            subject_id=person,
            data={"said": values["audit_fact"]},
        )
        batch = await conn.fetchval(
            "insert into candidate_imports (organisation_id, created_at, updated_at, filename,"
            " header, total_rows, mapping, status, finished_at)"
            " values ($1, now(), now(), 'liste.xlsx', $2, 1, $3, 'done', now()) returning id",
            staff.organisation.id,
            ["Prénom", "Nom", "Courriel"],
            ["first_name", "last_name", "email"],
        )
        await conn.execute(
            "insert into candidate_import_rows (import_id, n, line, cells, outcome, candidate_id,"
            " done_at) values ($1, 1, 2, $2, 'created', $3, now())",
            batch,
            [values["first_name"], values["last_name"], values["email"]],
            person,
        )
    return Seeded(
        world=world, candidate_id=candidate_id, registration=registration, values=values, pdf=pdf
    )


async def scan(pool: Any, values: dict[str, str], pdf: bytes) -> list[tuple[str, str, str]]:
    """Every (table, column, value) where one of ``values`` is found: every text, character,
    array, JSON and binary column of every table of the schema, whatever table may appear."""
    columns = await pool.fetch(
        """
        select c.table_name, c.column_name, c.data_type
        from information_schema.columns c
        join information_schema.tables t
            on t.table_schema = c.table_schema and t.table_name = c.table_name
        where c.table_schema = 'public' and t.table_type = 'BASE TABLE'
            and c.data_type in (
                'text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea'
            )
        order by c.table_name, c.column_name
        """
    )
    assert len(columns) > 50  # the scan reads the schema, not a list of ours
    found = []
    for column in columns:
        table, name = column["table_name"], column["column_name"]
        if column["data_type"] == "bytea":
            hits = await pool.fetchval(
                f'select count(*) from "{table}" where position($1::bytea in "{name}") > 0',  # noqa: S608
                pdf,
            )
            if hits:
                found.append((table, name, "the CV file"))
            continue
        for key, value in values.items():
            hits = await pool.fetchval(
                f'select count(*) from "{table}" where strpos(lower("{name}"::text), $1) > 0',  # noqa: S608
                value.lower(),
            )
            if hits:
                found.append((table, name, key))
    return found


def utc_now() -> datetime:
    return datetime.now(UTC)
