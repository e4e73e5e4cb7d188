"""Retention (issue 12 §5): per-organisation periods with defaults, the dry run that lists what
the real run does and changes nothing, the warning mailed to the coach 30 days before, the data
going only then (statistics unchanged), and the daily run done once a day whatever the number of
workers."""

from __future__ import annotations

import asyncio
import os
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events import db
from events.retention import run as retention
from events.settings import Settings
from tests.factories import Staff, make_staff
from tests.factories_directory import count
from tests.factories_outbox import channels, deliver, park_earlier_messages, smtp_server
from tests.factories_registrations import make_candidate, make_company, register
from tests.factories_skills import consent, make_sport_session, observe, review


@dataclass
class Followed:
    staff: Staff
    event: dict[str, Any]
    candidate_id: str
    registration_id: str
    ends_at: datetime


async def _followed(client: AsyncClient, pool: Any, settings: Settings) -> Followed:
    """A person with a social situation, observed by the coach a sport session names, their
    card reviewed and shown to recruiters."""
    staff = await make_staff(pool, settings, client)
    event = await make_sport_session(client, staff.organiser, coach_ids=[staff.coach_user.id])
    person = await make_candidate(
        client,
        staff.organiser,
        first_name="Awa",
        private={
            "birth_year": 2004,
            "qpv": True,
            "rqth": False,
            "benefits": ["rsa"],
            "other_barriers": "garde d'enfant le mercredi",
        },
    )
    registration = await register(client, staff.organiser, event["id"], candidate_id=person)
    await observe(client, staff.coach, event["id"], person, "perseverance", 3, note="a tenu bon")
    await review(client, staff.coach, person)
    await consent(client, staff.coach, person)
    ends_at = datetime.fromisoformat(event["ends_at"])
    return Followed(staff, event, person, registration["id"], ends_at)


async def _words_only(client: AsyncClient, pool: Any, followed: Followed) -> UUID:
    """A person at the same session with, of what retention removes, only issue 14's free words:
    their hours and wished sectors at a job dating, what they cook, wish and where they can go
    at a food festival, and a note on their pairing."""
    organiser = followed.staff.organiser
    person = await make_candidate(client, organiser, first_name="Binta")
    await register(client, organiser, followed.event["id"], candidate_id=person)
    company = await make_company(client, organiser)
    event, who, at = UUID(followed.event["id"]), UUID(person), followed.ends_at
    await pool.execute(
        "insert into interview_candidates (event_id, candidate_id, leaves_at, sectors, updated_at)"
        " values ($1, $2, $3, '{garde d''enfant, pars à 16 h}', $3)",
        event,
        who,
        at,
    )
    await pool.execute(
        "insert into pairing_cooks (event_id, candidate_id, cuisines, wishes, areas, updated_at)"
        " values ($1, $2, '{mafé}', '{près de chez ma mère}', '{93}', $3)",
        event,
        who,
        at,
    )
    await pool.execute(
        "insert into pairings (event_id, candidate_id, company_id, source, note, created_at,"
        " updated_at) values ($1, $2, $3, 'by_hand', 'en retard, souci de santé', $4, $4)",
        event,
        who,
        UUID(company),
        at,
    )
    return who


async def _words_left(pool: Any, person: UUID) -> int:
    return (
        await count(pool, "interview_candidates", "candidate_id = $1", person)
        + await count(pool, "pairing_cooks", "candidate_id = $1", person)
        + await count(pool, "pairings", "candidate_id = $1 and note is not null", person)
    )


async def _run(pool: Any, followed: Followed, at: datetime, *, dry: bool) -> retention.Report:
    async with db.transaction(pool) as conn:
        return await retention.run(
            conn,
            now=at,
            trigger="command",
            dry_run=dry,
            organisation_id=followed.staff.organisation.id,
        )


def _listed(report: retention.Report) -> list[tuple[str, str, str]]:
    return [(a.step, a.scope, str(a.candidate_id)) for a in report.actions]


