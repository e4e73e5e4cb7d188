"""The interview grid solver on generated data: every hard rule checked by a checker written
here (it does not use the solver's code), k for everyone when the frame allows it, plain
reasons when it does not, fixed interviews kept, wishes respected, never worse than the
greedy baseline of the bench."""

from __future__ import annotations

import random
import time
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from bench.interview_grid import demo_problem, greedy, replan_problem, score
from events.interview_grid import solver
from events.interview_grid.explain_texts import sentences
from events.interview_grid.fit import fit
from events.interview_grid.problem import (
    CandidateSide,
    CompanySide,
    Interview,
    Need,
    Problem,
    Solution,
    Wish,
)
from events.interview_grid.slots import slots_of, slots_within

AT = datetime(2026, 3, 12, 13, 0, tzinfo=UTC)


def broken_rules(problem: Problem, interviews: list[Interview]) -> list[str]:
    """Every hard rule the grid breaks, in words (empty: the grid is valid)."""
    broken: list[str] = []
    candidates = {c.candidate_id: c for c in problem.candidates}
    companies = {m.company_id: m for m in problem.companies}
    refused = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "prefer_not"}
    fixed = set(problem.fixed)
    for interview in problem.fixed:
        if interview not in interviews:
            broken.append(f"fixed interview lost: {interview}")
    seats: Counter[tuple[UUID, int]] = Counter()
    tables: Counter[tuple[UUID, int, int]] = Counter()
    per_slot: Counter[tuple[UUID, int]] = Counter()
    pairs: Counter[tuple[UUID, UUID]] = Counter()
    for interview in interviews:
        candidate = candidates.get(interview.candidate_id)
        company = companies.get(interview.company_id)
        if candidate is None or company is None:
            broken.append(f"unknown side: {interview}")
            continue
        if not 0 <= interview.slot < problem.slots:
            broken.append(f"slot outside the day: {interview}")
        if interview not in fixed and (
            interview.slot not in candidate.slots or interview.slot not in company.slots
        ):
            broken.append(f"a side is not there: {interview}")
        if not 1 <= interview.table_no <= company.tables:
            broken.append(f"no such table: {interview}")
        if (interview.candidate_id, interview.company_id) in refused:
            broken.append(f"prefer not scheduled: {interview}")
        seats[interview.candidate_id, interview.slot] += 1
        tables[interview.company_id, interview.slot, interview.table_no] += 1
        per_slot[interview.company_id, interview.slot] += 1
        pairs[interview.candidate_id, interview.company_id] += 1
    broken += [f"candidate in two places: {key}" for key, n in seats.items() if n > 1]
    broken += [f"table holds two interviews: {key}" for key, n in tables.items() if n > 1]
    broken += [
        f"more interviews than tables: {key}"
        for key, n in per_slot.items()
        if n > companies[key[0]].tables
    ]
    broken += [f"pair meets twice: {key}" for key, n in pairs.items() if n > 1]
    return broken


def idle_tables(problem: Problem, interviews: list[Interview]) -> list[str]:
    """Tables left idle while a candidate who could meet that company waits."""
    refused = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "prefer_not"}
    busy = {(i.candidate_id, i.slot) for i in interviews}
    met = {(i.candidate_id, i.company_id) for i in interviews}
    used = Counter((i.company_id, i.slot) for i in interviews)
    idle = []
    for company in problem.companies:
        for s in company.slots:
            if used[company.company_id, s] >= company.tables:
                continue
            for candidate in problem.candidates:
                pair = (candidate.candidate_id, company.company_id)
                if (
                    s in candidate.slots
                    and (candidate.candidate_id, s) not in busy
                    and pair not in met
                    and pair not in refused
                ):
                    idle.append(f"{company.company_id} idle in slot {s} while {pair[0]} waits")
    return idle


def counts(solution: Solution) -> Counter[UUID]:
    return Counter(i.candidate_id for i in solution.interviews)


def company(tables: int = 1, slots: Iterable[int] = range(4), **more: object) -> CompanySide:
    return CompanySide(company_id=uuid4(), tables=tables, slots=frozenset(slots), **more)  # type: ignore[arg-type]


def candidate(slots: Iterable[int] = range(4), **more: object) -> CandidateSide:
    return CandidateSide(candidate_id=uuid4(), slots=frozenset(slots), **more)  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", range(6))
