"""The interview grid solver: who meets whom, in which slot, at which table.

Hard rules (never broken):

- a candidate is in one place per slot;
- a table holds one interview per slot: a company with ``tables`` tables has at most that many
  interviews in a slot (table numbers are given after solving; fixed interviews keep theirs);
- an interview takes place only in a slot where both the candidate and the company are there;
- a candidate meets a company at most once;
- a "prefer not" pair (said by either side) is never scheduled;
- fixed interviews (done, or in the next slot during a re-plan) are kept exactly as they are.
  They are facts: they count towards k even when they lie outside the hours given for the
  rest of the day, and the solver only refuses them ("infeasible") when they break one of the
  rules above among themselves (see ``explain.fixed_clashes``).

The score, in order of importance — each step counts more than everything after it together
(weights chosen so; this is a lexicographic order):

1. **coverage**, level by level: first the number of candidates with at least one interview,
   then the number with at least two, and so on up to k. Everyone's first interview counts
   more than anyone's second, a second more than a third: one more person with a first
   interview beats any number of second interviews for others (at the sizes of a job dating;
   see below for very large ones). So nobody is left with none
   while others get two when a grid gives everyone one, and everyone gets k interviews
   whenever the frame allows it. Fixed interviews count at their level too.
2. **wishes**: the number of "must meet" wishes honoured.
3. **interviews**: the number of interviews. At the best score no table sits idle while a
   candidate who could meet that company waits; the solution is also completed greedily
   after solving, so this holds even when time ran out.
4. **fit**: the sum of the fit scores (0 to 100, see ``fit``) of the pairs that meet.

The weighted objective is ``coverage gains + W2 * wishes + W3 * interviews + fit`` with
W3 = 100 * (most interviews possible) + 1 and so on upwards. Each candidate's coverage gain is
the sum of the weights of the levels they reach (their 1st interview, 2nd, …, k-th): the k-th
level weighs W1 (more than the wishes, interviews and fit can add together), and each level
above it more than all the levels below it and those tiers could add together (``frame``).
The weights decrease from the first level to the k-th: the reward is concave, which the flow
and CP-SAT below both model exactly. These weights grow fast with k (each level about the
number of candidates times the next), and the solvers count in 64-bit integers (CP-SAT
reports its bound as a float, exact up to 2**53): the weights are chosen so that the weighted
objective stays exact (``frame._level_gains``). At the benchmark's size (150 x 20 x 12) every
level is counted on its own up to k = 3; with a larger k the first two are, and the deeper
levels share the weight W1 (each interview towards k there counts the same, as a plain sum).
For much larger events (a thousand candidates), the weights fall by W1 from one level to the
next instead (a first interview still beats a second, but not several).

``Solution.objective`` and ``Solution.bound`` are that weighted number for the grid found and
the best the solver proved possible; ``Solution.gap`` = (bound - objective) / objective.
Because the first tiers weigh so much, a small weighted gap says little about the fit:
``solve_detailed`` gives each tier's value, whether it is proved best possible (given the
tiers above), and the fit's own gap (the room left, over the fit obtained). The solver stops
when the grid is proved optimal, or its coverage, wishes and interviews proved best and its
fit within 1 %, or when time is up.

How (OR-Tools: min-cost flows first, CP-SAT when they are not enough; the problem indexed and
the weighted score are ``frame``'s):

1. **A bound over pairs** (``pair_bound``). A min-cost flow over pairs gives an upper bound
   of the weighted objective and a set of pairs reaching it: each candidate gives at most as
   many interviews as their free slots (through parallel arcs, one per level of coverage with
   its weight, then one with none: the flow takes the best first, a concave reward), each
   pair at most one, each company at most its places (tables times slots there). It forgets
   which slot is which — slots are mostly interchangeable, and leaving them out removes that
   symmetry from the proof — except for stretches of the day: the pairs whose common slots
   all lie in a stretch are at most the places of that stretch, per candidate and per company
   (the tightest stretches that nest, as a tree of nodes in the flow). When every side is
   there all day the bound is exact: split each company into its tables, the pairs form a
   bipartite graph of degree at most the number of slots, which König's theorem colours with
   the slots.
2. **Placing those pairs in slots** (``placing``), slot after slot, by a maximum matching per
   slot (another min-cost flow) that serves first the sides with as many pairs left as slots
   left; tried in up to four slot orders; then idle tables are given to waiting candidates.
   Reaching the bound proves the grid optimal: the usual case (see bench/interview_grid.py).
3. **Otherwise** (sides there for part of the day whose pairs do not all fit), CP-SAT (2
   workers, ``cp_steps``) in three steps, each from the best grid so far as a hint, each
   skipped once the grid is proved good enough:
   a. **pairs that know every stretch**: one 0/1 variable per pair, and the stretch limits
      of 1 for every stretch that some pair's common slots span, nested or not; its bound is
      kept when lower, its pairs are placed in slots as in 2;
   b. **placing those pairs**: one 0/1 variable per pair and common slot;
   c. **a neighbourhood**: those pairs and, per candidate, the three next best companies
      (the whole model, with its own bound, when it has at most 4,000 variables).
   CP-SAT stops when the room left is under 1 % of the fit (an absolute gap: a relative gap
   on the weighted objective would stop long before the fit is good), or at the time limit.
   Last, if time is left, a greedy grid (slot by slot, the most urgent candidate first).

CP-SAT counts coverage the same way: per candidate, one 0/1 term per level counted on its own
(their 1st interview, their 2nd, …) and one for the levels sharing W1, together at most the
companies they meet, each with its level's weight.

Why the bound holds: every step only ever gives an upper bound of the weighted objective of
all grids (the flow and the pair model relax the slots; CP-SAT's bound is over the whole
model), and the score of a grid is computed by ``frame`` with the same weights; a grid whose
score reaches the bound is optimal. ``solve_detailed`` also tells, tier by tier, what is
proved: a grid better on tier t (equal on the tiers above) would score at least W_t minus what
the tiers below give now (for coverage, W1: a level counted on its own outweighs all it can
cost below it), so bound - objective below that proves tier t.
"""

