"""The interview grid solver against a greedy baseline, on generated data shaped like a demo.

Run: .venv/bin/python -m bench.interview_grid [--seeds 5] [--candidates 150] [--companies 20]
    [--slots 12] [--k 2] [--seconds 2] [--partial-candidates 0.14] [--partial-companies 0.1]

Each seed generates one job dating (``demo_problem``): companies with one or two tables (two
for about half of them), one in ten there for part of the day only (arriving late or leaving
early); candidates with a reviewed skills card (three to seven skills, levels 1 to 4), one or
two wished sectors (none for 15 %), an occupation for 40 %, one in seven there for part of
the day (a tenth of those for a single slot); a "must meet" for about 8 % of candidates and a
"prefer not" for 6 %. ``--partial-*`` change the shares there for part of the day (0.5 and
0.4 make a hard case). No database: only the solver's pure functions are timed, in this
process; the machine's load average is printed first and last (other work on a 2-core
machine slows every figure).

For each seed it prints two lines, the GREEDY baseline (``greedy``, written here: slot by
slot, each free table goes to the waiting candidate with the fewest interviews, then the best
fit) and the SOLVER (``events.interview_grid.solver.solve_detailed``), with:

- ``seconds``: wall time of the call (the greedy is plain Python, not tuned);
- ``status``: optimal / feasible (greedy: "-");
- ``objective``, ``bound``, ``gap``: the weighted objective (see the solver's docstring) of
  the grid, the best bound the solver proved, and (bound - objective) / objective; the
  greedy's gap is measured against the solver's bound;
- ``tiers``: the tiers of the score proved best (C coverage, W wishes, I interviews, F fit;
  "f": fit proved within 1 %, "." not proved), and ``fit_gap``: the fit's own gap (room left
  over the fit obtained; "inf" when a tier above is not proved);
- ``k+``: candidates with at least k interviews / candidates there for at least one slot;
- ``none``: candidates there for at least one slot who get no interview;
- ``interviews``, ``fit``: the number of interviews and their mean fit score (0 to 100).

Then the ratio solver / greedy of the weighted objective (≥ 1: the solver is at least as good)
and of the total fit. Last, the re-planning case per seed: half the day done (the first half
of the solver's grid plus the next slot fixed), 10 % of candidates absent (they lose their
future interviews and slots), solved again on the slots left within 1 s: seconds, status,
weighted gap, tiers, fit gap, and the number of fixed interviews.

Read: the goal is every solve "optimal", or CWI proved with fit_gap ≤ 0.01 ("CWIf"), in < 2 s
(re-plan < 1 s) on this 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from collections import Counter, defaultdict
from uuid import UUID, uuid5

from events.interview_grid.fit import fit
from events.interview_grid.frame import _Frame
from events.interview_grid.problem import (
    CandidateSide,
    CompanySide,
    Interview,
    Need,
    Problem,
    Wish,
)
from events.interview_grid.solver import Detailed, solve_detailed

SECTORS = ("logistique", "restauration", "bâtiment", "aide à la personne", "agroalimentaire")
OCCUPATIONS = {
    "logistique": ("préparateur de commandes", "cariste", "magasinier"),
    "restauration": ("commis de cuisine", "plongeur", "serveur"),
    "bâtiment": ("maçon", "peintre", "électricien"),
    "aide à la personne": ("aide à domicile", "auxiliaire de vie"),
    "agroalimentaire": ("opérateur de production", "conducteur de ligne"),
}
SKILLS = (
    "perseverance",
    "concentration",
    "self_discipline",
    "team_spirit",
    "following_instructions",
    "reactivity",
    "leadership",
    "motivation",
    "punctuality",
    "communication",
    "adaptability",
    "self_confidence",
)
NAMESPACE = UUID("6f1d2c5e-8a51-4d0e-9d2b-3c8f51e0a001")


def _id(kind: str, seed: int, n: int) -> UUID:
    return uuid5(NAMESPACE, f"{kind}-{seed}-{n}")


def _window(rng: random.Random, slots: int, share: float) -> frozenset[int]:
    """All day, or (with probability ``share``) arriving late or leaving early."""
    if rng.random() >= share:
        return frozenset(range(slots))
    if rng.random() < 0.1:
        at = rng.randrange(slots)
        return frozenset({at})
    if rng.random() < 0.5:
        return frozenset(range(rng.randint(slots // 4, slots - 2), slots))
    return frozenset(range(rng.randint(2, slots * 3 // 4)))


def demo_problem(
    seed: int,
    *,
    candidates: int = 150,
    companies: int = 20,
    slots: int = 12,
    k: int = 2,
    partial_candidates: float = 0.14,
    partial_companies: float = 0.1,
) -> Problem:
    """A job dating shaped like the demo (see the module's docstring); ``partial_*``: the
    share of candidates and of companies there for part of the day only."""
    rng = random.Random(seed)
    comps = []
    for j in range(companies):
        sector = rng.choice(SECTORS)
        comps.append(
            CompanySide(
                company_id=_id("company", seed, j),
                tables=2 if rng.random() < 0.5 else 1,
                slots=_window(rng, slots, partial_companies),
                sector=sector,
                occupations=rng.sample(OCCUPATIONS[sector], k=rng.randint(1, 2)),
                needs=[
                    Need(skill=skill, min_level=rng.randint(2, 3))
                    for skill in rng.sample(SKILLS, k=rng.randint(2, 3))
                ],
                hires=rng.randint(1, 3),
            )
        )
    cands = []
    for i in range(candidates):
        sectors = rng.sample(SECTORS, k=rng.randint(1, 2))
        cands.append(
            CandidateSide(
                candidate_id=_id("candidate", seed, i),
                slots=_window(rng, slots, partial_candidates),
                levels={s: rng.randint(1, 4) for s in rng.sample(SKILLS, k=rng.randint(3, 7))},
                sectors=sectors if rng.random() < 0.85 else [],
                occupations=([rng.choice(OCCUPATIONS[sectors[0]])] if rng.random() < 0.4 else []),
            )
        )
    wishes: list[Wish] = []
    seen: set[tuple[UUID, UUID]] = set()
    for c in cands:
        for kind, share in (("must_meet", 0.08), ("prefer_not", 0.06)):
            if rng.random() < share:
                m = rng.choice(comps)
                if (c.candidate_id, m.company_id) not in seen:
                    seen.add((c.candidate_id, m.company_id))
                    wishes.append(
                        Wish(candidate_id=c.candidate_id, company_id=m.company_id, wish=kind)  # type: ignore[arg-type]
                    )
    return Problem(slots=slots, min_interviews=k, companies=comps, candidates=cands, wishes=wishes)


def greedy(problem: Problem) -> list[Interview]:
    """The baseline: slot by slot, each free table (fixed interviews kept) goes to the waiting
    candidate (there, free, not met yet, no "prefer not") with the fewest interviews, then the
    best fit. Tables by company in the problem's order."""
    refused = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "prefer_not"}
    counts: Counter[UUID] = Counter(i.candidate_id for i in problem.fixed)
    met = {(i.candidate_id, i.company_id) for i in problem.fixed}
    taken: dict[tuple[UUID, int], set[int]] = defaultdict(set)
    busy = {(i.candidate_id, i.slot) for i in problem.fixed}
    for i in problem.fixed:
        taken[i.company_id, i.slot].add(i.table_no)
    result = list(problem.fixed)
    fits = {
        (c.candidate_id, m.company_id): fit(c, m)
        for c in problem.candidates
        for m in problem.companies
    }
    for s in range(problem.slots):
        for company in problem.companies:
            if s not in company.slots:
                continue
            for table in range(1, company.tables + 1):
                if table in taken[company.company_id, s]:
                    continue
                waiting = [
                    c
                    for c in problem.candidates
                    if s in c.slots
                    and (c.candidate_id, s) not in busy
                    and (c.candidate_id, company.company_id) not in met
                    and (c.candidate_id, company.company_id) not in refused
                ]
                if not waiting:
                    break
                best = min(
                    waiting,
                    key=lambda c: (
                        counts[c.candidate_id],
                        -fits[c.candidate_id, company.company_id],
                    ),
                )
                counts[best.candidate_id] += 1
                met.add((best.candidate_id, company.company_id))
                busy.add((best.candidate_id, s))
                taken[company.company_id, s].add(table)
                result.append(
                    Interview(
                        slot=s,
                        company_id=company.company_id,
                        table_no=table,
                        candidate_id=best.candidate_id,
                    )
                )
    return result