def test_small_grids_keep_every_hard_rule_and_leave_no_table_idle(seed: int) -> None:
    problem = demo_problem(seed, candidates=30, companies=6, slots=8)
    solution = solver.solve(problem)
    assert solution.status in ("optimal", "feasible")
    assert broken_rules(problem, solution.interviews) == []
    assert idle_tables(problem, solution.interviews) == []
    assert solution.bound >= solution.objective
    baseline = score(problem, greedy(problem))
    mine = score(problem, solution.interviews)
    assert mine[:4] >= baseline[:4]


def test_everyone_gets_k_when_the_frame_allows_it() -> None:
    companies = [company(tables=2, slots=range(6)) for _ in range(6)]  # 72 places for 66
    candidates = [candidate(slots=range(6)) for _ in range(20)]
    # a late arrival and an early leaver, both there for 3 slots
    candidates.append(candidate(slots=range(3, 6)))
    candidates.append(candidate(slots=range(3)))
    problem = Problem(slots=6, min_interviews=3, companies=companies, candidates=candidates)
    solution = solver.solve(problem)
    assert broken_rules(problem, solution.interviews) == []
    assert solution.short_of_k == []
    assert solution.reasons == []
    assert all(counts(solution)[c.candidate_id] >= 3 for c in candidates)
    assert solution.status == "optimal"


def levels(problem: Problem, interviews: list[Interview]) -> list[int]:
    """How many candidates have at least 1, 2, …, k interviews."""
    got = Counter(i.candidate_id for i in interviews)
    return [
        sum(1 for c in problem.candidates if got[c.candidate_id] >= level)
        for level in range(1, problem.min_interviews + 1)
    ]


def test_a_first_interview_for_everyone_comes_before_second_ones() -> None:
    """12 places (3 companies x 4 slots) for 7 candidates and k = 2: six could get two
    interviews each and the seventh, who fits no company, none — the same number of
    interviews towards k as a fair grid, and a better fit. A first interview counts above a
    second: nobody is left with none."""
    wanted = {"sector": "bâtiment", "needs": [Need(skill="perseverance", min_level=4)]}
    companies = [company(tables=1, slots=range(4), occupations=["maçon"], **wanted) for _ in "abc"]
    good = [
        candidate(
            slots=range(4),
            levels={"perseverance": 4},
            sectors=["bâtiment"],
            occupations=["maçon"],
        )
        for _ in range(6)
    ]
    odd = candidate(slots=range(4), sectors=["restauration"], occupations=["serveur"])
    assert fit(good[0], companies[0]) == 100
    assert fit(odd, companies[0]) < 10
    candidates = [*good, odd]
    problem = Problem(slots=4, min_interviews=2, companies=companies, candidates=candidates)
    # a grid with everyone at one interview or more exists: the 12 places in turn
    fair = [
        Interview(
            slot=cell // 3,
            company_id=companies[cell % 3].company_id,
            table_no=1,
            candidate_id=candidates[cell % 7].candidate_id,
        )
        for cell in range(12)
    ]
    assert broken_rules(problem, fair) == []
    assert levels(problem, fair) == [7, 5]
    solution = solver.solve(problem)
    assert solution.status == "optimal"
    assert broken_rules(problem, solution.interviews) == []
    got = counts(solution)
    assert sorted(got[c.candidate_id] for c in candidates) == [1, 1, 2, 2, 2, 2, 2]
    assert got[odd.candidate_id] == 1
    assert levels(problem, solution.interviews) == [7, 5]


def best_levels(problem: Problem) -> list[int]:
    """The best coverage, level by level (most candidates with one interview or more, then
    with two or more, …), over every grid of a tiny problem (one table a company), by trying
    them all."""
    refused = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "prefer_not"}
    cells = [(m, s) for m in problem.companies for s in sorted(m.slots)]
    best: list[int] = []
    grid: list[Interview] = []
    busy: set[tuple[UUID, int]] = set()
    met: set[tuple[UUID, UUID]] = set()

    def place(at: int) -> None:
        nonlocal best
        if at == len(cells):
            best = max(best, levels(problem, grid))
            return
        m, s = cells[at]
        place(at + 1)  # the table stays idle
        for c in problem.candidates:
            key = (c.candidate_id, m.company_id)
            if s not in c.slots or (c.candidate_id, s) in busy or key in met or key in refused:
                continue
            busy.add((c.candidate_id, s))
            met.add(key)
            grid.append(Interview(slot=s, company_id=m.company_id, table_no=1, candidate_id=key[0]))
            place(at + 1)
            grid.pop()
            met.discard(key)
            busy.discard((c.candidate_id, s))

    place(0)
    return best


