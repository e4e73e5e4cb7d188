"""One candidate's registrations, as those who follow them see them: which events, and where
each registration stands."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.catalog import Kind, Status
from events.registrations.structs import RegistrationStatus
from events.skills_cards import access


class CandidateRegistration(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    # A candidate may be referred to another organisation's event.
    event_organisation_id: UUID
    event_title: str
    event_kind: Kind
    event_status: Status
    starts_at: datetime
    ends_at: datetime
    timezone: str
    status: RegistrationStatus
    checked_in_at: datetime | None


async def list_for_candidate(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, limit: int
) -> list[CandidateRegistration]:
    """Those who follow the candidate (``access.require_follower``, as for the candidate
    themselves) see their registrations, the latest event first, cancelled ones included; to
    anyone else the candidate does not exist."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    return await db.fetch_all(
        conn,
        "list_candidate_registrations",
        CandidateRegistration,
        candidate_id=candidate_id,
        limit=limit,
    )