from __future__ import annotations

import math
import time

import msgspec

from events.interview_grid import explain
from events.interview_grid.cp_steps import MIN_SECONDS, _cp_sat, _neighbourhood, _pair_model
from events.interview_grid.frame import FIT_GAP, _Frame
from events.interview_grid.pair_bound import _flow_bound
from events.interview_grid.placing import _fill, _greedy, _orders, _schedule, _tables
from events.interview_grid.problem import Problem, Solution, Status


class Tier(msgspec.Struct, frozen=True, kw_only=True):
    """One step of the score: its value in the grid found, whether it is proved best (given
    the steps above), and the most it could be among grids equal on the steps above (None
    when those steps are not proved best themselves, and for coverage when it is not proved).
    Coverage's value is the number of interviews towards k (the sum of min(interviews, k));
    what is proved best is its order, level by level (see the module's docstring)."""

    name: str
    value: int
    bound: int | None
    proved: bool


class Detailed(msgspec.Struct, frozen=True, kw_only=True):
    """A solution with the tiers of its score (``solve_detailed``)."""

    solution: Solution
    tiers: list[Tier]
    fit_gap: float


def solve(problem: Problem, *, seconds: float = 2.0) -> Solution:
    """The best grid found within ``seconds`` (see the module's docstring)."""
    return solve_detailed(problem, seconds=seconds).solution


