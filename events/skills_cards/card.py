"""The skills card of a candidate, built from the coaches' current observations.

Per skill of the vocabulary that was observed at least once:

- ``level``: take each observer's latest observation of that skill (latest by when it was
  first seen; a correction replaces the version it corrects and keeps its time), then the
  median of those levels, rounded down. One observer rating 2 and another 3 gives 2; 2, 3 and 4
  give 3; 2 and 4 give 3.
- ``observations``: how many current observations (corrections replace, so never counted
  twice); ``observers``: how many distinct people they come from.
- ``events`` (by start), ``activities`` and ``evidence`` (the notes, oldest first) of those
  current observations.

``version`` is a counter raised by every observation write (a batch is one write, a correction
is one write), so it changes whenever the content does and stays the same across reads;
``updated_at`` is the time of that write. Event titles are shown as they are now on the draft
and as they were at review time on a reviewed card; recruiters see named only the events their
company attended (``recruiter.card_for_company``).

``review`` tells whether the current version was reviewed. Recruiters never see the draft:
they see the last reviewed snapshot (``reviewed_only=True``) until a newer version is reviewed.
"""

from __future__ import annotations

import math
import statistics
from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.skills_cards import access


class CardEvent(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    starts_at: datetime


class SkillLine(msgspec.Struct, frozen=True, kw_only=True):
    code: str
    label_fr: str
    label_en: str
    level: int
    observations: int
    observers: int
    events: list[CardEvent]
    activities: list[str]
    evidence: list[str]


class Review(msgspec.Struct, frozen=True, kw_only=True):
    """``draft`` until the current version is reviewed; ``by``, ``at`` and ``version`` are those
    of the last review, if any."""

    status: Literal["draft", "reviewed"]
    by: UUID | None = None
    at: datetime | None = None
    version: int | None = None


class SkillsCard(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    version: int
    updated_at: datetime
    review: Review
    skills: list[SkillLine]


class ReviewRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    version: int
    card: SkillsCard
    reviewed_by: UUID
    reviewed_at: datetime


class _Observation(msgspec.Struct, frozen=True, kw_only=True):
    skill: str
    label_fr: str
    label_en: str
    level: int
    activity: str | None
    note: str | None
    observer_id: UUID
    observed_at: datetime
    seq: int
    event_id: UUID
    event_title: str
    event_starts_at: datetime
    card_version: int
    card_updated_at: datetime


def level_of(levels_by_observer: list[int]) -> int:
    """The median of the observers' levels, rounded down."""
    return math.floor(statistics.median(levels_by_observer))


def _line(rows: list[_Observation]) -> SkillLine:
    """One skill's line from its current observations, given oldest first."""
    latest: dict[UUID, int] = {}
    events: dict[UUID, CardEvent] = {}
    for row in rows:
        latest[row.observer_id] = row.level  # rows are oldest first: the last one stays
        events.setdefault(
            row.event_id,
            CardEvent(id=row.event_id, title=row.event_title, starts_at=row.event_starts_at),
        )
    first = rows[0]
    return SkillLine(
        code=first.skill,
        label_fr=first.label_fr,
        label_en=first.label_en,
        level=level_of(list(latest.values())),
        observations=len(rows),
        observers=len(latest),
        events=sorted(events.values(), key=lambda e: (e.starts_at, str(e.id))),
        activities=list(dict.fromkeys(r.activity for r in rows if r.activity)),
        evidence=[r.note for r in rows if r.note],
    )


def _review_state(version: int, last: ReviewRow | None) -> Review:
    if last is None:
        return Review(status="draft")
    return Review(
        status="reviewed" if last.version == version else "draft",
        by=last.reviewed_by,
        at=last.reviewed_at,
        version=last.version,
    )


async def last_review(conn: db.Conn, *, candidate_id: UUID) -> ReviewRow | None:
    return await db.fetch_one(conn, "get_last_card_review", ReviewRow, candidate_id=candidate_id)


async def current(conn: db.Conn, *, candidate_id: UUID) -> SkillsCard | None:
    """The card as the observations make it now; None before the first observation."""
    # One statement, one snapshot: the version read is the version of the rows read.
    rows = await db.fetch_all(
        conn, "list_current_observations", _Observation, candidate_id=candidate_id
    )
    if not rows:
        return None
    by_skill: dict[str, list[_Observation]] = {}
    for row in rows:  # ordered by the vocabulary's order, then oldest first
        by_skill.setdefault(row.skill, []).append(row)
    version = rows[0].card_version
    return SkillsCard(
        candidate_id=candidate_id,
        version=version,
        updated_at=rows[0].card_updated_at,
        review=_review_state(version, await last_review(conn, candidate_id=candidate_id)),
        skills=[_line(lines) for lines in by_skill.values()],
    )


async def build(conn: db.Conn, *, candidate_id: UUID, reviewed_only: bool) -> SkillsCard | None:
    """The current card (``reviewed_only=False``), or the last reviewed one, which is what
    recruiters see (``reviewed_only=True``); None when there is no such card.

    Checks no access: callers decide who may see which (``recruiter_may_see`` for recruiters,
    ``access.require_follower`` for staff)."""
    if not reviewed_only:
        return await current(conn, candidate_id=candidate_id)
    last = await last_review(conn, candidate_id=candidate_id)
    return None if last is None else last.card


async def for_staff(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> SkillsCard | None:
    """The current card with its review state, for those who follow the candidate (see
    ``access.require_follower``); None before the first observation."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    return await current(conn, candidate_id=candidate_id)


async def recruiter_may_see(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> bool:
    """A recruiter sees a candidate's reviewed card (and CV) only while the candidate consents
    to recruiters, the card has been reviewed at least once, and the recruiter's company holds a
    live registration to a published or completed event the candidate is registered to too: the
    rule of ``recruiter_visible_candidates`` (migration 0011), which every recruiter query
    reads."""
    if by.role != "recruiter" or by.company_id is None:
        return False
    seen: bool = await db.fetch_value(
        conn, "check_recruiter_may_see", candidate_id=candidate_id, company_id=by.company_id
    )
    return seen