async def _dump(pool: Any) -> dict[str, str]:
    """Every table's content, as a digest per table."""
    tables = await pool.fetch(
        "select table_name from information_schema.tables"
        " where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name"
    )
    digests = {}
    for table in tables:
        name = table["table_name"]
        digests[name] = await pool.fetchval(
            f"select md5(coalesce(string_agg(t::text, '|' order by t::text), '')) from \"{name}\" t"  # noqa: S608
        )
    return digests


async def _attributes(pool: Any, registration_id: str) -> dict[str, Any]:
    row = await pool.fetchrow(
        "select under_26, woman, qpv, rsa_ass_aah, rqth, refugee, diploma_level"
        " from registration_attributes where registration_id = $1",
        UUID(registration_id),
    )
    return dict(row)


async def test_the_dry_run_lists_what_the_real_run_does_and_changes_nothing(
    client: AsyncClient, pool: Any, settings: Settings, database_url: str
) -> None:
    followed = await _followed(client, pool, settings)
    # Ten days or so before the social situation is due (12 months after the event).
    at = followed.ends_at + timedelta(days=355)
    before = await _dump(pool)
    dry = await _run(pool, followed, at, dry=True)
    assert await _dump(pool) == before
    assert _listed(dry) == [("warn", "private", followed.candidate_id)]

    command = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "events",
        "retention",
        "--dry-run",
        "--organisation",
        str(followed.staff.organisation.id),
        "--at",
        at.isoformat(),
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(command.communicate(), timeout=60)
    printed = out.decode()
    assert command.returncode == 0, err.decode()
    assert "avertir" in printed and followed.candidate_id in printed
    assert "warned: 1" in printed
    assert await _dump(pool) == before

    real = await _run(pool, followed, at, dry=False)
    assert _listed(real) == _listed(dry)
    assert real.messages == 1
    stored = await pool.fetchval(
        "select report from retention_runs where trigger = 'command' and started_at = $1", at
    )
    assert stored["warned"] == 1

    # Issue 14's free words go with the observations: a person with only those is due too, and
    # the dry run lists what the real run does, warning then anonymising.
    words = await _words_only(client, pool, followed)
    awa = followed.candidate_id
    for days, step in ((710, "warn"), (750, "anonymise")):
        at = followed.ends_at + timedelta(days=days)
        before = await _dump(pool)
        dry = await _run(pool, followed, at, dry=True)
        assert await _dump(pool) == before
        assert {a for a in _listed(dry) if a[1] == "observations"} == {
            (step, "observations", awa),
            (step, "observations", str(words)),
        }
        assert await _words_left(pool, words) == 3
        real = await _run(pool, followed, at, dry=False)
        assert _listed(real) == _listed(dry)
    assert await _words_left(pool, words) == 0
    # The facts stay: the pairing (without its note), the registration.
    assert await count(pool, "pairings", "candidate_id = $1", words) == 1
    assert await count(pool, "registrations", "candidate_id = $1", words) == 1
    # Nothing of theirs is left to remove: they are not listed again.
    later = await _run(pool, followed, followed.ends_at + timedelta(days=800), dry=True)
    assert str(words) not in {who for _, _, who in _listed(later)}


