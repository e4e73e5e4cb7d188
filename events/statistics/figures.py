"""The figures funders ask for, per event and per programme, with small counts suppressed.

What is counted
- Registered: those who had a place (confirmed, or marked absent); the waiting list and
  cancellations are left out. Present: checked in at the door. Absent: registered, not present.
  No-show rate: absent / registered. By role (candidates, companies) and in total.
- Participants: the candidates who came. The funders' shares are among them (women, under 26,
  QPV, RSA/ASS/AAH, RQTH, refugee status, diploma level), read through the one view
  ``registration_attributes`` (frozen or live, ``events.statistics.profiles``); an unknown
  attribute counts as "no".
- Outcomes at 1, 3, 6 and 12 months: the follow-ups due (the participants of the events that
  ended at least that long ago), the answers (an outcome with ``follow_up_month`` = N), each
  kind, and "in work or training" (``IN_WORK_OR_TRAINING``), whose rate is over those due.
- A programme's figures are the sums of its events': a person who came to two of its events
  counts twice (two participations, two follow-ups).

Suppression (so that no one can be recognised)
1. Primary: every cell counting fewer than ``THRESHOLD`` (5) people, none included, is shown as
   "< 5". The complements a reader can work out (e.g. the participants who are not women) are
   cells too, and are suppressed by the same rule.
2. Differencing: cells that add up to another cell (present + absent = registered, each share
   and its complement = participants, the kinds of outcome = those due, a programme's cell = the
   sum of its events' cells) form a group. A group must never hold exactly one suppressed cell,
   or subtraction would give it back: the smallest other cell of the group is suppressed too
   (the totals of both roles first; the candidates registered, the follow-ups due and the
   participants last: most figures are read against them), and this is repeated until no group
   holds exactly one. For a
   programme, its events' cells are suppressed as their own pages suppress them, and only the
   programme's cells are added to.
3. A rate is shown only when both of its counts are.

No personal data: only counts, by event; no name, no date of birth, no list of people.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Final, Literal, TypeVar
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.catalog import access
from events.errors import Forbidden
from events.statistics import programmes

THRESHOLD: Final = 5
MONTHS: Final = (1, 3, 6, 12)
ROLES: Final = ("candidate", "company")
ATTRIBUTES: Final = ("woman", "under_26", "qpv", "rsa_ass_aah", "rqth", "refugee")
DIPLOMA_LEVELS: Final = ("none", "level_3", "level_4", "level_5", "level_6", "level_7_8")
OUTCOME_KINDS: Final = (
    "interview",
    "immersion",
    "poe",
    "work_study",
    "fixed_term_short",
    "fixed_term_long",
    "permanent",
    "training",
    "nothing_yet",
    "lost_contact",
)
# "In work or training", as funders count it (issue 12, decision 7): a job of any length, a
# work-study contract, a pre-recruitment training (POE) or a training. An interview or an
# immersion (PMSMP) is a step, not yet work.
IN_WORK_OR_TRAINING: Final = frozenset(
    {"work_study", "fixed_term_short", "fixed_term_long", "permanent", "training", "poe"}
)
_OTHER_KINDS: Final = tuple(k for k in OUTCOME_KINDS if k not in IN_WORK_OR_TRAINING)
_WORK_KINDS: Final = tuple(k for k in OUTCOME_KINDS if k in IN_WORK_OR_TRAINING)

SUPPRESSION_RULE: Final = (
    "Cells counting fewer than 5 people (none included) are shown as '< 5'; in any group of "
    "cells that add up to a shown total, a second cell is suppressed whenever only one is, so "
    "that no suppressed cell can be worked out by subtraction; a rate is shown only when both "
    "its counts are."
)

Role = Literal["candidate", "company", "all"]


class Cell(msgspec.Struct, frozen=True, kw_only=True):
    """A count of people: ``count`` is null when suppressed (shown as "< 5")."""

    count: int | None
    suppressed: bool


class Rate(msgspec.Struct, frozen=True, kw_only=True):
    """A share in per cent, one decimal; null when suppressed or when there is no one to count."""

    percent: float | None
    suppressed: bool


class RoleFigures(msgspec.Struct, frozen=True, kw_only=True):
    role: Role
    registered: Cell
    present: Cell
    absent: Cell
    no_show_rate: Rate


class Share(msgspec.Struct, frozen=True, kw_only=True):
    """Among the participants (candidates who came): how many are ``key``, and their share."""

    key: str
    count: Cell
    rate: Rate


class OutcomeMonth(msgspec.Struct, frozen=True, kw_only=True):
    month: int
    # Whether any follow-up at this month is due yet (else the figures are "not yet").
    reached: bool
    due: Cell
    answered: Cell
    in_work_or_training: Cell
    rate: Rate
    by_kind: list[Share]


class Figures(msgspec.Struct, frozen=True, kw_only=True):
    roles: list[RoleFigures]
    participants: Cell
    shares: list[Share]
    diplomas: list[Share]
    outcomes: list[OutcomeMonth]
    suppression_rule: str = SUPPRESSION_RULE


class EventSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    title: str
    starts_at: datetime


class EventFigures(msgspec.Struct, frozen=True, kw_only=True):
    event: EventSummary
    figures: Figures


class ProgrammeSummary(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID
    name: str
    funder: str | None
    starts_on: str | None
    ends_on: str | None


class ProgrammeFigures(msgspec.Struct, frozen=True, kw_only=True):
    programme: ProgrammeSummary
    events: list[EventSummary]
    figures: Figures


# --- suppression -------------------------------------------------------------------------

K = TypeVar("K", bound=Hashable)


def suppress(
    values: Mapping[K, int],
    groups: Sequence[tuple[K, Sequence[K]]],
    *,
    fixed: Mapping[K, bool] | None = None,
    keep: Callable[[K], int] = lambda _: 0,
) -> set[K]:
    """The cells to suppress. ``groups``: (total, parts) with total = sum(parts). ``fixed``:
    cells whose suppression is already decided elsewhere (True: suppressed), never changed.
    ``keep``: how much a cell is worth keeping (0 for most): a group hides its least worth
    first, then its smallest, a part before the total."""
    fixed = fixed or {}
    hidden = {k for k, v in values.items() if (fixed[k] if k in fixed else v < THRESHOLD)}
    # Each group's cells (its total first), the groups each cell is in, and how many of each
    # group's cells are hidden: only a group that a new hidden cell leaves with one is looked at
    # again.
    cells_of = [[total, *parts] for total, parts in groups]
    member_of: dict[K, list[int]] = {}
    for index, cells in enumerate(cells_of):
        for cell in cells:
            member_of.setdefault(cell, []).append(index)
    hidden_in = [sum(c in hidden for c in cells) for cells in cells_of]
    waiting = deque(i for i, n in enumerate(hidden_in) if n == 1)
    while waiting:
        index = waiting.popleft()
        if hidden_in[index] != 1:
            continue
        cells = cells_of[index]
        free = [c for c in cells if c not in hidden and c not in fixed]
        if not free:  # pragma: no cover - a programme's own cell is always free
            continue
        total = cells[0]
        pick = min(free, key=lambda c: (keep(c), values[c], c == total))
        hidden.add(pick)
        for other in member_of[pick]:
            hidden_in[other] += 1
            if hidden_in[other] == 1:
                waiting.append(other)
    return hidden


# --- cells of one event or programme ------------------------------------------------------


class _Row(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    title: str
    starts_at: datetime
    registered_candidate: int
    present_candidate: int
    registered_company: int
    present_company: int
    woman: int
    under_26: int
    qpv: int
    rsa_ass_aah: int
    rqth: int
    refugee: int
    diploma_none: int
    diploma_level_3: int
    diploma_level_4: int
    diploma_level_5: int
    diploma_level_6: int
    diploma_level_7_8: int
    due_1: bool
    due_3: bool
    due_6: bool
    due_12: bool


class _Answers(msgspec.Struct, frozen=True, kw_only=True):
    """One event's answers at one month: how many of each kind (``OUTCOME_KINDS``)."""

    event_id: UUID
    month: int
    interview: int
    immersion: int
    poe: int
    work_study: int
    fixed_term_short: int
    fixed_term_long: int
    permanent: int
    training: int
    nothing_yet: int
    lost_contact: int


