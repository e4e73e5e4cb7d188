"""The CP-SAT steps of ``solver`` (step 3), for when the flow's pairs do not all fit in the
slots: a model over pairs that knows every stretch of the day, and a model over (pair, slot)
on the chosen pairs or on a neighbourhood of them.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from typing import TYPE_CHECKING, Final

from events.interview_grid.frame import FIT_GAP, _Frame

# CP-SAT's Python module loads pandas and numpy: about 80 MB more in every process that
# imports it. Most grids are proved optimal without it (solver.py), so it is imported only by
# the two functions that build a model, in the process that needs one.
if TYPE_CHECKING:
    from ortools.sat.python import cp_model

# CP-SAT gets every (candidate, company, slot) up to this many; beyond, a neighbourhood of
# the flow's answer: its pairs and, per candidate, this many more companies
FULL_MODEL: Final = 4_000
NEIGHBOURS: Final = 3
# a CP-SAT step with less time left than this is not started
MIN_SECONDS: Final = 0.25
WORKERS: Final = 2


def _neighbourhood(
    frame: _Frame, flow_pairs: set[tuple[int, int]], best: list[tuple[int, int, int]]
) -> set[tuple[int, int]] | None:
    """The pairs CP-SAT looks at: those of the flow's answer and of the best grid, and for
    each candidate the next best companies (None, all pairs, when the model stays small)."""
    if sum(len(common) for common in frame.pairs.values()) <= FULL_MODEL:
        return None
    chosen = set(flow_pairs) | {(c, m) for c, m, _s in best}
    by_cand: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in frame.pairs:
        by_cand[pair[0]].append(pair)
    for pairs in by_cand.values():
        pairs.sort(key=lambda pair: -frame.pair_weight(pair))
        extra = [pair for pair in pairs if pair not in chosen][:NEIGHBOURS]
        chosen.update(extra)
    return chosen


def _cover(
    model: cp_model.CpModel,
    frame: _Frame,
    c: int,
    meets: list[cp_model.IntVar],
    most: int,
    hinted: int,
) -> list[tuple[cp_model.IntVar, int]]:
    """Candidate ``c``'s coverage terms (variable, gain): one per level counted on its own (0/1:
    their 1st interview, their 2nd, …) and one for the levels that share the smallest gain,
    together at most the companies they meet (``meets``), filled in order (the gains
    decrease, so the best answer fills them in order anyway: it only cuts symmetric answers).
    Hinted with ``hinted`` interviews."""
    terms: list[tuple[cp_model.IntVar, int]] = []
    left = hinted
    previous: cp_model.IntVar | None = None
    for at, (gain, count) in enumerate(frame.cover_steps(c, most)):
        z = model.new_int_var(0, count, f"z{c}_{at}")
        if previous is not None:
            model.add(z <= count * previous)
        model.add_hint(z, min(count, left))
        left -= min(count, left)
        terms.append((z, gain))
        previous = z
    if terms:
        model.add(sum(z for z, _gain in terms) <= sum(meets))
    return terms


def _any_slot(frame: _Frame, pairs: set[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The pairs with a slot each (for ``_Frame.score``, which does not look at slots)."""
    return [(c, m, frame.pairs[c, m][0]) for c, m in pairs]


