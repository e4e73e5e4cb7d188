"""Coaches' observations: what a coach saw a candidate do at an event, for one skill, at one
level, during which activity, with a short note as evidence.

An observation is never changed in place: a correction writes the next version, linked to the
one it replaces, and only versions nobody replaced count on the card. Every write raises the
card's version and leaves an audit row on the candidate's behalf. A write sent again with the
same ``Idempotency-Key`` (a retry on a gym's Wi-Fi) gets the first answer and adds no evidence.

A correction's ``reason`` (why it was corrected) is kept apart from the ``note`` (the evidence):
staff read it in the observation's history; the card, and so recruiters, never show it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from events import audit, db, idempotency, pagination
from events.actors import Actor
from events.catalog.access import EventScope, runs
from events.erasure.tombstone import refuse_if_erased
from events.errors import (
    CandidateNotRegistered,
    Forbidden,
    InvalidInput,
    ObservationNotFound,
    ObservationsClosed,
    ObservationSuperseded,
    UnknownActivity,
    UnknownSkill,
)
from events.fields import Name
from events.skills_cards import access, vocabulary
from events.skills_cards.vocabulary import SkillCode

Level = Annotated[int, msgspec.Meta(ge=1, le=4, description="1 to 4, as the vocabulary says")]
# Short evidence: what the coach saw, in a sentence or two.
Note = Annotated[str, msgspec.Meta(max_length=500, pattern=r"^[^\x00]*$")]
MAX_BATCH = 24
# Observations are taken while an event runs or right after it.
OPEN_STATUSES = ("published", "completed")


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class ObservationIn(_Strict, frozen=True, kw_only=True):
    candidate_id: UUID
    skill: SkillCode
    level: Level
    activity: Name | None = None
    note: Note | None = None


class BatchItem(_Strict, frozen=True, kw_only=True):
    skill: SkillCode
    level: Level
    activity: Name | None = None
    note: Note | None = None


class ObservationBatchIn(_Strict, frozen=True, kw_only=True):
    """Several observations of one candidate, taken together from a phone: all or nothing."""

    candidate_id: UUID
    items: Annotated[list[BatchItem], msgspec.Meta(min_length=1, max_length=MAX_BATCH)]

    def __post_init__(self) -> None:
        seen = [(item.skill, (item.activity or "").strip().casefold()) for item in self.items]
        if len(set(seen)) != len(seen):
            raise InvalidInput(
                field="items",
                reason_fr="La même compétence est notée deux fois pour la même activité.",
                reason_en="The same skill is rated twice for the same activity.",
            )


class CorrectionIn(_Strict, frozen=True, kw_only=True):
    """The new level and/or note; a key left out keeps its value, ``"note": null`` removes it.
    ``reason``: why, for staff only (the history shows it, the card never does); it changes
    nothing by itself."""

    level: Level | UnsetType = UNSET
    note: Note | UnsetType | None = UNSET
    reason: Note | None = None


class ObservationRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    event_id: UUID
    skill: str
    level: int
    activity: str | None
    note: str | None
    # Whose observation this is; corrections keep it.
    observer_id: UUID
    # Who wrote this version.
    recorded_by: UUID
    observed_at: datetime
    recorded_at: datetime
    version: int
    replaces: UUID | None
    # Why this version corrects the one it replaces; staff only, never on the card.
    reason: str | None


class RecordedObservation(ObservationRow, frozen=True, kw_only=True):
    """An observation just written, with the card version it produced."""

    card_version: int


class RecordedBatch(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ObservationRow]
    card_version: int


class CandidateComment(msgspec.Struct, frozen=True, kw_only=True):
    """The candidate's own words about an observation (``events.data_rights.comments``)."""

    body: str
    created_at: datetime


class ObservationVersion(ObservationRow, frozen=True, kw_only=True):
    """A version in the history; ``current`` is false once a correction replaced it.
    ``candidate_comments``: what the candidate wrote about this observation, on the current
    version of its line (a comment written before a correction stays beside the new version);
    staff cannot change them."""

    current: bool
    candidate_comments: list[CandidateComment] = msgspec.field(default_factory=list)


class ObservationPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[ObservationVersion]
    next_cursor: str | None


class _Located(ObservationRow, frozen=True, kw_only=True):
    organisation_id: UUID
    replaced_by: UUID | None


class _ListedRow(ObservationVersion, frozen=True, kw_only=True):
    seq: int


class _CommentRow(msgspec.Struct, frozen=True, kw_only=True):
    observation_id: UUID
    body: str
    created_at: datetime


class _CardHead(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    version: int
    updated_at: datetime


def _clean_note(note: str | None) -> str | None:
    return (note or "").strip() or None


def _activity(event: EventScope, given: str | None) -> str | None:
    """A sport session's activity must be one of its programme (matched whatever the case and
    stored as the programme names it); other formats take any short name."""
    if given is None:
        return None
    name = given.strip()
    if event.kind != "sport_session":
        return name
    programme = [str(a.get("name", "")) for a in event.details.get("activities", [])]
    for known in programme:
        if known.strip().casefold() == name.casefold():
            return known
    raise UnknownActivity(extra={"activity": given, "activities": programme})


async def _check_candidate_and_skills(
    conn: db.Conn, *, event: EventScope, candidate_id: UUID, skills: list[str]
) -> None:
    if event.status not in OPEN_STATUSES:
        raise ObservationsClosed(status=event.status, extra={"status": event.status})
    if not await db.fetch_value(
        conn, "check_observed_registered", event_id=event.id, candidate_id=candidate_id
    ):
        raise CandidateNotRegistered
    await refuse_if_erased(conn, candidate_id=candidate_id, writing=True)
    missing = await vocabulary.unknown(conn, skills)
    if missing:
        raise UnknownSkill(extra={"skills": missing})


async def _insert(
    conn: db.Conn,
    *,
    event: EventScope,
    candidate_id: UUID,
    item: ObservationIn | BatchItem,
    by: Actor,
    now: datetime,
) -> ObservationRow:
    row = await db.fetch_one(
        conn,
        "insert_observation",
        ObservationRow,
        candidate_id=candidate_id,
        event_id=event.id,
        skill=item.skill,
        level=item.level,
        activity=_activity(event, item.activity),
        note=_clean_note(item.note),
        by=by.id,
        now=now,
    )
    if row is None:  # the registration was cancelled since the check above
        raise CandidateNotRegistered
    await audit.record(
        conn,
        by=by,
        action="observation.create",
        subject_type="observation",
        subject_id=row.id,
        on_behalf_of=candidate_id,
        data={"event_id": str(event.id), "skill": row.skill, "level": row.level},
    )
    return row


async def _bump(conn: db.Conn, *, candidate_id: UUID, now: datetime) -> int:
    head = await db.fetch_one(
        conn, "bump_skills_card", _CardHead, candidate_id=candidate_id, now=now
    )
    if head is None:  # pragma: no cover - an upsert always returns its row
        raise CandidateNotRegistered
    return head.version


async def record(
    conn: db.Conn,
    *,
    event_id: UUID,
    observation: ObservationIn,
    by: Actor,
    now: datetime,
    idempotency_key: str | None = None,
) -> RecordedObservation:
    """One observation by someone who observes at this event (see ``access.may_observe``), of a
    candidate holding a live registration to it, for a skill of the vocabulary and, at a sport
    session, one of its activities. With an idempotency key, a retry gets the first answer and
    records nothing more (see ``events.idempotency``)."""
    return await idempotency.once(
        conn,
        key=idempotency_key,
        by=by,
        operation="observe",
        subject=event_id,
        body=observation,
        answer=RecordedObservation,
        status_code=201,
        write=lambda: _record(conn, event_id=event_id, observation=observation, by=by, now=now),
    )


async def _record(
    conn: db.Conn, *, event_id: UUID, observation: ObservationIn, by: Actor, now: datetime
) -> RecordedObservation:
    event = await access.event_for_observer(conn, event_id=event_id, by=by)
    await _check_candidate_and_skills(
        conn, event=event, candidate_id=observation.candidate_id, skills=[observation.skill]
    )
    row = await _insert(
        conn, event=event, candidate_id=observation.candidate_id, item=observation, by=by, now=now
    )
    version = await _bump(conn, candidate_id=observation.candidate_id, now=now)
    return RecordedObservation(**msgspec.structs.asdict(row), card_version=version)


async def record_batch(
    conn: db.Conn,
    *,
    event_id: UUID,
    batch: ObservationBatchIn,
    by: Actor,
    now: datetime,
    idempotency_key: str | None = None,
) -> RecordedBatch:
    """Several observations of one candidate under the same rules as ``record``: if one is
    refused none is kept, and the refusal names the item (``extra.item``, from 0). With an
    idempotency key, a retry gets the first answer and records nothing more."""
    return await idempotency.once(
        conn,
        key=idempotency_key,
        by=by,
        operation="observe_batch",
        subject=event_id,
        body=batch,
        answer=RecordedBatch,
        status_code=201,
        write=lambda: _record_batch(conn, event_id=event_id, batch=batch, by=by, now=now),
    )


async def _record_batch(
    conn: db.Conn, *, event_id: UUID, batch: ObservationBatchIn, by: Actor, now: datetime
) -> RecordedBatch:
    event = await access.event_for_observer(conn, event_id=event_id, by=by)
    await _check_candidate_and_skills(
        conn,
        event=event,
        candidate_id=batch.candidate_id,
        skills=[item.skill for item in batch.items],
    )
    rows = []
    for index, item in enumerate(batch.items):
        try:
            rows.append(
                await _insert(
                    conn, event=event, candidate_id=batch.candidate_id, item=item, by=by, now=now
                )
            )
        except UnknownActivity as refusal:
            refusal.extra = {**(refusal.extra or {}), "item": index}
            raise
    version = await _bump(conn, candidate_id=batch.candidate_id, now=now)
    return RecordedBatch(items=rows, card_version=version)


async def correct(
    conn: db.Conn,
    *,
    observation_id: UUID,
    correction: CorrectionIn,
    by: Actor,
    now: datetime,
    idempotency_key: str | None = None,
) -> RecordedObservation:
    """The observer corrects their own observation, or an organiser of the event's organisation
    does: a new version replacing the current one, which stays on record. Only the latest
    version can be corrected, and a correction must change something. With an idempotency key,
    a retry gets the first answer (not ``observation_superseded``) and writes nothing more."""
    return await idempotency.once(
        conn,
        key=idempotency_key,
        by=by,
        operation="correct_observation",
        subject=observation_id,
        body=correction,
        answer=RecordedObservation,
        status_code=201,
        write=lambda: _correct(
            conn, observation_id=observation_id, correction=correction, by=by, now=now
        ),
    )


async def _correct(
    conn: db.Conn, *, observation_id: UUID, correction: CorrectionIn, by: Actor, now: datetime
) -> RecordedObservation:
    found = await db.fetch_one(conn, "get_observation", _Located, id=observation_id)
    if found is None or not runs(by, found):  # those who run its event
        raise ObservationNotFound
    if not (by.is_admin or by.id == found.observer_id or by.role == "organiser"):
        raise Forbidden
    if found.replaced_by is not None:
        raise ObservationSuperseded(extra={"replaced_by": str(found.replaced_by)})
    level = found.level if isinstance(correction.level, UnsetType) else correction.level
    note = found.note if isinstance(correction.note, UnsetType) else _clean_note(correction.note)
    if (level, note) == (found.level, found.note):
        raise InvalidInput(
            field="note" if isinstance(correction.level, UnsetType) else "level",
            reason_fr="La correction ne change ni le niveau ni la note.",
            reason_en="The correction changes neither the level nor the note.",
        )
    row = await db.fetch_one(
        conn,
        "insert_observation_correction",
        ObservationRow,
        replaces=found.id,
        level=level,
        note=note,
        reason=_clean_note(correction.reason),
        by=by.id,
        now=now,
    )
    if row is None:  # a concurrent correction replaced it first
        raise ObservationSuperseded
    await audit.record(
        conn,
        by=by,
        action="observation.correct",
        subject_type="observation",
        subject_id=row.id,
        on_behalf_of=row.candidate_id,
        data={
            "replaces": str(found.id),
            "version": row.version,
            "level": [found.level, row.level],
            "note_changed": note != found.note,
        },
    )
    version = await _bump(conn, candidate_id=row.candidate_id, now=now)
    return RecordedObservation(**msgspec.structs.asdict(row), card_version=version)


async def list_for_candidate(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, limit: int, cursor: str | None
) -> ObservationPage:
    """Every version of the candidate's observations, newest first, for those who follow the
    candidate (see ``access.require_follower``)."""
    await access.require_follower(conn, candidate_id=candidate_id, by=by)
    after = pagination.decode_cursor(cursor, tuple[int])
    rows = await db.fetch_all(
        conn,
        "list_observations_for_candidate",
        _ListedRow,
        candidate_id=candidate_id,
        after_seq=after[0] if after else None,
        limit=limit + 1,
    )
    shown, next_cursor = pagination.split_page(rows, limit, lambda r: [r.seq])
    said = await db.fetch_all(
        conn,
        "list_observation_comments",
        _CommentRow,
        observation_ids=[r.id for r in shown if r.current],
    )
    by_version: dict[UUID, list[CandidateComment]] = {}
    for c in said:
        by_version.setdefault(c.observation_id, []).append(
            CandidateComment(body=c.body, created_at=c.created_at)
        )
    items = [
        ObservationVersion(
            **{
                k: v
                for k, v in msgspec.structs.asdict(r).items()
                if k not in ("seq", "candidate_comments")
            },
            candidate_comments=by_version.get(r.id, []),
        )
        for r in shown
    ]
    return ObservationPage(items=items, next_cursor=next_cursor)


class ObserverItem(ObservationVersion, frozen=True, kw_only=True):
    """One of the observer's own current observations, with whom it is of, named as the coach's
    page names people: first name and last name's initial."""

    first_name: str
    last_initial: str


class ObservableName(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    first_name: str
    last_initial: str


async def list_by_observer(
    conn: db.Conn, *, event_id: UUID, by: Actor, since: datetime, limit: int = 200
) -> list[ObserverItem]:
    """``by``'s own current observations at the event recorded for a moment at or after
    ``since`` (the start of their day, in the event's time zone, for the coach's page), of
    every person, newest first. Only for those who observe at the event
    (``access.event_for_observer``); never anyone else's observations."""
    await access.event_for_observer(conn, event_id=event_id, by=by)
    return await db.fetch_all(
        conn,
        "list_observations_by_observer",
        ObserverItem,
        observer_id=by.id,
        event_id=event_id,
        since=since,
        limit=limit,
    )


async def observable_names(conn: db.Conn, *, event_id: UUID, by: Actor) -> dict[UUID, str]:
    """The event's confirmed candidates as a coach's page names them: "first name + last
    name's initial" (``Amina B.``), for those who observe at the event."""
    await access.event_for_observer(conn, event_id=event_id, by=by)
    rows = await db.fetch_all(conn, "list_observable_names", ObservableName, event_id=event_id)
    return {row.candidate_id: short_name(row.first_name, row.last_initial) for row in rows}


def short_name(first_name: str, last_initial: str) -> str:
    """``Amina B.``: how a coach's page names a person in a list."""
    initial = last_initial.strip().upper()
    return f"{first_name.strip()} {initial}." if initial else first_name.strip()