def _cells(row: _Row, answers: Mapping[tuple[int, str], int]) -> dict[str, int]:
    """Every cell of one event, the complements a reader could work out included."""
    c: dict[str, int] = {}
    for role in ROLES:
        c[f"registered.{role}"] = getattr(row, f"registered_{role}")
        c[f"present.{role}"] = getattr(row, f"present_{role}")
        c[f"absent.{role}"] = c[f"registered.{role}"] - c[f"present.{role}"]
    for what in ("registered", "present", "absent"):
        c[f"{what}.all"] = c[f"{what}.candidate"] + c[f"{what}.company"]
    participants = c["present.candidate"]
    for key in ATTRIBUTES:
        c[f"share.{key}"] = getattr(row, key)
        c[f"rest.{key}"] = participants - c[f"share.{key}"]
    for level in DIPLOMA_LEVELS:
        c[f"diploma.{level}"] = getattr(row, f"diploma_{level}")
    c["diploma.unknown"] = participants - sum(c[f"diploma.{lv}"] for lv in DIPLOMA_LEVELS)
    for month in MONTHS:
        due = participants if getattr(row, f"due_{month}") else 0
        c[f"reached.{month}"] = 1 if getattr(row, f"due_{month}") else 0  # not a count: no rule
        c[f"due.{month}"] = due
        for kind in OUTCOME_KINDS:
            c[f"kind.{month}.{kind}"] = answers.get((month, kind), 0)
        answered = sum(c[f"kind.{month}.{k}"] for k in OUTCOME_KINDS)
        c[f"answered.{month}"] = answered
        c[f"unanswered.{month}"] = due - answered
        c[f"work.{month}"] = sum(c[f"kind.{month}.{k}"] for k in _WORK_KINDS)
        c[f"other.{month}"] = due - c[f"work.{month}"]
    return c


