"""Erasing a person at their request, in ONE transaction (issue 12 §4, decision 1).

Order matters: the statistical profiles of their registrations are frozen first
(``events.statistics.profiles.freeze_profiles``), so that the funders' figures do not move;
then every personal datum goes. The candidate row stays as a tombstone (same id, names and
contact emptied, ``erased_at`` set) so that registrations, observations' levels and outcomes
keep counting. What is only personal is deleted: the social situation, the CV, the reviewed
cards recruiters read and search, consents, comments, messages not sent. Tickets are revoked:
the door and the ticket page refuse them. Audit rows about the person keep that something
happened, not what: those whose subject is one of their ids, done on their behalf, or whose
facts name one of their ids (whatever the action: a workshop sign-up from a ticket, a replan
that dropped them); one audit row records the erasure, with the category of its reason only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import CandidateErased, CandidateNotFound, ErasureNotFound
from events.statistics.profiles import freeze_profiles

# Why a person was erased, as a category: never their words.
ReasonCategory = Literal["candidate_request", "consent_withdrawn", "objection", "unlawful", "other"]
REASONS: tuple[ReasonCategory, ...] = (
    "candidate_request",
    "consent_withdrawn",
    "objection",
    "unlawful",
    "other",
)


class ErasureIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An erasure request: the category of the reason, never the person's words."""

    reason: ReasonCategory


class Erasure(msgspec.Struct, frozen=True, kw_only=True):
    """An erasure as recorded: who, when, why (a category)."""

    candidate_id: UUID
    organisation_id: UUID
    reason: ReasonCategory
    erased_by: UUID | None
    erased_at: datetime


class ErasureDone(msgspec.Struct, frozen=True, kw_only=True):
    """What an erasure did, in counts."""

    erasure: Erasure
    registrations_kept: int
    tickets_revoked: int
    messages_dropped: int
    observations_kept: int
    audit_rows_stripped: int


class _Target(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    erased_at: datetime | None


async def _target(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> _Target:
    """The person, locked, for an organiser of their organisation or an admin. To anyone
    outside the organisation they do not exist; a coach of it may not erase (403)."""
    target = await db.fetch_one(
        conn, "lock_candidate_for_erasure", _Target, candidate_id=candidate_id
    )
    if target is None or not by.is_staff_of(target.organisation_id):
        raise CandidateNotFound
    by.require("organiser")
    if target.erased_at is not None:
        raise CandidateErased
    return target


async def erase(
    conn: db.Conn, *, candidate_id: UUID, reason: ReasonCategory, by: Actor, now: datetime
) -> ErasureDone:
    """Organisers of the person's organisation (and admins) erase them, once: a second time
    answers ``candidate_erased``."""
    target = await _target(conn, candidate_id=candidate_id, by=by)
    await freeze_profiles(conn, candidate_id=target.id, now=now)
    subjects = [
        row.id
        for row in await db.fetch_all(
            conn, "list_erasure_subjects", _Subject, candidate_id=target.id
        )
    ]
    await db.execute(conn, "delete_candidate_private", candidate_id=target.id)
    await db.fetch_value(conn, "delete_cv", candidate_id=target.id)
    await db.execute(conn, "delete_card_of_candidate", candidate_id=target.id)
    await db.execute(conn, "update_credentials_for_erasure", candidate_id=target.id)
    observations = await db.fetch_value(
        conn, "update_observations_for_erasure", candidate_id=target.id
    )
    await db.execute(conn, "delete_observation_comments_of_candidate", candidate_id=target.id)
    await db.execute(conn, "update_outcomes_for_erasure", candidate_id=target.id)
    tickets = await db.fetch_value(
        conn, "revoke_tickets_of_candidate", candidate_id=target.id, now=now
    )
    dropped = await db.fetch_value(
        conn, "delete_unsent_messages_of_candidate", candidate_id=target.id
    )
    await db.execute(conn, "update_sent_messages_of_candidate", candidate_id=target.id)
    await db.execute(conn, "update_import_rows_for_erasure", candidate_id=target.id)
    await db.execute(conn, "delete_idempotent_answers_of_candidate", candidate_id=target.id)
    await db.execute(conn, "delete_bib_interests_of_candidate", candidate_id=target.id)
    await db.execute(conn, "delete_bibs_of_candidate", candidate_id=target.id)
    await db.execute(conn, "delete_workshop_signups_of_candidate", candidate_id=target.id)
    await db.execute(conn, "delete_interviews_sent_of_candidate", candidate_id=target.id)
    await db.execute(conn, "delete_interview_grid_of_candidate", candidate_id=target.id)
    await db.execute(conn, "update_interview_plans_for_erasure", candidate_id=target.id)
    await db.execute(conn, "update_pairings_for_erasure", candidate_id=target.id)
    await db.execute(conn, "update_candidate_to_tombstone", candidate_id=target.id, now=now)
    stripped = await db.fetch_value(
        conn, "update_audit_rows_of_subjects", subject_ids=subjects, candidate_id=target.id
    )
    await db.execute(
        conn,
        "insert_erasure",
        candidate_id=target.id,
        organisation_id=target.organisation_id,
        reason=reason,
        erased_by=by.id,
        now=now,
    )
    await audit.record(
        conn,
        by=by,
        action="candidate.erase",
        subject_type="candidate",
        subject_id=target.id,
        data={"reason": reason},
    )
    return ErasureDone(
        erasure=await _erasure(conn, target.id),
        registrations_kept=await _registrations(conn, target.id),
        tickets_revoked=tickets,
        messages_dropped=dropped,
        observations_kept=observations,
        audit_rows_stripped=stripped,
    )


async def get(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> Erasure:
    """The record of an erasure, for the staff of the person's organisation and admins;
    ``erasure_not_found`` while the person is not erased."""
    target = await db.fetch_one(
        conn, "get_candidate_for_erasure", _Target, candidate_id=candidate_id
    )
    if target is None or not by.is_staff_of(target.organisation_id):
        raise CandidateNotFound
    found = await db.fetch_one(conn, "get_erasure", Erasure, candidate_id=candidate_id)
    if found is None:
        raise ErasureNotFound
    return found


class _Subject(msgspec.Struct, frozen=True):
    id: UUID


async def _erasure(conn: db.Conn, candidate_id: UUID) -> Erasure:
    found = await db.fetch_one(conn, "get_erasure", Erasure, candidate_id=candidate_id)
    if found is None:  # pragma: no cover - written in this same transaction
        raise ErasureNotFound
    return found


async def _registrations(conn: db.Conn, candidate_id: UUID) -> int:
    count: int = await db.fetch_value(
        conn, "count_registrations_of_erased", candidate_id=candidate_id
    )
    return count
