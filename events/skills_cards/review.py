"""The coach's review: nothing reaches a recruiter before someone who follows the candidate has
read the card and marked that version reviewed."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import Forbidden, SkillsCardChanged, SkillsCardEmpty
from events.skills_cards import access, card


class ReviewIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """``version``: the version the reviewer read; if the card changed since, the review is
    refused rather than given to content nobody read."""

    version: Annotated[int, msgspec.Meta(ge=1)] | None = None


class CardToReview(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    first_name: str
    last_name: str
    version: int
    updated_at: datetime


async def list_to_review(conn: db.Conn, *, by: Actor, limit: int) -> list[CardToReview]:
    """The cards of the organiser's candidates (all of them for an admin) changed since their
    last review: what recruiters cannot see until someone who follows the person reads it."""
    if by.role not in ("organiser", "admin"):
        raise Forbidden
    return await db.fetch_all(
        conn,
        "list_cards_to_review",
        CardToReview,
        organisation_id=None if by.is_admin else by.organisation_id,
        limit=limit,
    )


class _CardHead(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    version: int
    updated_at: datetime


async def review(
    conn: db.Conn, *, candidate_id: UUID, version: int | None, by: Actor, now: datetime
) -> card.SkillsCard:
    """Mark the current version reviewed, by someone who follows the candidate (see
    ``access.require_follower``). The card as it is now is stored as the reviewed snapshot that
    recruiters see until a later version is reviewed, with the lines and ranks their search
    reads. Reviewing a version already reviewed changes nothing."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    # The lock holds observation writes back until the snapshot is stored.
    head = await db.fetch_one(conn, "lock_skills_card", _CardHead, candidate_id=candidate_id)
    if head is None:
        raise SkillsCardEmpty
    if version is not None and version != head.version:
        raise SkillsCardChanged(extra={"version": head.version})
    draft = await card.current(conn, candidate_id=candidate_id)
    if draft is None:  # pragma: no cover - a card row exists only with observations
        raise SkillsCardEmpty
    if draft.review.status == "reviewed":
        return draft
    reviewed = msgspec.structs.replace(
        draft, review=card.Review(status="reviewed", by=by.id, at=now, version=draft.version)
    )
    stored = await db.fetch_one(
        conn,
        "insert_card_review",
        card.ReviewRow,
        candidate_id=candidate_id,
        version=draft.version,
        card=reviewed,
        reviewed_by=by.id,
        reviewed_at=now,
    )
    if stored is None:  # pragma: no cover - the lock above makes the version ours to review
        raise SkillsCardChanged(extra={"version": head.version})
    await db.execute(conn, "delete_card_lines", candidate_id=candidate_id)
    await db.execute(
        conn,
        "insert_card_lines",
        candidate_id=candidate_id,
        skills=[line.code for line in reviewed.skills],
        levels=[line.level for line in reviewed.skills],
        observations=[line.observations for line in reviewed.skills],
        observers=[line.observers for line in reviewed.skills],
    )
    # What the recruiters' search ranks by, from the lines just stored.
    await db.execute(conn, "delete_card_ranks", candidate_id=candidate_id)
    await db.execute(conn, "insert_card_ranks", candidate_id=candidate_id)
    await audit.record(
        conn,
        by=by,
        action="skills_card.review",
        subject_type="candidate",
        subject_id=candidate_id,
        on_behalf_of=candidate_id,
        data={"version": draft.version, "skills": len(reviewed.skills)},
    )
    return reviewed
