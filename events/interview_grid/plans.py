"""Solving an event's grid and storing the plan; the grid as staff see it.

A solve (``solve_event``) builds the solver's ``Problem`` from the event's frame
(``inputs``): the slots of ``interview_minutes`` between the event's start and end, breaks
apart (``slots.slots_of``); the confirmed companies and candidates, each there for the slots
wholly within their hours, less, for a candidate, the slots that overlap a workshop they are
signed up to (an e-forum's, ``workshops.signups.live_signups``); the candidates' reviewed skill
levels; the wishes (a "prefer not" said by either side wins over a "must meet"). It runs the
solver in a thread and stores the answer as one ``interview_plans`` row and its ``interviews``
rows, in the request's one transaction: the planned rows that start from the plan's
``kept_until`` are replaced, the others kept as they were. A first solve keeps nothing; a solve
once the event has begun keeps the interviews that started before now. A re-plan (``replan``)
keeps more: see there.

Solves of one event are serialised on its settings row (``lock_grid_settings``), never on the
event's row, which registrations and the door take. Who: as ``inputs.grid_event``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import datetime
from typing import Final, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from events import audit, db
from events.actors import Actor
from events.errors import GridInfeasible, GridWithoutSlots
from events.i18n import Language
from events.interview_grid import explain_texts, inputs, solver
from events.interview_grid.problem import (
    CandidateSide,
    CompanySide,
    Interview,
    Need,
    Problem,
    Reason,
    Solution,
    Wish,
)
from events.interview_grid.slots import Slot, slots_of, slots_within
from events.workshops import signups

# How long the solver may search: a solve before the event, a re-plan at the door.
SOLVE_SECONDS: Final = 2.0
REPLAN_SECONDS: Final = 0.6
Kind = Literal["solve", "replan"]


class PlanSummary(msgspec.Struct, frozen=True, kw_only=True):
    """What a solve proved: ``status`` optimal (or feasible, within ``gap`` of the best bound),
    the weighted ``objective`` and best ``bound``, the solver's ``seconds``, until when the
    interviews were kept as they were (``kept_until``), why k could not be met for everyone
    (``reasons``: codes and figures, in words in ``Grid.explanation``), and when the plan was
    sent to the people in it (``sent_at``, null until then)."""

    id: int
    solved_at: datetime
    status: Literal["optimal", "feasible", "infeasible"]
    objective: int
    bound: int
    gap: float
    seconds: float
    kept_until: datetime | None
    reasons: list[Reason]
    sent_at: datetime | None


class _PlanRow(msgspec.Struct, frozen=True, kw_only=True):
    id: int
    solved_at: datetime
    solved_by: UUID | None
    status: Literal["optimal", "feasible", "infeasible"]
    objective: int
    bound: int
    gap: float
    seconds: float
    kept_until: datetime | None
    explanation: list[Reason]
    sent_at: datetime | None

    def summary(self) -> PlanSummary:
        return PlanSummary(
            id=self.id,
            solved_at=self.solved_at,
            status=self.status,
            objective=self.objective,
            bound=self.bound,
            gap=self.gap,
            seconds=self.seconds,
            kept_until=self.kept_until,
            reasons=self.explanation,
            sent_at=self.sent_at,
        )


class StoredInterview(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    plan_id: int
    slot: int
    starts_at: datetime
    ends_at: datetime
    company_id: UUID
    company_name: str
    table_no: int
    candidate_id: UUID
    first_name: str
    last_name: str


class GridSlot(msgspec.Struct, frozen=True, kw_only=True):
    index: int
    starts_at: datetime
    ends_at: datetime


class GridTable(msgspec.Struct, frozen=True, kw_only=True):
    """A table of a company; ``video_url``: its meeting room for online interviews."""

    company_id: UUID
    company_name: str
    table_no: int
    video_url: str | None


class GridInterview(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    slot: int
    starts_at: datetime
    ends_at: datetime
    company_id: UUID
    company_name: str
    table_no: int
    candidate_id: UUID
    candidate_name: str


class ShortOfK(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    candidate_name: str
    interviews: int


class Grid(msgspec.Struct, frozen=True, kw_only=True):
    """An event's grid for its organisers: the slots, every table, the interviews of the
    current plan (names included), the latest plan's summary (null before the first solve),
    the candidates with fewer than k interviews (those confirmed; once people came in, those
    present), and why (plain sentences in the reader's language)."""

    event_id: UUID
    title: str
    timezone: str
    min_interviews: int
    slots: list[GridSlot]
    tables: list[GridTable]
    interviews: list[GridInterview]
    plan: PlanSummary | None
    short_of_k: list[ShortOfK]
    explanation: list[str]


# --- building the problem ------------------------------------------------------------------


def event_slots(event: inputs.GridEvent, settings: inputs.Settings) -> list[Slot]:
    """The event's slots; none fit is a refusal."""
    minutes = event.interview_minutes
    found = (
        slots_of(
            event.starts_at,
            event.ends_at,
            minutes,
            [(b.starts_at, b.ends_at) for b in settings.breaks],
        )
        if minutes > 0
        else []
    )
    if not found:
        raise GridWithoutSlots
    return found


def _wishes(found: Sequence[inputs.Wish]) -> dict[tuple[UUID, UUID], str]:
    """One wish per pair: a "prefer not" of either side wins over a "must meet"."""
    pairs: dict[tuple[UUID, UUID], str] = {}
    for wish in found:
        key = (wish.candidate_id, wish.company_id)
        if pairs.get(key) != "prefer_not":
            pairs[key] = wish.wish
    return pairs


class Frame(msgspec.Struct, frozen=True, kw_only=True):
    """What a solve reads: the event and its settings, slots, sides and wishes, the interviews
    stored now, and the times each candidate is at a workshop (``busy``)."""

    event: inputs.GridEvent
    settings: inputs.Settings
    slots: list[Slot]
    companies: list[inputs.CompanyFrame]
    candidates: list[inputs.CandidateFrame]
    levels: dict[UUID, dict[str, int]]
    wishes: list[inputs.Wish]
    stored: list[StoredInterview]
    busy: dict[UUID, list[tuple[datetime, datetime]]]


async def _busy(conn: db.Conn, event_id: UUID) -> dict[UUID, list[tuple[datetime, datetime]]]:
    """Each candidate's workshops (the sign-ups that stand), as (start, end)."""
    found: dict[UUID, list[tuple[datetime, datetime]]] = {}
    for signed in await signups.live_signups(conn, event_id=event_id):
        found.setdefault(signed.candidate_id, []).append((signed.starts_at, signed.ends_at))
    return found


def _free_of(slots: Sequence[Slot], busy: Sequence[tuple[datetime, datetime]]) -> frozenset[int]:
    """The slots that overlap none of the ``busy`` times."""
    return frozenset(
        s.index
        for s in slots
        if not any(start < s.ends_at and s.starts_at < end for start, end in busy)
    )


async def read_frame(conn: db.Conn, event: inputs.GridEvent) -> Frame:
    """The frame, the event's settings row locked until the transaction ends."""
    settings = await db.fetch_one(conn, "lock_grid_settings", inputs.Settings, event_id=event.id)
    if settings is None:  # pragma: no cover - an upsert returns its row
        raise GridWithoutSlots
    return Frame(
        event=event,
        settings=settings,
        slots=event_slots(event, settings),
        companies=await inputs.companies_of(conn, event.id),
        candidates=await inputs.candidates_of(conn, event.id),
        levels=await inputs.levels_of(conn, event.id),
        wishes=await inputs.wishes_of(conn, event.id),
        stored=await _stored(conn, event.id),
        busy=await _busy(conn, event.id),
    )


def build_problem(
    frame: Frame,
    *,
    candidates: Sequence[inputs.CandidateFrame],
    kept: Sequence[StoredInterview],
    free_from: datetime | None,
) -> Problem:
    """The solver's problem: ``candidates`` (all confirmed, or those present), each side there
    for the slots within its hours that start from ``free_from`` (all when None), a candidate
    never during one of their workshops; the ``kept`` interviews fixed where they fit the slots
    (a kept pair that cannot be fixed is never planned again)."""
    slots = frame.slots
    free = frozenset(s.index for s in slots if free_from is None or s.starts_at >= free_from)
    at = {s.starts_at: s.index for s in slots}
    company_ids = {c.company_id for c in frame.companies}
    tables = {c.company_id: c.tables for c in frame.companies}
    candidate_ids = {c.candidate_id for c in candidates}
    wishes = _wishes(frame.wishes)
    fixed: list[Interview] = []
    for row in kept:
        slot = at.get(row.starts_at)
        if (
            slot is not None
            and row.candidate_id in candidate_ids
            and row.company_id in company_ids
            and row.table_no <= tables[row.company_id]
        ):
            fixed.append(
                Interview(
                    slot=slot,
                    company_id=row.company_id,
                    table_no=row.table_no,
                    candidate_id=row.candidate_id,
                )
            )
        else:
            wishes[(row.candidate_id, row.company_id)] = "prefer_not"
    # A kept interview is a fact: a "prefer not" said since does not undo it.
    for interview in fixed:
        wishes.pop((interview.candidate_id, interview.company_id), None)
    return Problem(
        slots=len(slots),
        min_interviews=frame.settings.min_interviews,
        companies=[
            CompanySide(
                company_id=c.company_id,
                tables=c.tables,
                slots=slots_within(slots, c.arrives_at, c.leaves_at) & free,
                sector=c.sector,
                occupations=c.occupations,
                needs=[Need(skill=n.skill, min_level=n.min_level) for n in c.skills_wanted],
                hires=c.hires,
            )
            for c in frame.companies
        ],
        candidates=[
            CandidateSide(
                candidate_id=c.candidate_id,
                slots=slots_within(slots, c.arrives_at, c.leaves_at)
                & free
                & _free_of(slots, frame.busy.get(c.candidate_id, [])),
                levels=frame.levels.get(c.candidate_id, {}),
                sectors=c.sectors or c.cv_sectors,
                occupations=c.cv_occupations,
            )
            for c in candidates
        ],
        wishes=[
            Wish(candidate_id=candidate_id, company_id=company_id, wish=wish)  # type: ignore[arg-type]
            for (candidate_id, company_id), wish in wishes.items()
            if candidate_id in candidate_ids and company_id in company_ids
        ],
        fixed=fixed,
    )


# --- storing -------------------------------------------------------------------------------


async def store(
    conn: db.Conn,
    *,
    frame: Frame,
    problem: Problem,
    solution: Solution,
    kept_until: datetime | None,
    dropped: Sequence[UUID],
    kind: Kind,
    by: Actor,
    now: datetime,
) -> PlanSummary:
    """One plan row, the rows it replaces deleted and its new interviews written; the fixed
    ones stay as they were stored. An infeasible answer changes nothing."""
    if solution.status == "infeasible":
        raise GridInfeasible
    event_id = frame.event.id
    plan_id = await db.fetch_value(
        conn,
        "insert_interview_plan",
        event_id=event_id,
        now=now,
        by=by.id,
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        gap=solution.gap,
        seconds=solution.seconds,
        kept_until=kept_until,
        explanation=msgspec.to_builtins(solution.reasons),
    )
    removed = await db.fetch_value(
        conn,
        "delete_replanned_interviews",
        event_id=event_id,
        kept_until=kept_until,
        now=now,
        dropped=list(dropped),
    )
    fixed = set(problem.fixed)
    new = [i for i in solution.interviews if i not in fixed]
    slots = frame.slots
    await db.execute(
        conn,
        "insert_interviews",
        event_id=event_id,
        plan_id=plan_id,
        slots=[i.slot for i in new],
        starts=[slots[i.slot].starts_at for i in new],
        ends=[slots[i.slot].ends_at for i in new],
        companies=[i.company_id for i in new],
        tables=[i.table_no for i in new],
        candidates=[i.candidate_id for i in new],
    )
    await audit.record(
        conn,
        by=by,
        action=f"interview_grid.{kind}",
        subject_type="event",
        subject_id=event_id,
        data={
            "plan_id": plan_id,
            "status": solution.status,
            "gap": solution.gap,
            "seconds": solution.seconds,
            "kept_until": kept_until.isoformat() if kept_until else None,
            "kept": len(problem.fixed),
            "removed": removed,
            "planned": len(new),
            "dropped": len(dropped),
            "short_of_k": len(solution.short_of_k),
        },
    )
    plan = await db.fetch_one(conn, "get_latest_plan", _PlanRow, event_id=event_id)
    if plan is None:  # pragma: no cover - written above
        raise GridInfeasible
    return plan.summary()


async def run_solver(problem: Problem, seconds: float) -> Solution:
    """The solver, CPU-bound, in a thread: the event loop serves other requests meanwhile."""
    return await asyncio.to_thread(solver.solve, problem, seconds=seconds)


async def solve_event(conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime) -> PlanSummary:
    """Solve the grid for every confirmed candidate and company; once the event has begun, the
    interviews that started before ``now`` are kept as they are."""
    event = await inputs.grid_event(conn, event_id=event_id, by=by)
    frame = await read_frame(conn, event)
    begun = frame.slots[0].starts_at < now
    kept_until = now if begun else None
    kept = [row for row in frame.stored if begun and row.starts_at < now]
    problem = build_problem(frame, candidates=frame.candidates, kept=kept, free_from=kept_until)
    solution = await run_solver(problem, SOLVE_SECONDS)
    return await store(
        conn,
        frame=frame,
        problem=problem,
        solution=solution,
        kept_until=kept_until,
        dropped=[],
        kind="solve",
        by=by,
        now=now,
    )


# --- reading the grid ----------------------------------------------------------------------


async def _stored(conn: db.Conn, event_id: UUID) -> list[StoredInterview]:
    return await db.fetch_all(conn, "list_event_interviews", StoredInterview, event_id=event_id)


async def latest_plan(conn: db.Conn, event_id: UUID) -> PlanSummary | None:
    found = await db.fetch_one(conn, "get_latest_plan", _PlanRow, event_id=event_id)
    return found.summary() if found else None


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()


async def current(conn: db.Conn, *, event_id: UUID, by: Actor, language: Language = "fr") -> Grid:
    """The event's grid for its organisers (see ``Grid``)."""
    event = await inputs.grid_event(conn, event_id=event_id, by=by)
    settings = await inputs.settings_of(conn, event_id)
    try:
        slots = event_slots(event, settings)
    except GridWithoutSlots:
        slots = []
    companies = await inputs.companies_of(conn, event_id)
    candidates = await inputs.candidates_of(conn, event_id)
    stored = await _stored(conn, event_id)
    plan = await latest_plan(conn, event_id)
    # Interviews stored at times the slots no longer have (the settings changed since) still
    # show, as slots of their own.
    times = {s.starts_at: (s.starts_at, s.ends_at) for s in slots}
    for row in stored:
        times.setdefault(row.starts_at, (row.starts_at, row.ends_at))
    grid_slots = [
        GridSlot(index=index, starts_at=start, ends_at=end)
        for index, (start, end) in enumerate(sorted(times.values()))
    ]
    index_of = {s.starts_at: s.index for s in grid_slots}
    tables = [
        GridTable(
            company_id=c.company_id,
            company_name=c.name,
            table_no=n,
            video_url=c.video_urls[n - 1] if n <= len(c.video_urls) else None,
        )
        for c in companies
        for n in range(1, c.tables + 1)
    ]
    interviews = [
        GridInterview(
            id=row.id,
            slot=index_of[row.starts_at],
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            company_id=row.company_id,
            company_name=row.company_name,
            table_no=row.table_no,
            candidate_id=row.candidate_id,
            candidate_name=_name(row.first_name, row.last_name),
        )
        for row in stored
    ]
    counts: dict[UUID, int] = {}
    for row in stored:
        counts[row.candidate_id] = counts.get(row.candidate_id, 0) + 1
    # Once people come in, those present are the ones k is for.
    counted = [c for c in candidates if c.came] or candidates
    short = (
        [
            ShortOfK(
                candidate_id=c.candidate_id,
                candidate_name=_name(c.first_name, c.last_name),
                interviews=counts.get(c.candidate_id, 0),
            )
            for c in counted
            if counts.get(c.candidate_id, 0) < settings.min_interviews
        ]
        if plan is not None
        else []
    )
    names: dict[UUID, str] = {c.company_id: c.name for c in companies}
    names.update({c.candidate_id: _name(c.first_name, c.last_name) for c in candidates})
    explanation = (
        explain_texts.sentences(
            plan.reasons, language, names, slots=slots, zone=ZoneInfo(event.timezone)
        )
        if plan and plan.reasons
        else []
    )
    return Grid(
        event_id=event.id,
        title=event.title,
        timezone=event.timezone,
        min_interviews=settings.min_interviews,
        slots=grid_slots,
        tables=tables,
        interviews=interviews,
        plan=plan,
        short_of_k=short,
        explanation=explanation,
    )