async def test_the_coach_is_warned_30_days_before_and_the_data_goes_only_then(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    followed = await _followed(client, pool, settings)
    person = UUID(followed.candidate_id)
    figures = await _attributes(pool, followed.registration_id)
    assert figures["qpv"] is True and figures["rsa_ass_aah"] is True

    # Forty days before: nothing yet. Ten days before: the warning, to the coach.
    assert (
        _listed(await _run(pool, followed, followed.ends_at + timedelta(days=325), dry=True)) == []
    )
    await park_earlier_messages(pool)
    warned_at = followed.ends_at + timedelta(days=355)
    await _run(pool, followed, warned_at, dry=False)
    mails = await pool.fetch(
        "select recipient, user_id, status from outbox where kind = 'retention_warning'"
        " and registration_id = $1",
        UUID(followed.registration_id),
    )
    assert [(m["recipient"], m["user_id"]) for m in mails] == [
        (followed.staff.coach_user.email, followed.staff.coach_user.id)
    ]
    async with smtp_server() as mailbox:
        assert await deliver(pool, channels(settings, smtp_url=mailbox.url)) == 1
    (mail,) = mailbox.to(followed.staff.coach_user.email)
    text = mail.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Awa" in text and "situation sociale" in text

    # Due, but the warning is only 12 days old: still nothing.
    assert _listed(await _run(pool, followed, warned_at + timedelta(days=12), dry=False)) == []
    assert await count(pool, "candidate_private", "candidate_id = $1", person) == 1
    # Thirty days after the warning: the social situation goes, the figures stay.
    gone = await _run(pool, followed, warned_at + timedelta(days=31), dry=False)
    assert _listed(gone) == [("anonymise", "private", followed.candidate_id)]
    assert await count(pool, "candidate_private", "candidate_id = $1", person) == 0
    assert await _attributes(pool, followed.registration_id) == figures
    assert (
        await count(pool, "audit_log", "subject_id = $1 and action = 'retention.private'", person)
        == 1
    )

    # Two years on: the observations' words, the card and consent go; levels stay.
    await _run(pool, followed, followed.ends_at + timedelta(days=720), dry=False)
    await _run(pool, followed, followed.ends_at + timedelta(days=760), dry=False)
    assert (
        await count(
            pool, "observations", "candidate_id = $1 and note is null and level = 3", person
        )
        == 1
    )
    assert await count(pool, "skills_card_reviews", "candidate_id = $1", person) == 0
    assert await count(pool, "consents", "candidate_id = $1", person) == 0


async def test_a_persons_new_event_moves_the_due_date_and_periods_are_the_organisations(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    followed = await _followed(client, pool, settings)
    organisation = followed.staff.organisation.id
    path = f"/api/v1/organisations/{organisation}/retention"
    defaults = await client.get(path, headers=followed.staff.organiser)
    assert defaults.json() == {
        "organisation_id": str(organisation),
        "private_months": 12,
        "observations_months": 24,
        "audit_months": 60,
    }
    for headers in (followed.staff.coach, (await make_staff(pool, settings, client)).organiser):
        refused = await client.put(path, headers=headers, json={"private_months": 1})
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")
    too_long = await client.put(
        path, headers=followed.staff.organiser, json={"private_months": 500}
    )
    assert too_long.status_code == 400
    changed = await client.put(
        path, headers=followed.staff.organiser, json={"private_months": 1, "audit_months": 36}
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["private_months"] == 1
    assert changed.json()["observations_months"] == 24
    # One month after the event, the social situation is due now: its warning goes.
    preview = await client.get(f"{path}/preview", headers=followed.staff.organiser)
    assert preview.status_code == 200
    assert preview.json()["actions"] == []
    soon = followed.ends_at + timedelta(days=20)
    assert _listed(await _run(pool, followed, soon, dry=True)) == [
        ("warn", "private", followed.candidate_id)
    ]


async def test_the_daily_run_is_done_once_a_day_whatever_the_number_of_workers(
    pool: Any,
) -> None:
    # A day long past: nothing is due then, and no other test runs that day.
    day = datetime(2001, 1, 1, 3, tzinfo=UTC)
    first, second = await asyncio.gather(
        retention.run_daily(pool, now=day), retention.run_daily(pool, now=day + timedelta(hours=1))
    )
    done = [r for r in (first, second) if r is not None and r.trigger == "daily"]
    assert await count(pool, "retention_runs", "trigger = 'daily' and day = $1", day.date()) == 1
    assert len(done) >= 1
    assert await retention.run_daily(pool, now=day + timedelta(hours=20)) is None
    assert await retention.run_daily(pool, now=day + timedelta(days=1)) is not None
    # Other tests' workers run on today's date: count the two days of this test only.
    assert (
        await count(
            pool, "retention_runs", "trigger = 'daily' and day between $1 and $1 + 1", day.date()
        )
        == 2
    )
