"""What the interview grid solver takes and gives: plain structs, no database.

A ``Problem`` is one event's frame: ``slots`` slots numbered 0 to ``slots - 1``, each side's
slot indices (the slots it is there for, see ``slots.slots_within``), what each company looks
for, the skills each candidate showed (their reviewed card), the wishes of both sides, and the
interviews already fixed (done, or in the next slot during a re-plan) that the solver keeps as
they are. ``min_interviews`` is k: how many interviews every present candidate should get
(fixed interviews count). Every candidate of the problem is taken as present. In a re-plan,
give each side only the slots still to come: the solver plans new interviews in any slot of
both sides, and takes the fixed ones as facts even outside those slots.

A ``Solution`` is the grid (the fixed interviews included) with what the solver proved about it:
its status, the weighted objective and the best bound (see ``solver``), their relative gap, the
time it took, who got fewer than k interviews and why (``reasons``, rendered in plain words by
``explain_texts.sentences``).
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

WishKind = Literal["must_meet", "prefer_not"]
Status = Literal["optimal", "feasible", "infeasible"]


class Need(msgspec.Struct, frozen=True, kw_only=True):
    """A skill a company looks for, with the lowest level (1 to 4) it wants."""

    skill: str
    min_level: int


class CompanySide(msgspec.Struct, frozen=True, kw_only=True):
    """A company's side: its tables (one interview each per slot) and the slots it is there."""

    company_id: UUID
    tables: int
    slots: frozenset[int]
    sector: str = ""
    occupations: list[str] = msgspec.field(default_factory=list)
    needs: list[Need] = msgspec.field(default_factory=list)
    hires: int = 1


class CandidateSide(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate's side: the slots they are there, their reviewed skill levels, wished sectors
    and the occupations of their CV (may be empty)."""

    candidate_id: UUID
    slots: frozenset[int]
    levels: dict[str, int] = msgspec.field(default_factory=dict)
    sectors: list[str] = msgspec.field(default_factory=list)
    occupations: list[str] = msgspec.field(default_factory=list)


class Wish(msgspec.Struct, frozen=True, kw_only=True):
    """ "Must meet" (scheduled when it can be) or "prefer not" (never scheduled)."""

    candidate_id: UUID
    company_id: UUID
    wish: WishKind


class Interview(msgspec.Struct, frozen=True, kw_only=True):
    """One interview: in slot ``slot``, at table ``table_no`` (1 to the company's tables)."""

    slot: int
    company_id: UUID
    table_no: int
    candidate_id: UUID


class Problem(msgspec.Struct, frozen=True, kw_only=True):
    slots: int
    min_interviews: int
    companies: list[CompanySide]
    candidates: list[CandidateSide]
    wishes: list[Wish] = msgspec.field(default_factory=list)
    fixed: list[Interview] = msgspec.field(default_factory=list)


class Reason(msgspec.Struct, frozen=True, kw_only=True):
    """Why some candidates get fewer than k interviews: a stable ``code`` and its figures
    (counts, slot indices, and candidate/company ids as strings), put in words by
    ``explain_texts``."""

    code: str
    figures: dict[str, int | str]


class Solution(msgspec.Struct, frozen=True, kw_only=True):
    status: Status
    interviews: list[Interview]
    objective: int
    bound: int
    gap: float
    seconds: float
    short_of_k: list[UUID] = msgspec.field(default_factory=list)
    reasons: list[Reason] = msgspec.field(default_factory=list)