@pytest.mark.parametrize("seed", range(8))
def test_coverage_level_by_level_is_the_best_of_every_grid(seed: int) -> None:
    """Tiny problems with people there for part of the day and "prefer not" wishes: the
    solver's coverage, level by level, is the best found by trying every grid."""
    rng = random.Random(seed)
    slots = 3
    companies = [
        company(
            tables=1,
            slots=sorted(rng.sample(range(slots), rng.randint(2, 3))),
            sector=rng.choice(["bâtiment", "logistique"]),
            needs=[Need(skill="perseverance", min_level=3)],
        )
        for _ in range(2)
    ]
    candidates = [
        candidate(
            slots=sorted(rng.sample(range(slots), rng.randint(1, 3))),
            levels={"perseverance": rng.randint(1, 4)},
            sectors=[rng.choice(["bâtiment", "logistique"])],
        )
        for _ in range(rng.randint(3, 5))
    ]
    wishes = [
        Wish(
            candidate_id=rng.choice(candidates).candidate_id,
            company_id=rng.choice(companies).company_id,
            wish="prefer_not",
        )
    ]
    k = rng.choice([2, 3])
    problem = Problem(
        slots=slots, min_interviews=k, companies=companies, candidates=candidates, wishes=wishes
    )
    solution = solver.solve(problem)
    assert solution.status == "optimal"
    assert broken_rules(problem, solution.interviews) == []
    assert levels(problem, solution.interviews) == best_levels(problem)


def test_too_few_places_gives_short_of_k_and_a_french_reason() -> None:
    companies = [company(tables=1, slots=range(4))]
    candidates = [candidate(slots=range(4)) for _ in range(5)]
    problem = Problem(slots=4, min_interviews=2, companies=companies, candidates=candidates)
    solution = solver.solve(problem)
    assert solution.status == "optimal"
    assert broken_rules(problem, solution.interviews) == []
    # 4 places for 5 people: 4 get one interview (a candidate meets a company once)
    assert len(solution.short_of_k) == 5
    assert sum(counts(solution).values()) == 4
    assert solution.reasons[0].code == "too_few_table_slots"
    text = sentences(solution.reasons, "fr", {})[0]
    assert "4 places d'entretien" in text
    assert "il en faudrait 10" in text


def test_someone_there_for_one_slot_is_named_with_their_hours() -> None:
    slots = slots_of(AT, AT + timedelta(hours=2), 20, [])
    companies = [company(tables=1, slots=range(6)) for _ in range(3)]
    awa = candidate(slots=slots_within(slots, AT + timedelta(minutes=100), None))
    others = [candidate(slots=range(6)) for _ in range(3)]
    problem = Problem(slots=6, min_interviews=2, companies=companies, candidates=[awa, *others])
    solution = solver.solve(problem)
    assert solution.short_of_k == [awa.candidate_id]
    assert counts(solution)[awa.candidate_id] == 1
    [reason] = [r for r in solution.reasons if r.figures.get("candidate") == str(awa.candidate_id)]
    assert reason.code == "few_slots"
    [text] = sentences([reason], "fr", {awa.candidate_id: "Awa"}, slots=slots)
    assert text == (
        "Awa n'est là que pour 1 créneau (de 14\u00a0h\u00a040 à 15\u00a0h)\u00a0: un seul "
        "entretien est possible, au lieu des 2 prévus."
    )
    [english] = sentences([reason], "en", {awa.candidate_id: "Awa"}, slots=slots)
    assert english.startswith("Awa is there for 1 slot only (from 14:40 to 15:00)")


def test_late_comers_beyond_the_tables_of_their_hours_are_explained() -> None:
    desk = company(tables=1, slots=range(4))
    early = candidate(slots=range(4))
    late = [candidate(slots={2, 3}) for _ in range(3)]
    problem = Problem(slots=4, min_interviews=1, companies=[desk], candidates=[early, *late])
    solution = solver.solve(problem)
    assert broken_rules(problem, solution.interviews) == []
    # 4 places for 4 people, but 3 of them share the 2 places of the afternoon
    [short] = solution.short_of_k
    assert short in {c.candidate_id for c in late}
    assert [r.code for r in solution.reasons] == ["tables_full"]
    [text] = sentences(solution.reasons, "fr", {short: "Lina"})
    assert text == (
        "Aux heures où Lina est là (créneaux 3 à 4) et libre, les tables des entreprises "
        "possibles sont toutes prises\u00a0: 2 places pour 4 personnes présentes. "
        "Lina\u00a0: 0 entretien sur 1 prévu."
    )