def solve_detailed(problem: Problem, *, seconds: float = 2.0) -> Detailed:
    """``solve``, with the value, bound and proof of each tier of the score."""
    started = time.perf_counter()
    clashes = explain.fixed_clashes(problem)
    if clashes:
        solution = Solution(
            status="infeasible",
            interviews=list(problem.fixed),
            objective=0,
            bound=0,
            gap=0.0,
            seconds=time.perf_counter() - started,
            short_of_k=[],
            reasons=clashes,
        )
        return Detailed(solution=solution, tiers=[], fit_gap=0.0)
    frame = _Frame(problem)
    deadline = started + seconds - 0.15
    bound, flow_pairs = _flow_bound(frame)
    placed: list[tuple[int, int, int]] = []
    best: list[tuple[int, int, int]] = []
    for order in _orders(problem.slots):
        chosen = _schedule(frame, flow_pairs, order)
        filled = _fill(frame, chosen)
        if not best or frame.score(filled)[0] > frame.score(best)[0]:
            placed, best = chosen, filled
        if frame.score(best)[0] >= bound:
            break
    if frame.score(best)[0] < bound and not _within(frame, best, bound):
        # pairs chosen knowing the hours, placed in slots as above
        now = time.perf_counter()
        known = {(c, m) for c, m, _s in best}
        pairs, pair_bound = _pair_model(frame, known, now + 0.6 * (deadline - now), bound)
        if pair_bound is not None:
            bound = min(bound, pair_bound)
        if pairs != known:
            flow_pairs = pairs
            for order in _orders(problem.slots):
                chosen = _schedule(frame, pairs, order)
                filled = _fill(frame, chosen)
                if frame.score(filled)[0] > frame.score(best)[0]:
                    placed, best = chosen, filled
                if frame.score(best)[0] >= bound:
                    break
    if frame.score(best)[0] < bound and not _within(frame, best, bound):
        # the chosen pairs, placed in slots by CP-SAT
        now = time.perf_counter()
        found, _ = _cp_sat(frame, placed, now + 0.6 * (deadline - now), flow_pairs)
        found = _fill(frame, found)
        if frame.score(found)[0] > frame.score(best)[0]:
            best = found
    if (
        frame.score(best)[0] < bound
        and not _within(frame, best, bound)
        and deadline - time.perf_counter() > 2 * MIN_SECONDS
    ):
        # around them: those pairs and the next best companies of each candidate
        found, cp_bound = _cp_sat(frame, best, deadline, _neighbourhood(frame, flow_pairs, best))
        found = _fill(frame, found)
        if frame.score(found)[0] > frame.score(best)[0]:
            best = found
        if cp_bound is not None:
            bound = min(bound, cp_bound)
    if frame.score(best)[0] < bound and time.perf_counter() < deadline:
        greedy = _fill(frame, _greedy(frame))
        if frame.score(greedy)[0] > frame.score(best)[0]:
            best = greedy
    weighted, coverage, wishes, interviews, fits = frame.score(best)
    bound = max(bound, weighted)
    status: Status = "optimal" if bound == weighted else "feasible"
    tiers, fit_gap = _tiers(frame, (coverage, wishes, interviews, fits), weighted, bound)
    result = _tables(frame, best)
    short, reasons = explain.short_of_k(problem, result)
    solution = Solution(
        status=status,
        interviews=result,
        objective=weighted,
        bound=bound,
        gap=(bound - weighted) / max(1, abs(weighted)),
        seconds=time.perf_counter() - started,
        short_of_k=short,
        reasons=reasons,
    )
    return Detailed(solution=solution, tiers=tiers, fit_gap=fit_gap)


def _within(frame: _Frame, chosen: list[tuple[int, int, int]], bound: int) -> bool:
    """Whether ``bound`` proves the coverage, wishes and interviews of ``chosen`` best and its
    fit within ``FIT_GAP``."""
    weighted, *values = frame.score(chosen)
    tiers, fit_gap = _tiers(frame, (values[0], values[1], values[2], values[3]), weighted, bound)
    return tiers[2].proved and fit_gap <= FIT_GAP


def _tiers(
    frame: _Frame, values: tuple[int, int, int, int], weighted: int, bound: int
) -> tuple[list[Tier], float]:
    """Which tiers the bound proves best: a grid better on tier t (equal above) would score at
    least W_t minus what the tiers below t give now more than this one. For coverage, W_t is
    its smallest step (``_Frame.w_cover``): a grid better on coverage has more candidates at
    some level counted on its own, or more interviews towards k at the levels that share the
    smallest gain, with the levels before equal; each level counted on its own weighs more
    than what the deeper ones can lose, so its coverage gives at least that step more."""
    _coverage, wishes, interviews, fits = values
    room = bound - weighted
    fits_total = fits
    # what the fixed interviews give is the same in every grid: only the rest can differ
    wishes -= frame.must_met_fixed
    interviews -= len(frame.problem.fixed)
    fits -= frame.fixed_fit
    weights = (frame.w_cover, frame.w_wish, frame.w_interview, 1)
    names = ("coverage", "wishes", "interviews", "fit")
    below = [
        frame.w_wish * wishes + frame.w_interview * interviews + fits,
        frame.w_interview * interviews + fits,
        fits,
        0,
    ]
    tiers: list[Tier] = []
    proved_above = True
    for name, value, weight, lower in zip(names, values, weights, below, strict=True):
        proved = (
            proved_above and room < weight - lower if weight > 1 else proved_above and room == 0
        )
        best: int | None = None
        if proved:
            best = value
        elif proved_above and name != "coverage":
            # (coverage's value, interviews towards k, may be higher in a grid that scores
            # less: one more first interview beats several seconds)
            best = value + ((room + lower) // weight if weight > 1 else room)
        tiers.append(Tier(name=name, value=value, bound=best, proved=proved))
        proved_above = proved
    fit_gap = room / max(1, fits_total) if tiers[2].proved else math.inf
    return tiers, fit_gap
