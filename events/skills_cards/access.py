"""The two access rules of skills cards: who observes at an event, and who follows a candidate
(reviews their card, reads it as staff, changes their consent for them, sees who viewed it)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.errors import CandidateNotFound, EventNotFound, NotEventCoach


class EventScope(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    kind: str
    status: str
    details: dict[str, Any]

    @property
    def coach_ids(self) -> set[str]:
        return {str(i) for i in self.details.get("coach_ids", [])}


class CandidateScope(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID


def may_observe(by: Actor, event: EventScope) -> bool:
    """Admins; organisers of the event's organisation; its coaches — on a sport session only the
    coaches it names (`coach_ids`), on the other formats any coach of the organisation."""
    if by.is_admin:
        return True
    if by.organisation_id != event.organisation_id:
        return False
    if by.role == "organiser":
        return True
    if by.role != "coach":
        return False
    return event.kind != "sport_session" or str(by.id) in event.coach_ids


async def event_for_observer(conn: db.Conn, *, event_id: UUID, by: Actor) -> EventScope:
    """The event if ``by`` may observe at it. An event they cannot even see (another
    organisation's draft) is missing; one they see but do not work on is forbidden."""
    event = await db.fetch_one(conn, "get_event_scope_for_skills", EventScope, event_id=event_id)
    if event is None:
        raise EventNotFound
    if may_observe(by, event):
        return event
    if by.is_staff_of(event.organisation_id) or event.status == "published":
        raise NotEventCoach
    raise EventNotFound


async def require_follower(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> CandidateScope:
    """Admins, organisers and coaches of the candidate's organisation, and those who observe at
    an event the candidate is registered to. To anyone else (recruiters included) the candidate
    does not exist."""
    candidate = await db.fetch_one(
        conn, "get_candidate_scope_for_skills", CandidateScope, candidate_id=candidate_id
    )
    if candidate is None:
        raise CandidateNotFound
    if by.is_staff_of(candidate.organisation_id):
        return candidate
    if by.role in ("organiser", "coach") and by.organisation_id is not None:
        follows = await db.fetch_value(
            conn,
            "check_follows_candidate",
            candidate_id=candidate_id,
            organisation_id=by.organisation_id,
            role=by.role,
            user_id=by.id,
        )
        if follows:
            return candidate
    raise CandidateNotFound
