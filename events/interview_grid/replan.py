"""Re-planning during the event, from who came in at the door.

Present means checked in (``registrations.checked_in_at``). One action re-solves the rest of
the day: the interviews that started before ``now`` and those of the next slot (the first one
starting at or after ``now``) are kept as they are; the candidates who have not come in lose
their interviews from ``now`` on (their tables free up from the slot after the next one); the
slots after the next one are planned again for the candidates present, each keeping the
interviews already done toward their k. Before anyone came in, nothing changes
(``nobody_checked_in``): a click before the doors open must not empty the grid. Companies
count as there for their stated hours (an organiser changes a company's hours if it leaves
early); a candidate is never planned during one of their workshops (as in a solve: see
``plans.build_problem``). Who: as ``inputs.grid_event``.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from events import db
from events.actors import Actor
from events.errors import NobodyCheckedIn
from events.interview_grid import inputs
from events.interview_grid.plans import (
    REPLAN_SECONDS,
    PlanSummary,
    build_problem,
    read_frame,
    run_solver,
    store,
)


def kept_until(slots_starts: list[datetime], ends_at: datetime, now: datetime) -> datetime:
    """The start of the slot after the next one: what starts before it is kept (the end of the
    event when there is no such slot: everything is kept)."""
    upcoming = [start for start in slots_starts if start >= now]
    return upcoming[1] if len(upcoming) > 1 else ends_at


async def replan_event(conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime) -> PlanSummary:
    """Re-solve the rest of the event for those present (see the module's rule)."""
    event = await inputs.grid_event(conn, event_id=event_id, by=by)
    frame = await read_frame(conn, event)
    until = kept_until([s.starts_at for s in frame.slots], event.ends_at, now)
    present = [c for c in frame.candidates if c.came]
    if not present:
        raise NobodyCheckedIn
    came = {c.candidate_id for c in present}
    absent = [c.candidate_id for c in frame.candidates if not c.came]
    kept = [
        row
        for row in frame.stored
        if row.starts_at < until and (row.starts_at < now or row.candidate_id in came)
    ]
    problem = build_problem(frame, candidates=present, kept=kept, free_from=until)
    solution = await run_solver(problem, REPLAN_SECONDS)
    return await store(
        conn,
        frame=frame,
        problem=problem,
        solution=solution,
        kept_until=until,
        dropped=absent,
        kind="replan",
        by=by,
        now=now,
    )