def _groups() -> list[tuple[str, list[str]]]:
    g: list[tuple[str, list[str]]] = []
    for role in (*ROLES, "all"):
        g.append((f"registered.{role}", [f"present.{role}", f"absent.{role}"]))
    for what in ("registered", "present", "absent"):
        g.append((f"{what}.all", [f"{what}.candidate", f"{what}.company"]))
    for key in ATTRIBUTES:
        g.append(("present.candidate", [f"share.{key}", f"rest.{key}"]))
    g.append(
        ("present.candidate", [*(f"diploma.{lv}" for lv in DIPLOMA_LEVELS), "diploma.unknown"])
    )
    for m in MONTHS:
        g.append((f"due.{m}", [f"work.{m}", f"other.{m}"]))
        g.append((f"due.{m}", [f"answered.{m}", f"unanswered.{m}"]))
        g.append((f"work.{m}", [f"kind.{m}.{k}" for k in _WORK_KINDS]))
        g.append((f"other.{m}", [*(f"kind.{m}.{k}" for k in _OTHER_KINDS), f"unanswered.{m}"]))
        g.append((f"answered.{m}", [f"kind.{m}.{k}" for k in OUTCOME_KINDS]))
    return g


_GROUPS: Final = _groups()


def _counted(cells: Mapping[str, int]) -> dict[str, int]:
    """The cells the rule applies to (``reached.N`` says only whether a date has passed)."""
    return {k: v for k, v in cells.items() if not k.startswith("reached.")}


def _figures(cells: Mapping[str, int], hidden: set[str]) -> Figures:
    def cell(key: str) -> Cell:
        return (
            Cell(count=None, suppressed=True)
            if key in hidden
            else Cell(count=cells[key], suppressed=False)
        )

    def rate(part: str, whole: str) -> Rate:
        if part in hidden or whole in hidden:
            return Rate(percent=None, suppressed=True)
        if not cells[whole]:
            return Rate(percent=None, suppressed=False)
        return Rate(percent=round(100 * cells[part] / cells[whole], 1), suppressed=False)

    roles = [
        RoleFigures(
            role=role,
            registered=cell(f"registered.{role}"),
            present=cell(f"present.{role}"),
            absent=cell(f"absent.{role}"),
            no_show_rate=rate(f"absent.{role}", f"registered.{role}"),
        )
        for role in (*ROLES, "all")
    ]
    shares = [
        Share(key=k, count=cell(f"share.{k}"), rate=rate(f"share.{k}", "present.candidate"))
        for k in ATTRIBUTES
    ]
    diplomas = [
        Share(key=lv, count=cell(f"diploma.{lv}"), rate=rate(f"diploma.{lv}", "present.candidate"))
        for lv in (*DIPLOMA_LEVELS, "unknown")
    ]
    outcomes = [
        OutcomeMonth(
            month=m,
            reached=cells[f"reached.{m}"] > 0,
            due=cell(f"due.{m}"),
            answered=cell(f"answered.{m}"),
            in_work_or_training=cell(f"work.{m}"),
            rate=rate(f"work.{m}", f"due.{m}"),
            by_kind=[
                Share(key=k, count=cell(f"kind.{m}.{k}"), rate=rate(f"kind.{m}.{k}", f"due.{m}"))
                for k in OUTCOME_KINDS
            ],
        )
        for m in MONTHS
    ]
    return Figures(
        roles=roles,
        participants=cell("present.candidate"),
        shares=shares,
        diplomas=diplomas,
        outcomes=outcomes,
    )


async def _event_cells(
    conn: db.Conn, event_ids: list[UUID], now: datetime
) -> list[tuple[_Row, dict[str, int]]]:
    rows = await db.fetch_all(conn, "count_statistics_cells", _Row, event_ids=event_ids, now=now)
    answers: dict[UUID, dict[tuple[int, str], int]] = {}
    for a in await db.fetch_all(
        conn, "count_statistics_outcomes", _Answers, event_ids=event_ids, now=now
    ):
        found = answers.setdefault(a.event_id, {})
        for kind in OUTCOME_KINDS:
            found[(a.month, kind)] = getattr(a, kind)
    return [(row, _cells(row, answers.get(row.event_id, {}))) for row in rows]


