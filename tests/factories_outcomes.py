"""A past event whose participants came (or not), ready for outcomes and follow-ups: made
through the public API, then moved into the past and checked in directly in the database (the
door's rules are tested elsewhere)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from httpx import AsyncClient

from events.actors import Actor
from events.settings import Settings
from tests.factories import Staff, make_staff, make_user
from tests.factories_registrations import (
    make_candidate,
    make_company,
    make_published_event,
    register,
)


class World:
    """An organisation's past event: ``came`` checked in, ``absent`` registered but not."""

    def __init__(self, staff: Staff, event: dict[str, Any]) -> None:
        self.staff = staff
        self.event = event
        self.event_id: str = event["id"]
        self.came: list[str] = []
        self.absent: str = ""
        self.company_id: str = ""

    @property
    def organiser(self) -> Actor:
        return Actor(
            id=self.staff.organiser_user.id,
            role="organiser",
            organisation_id=self.staff.organisation.id,
        )


async def past_event(
    client: AsyncClient,
    pool: Any,
    settings: Settings,
    *,
    ends_at: datetime | None = None,
    came: int = 2,
    staff: Staff | None = None,
) -> World:
    """A job dating of a new organisation that ended at ``ends_at`` (40 days ago by default),
    with ``came`` candidates checked in, one more registered who did not come, and a company."""
    staff = staff or await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    world = World(staff, event)
    end = ends_at or datetime.now(UTC) - timedelta(days=40)
    for _ in range(came):
        candidate = await make_candidate(client, staff.organiser)
        await register(client, staff.organiser, world.event_id, candidate_id=candidate)
        world.came.append(candidate)
    world.absent = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, world.event_id, candidate_id=world.absent)
    world.company_id = await make_company(client, staff.organiser)
    await register(client, staff.organiser, world.event_id, company_id=world.company_id)
    await move_event(pool, world.event_id, ends_at=end)
    await pool.execute(
        "update registrations set checked_in_at = $2, checked_in_by = $3"
        " where event_id = $1 and candidate_id = any($4::uuid[])",
        UUID(world.event_id),
        end - timedelta(hours=2),
        staff.organiser_user.id,
        [UUID(c) for c in world.came],
    )
    return world


async def move_event(pool: Any, event_id: Any, *, ends_at: datetime) -> None:
    await pool.execute(
        "update events set starts_at = $2::timestamptz - interval '3 hours', ends_at = $2"
        " where id = $1",
        UUID(str(event_id)),
        ends_at,
    )


async def make_interest(
    pool: Any,
    settings: Settings,
    *,
    candidate_id: str,
    company_id: str,
    event_id: str | None = None,
) -> UUID:
    """A recruiter of the company saying they would like to meet the candidate (written
    directly: who may say so is ``skills_cards.interest``'s rule, tested there)."""
    recruiter = await make_user(pool, settings, role="recruiter", company_id=UUID(company_id))
    interest_id: UUID = await pool.fetchval(
        "insert into recruiter_interests (recruiter_id, company_id, candidate_id, event_id,"
        " created_at) values ($1, $2, $3, $4, now()) returning id",
        recruiter.id,
        UUID(company_id),
        UUID(candidate_id),
        UUID(event_id) if event_id else None,
    )
    return interest_id


def outcome_body(candidate_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "candidate_id": candidate_id,
        "kind": "interview",
        "happened_on": (datetime.now(UTC) - timedelta(days=3)).date().isoformat(),
        **fields,
    }