def test_prefer_not_leaving_too_few_companies_is_explained() -> None:
    companies = [company(tables=1), company(tables=1)]
    karim = candidate()
    problem = Problem(
        slots=4,
        min_interviews=2,
        companies=companies,
        candidates=[karim],
        wishes=[
            Wish(
                candidate_id=karim.candidate_id,
                company_id=companies[0].company_id,
                wish="prefer_not",
            )
        ],
    )
    solution = solver.solve(problem)
    assert [i.company_id for i in solution.interviews] == [companies[1].company_id]
    assert [r.code for r in solution.reasons] == ["few_companies"]
    [text] = sentences(solution.reasons, "fr", {karim.candidate_id: "Karim"})
    assert text == (
        "Karim ne peut rencontrer qu'une entreprise\u00a0: 1 est écartée par un souhait "
        "«\u00a0ne pas se rencontrer\u00a0»."
    )


def test_prefer_not_is_never_scheduled_even_for_the_best_fit() -> None:
    needs = [Need(skill="punctuality", min_level=3)]
    best = company(tables=1, slots=range(3), needs=needs, sector="logistique")
    other = company(tables=1, slots=range(3), sector="bâtiment")
    fond = candidate(slots=range(3), levels={"punctuality": 4}, sectors=["logistique"])
    problem = Problem(
        slots=3,
        min_interviews=1,
        companies=[best, other],
        candidates=[fond],
        wishes=[
            Wish(candidate_id=fond.candidate_id, company_id=best.company_id, wish="prefer_not")
        ],
    )
    assert fit(fond, best) > fit(fond, other)
    solution = solver.solve(problem)
    assert [i.company_id for i in solution.interviews] == [other.company_id]
    assert broken_rules(problem, solution.interviews) == []


def test_must_meet_is_honoured_when_it_can_be() -> None:
    needs = [Need(skill="team_spirit", min_level=4)]
    wanted = company(tables=1, slots=range(2), needs=needs, sector="restauration")
    strong = [
        candidate(slots=range(2), levels={"team_spirit": 4}, sectors=["restauration"])
        for _ in range(2)
    ]
    weak = candidate(slots=range(2), levels={}, sectors=["bâtiment"])
    problem = Problem(
        slots=2,
        min_interviews=1,
        companies=[wanted],
        candidates=[*strong, weak],
        wishes=[
            Wish(candidate_id=weak.candidate_id, company_id=wanted.company_id, wish="must_meet")
        ],
    )
    solution = solver.solve(problem)
    assert weak.candidate_id in {i.candidate_id for i in solution.interviews}
    assert len(solution.interviews) == 2


def test_a_wish_that_cannot_be_met_is_explained() -> None:
    morning = company(tables=1, slots=range(2))
    afternoon = company(tables=1, slots=range(2, 4))
    sara = candidate(slots=range(2, 4))
    problem = Problem(
        slots=4,
        min_interviews=1,
        companies=[morning, afternoon],
        candidates=[sara],
        wishes=[
            Wish(candidate_id=sara.candidate_id, company_id=morning.company_id, wish="must_meet")
        ],
    )
    solution = solver.solve(problem)
    assert solution.short_of_k == []
    assert [(r.code, r.figures["why"]) for r in solution.reasons] == [("wish_not_met", "not_there")]
    names = {sara.candidate_id: "Sara", morning.company_id: "Boulangerie Martin"}
    assert sentences(solution.reasons, "fr", names) == [
        "La rencontre souhaitée entre Sara et Boulangerie Martin n'est pas possible\u00a0: "
        "les deux ne sont pas là aux mêmes heures."
    ]