def _pair_model(
    frame: _Frame, hint: set[tuple[int, int]], deadline: float, upper: int
) -> tuple[set[tuple[int, int]], int | None]:
    """A bound that knows the hours: CP-SAT over pairs only (one 0/1 per pair), where the
    pairs whose common slots all lie in a stretch of the day are at most the places of that
    stretch — per company (its tables there) and per candidate (their free slots there), for
    each stretch that some pair's common slots span. Its best pairs, and its proved bound
    (None when time ran out before any)."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    ys = {pair: model.new_bool_var(f"y{pair[0]}_{pair[1]}") for pair in frame.pairs}
    by_comp: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_cand: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in frame.pairs:
        by_cand[pair[0]].append(pair)
        by_comp[pair[1]].append(pair)
    for m, pairs in by_comp.items():
        spans = {(frame.pairs[p][0], frame.pairs[p][-1]) for p in pairs}
        spans.add((0, frame.problem.slots - 1))
        for a, b in spans:
            inside = [ys[p] for p in pairs if a <= frame.pairs[p][0] and frame.pairs[p][-1] <= b]
            cap = sum(frame.capacity.get((m, t), 0) for t in range(a, b + 1))
            if len(inside) > cap:
                model.add(sum(inside) <= cap)
    cover_terms: list[tuple[cp_model.IntVar, int]] = []
    for c, pairs in by_cand.items():
        spans = {(frame.pairs[p][0], frame.pairs[p][-1]) for p in pairs}
        spans.add((0, frame.problem.slots - 1))
        for a, b in spans:
            inside = [ys[p] for p in pairs if a <= frame.pairs[p][0] and frame.pairs[p][-1] <= b]
            cap = sum(1 for t in frame.free[c] if a <= t <= b)
            if len(inside) > cap:
                model.add(sum(inside) <= cap)
        cover_terms += _cover(
            model,
            frame,
            c,
            [ys[p] for p in pairs],
            min(len(pairs), len(frame.free[c])),
            sum(1 for p in pairs if p in hint),
        )
    objective = (
        sum(gain * z for z, gain in cover_terms)
        + sum(frame.pair_weight(p) * y for p, y in ys.items())
        + frame.base
    )
    # the flow's bound: a grid reaching it is known best at once
    model.add(objective <= upper)
    model.maximize(objective)
    for p, y in ys.items():
        model.add_hint(y, 1 if p in hint else 0)
    seconds = deadline - time.perf_counter()
    if seconds < MIN_SECONDS:
        return hint, None
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    solver.parameters.max_time_in_seconds = seconds * 0.8
    solver.parameters.absolute_gap_limit = max(
        1.0, FIT_GAP / 4 * frame.score(list(_any_slot(frame, hint)))[4]
    )
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint, None
    chosen = {p for p, y in ys.items() if solver.value(y)}
    return chosen, math.floor(solver.best_objective_bound + 1e-6)


def _cp_sat(
    frame: _Frame,
    hint: list[tuple[int, int, int]],
    deadline: float,
    pairs: set[tuple[int, int]] | None = None,
) -> tuple[list[tuple[int, int, int]], int | None]:
    """CP-SAT from ``hint`` on the pairs ``pairs`` (all the pairs that may meet when None):
    the grid found and, when every pair was in the model, the bound it proved."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    chosen_pairs = frame.pairs if pairs is None else {p: frame.pairs[p] for p in pairs}
    x: dict[tuple[int, int, int], cp_model.IntVar] = {}
    by_cand_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_comp_slot: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    by_cand: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    by_comp: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    objective: list[tuple[cp_model.IntVar, int]] = []
    ys: dict[tuple[int, int], cp_model.IntVar] = {}
    for (c, m), common in chosen_pairs.items():
        y = model.new_bool_var(f"y{c}_{m}")
        vars_ = []
        for s in common:
            var = model.new_bool_var(f"x{c}_{m}_{s}")
            x[c, m, s] = var
            vars_.append(var)
            by_cand_slot[c, s].append(var)
            by_comp_slot[m, s].append(var)
        model.add(sum(vars_) == y)
        ys[c, m] = y
        by_cand[c].append(y)
        by_comp[m].append(y)
        objective.append((y, frame.pair_weight((c, m))))
    for group in by_cand_slot.values():
        if len(group) > 1:
            model.add_at_most_one(group)
    for (m, s), group in by_comp_slot.items():
        cap = frame.capacity[m, s]
        if len(group) > cap:
            model.add(sum(group) <= cap)
    # redundant, for the relaxation: a company meets at most as many people as its places,
    # a candidate at most as many companies as their free slots
    for m, group in by_comp.items():
        cap = sum(v for (m2, _s), v in frame.capacity.items() if m2 == m)
        if len(group) > cap:
            model.add(sum(group) <= cap)
    for c, group in by_cand.items():
        if len(group) > len(frame.free[c]):
            model.add(sum(group) <= len(frame.free[c]))
    counts: dict[int, int] = defaultdict(int)
    for c, m, _s in hint:
        if (c, m) in ys:
            counts[c] += 1
    cover_terms: list[tuple[cp_model.IntVar, int]] = []
    for c, ys_c in by_cand.items():
        cover_terms += _cover(model, frame, c, ys_c, min(len(ys_c), len(frame.free[c])), counts[c])
    model.maximize(
        sum(gain * z for z, gain in cover_terms) + sum(w * v for v, w in objective) + frame.base
    )
    hinted = set(hint)
    met = {(c, m) for c, m, _s in hint}
    for key, var in x.items():
        model.add_hint(var, 1 if key in hinted else 0)
    for (c, m), y in ys.items():
        model.add_hint(y, 1 if (c, m) in met else 0)
    seconds = deadline - time.perf_counter()
    if seconds < MIN_SECONDS:
        return hint, None
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = WORKERS
    # reading the model back and stopping the workers take a little time too
    solver.parameters.max_time_in_seconds = seconds * 0.8
    solver.parameters.absolute_gap_limit = max(1.0, FIT_GAP * frame.score(hint)[4])
    code = solver.solve(model)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return hint, None
    found = [key for key, var in x.items() if solver.value(var)]
    # a gap limit reached is also answered OPTIMAL: the bound, not the code, tells
    bound = math.floor(solver.best_objective_bound + 1e-6)
    return found, bound if pairs is None else None
