"""The two access rules of skills cards: who observes at an event (a coach's events are those
they are assigned to), and who follows a candidate (reads and changes their social situation,
reviews their card, reads it as staff, changes their consent for them, sees who viewed it).
Who may see an event at all is the catalog's rule (``events.catalog.access``)."""

from __future__ import annotations

from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.catalog import access
from events.catalog.access import EventScope
from events.erasure.tombstone import living
from events.errors import CandidateNotFound, NotEventCoach


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
    organisation's draft, ``access.may_see``) is missing; one they see but do not work on is
    forbidden."""
    event = await access.event_to_see(conn, event_id=event_id, by=by)
    if not may_observe(by, event):
        raise NotEventCoach
    return event


async def require_follower(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> CandidateScope:
    """Admins, organisers of the candidate's organisation, and those who observe at an event the
    candidate is registered to (see ``may_observe``): a coach follows only the candidates of
    events they are assigned to, even within their own organisation. To anyone else (recruiters
    included) the candidate does not exist."""
    candidate = await db.fetch_one(
        conn, "get_candidate_scope_for_skills", CandidateScope, candidate_id=candidate_id
    )
    if candidate is None:
        raise CandidateNotFound
    if by.is_admin or (by.role == "organiser" and by.organisation_id == candidate.organisation_id):
        return await living(conn, candidate)
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
            return await living(conn, candidate)
    raise CandidateNotFound