def score(
    problem: Problem, interviews: list[Interview]
) -> tuple[tuple[int, ...], int, int, int, int]:
    """(coverage, wishes, interviews, fit, candidates with k or more) of a grid; coverage
    level by level: the candidates with at least 1 interview, at least 2, …, at least k (its
    tuples compare as the solver ranks them, at the sizes where every level counts on its
    own: see the solver's docstring)."""
    k = problem.min_interviews
    sides = {c.candidate_id: c for c in problem.candidates}
    comps = {m.company_id: m for m in problem.companies}
    must = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "must_meet"}
    counts = Counter(i.candidate_id for i in interviews)
    coverage = tuple(
        sum(1 for c in problem.candidates if counts[c.candidate_id] >= level)
        for level in range(1, k + 1)
    )
    wishes = sum(1 for i in interviews if (i.candidate_id, i.company_id) in must)
    fits = sum(fit(sides[i.candidate_id], comps[i.company_id]) for i in interviews)
    full = sum(1 for c in problem.candidates if counts[c.candidate_id] >= k)
    return coverage, wishes, len(interviews), fits, full


def weighted(problem: Problem, interviews: list[Interview]) -> int:
    """The weighted objective of any grid, with the solver's weights (``solver._Frame``)."""
    frame = _Frame(problem)
    index_c = frame.cand_index
    index_m = frame.comp_index
    fixed = {(i.candidate_id, i.slot) for i in problem.fixed}
    chosen = [
        (index_c[i.candidate_id], index_m[i.company_id], i.slot)
        for i in interviews
        if (i.candidate_id, i.slot) not in fixed
    ]
    return frame.score(chosen)[0]


