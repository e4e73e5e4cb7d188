"""What retention does, and when (issue 12 §5).

Per person and kind of data, the data is due at the end of their last event (or, with none,
when they were entered) plus their organisation's period (``policy``). From 30 days before,
the coaches of their events are warned (by mail, through the outbox; the organisers when no
coach is named); once due, and once the warning for that same due date is 30 days old, the
data goes: for ``private`` the social situation; for ``observations`` the coaches' notes, the
person's comments, the reviewed cards, the consents and the CV (levels stay, for the counts),
and the free words of issue 14 (a job dating's hours and wished sectors, a food festival's
cuisines, wishes and areas, the pairings' notes; interviews and pairings stay).
The statistical profiles are frozen first, so the funders' figures do not move. Audit rows
about an organisation's candidates older than its audit period are deleted.

A dry run lists exactly what a real run would do at that instant and writes nothing. A real run
writes its report (``retention_runs``); the daily run holds its day, so of several workers one
does it (``run_daily``)."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.statistics.profiles import freeze_profiles

log = logging.getLogger(__name__)

WARNING_DAYS = 30

Scope = Literal["private", "observations", "audit"]
Step = Literal["warn", "anonymise", "delete"]
Trigger = Literal["daily", "command"]


class _Due(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    organisation_id: UUID
    event_id: UUID | None
    registration_id: UUID | None
    scope: Literal["private", "observations"]
    due_at: datetime
    warned_at: datetime | None


class _AuditDue(msgspec.Struct, frozen=True, kw_only=True):
    organisation_id: UUID
    rows: int


class Action(msgspec.Struct, frozen=True, kw_only=True):
    """One thing a run does: warn about, or anonymise, one kind of one person's data; or
    delete an organisation's old audit rows (``rows`` of them)."""

    step: Step
    scope: Scope
    organisation_id: UUID
    candidate_id: UUID | None = None
    due_at: datetime | None = None
    rows: int | None = None
    # Where a warning goes: the person's last registration and its event (none: no mail).
    registration_id: UUID | None = None
    event_id: UUID | None = None


class Report(msgspec.Struct, frozen=True, kw_only=True):
    """What a run did (or, dry, would do): its actions, and their counts. Ids, never data."""

    trigger: Trigger
    dry_run: bool
    at: datetime
    actions: list[Action]
    warned: int
    anonymised: int
    audit_rows_deleted: int
    messages: int


async def plan(
    conn: db.Conn, *, now: datetime, organisation_id: UUID | None = None
) -> list[Action]:
    """What a run at ``now`` does, in order; reads only."""
    actions: list[Action] = []
    for due in await db.fetch_all(
        conn, "list_retention_due", _Due, now=now, organisation_id=organisation_id
    ):
        if due.warned_at is None:
            step: Step = "warn"
        elif now >= max(due.due_at, due.warned_at + timedelta(days=WARNING_DAYS)):
            step = "anonymise"
        else:
            continue  # warned, not due yet
        actions.append(
            Action(
                step=step,
                scope=due.scope,
                organisation_id=due.organisation_id,
                candidate_id=due.candidate_id,
                due_at=due.due_at,
                registration_id=due.registration_id,
                event_id=due.event_id,
            )
        )
    for old in await db.fetch_all(
        conn, "count_retention_audit_due", _AuditDue, now=now, organisation_id=organisation_id
    ):
        if old.rows:
            actions.append(
                Action(
                    step="delete",
                    scope="audit",
                    organisation_id=old.organisation_id,
                    rows=old.rows,
                )
            )
    return actions


