"""The funders' figures do not move when a person is erased or their social data reaches its
retention period: both freeze the statistical profiles before the data goes (issue 12 §4, §5).
Ten people, five of them in a priority neighbourhood, so that both cells are shown (5 and 5):
had the erased person's attribute gone, the first would drop to "< 5"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events import db
from events.actors import Actor
from events.retention import run as retention
from events.settings import Settings
from events.statistics.figures import EventFigures, event_figures
from tests.factories import make_staff
from tests.factories_directory import count
from tests.factories_registrations import make_candidate, make_published_event, register

PEOPLE = 10  # half in a QPV, half not: both cells shown (5 each)


async def _figures(pool: Any, organiser: Actor, event_id: str, now: datetime) -> EventFigures:
    async with db.transaction(pool) as conn:
        return await event_figures(conn, event_id=UUID(event_id), by=organiser, now=now)


def _shares(figures: EventFigures) -> dict[str, int | None]:
    return {share.key: share.count.count for share in figures.figures.shares}


async def test_figures_are_identical_before_and_after_erasure_and_retention(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    start = datetime.now(UTC) + timedelta(minutes=30)
    event = await make_published_event(client, staff.organiser, starts_at=start, candidates=20)
    people = []
    for n in range(PEOPLE):
        person = await make_candidate(
            client,
            staff.organiser,
            first_name=f"Aminata{'e' * n}",
            private={"qpv": n % 2 == 0, "benefits": ["rsa"], "birth_year": 2004},
        )
        registration = await register(client, staff.organiser, event["id"], candidate_id=person)
        scanned = await client.post(
            f"/api/v1/events/{event['id']}/checkins",
            headers=staff.coach,
            json={"token": registration["ticket"]["token"]},
        )
        assert scanned.status_code == 201, scanned.text
        people.append(person)
    organiser = Actor(
        id=staff.organiser_user.id, role="organiser", organisation_id=staff.organisation.id
    )
    now = start + timedelta(days=1)
    before = await _figures(pool, organiser, event["id"], now)
    # Shown, not suppressed: a figure that moved would show.
    assert _shares(before)["qpv"] == PEOPLE // 2

    erased = await client.post(
        f"/api/v1/candidates/{people[0]}/erasure",
        headers=staff.organiser,
        json={"reason": "candidate_request"},
    )
    assert erased.status_code == 200, erased.text
    assert await count(pool, "candidate_private", "candidate_id = $1", UUID(people[0])) == 0
    assert await _figures(pool, organiser, event["id"], now) == before

    # A year and a half on, warned then past the period: every social situation goes.
    ends_at = datetime.fromisoformat(event["ends_at"])
    for days in (360, 400):
        async with db.transaction(pool) as conn:
            await retention.run(
                conn,
                now=ends_at + timedelta(days=days),
                trigger="command",
                dry_run=False,
                organisation_id=staff.organisation.id,
            )
    remaining = [UUID(p) for p in people]
    assert await count(pool, "candidate_private", "candidate_id = any($1)", remaining) == 0
    assert await _figures(pool, organiser, event["id"], now) == before