def present(problem: Problem) -> int:
    return sum(1 for c in problem.candidates if c.slots)


def _tiers(detailed: Detailed) -> str:
    marks = "".join(t.name[0].upper() if t.proved else "." for t in detailed.tiers)
    if marks.endswith(".") and detailed.fit_gap <= 0.01:
        marks = marks[:-1] + "f"
    return marks


def replan_problem(problem: Problem, interviews: list[Interview], seed: int) -> Problem:
    """Half the day done and the next slot fixed; 10 % of candidates absent."""
    rng = random.Random(seed + 1000)
    now = problem.slots // 2
    absent = {c.candidate_id for c in problem.candidates if rng.random() < 0.10}
    fixed = [
        i for i in interviews if i.slot < now or (i.slot == now and i.candidate_id not in absent)
    ]
    later = frozenset(range(now + 1, problem.slots))
    candidates = [
        CandidateSide(
            candidate_id=c.candidate_id,
            slots=frozenset() if c.candidate_id in absent else c.slots & later,
            levels=c.levels,
            sectors=c.sectors,
            occupations=c.occupations,
        )
        for c in problem.candidates
    ]
    companies = [
        CompanySide(
            company_id=m.company_id,
            tables=m.tables,
            slots=m.slots & later,
            sector=m.sector,
            occupations=m.occupations,
            needs=m.needs,
            hires=m.hires,
        )
        for m in problem.companies
    ]
    return Problem(
        slots=problem.slots,
        min_interviews=problem.min_interviews,
        companies=companies,
        candidates=candidates,
        wishes=problem.wishes,
        fixed=fixed,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--candidates", type=int, default=150)
    parser.add_argument("--companies", type=int, default=20)
    parser.add_argument("--slots", type=int, default=12)
    parser.add_argument("--k", type=int, default=2)
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--partial-candidates", type=float, default=0.14)
    parser.add_argument("--partial-companies", type=float, default=0.1)
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} (1 min), {os.cpu_count()} CPUs")
    print(
        f"python {platform.python_version()}, {platform.machine()}, "
        f"{args.candidates} candidates x {args.companies} companies x {args.slots} slots, "
        f"k={args.k}, time limit {args.seconds} s, part of the day: "
        f"{args.partial_candidates:.0%} of candidates, {args.partial_companies:.0%} of companies"
    )
    head = (
        f"{'seed':>4} {'who':<7} {'seconds':>7} {'status':<8} {'objective':>15} {'bound':>15} "
        f"{'gap':>9} {'tiers':>5} {'fit_gap':>7} {'k+':>8} {'none':>4} {'interviews':>10} "
        f"{'fit':>5}"
    )
    print(head)
    replans = []
    for seed in range(args.seeds):
        problem = demo_problem(
            seed,
            candidates=args.candidates,
            companies=args.companies,
            slots=args.slots,
            k=args.k,
            partial_candidates=args.partial_candidates,
            partial_companies=args.partial_companies,
        )
        started = time.perf_counter()
        base = greedy(problem)
        greedy_seconds = time.perf_counter() - started
        detailed = solve_detailed(problem, seconds=args.seconds)
        solution = detailed.solution
        base_weighted = weighted(problem, base)
        n = present(problem)
        for who, grid, seconds, status, objective in (
            ("greedy", base, greedy_seconds, "-", base_weighted),
            ("solver", solution.interviews, solution.seconds, solution.status, solution.objective),
        ):
            cover, _w, count, fits, full = score(problem, grid)
            none = n - (cover[0] if cover else n)
            gap = (solution.bound - objective) / max(1, objective)
            tiers = _tiers(detailed) if who == "solver" else "-"
            fit_gap = f"{detailed.fit_gap:.4f}" if who == "solver" else "-"
            print(
                f"{seed:>4} {who:<7} {seconds:>7.3f} {status:<8} {objective:>15} "
                f"{solution.bound:>15} {gap:>9.2e} {tiers:>5} {fit_gap:>7} "
                f"{f'{full}/{n}':>8} {none:>4} {count:>10} {fits / max(1, count):>5.1f}"
            )
        g_fit = score(problem, base)[3]
        s_fit = score(problem, solution.interviews)[3]
        print(
            f"{seed:>4} ratio   objective solver/greedy {solution.objective / base_weighted:.4f}, "
            f"fit {s_fit / max(1, g_fit):.4f}"
        )
        again = replan_problem(problem, solution.interviews, seed)
        redone = solve_detailed(again, seconds=min(args.seconds, 1.0))
        replans.append((seed, redone, len(again.fixed)))
    print()
    print(
        f"{'seed':>4} {'re-plan':<7} {'seconds':>7} {'status':<8} {'gap':>9} {'tiers':>5} "
        f"{'fit_gap':>7} {'fixed':>6}"
    )
    for seed, redone, fixed in replans:
        print(
            f"{seed:>4} {'':<7} {redone.solution.seconds:>7.3f} {redone.solution.status:<8} "
            f"{redone.solution.gap:>9.2e} {_tiers(redone):>5} {redone.fit_gap:>7.4f} {fixed:>6}"
        )
    print(f"load average {os.getloadavg()[0]:.2f} (1 min)")


if __name__ == "__main__":
    main()
