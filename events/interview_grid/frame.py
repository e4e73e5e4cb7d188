"""The solver's problem indexed, and the weighted score of a grid.

Candidates are numbered 0..n-1 and companies 0..m-1; a grid in the making is a list of
(candidate, company, slot) triples over those numbers, the fixed interviews left aside (they
are counted once, in ``_Frame.base`` and ``_Frame.score``). The frame holds what is still free
once the fixed interviews are placed (each candidate's free slots, each company's tables per
slot), the pairs that may still meet with their common free slots, and the weights that make
the score lexicographic (explained in ``solver``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Final

from events.interview_grid.fit import fit
from events.interview_grid.problem import Problem

# a grid whose coverage, wishes and interviews are proved best stops being improved once the
# room left over its fit is under this
FIT_GAP: Final = 0.01


class _Frame:
    """The problem indexed: candidates 0..n-1, companies 0..m-1, and what is still free once
    the fixed interviews are placed."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.k = max(0, problem.min_interviews)
        self.cands = problem.candidates
        self.comps = problem.companies
        cand_index = {c.candidate_id: i for i, c in enumerate(self.cands)}
        comp_index = {m.company_id: j for j, m in enumerate(self.comps)}
        self.cand_index = cand_index
        self.comp_index = comp_index
        slot_range = range(problem.slots)
        self.fixed_count = [0] * len(self.cands)
        busy: set[tuple[int, int]] = set()
        used: dict[tuple[int, int], int] = defaultdict(int)
        met: set[tuple[int, int]] = set()
        for interview in problem.fixed:
            c = cand_index[interview.candidate_id]
            m = comp_index[interview.company_id]
            busy.add((c, interview.slot))
            used[m, interview.slot] += 1
            met.add((c, m))
            self.fixed_count[c] += 1
        self.met = met
        self.capacity = {
            (m, s): company.tables - used[m, s]
            for m, company in enumerate(self.comps)
            for s in company.slots
            if s in slot_range and company.tables - used[m, s] > 0
        }
        self.free = [
            sorted(s for s in c.slots if s in slot_range and (i, s) not in busy)
            for i, c in enumerate(self.cands)
        ]
        refused: set[tuple[int, int]] = set()
        must: set[tuple[int, int]] = set()
        for wish in problem.wishes:
            c_at = cand_index.get(wish.candidate_id)
            m_at = comp_index.get(wish.company_id)
            if c_at is None or m_at is None:
                continue
            (refused if wish.wish == "prefer_not" else must).add((c_at, m_at))
        self.refused = refused
        must -= refused
        # pairs that may still meet, with their common free slots
        self.pairs: dict[tuple[int, int], list[int]] = {}
        for c, free in enumerate(self.free):
            if not free:
                continue
            for m in range(len(self.comps)):
                if (c, m) in refused or (c, m) in met:
                    continue
                common = [s for s in free if (m, s) in self.capacity]
                if common:
                    self.pairs[c, m] = common
        self.must = {pair for pair in must if pair in self.pairs}
        self.must_met_fixed = sum(1 for pair in must if pair in met)
        self.fit = {pair: fit(self.cands[pair[0]], self.comps[pair[1]]) for pair in self.pairs}
        fixed_fit = sum(fit(self.cands[c], self.comps[m]) for c, m in met)
        self.fixed_fit = fixed_fit
        # weights: each tier outweighs everything below it together
        most_new = min(sum(self.capacity.values()), sum(len(f) for f in self.free), len(self.pairs))
        self.most_new = most_new
        self.w_interview = 100 * most_new + 1
        below_wish = (self.w_interview + 100) * most_new
        self.w_wish = below_wish + 1
        below_cover = self.w_wish * len(self.must) + below_wish
        # the most new interviews each candidate can get (free slots, companies to meet)
        pairs_of = [0] * len(self.cands)
        for c, _m in self.pairs:
            pairs_of[c] += 1
        self.reach = [min(len(free), pairs_of[c]) for c, free in enumerate(self.free)]
        fixed_below = (
            self.w_wish * self.must_met_fixed + self.w_interview * len(problem.fixed) + fixed_fit
        )
        sides = len(self.cands) + len(self.comps)
        self.gains, self.strict_levels = _level_gains(
            self.k,
            self.fixed_count,
            self.reach,
            below=below_cover,
            most_new=most_new,
            fixed_below=fixed_below,
            # the flow's nodes: the sides, source and sink, at most 2 * slots stretches a side
            nodes=sides + 2 + 2 * sides * problem.slots,
        )
        # the smallest coverage step: a grid better on coverage scores at least this more
        self.w_cover = below_cover + 1
        # what a candidate's first n interviews give to the coverage (n = 0..k)
        self.cumulated = [0]
        for gain in self.gains:
            self.cumulated.append(self.cumulated[-1] + gain)
        self.base = (
            sum(self.cumulated[min(f, self.k)] for f in self.fixed_count)
            + self.w_wish * self.must_met_fixed
            + self.w_interview * len(problem.fixed)
            + fixed_fit
        )

    def cover_steps(self, c: int, most: int) -> list[tuple[int, int]]:
        """The coverage that candidate ``c``'s new interviews give, in order, as (gain of each,
        how many): one step per level counted on its own, then the levels that share the
        smallest gain together; at most ``most`` new interviews counted (and never beyond k)."""
        f = self.fixed_count[c]
        steps: list[tuple[int, int]] = []
        for level in range(f + 1, min(self.k, f + most) + 1):
            gain = self.gains[level - 1]
            if steps and level > self.strict_levels and steps[-1][0] == gain:
                steps[-1] = (gain, steps[-1][1] + 1)
            else:
                steps.append((gain, 1))
        return steps

    def pair_weight(self, pair: tuple[int, int]) -> int:
        return self.w_interview + self.fit[pair] + (self.w_wish if pair in self.must else 0)

    def score(self, chosen: Iterable[tuple[int, int, int]]) -> tuple[int, int, int, int, int]:
        """(weighted, coverage, wishes, interviews, fit) of the fixed + ``chosen`` interviews."""
        counts = list(self.fixed_count)
        wishes = self.must_met_fixed
        interviews = len(self.problem.fixed)
        fits = self.fixed_fit
        for c, m, _s in chosen:
            counts[c] += 1
            interviews += 1
            fits += self.fit[c, m]
            if (c, m) in self.must:
                wishes += 1
        coverage = sum(min(n, self.k) for n in counts)
        weighted = (
            sum(self.cumulated[min(n, self.k)] for n in counts)
            + self.w_wish * wishes
            + self.w_interview * interviews
        )
        return weighted + fits, coverage, wishes, interviews, fits

    def levels(self, chosen: Iterable[tuple[int, int, int]]) -> list[int]:
        """How many candidates have at least 1, 2, …, k interviews (fixed ones included)."""
        counts = list(self.fixed_count)
        for c, _m, _s in chosen:
            counts[c] += 1
        return [sum(1 for n in counts if n >= level) for level in range(1, self.k + 1)]