async def _apply(conn: db.Conn, action: Action, *, now: datetime) -> int:
    """Do one action; the number of messages (warnings) or rows (audit) it wrote or removed."""
    if action.step == "delete":
        deleted: int = await db.fetch_value(
            conn, "delete_retention_audit_rows", organisation_id=action.organisation_id, now=now
        )
        return deleted
    candidate_id = action.candidate_id
    if candidate_id is None:  # pragma: no cover - every person's action names them
        return 0
    if action.step == "warn":
        fresh = await db.fetch_value(
            conn,
            "insert_retention_warning",
            candidate_id=candidate_id,
            scope=action.scope,
            due_at=action.due_at,
            now=now,
        )
        if not fresh or action.registration_id is None:
            return 0
        sent: int = await db.fetch_value(
            conn,
            "enqueue_retention_warning",
            candidate_id=candidate_id,
            organisation_id=action.organisation_id,
            event_id=action.event_id,
            registration_id=action.registration_id,
            scope=action.scope,
            due_at=action.due_at,
        )
        return sent
    await freeze_profiles(conn, candidate_id=candidate_id, now=now)
    if action.scope == "private":
        await db.execute(conn, "delete_candidate_private", candidate_id=candidate_id)
    else:
        await db.execute(conn, "update_observations_for_retention", candidate_id=candidate_id)
        await db.execute(
            conn, "delete_observation_comments_of_candidate", candidate_id=candidate_id
        )
        await db.execute(conn, "delete_card_of_candidate", candidate_id=candidate_id)
        await db.execute(conn, "delete_cv_for_retention", candidate_id=candidate_id)
        await db.execute(
            conn, "delete_grid_and_pairing_words_for_retention", candidate_id=candidate_id
        )
    await audit.record(
        conn,
        by=None,
        action=f"retention.{action.scope}",
        subject_type="candidate",
        subject_id=candidate_id,
        data={"due_at": action.due_at.isoformat() if action.due_at else None},
    )
    return 0


def _report(
    actions: list[Action], *, trigger: Trigger, dry_run: bool, now: datetime, done: list[int]
) -> Report:
    return Report(
        trigger=trigger,
        dry_run=dry_run,
        at=now,
        actions=actions,
        warned=sum(a.step == "warn" for a in actions),
        anonymised=sum(a.step == "anonymise" for a in actions),
        audit_rows_deleted=sum(a.rows or 0 for a in actions if a.step == "delete"),
        messages=sum(n for a, n in zip(actions, done, strict=True) if a.step == "warn"),
    )


async def run(
    conn: db.Conn,
    *,
    now: datetime,
    trigger: Trigger,
    dry_run: bool,
    organisation_id: UUID | None = None,
) -> Report:
    """A run at ``now``: a dry run only lists; a real one does each action and stores its
    report."""
    if dry_run:
        actions = await plan(conn, now=now, organisation_id=organisation_id)
        return _report(actions, trigger=trigger, dry_run=True, now=now, done=[0] * len(actions))
    # Written first: a second daily run of the day waits here for the first, then stops.
    run_id = await db.fetch_value(
        conn, "insert_retention_run", trigger=trigger, day=now.date(), now=now, report={}
    )
    if run_id is None:
        return _report([], trigger=trigger, dry_run=False, now=now, done=[])
    actions = await plan(conn, now=now, organisation_id=organisation_id)
    done = [await _apply(conn, action, now=now) for action in actions]
    report = _report(actions, trigger=trigger, dry_run=False, now=now, done=done)
    await db.execute(conn, "update_retention_run_report", id=run_id, report=report)
    return report


async def run_daily(pool: Any, *, now: datetime) -> Report | None:
    """The worker's daily run, at most once a day whatever the number of workers (the day's
    row in ``retention_runs``); ``None`` when today's was already done. Never raises: a
    failure is logged and tried again at the next call (its row rolled back with it)."""
    try:
        async with db.transaction(pool) as conn:
            done = await db.fetch_value(conn, "check_retention_run_today", day=now.date())
            if done:
                return None
            report = await run(conn, now=now, trigger="daily", dry_run=False)
    except Exception:
        log.exception("retention: the daily run failed; tried again later")
        return None
    if report.actions:
        log.info(
            "retention: %d warned, %d anonymised, %d audit rows deleted",
            report.warned,
            report.anonymised,
            report.audit_rows_deleted,
        )
    return report