def _kept(key: str) -> int:
    """The participants first (every share is read against them), then the follow-ups due,
    then the candidates registered; the totals of both roles are given up first."""
    if key == "present.candidate":
        return 3
    if key.startswith("due."):
        return 2
    return 1 if key == "registered.candidate" else -1 if key.endswith(".all") else 0


def event_hidden(cells: Mapping[str, int]) -> set[str]:
    """The cells an event's figures suppress. Once a follow-up is due, those due are the
    participants: one group more."""
    reached = [(f"due.{m}", ["present.candidate"]) for m in MONTHS if cells[f"reached.{m}"]]
    return suppress(_counted(cells), [*_GROUPS, *reached], keep=_kept)


def programme_hidden(cells: Mapping[str, int], events: Sequence[Mapping[str, int]]) -> set[str]:
    """The cells a programme's figures suppress: its own groups, and each of its cells with
    the same cell of its events, those suppressed as the events' pages do."""
    own = _counted(cells)
    values: dict[tuple[int, str], int] = {(-1, k): v for k, v in own.items()}
    fixed: dict[tuple[int, str], bool] = {}
    for i, event in enumerate(events):
        shown_hidden = event_hidden(event)
        for k in own:
            values[(i, k)] = event[k]
            fixed[(i, k)] = k in shown_hidden
    groups: list[tuple[tuple[int, str], Sequence[tuple[int, str]]]] = [
        ((-1, total), [(-1, p) for p in parts]) for total, parts in _GROUPS
    ]
    groups += [((-1, k), [(i, k) for i in range(len(events))]) for k in own]
    # Once every event's follow-up is due, those due are all the participants.
    groups += [
        ((-1, f"due.{m}"), [(-1, "present.candidate")])
        for m in MONTHS
        if events and cells[f"reached.{m}"] == len(events)
    ]

    def keep(cell: tuple[int, str]) -> int:
        return _kept(cell[1])

    hidden = suppress(values, groups, fixed=fixed, keep=keep)
    return {k for i, k in hidden if i == -1}


def _may_count(by: Actor, organisation_id: UUID) -> None:
    """Admins and the organisers of the organisation; coaches are refused."""
    if not (by.is_admin or (by.role == "organiser" and by.organisation_id == organisation_id)):
        raise Forbidden


async def event_figures(conn: db.Conn, *, event_id: UUID, by: Actor, now: datetime) -> EventFigures:
    """An event's figures, for admins and the organisers of its organisation (to anyone who
    does not run it the event does not exist; its coaches are refused)."""
    event = await access.event_to_run(conn, event_id=event_id, by=by)
    _may_count(by, event.organisation_id)
    ((row, cells),) = await _event_cells(conn, [event_id], now)
    return EventFigures(
        event=EventSummary(id=row.event_id, title=row.title, starts_at=row.starts_at),
        figures=_figures(cells, event_hidden(cells)),
    )


async def programme_figures(
    conn: db.Conn, *, programme_id: UUID, by: Actor, now: datetime
) -> ProgrammeFigures:
    """A programme's figures: the sums of its events', suppressed so that no event's small
    cell can be worked out from them. Same audience as ``event_figures``."""
    programme = await programmes.programme_to_count(conn, programme_id=programme_id, by=by)
    event_ids = await programmes.event_ids(conn, programme_id=programme.id)
    per_event = await _event_cells(conn, event_ids, now)
    total: dict[str, int] = {}
    for _, cells in per_event:
        for k, v in cells.items():
            total[k] = total.get(k, 0) + v
    if not per_event:
        total = _cells(_empty_row(), {})
    hidden = programme_hidden(total, [cells for _, cells in per_event])
    return ProgrammeFigures(
        programme=ProgrammeSummary(
            id=programme.id,
            organisation_id=programme.organisation_id,
            name=programme.name,
            funder=programme.funder,
            starts_on=programme.starts_on.isoformat() if programme.starts_on else None,
            ends_on=programme.ends_on.isoformat() if programme.ends_on else None,
        ),
        events=[
            EventSummary(id=row.event_id, title=row.title, starts_at=row.starts_at)
            for row, _ in per_event
        ],
        figures=_figures(total, hidden),
    )


def _empty_row() -> _Row:
    """A programme without events: every count nought, no follow-up due."""
    row: dict[str, object] = {f: 0 for f in _Row.__struct_fields__}
    row.update({f"due_{m}": False for m in MONTHS})
    row.update(event_id=UUID(int=0), title="", starts_at=datetime.fromtimestamp(0, UTC))
    return msgspec.convert(row, _Row)