def _level_gains(
    k: int,
    fixed: list[int],
    reach: list[int],
    *,
    below: int,
    most_new: int,
    fixed_below: int,
    nodes: int,
) -> tuple[list[int], int]:
    """The weight of each level of coverage (a candidate's 1st interview, 2nd, …, k-th), and
    how many of the first levels are counted on their own; the weights never increase from
    one level to the next (a concave reward), the k-th is ``below + 1``.

    Level l counted on its own weighs more than everything the deeper levels and the tiers
    below (at most ``below``) can add together: one more candidate at l beats any number of
    candidates at l + 1 or beyond. The deeper levels share the weight ``below + 1`` (each
    interview towards k counts the same there). As many levels as possible are counted on
    their own while the objective stays exact in the solvers (CP-SAT reports it as a float:
    2**53; the flow multiplies each cost by its number of nodes: 2**62 over those): every
    level with k up to 3 at the sizes of the benchmark (150 x 20 x 12), the first two with a
    larger k. When not even the first fits (a thousand candidates), the weights fall by
    ``below + 1`` from one level to the next (a first interview still beats a second, but no
    longer any number of them), or, past that, are all the same."""
    if k == 0:
        return [], 0
    # candidates who can newly reach each level
    can = [0] * (k + 1)
    for f, r in zip(fixed, reach, strict=True):
        for level in range(f + 1, min(k, f + r) + 1):
            can[level] += 1
    flat = below + 1

    def exact(trial: list[int]) -> bool:
        total = sum(sum(trial[: min(k, f + r)]) for f, r in zip(fixed, reach, strict=True))
        return total + below + fixed_below < 2**53 and max(trial) * nodes < 2**62

    for own in range(k, 1, -1):
        # levels 1..own-1 on their own, own..k together
        trial = [flat] * k
        deeper = below + flat * min(most_new, sum(can[own:]))
        for level in range(own - 1, 0, -1):
            trial[level - 1] = deeper + 1
            deeper += trial[level - 1] * can[level]
        if exact(trial):
            return trial, (k if own == k else own - 1)
    top = max((min(k, f + r) for f, r in zip(fixed, reach, strict=True)), default=0)
    trial = [flat * max(1, top - level) for level in range(k)]
    if exact(trial):
        return trial, 0
    return [flat] * k, 0