def test_fixed_interviews_are_kept_with_their_table() -> None:
    problem = demo_problem(7, candidates=30, companies=6, slots=8)
    first = solver.solve(problem)
    again = replan_problem(problem, first.interviews, seed=7)
    assert again.fixed
    solution = solver.solve(again, seconds=1.0)
    assert solution.status in ("optimal", "feasible")
    assert broken_rules(again, solution.interviews) == []
    assert set(again.fixed) <= set(solution.interviews)
    later = [i for i in solution.interviews if i not in set(again.fixed)]
    assert all(i.slot > again.slots // 2 for i in later)


def test_fixed_interviews_that_clash_make_the_problem_infeasible() -> None:
    companies = [company(tables=1), company(tables=1)]
    awa = candidate()
    clash = [
        Interview(
            slot=1, company_id=companies[0].company_id, table_no=1, candidate_id=awa.candidate_id
        ),
        Interview(
            slot=1, company_id=companies[1].company_id, table_no=1, candidate_id=awa.candidate_id
        ),
    ]
    problem = Problem(slots=4, min_interviews=2, companies=companies, candidates=[awa], fixed=clash)
    solution = solver.solve(problem)
    assert solution.status == "infeasible"
    assert [r.code for r in solution.reasons] == ["fixed_candidate_twice"]
    [text] = sentences(solution.reasons, "fr", {awa.candidate_id: "Awa"})
    assert text == "Awa a deux entretiens fixés au même moment (créneau 2)."


def test_the_model_itself_gives_a_valid_grid() -> None:
    """CP-SAT on the full model, without the flow's first grid (the path taken when the flow's
    grid does not reach its bound)."""
    problem = demo_problem(3, candidates=30, companies=6, slots=8)
    frame = solver._Frame(problem)
    found, bound = solver._cp_sat(frame, [], time.perf_counter() + 5.0)
    assert bound is not None
    assert bound >= frame.score(found)[0]
    interviews = solver._tables(frame, found)
    assert broken_rules(problem, interviews) == []
    assert broken_rules(problem, solver._tables(frame, solver._greedy(frame))) == []


def test_part_time_sides_go_through_the_pairs_that_know_the_hours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """70 % of the candidates and 60 % of the companies there for part of the day: the flow's
    pairs do not all fit in the slots, the solver takes the CP-SAT steps."""
    calls: list[int] = []
    pair_model = solver._pair_model

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return pair_model(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(solver, "_pair_model", counted)
    problem = demo_problem(
        16, candidates=30, companies=6, slots=8, partial_candidates=0.7, partial_companies=0.6
    )
    detailed = solver.solve_detailed(problem)
    solution = detailed.solution
    assert calls
    assert broken_rules(problem, solution.interviews) == []
    assert idle_tables(problem, solution.interviews) == []
    assert solution.bound >= solution.objective
    assert score(problem, solution.interviews)[:4] >= score(problem, greedy(problem))[:4]


def test_a_demo_sized_day_keeps_every_rule_and_beats_the_greedy() -> None:
    problem = demo_problem(11)
    detailed = solver.solve_detailed(problem)
    solution = detailed.solution
    assert broken_rules(problem, solution.interviews) == []
    assert idle_tables(problem, solution.interviews) == []
    assert score(problem, solution.interviews)[:4] >= score(problem, greedy(problem))[:4]
    assert [t.name for t in detailed.tiers] == ["coverage", "wishes", "interviews", "fit"]


def test_slots_skip_breaks_and_hours_select_whole_slots() -> None:
    pause = (AT + timedelta(minutes=50), AT + timedelta(minutes=70))
    slots = slots_of(AT, AT + timedelta(hours=2), 20, [pause])
    starts = [(s.starts_at - AT).seconds // 60 for s in slots]
    assert starts == [0, 20, 70, 90]
    assert [s.index for s in slots] == [0, 1, 2, 3]
    assert slots_within(slots, AT + timedelta(minutes=10), None) == {1, 2, 3}
    assert slots_within(slots, None, AT + timedelta(minutes=90)) == {0, 1, 2}


def test_fit_rewards_skills_sector_and_occupation() -> None:
    wanted = CompanySide(
        company_id=uuid4(),
        tables=1,
        slots=frozenset({0}),
        sector="Logistique",
        occupations=["cariste"],
        needs=[Need(skill="punctuality", min_level=2), Need(skill="team_spirit", min_level=4)],
    )
    full = CandidateSide(
        candidate_id=uuid4(),
        slots=frozenset({0}),
        levels={"punctuality": 3, "team_spirit": 4},
        sectors=["logistique"],
        occupations=["Cariste "],
    )
    none = CandidateSide(
        candidate_id=uuid4(),
        slots=frozenset({0}),
        sectors=["bâtiment"],
        occupations=["maçon"],
    )
    half = CandidateSide(
        candidate_id=uuid4(), slots=frozenset({0}), levels={"punctuality": 1, "team_spirit": 2}
    )
    assert fit(full, wanted) == 100
    assert fit(none, wanted) == 0
    assert fit(half, wanted) == 50  # skills 0.5 -> 30, unknown sector 12.5, occupation 7.5
