"""The person's own words beside a coach's observation (rectification, issue 12 §4): a coach's
observation is the coach's, and stays as written; the person may say what they think of it.

A comment is written by the person only, with their ticket and its pass (``holder``), on one of
their own observations that no correction replaced. Nobody edits it afterwards: there is no
statement that changes one, staff included; a second comment is a new one. It is shown beside
the observation on the person's page, in the observation's history that coaches and organisers
read (``observations.list_for_candidate``), and in the export. A correction made later keeps
the comment beside the line's new version."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime
from typing import Final
from uuid import UUID

import msgspec

from events import audit, db
from events.errors import InvalidInput, ObservationNotFound

MAX_LENGTH: Final = 1000


class CandidateComment(msgspec.Struct, frozen=True, kw_only=True):
    """The person's comment, as coaches and the person read it."""

    body: str
    created_at: datetime


class _CommentRow(msgspec.Struct, frozen=True, kw_only=True):
    observation_id: UUID
    body: str
    created_at: datetime


class OwnObservation(msgspec.Struct, frozen=True, kw_only=True):
    """One current observation as the person reads it, with their comments."""

    id: UUID
    event_title: str
    skill: str
    skill_fr: str
    skill_en: str
    level: int
    activity: str | None
    note: str | None
    observed_at: datetime
    version: int
    comments: list[CandidateComment] = msgspec.field(default_factory=list)


async def of_observations(
    conn: db.Conn, *, observation_ids: Sequence[UUID]
) -> dict[UUID, list[CandidateComment]]:
    """The comments on the lines of these versions, oldest first, by the version given."""
    if not observation_ids:
        return {}
    rows = await db.fetch_all(
        conn, "list_observation_comments", _CommentRow, observation_ids=list(observation_ids)
    )
    found: dict[UUID, list[CandidateComment]] = defaultdict(list)
    for row in rows:
        found[row.observation_id].append(CandidateComment(body=row.body, created_at=row.created_at))
    return dict(found)


async def own_observations(conn: db.Conn, *, candidate_id: UUID) -> list[OwnObservation]:
    """The person's current observations, newest first, each with their comments."""
    rows = await db.fetch_all(
        conn, "list_own_observations", OwnObservation, candidate_id=candidate_id
    )
    comments = await of_observations(conn, observation_ids=[r.id for r in rows])
    return [msgspec.structs.replace(r, comments=comments.get(r.id, [])) for r in rows]


async def add(
    conn: db.Conn,
    *,
    candidate_id: UUID,
    ticket_id: UUID,
    observation_id: UUID,
    body: str,
    now: datetime,
) -> CandidateComment:
    """The person's comment on one of their own current observations (anything else is
    ``observation_not_found``): a few words, ``MAX_LENGTH`` characters at most. Audited on
    their behalf."""
    body = body.replace("\x00", "").strip()
    if not body:
        raise InvalidInput(
            field="body", reason_fr="Écrivez quelques mots.", reason_en="Write a few words."
        )
    if len(body) > MAX_LENGTH:
        raise InvalidInput(
            field="body",
            reason_fr=f"{MAX_LENGTH} caractères au plus.",
            reason_en=f"{MAX_LENGTH} characters at most.",
        )
    row = await db.fetch_one(
        conn,
        "insert_observation_comment",
        _CommentRow,
        observation_id=observation_id,
        candidate_id=candidate_id,
        body=body,
        ticket_id=ticket_id,
        now=now,
    )
    if row is None:
        raise ObservationNotFound
    await audit.record(
        conn,
        by=None,
        action="observation.comment",
        subject_type="observation",
        subject_id=row.observation_id,
        on_behalf_of=candidate_id,
        data={"ticket_id": str(ticket_id)},
    )
    return CandidateComment(body=row.body, created_at=row.created_at)
