"""The sport session's skills cards, made as they are for real: each coach records what they saw
of a candidate in one batch from their phone, the first coach who observed the candidate reviews
the card, and someone who follows the candidate (the organiser of the mission locale for a
young person it referred) records their consent and writes their CV for them."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from events.actors import Actor
from events.cvs import store as cvs
from events.cvs.structured import StructuredCv
from events.db import Conn
from events.demo.observed import CVS, OBSERVED, Observed
from events.skills_cards import consent, observations, review

Name = tuple[str, str]


def _batch(candidate_id: UUID, person: Observed, coach: str) -> observations.ObservationBatchIn:
    items = [
        {"skill": s.skill, "level": s.level, "activity": s.activity, "note": s.note}
        for s in person.seen
        if s.coach == coach
    ]
    # Through the API's input struct, and so its constraints.
    return msgspec.convert(
        {"candidate_id": candidate_id, "items": items}, observations.ObservationBatchIn
    )


async def record(
    conn: Conn,
    *,
    event_id: UUID,
    candidate_ids: dict[Name, UUID],
    coaches: dict[str, Actor],
    follower_of: dict[Name, Actor],
    now: datetime,
) -> None:
    """Observations at ``event_id`` by the coaches in ``coaches``; reviews, consents and CVs.
    ``follower_of`` names the candidates whose own coach is not a sport coach."""
    for person in OBSERVED:
        candidate_id = candidate_ids[person.name]
        for coach in dict.fromkeys(s.coach for s in person.seen):
            await observations.record_batch(
                conn,
                event_id=event_id,
                batch=_batch(candidate_id, person, coach),
                by=coaches[coach],
                now=now,
            )
        first_observer = coaches[person.seen[0].coach]
        their_coach = follower_of.get(person.name, first_observer)
        if person.reviewed:
            await review.review(
                conn, candidate_id=candidate_id, version=None, by=first_observer, now=now
            )
        if person.consents:
            await consent.change(
                conn,
                candidate_id=candidate_id,
                consent=msgspec.convert(
                    {"recruiters": True, "contact": person.contact}, consent.ConsentIn
                ),
                ticket_token=None,
                by=their_coach,
                now=now,
            )
        if person.name in CVS:
            await cvs.put(
                conn,
                candidate_id=candidate_id,
                cv=msgspec.convert(CVS[person.name], StructuredCv),
                now=now,
                by=their_coach,
            )
