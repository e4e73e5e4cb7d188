"""Why a grid cannot be made, or why some present candidates get fewer than k interviews: a
list of ``Reason``s (a code and its figures), put in words by ``explain_texts``.

Codes and their figures (ids are given as strings, slots as indices from 0):

- ``fixed_unknown`` (candidate, company, slot): a fixed interview names someone not in the
  problem; ``fixed_outside_day`` (candidate, company, slot, slots): its slot is not one of the
  day's; ``fixed_no_such_table`` (company, slot, table_no, tables); ``fixed_candidate_twice``
  (candidate, slot): two fixed interviews for one candidate in one slot;
  ``fixed_table_twice`` (company, slot, table_no); ``fixed_pair_twice`` (candidate, company);
  ``fixed_prefer_not`` (candidate, company): a fixed interview that a "prefer not" forbids.
  These make the problem infeasible: the solver keeps fixed interviews as they are.
- ``too_few_table_slots`` (needed = k times the candidates present, offered = the places of all
  tables over the day, candidates, k): the day cannot hold k interviews for everyone.
- ``no_slot`` (candidate, k): the candidate's hours hold no slot (or none is left).
- ``few_slots`` (candidate, slots, first, last, done, k): the candidate is there for fewer
  slots than k (``done``: interviews already fixed, counted in).
- ``few_companies`` (candidate, companies, prefer_not, not_there, k): fewer than k companies
  can meet the candidate — ``prefer_not`` are excluded by a wish, ``not_there`` are never
  there at the same time as the candidate.
- ``tables_full`` (candidate, got, k, first, last, places, people): in every slot where the
  candidate is there and free, every table of the companies they could still meet is taken
  (the solver leaves no table idle while someone waits); ``places`` is the number of places
  at those companies in the candidate's hours, ``people`` how many candidates are there then.
  Not given when ``too_few_table_slots`` already says that the day is too short for all.
- ``wish_not_met`` (candidate, company, why = "not_there" | "prefer_not" | "full"): a "must
  meet" wish that the grid does not honour.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from uuid import UUID

from events.interview_grid.problem import Interview, Problem, Reason


def fixed_clashes(problem: Problem) -> list[Reason]:
    """The hard rules that the fixed interviews break among themselves (none: they can be
    kept)."""
    candidates = {c.candidate_id for c in problem.candidates}
    companies = {m.company_id: m for m in problem.companies}
    refused = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "prefer_not"}
    reasons: list[Reason] = []
    seats: Counter[tuple[UUID, int]] = Counter()
    tables: Counter[tuple[UUID, int, int]] = Counter()
    pairs: Counter[tuple[UUID, UUID]] = Counter()
    for interview in problem.fixed:
        who: dict[str, int | str] = {
            "candidate": str(interview.candidate_id),
            "company": str(interview.company_id),
        }
        company = companies.get(interview.company_id)
        if interview.candidate_id not in candidates or company is None:
            reasons.append(Reason(code="fixed_unknown", figures={**who, "slot": interview.slot}))
            continue
        if not 0 <= interview.slot < problem.slots:
            reasons.append(
                Reason(
                    code="fixed_outside_day",
                    figures={**who, "slot": interview.slot, "slots": problem.slots},
                )
            )
        if not 1 <= interview.table_no <= company.tables:
            reasons.append(
                Reason(
                    code="fixed_no_such_table",
                    figures={
                        "company": who["company"],
                        "slot": interview.slot,
                        "table_no": interview.table_no,
                        "tables": company.tables,
                    },
                )
            )
        if (interview.candidate_id, interview.company_id) in refused:
            reasons.append(Reason(code="fixed_prefer_not", figures=who))
        seats[interview.candidate_id, interview.slot] += 1
        tables[interview.company_id, interview.slot, interview.table_no] += 1
        pairs[interview.candidate_id, interview.company_id] += 1
    for (candidate, slot), count in seats.items():
        if count > 1:
            reasons.append(
                Reason(
                    code="fixed_candidate_twice",
                    figures={"candidate": str(candidate), "slot": slot},
                )
            )
    for (company_id, slot, table_no), count in tables.items():
        if count > 1:
            reasons.append(
                Reason(
                    code="fixed_table_twice",
                    figures={"company": str(company_id), "slot": slot, "table_no": table_no},
                )
            )
    for (candidate, company_id), count in pairs.items():
        if count > 1:
            reasons.append(
                Reason(
                    code="fixed_pair_twice",
                    figures={"candidate": str(candidate), "company": str(company_id)},
                )
            )
    return reasons


def short_of_k(problem: Problem, interviews: list[Interview]) -> tuple[list[UUID], list[Reason]]:
    """The candidates of the problem (all taken as present: the caller leaves out those who
    are not) who get fewer than k interviews in ``interviews``, and why (see the module's
    docstring); plus the "must meet" wishes not honoured."""
    k = problem.min_interviews
    day = range(problem.slots)
    got: Counter[UUID] = Counter(i.candidate_id for i in interviews)
    fixed_by: dict[UUID, list[Interview]] = defaultdict(list)
    for interview in problem.fixed:
        fixed_by[interview.candidate_id].append(interview)
    present = problem.candidates
    short = [c for c in present if got[c.candidate_id] < k]
    reasons: list[Reason] = []
    refused = {(w.candidate_id, w.company_id) for w in problem.wishes if w.wish == "prefer_not"}
    met = {(i.candidate_id, i.company_id) for i in interviews}
    if short:
        offered = sum(
            m.tables
            * len(
                {s for s in m.slots if s in day}
                | {i.slot for i in problem.fixed if i.company_id == m.company_id}
            )
            for m in problem.companies
        )
        needed = k * len(present)
        if offered < needed:
            reasons.append(
                Reason(
                    code="too_few_table_slots",
                    figures={
                        "needed": needed,
                        "offered": offered,
                        "candidates": len(present),
                        "k": k,
                    },
                )
            )
    for candidate in short:
        cid = candidate.candidate_id
        done = fixed_by[cid]
        free = sorted(s for s in candidate.slots if s in day and s not in {i.slot for i in done})
        hours = sorted({*free, *(i.slot for i in done)})
        if not hours:
            reasons.append(Reason(code="no_slot", figures={"candidate": str(cid), "k": k}))
            continue
        first, last = hours[0], hours[-1]
        if len(done) + len(free) < k:
            reasons.append(
                Reason(
                    code="few_slots",
                    figures={
                        "candidate": str(cid),
                        "slots": len(hours),
                        "first": first,
                        "last": last,
                        "done": len(done),
                        "k": k,
                    },
                )
            )
            continue
        met_before = {i.company_id for i in done}
        prefer_not = 0
        not_there = 0
        reachable = 0
        for company in problem.companies:
            if company.company_id in met_before:
                reachable += 1
            elif (cid, company.company_id) in refused:
                prefer_not += 1
            elif not company.slots & set(free):
                not_there += 1
            else:
                reachable += 1
        if reachable < k:
            reasons.append(
                Reason(
                    code="few_companies",
                    figures={
                        "candidate": str(cid),
                        "companies": reachable,
                        "prefer_not": prefer_not,
                        "not_there": not_there,
                        "k": k,
                    },
                )
            )
            continue
        if reasons and reasons[0].code == "too_few_table_slots":
            continue  # the day is too short for everyone: said once above
        places = 0
        open_companies = [
            m
            for m in problem.companies
            if (cid, m.company_id) not in refused and (cid, m.company_id) not in met
        ]
        for m in open_companies:
            places += m.tables * len(m.slots & set(free))
        people = sum(1 for other in present if other.slots & set(free))
        reasons.append(
            Reason(
                code="tables_full",
                figures={
                    "candidate": str(cid),
                    "got": got[cid],
                    "k": k,
                    "first": first,
                    "last": last,
                    "places": places,
                    "people": people,
                },
            )
        )
    for wish in problem.wishes:
        if wish.wish != "must_meet" or (wish.candidate_id, wish.company_id) in met:
            continue
        candidate_side = next(
            (c for c in problem.candidates if c.candidate_id == wish.candidate_id), None
        )
        company_side = next((m for m in problem.companies if m.company_id == wish.company_id), None)
        if candidate_side is None or company_side is None:
            continue
        if (wish.candidate_id, wish.company_id) in refused:
            why = "prefer_not"
        elif not candidate_side.slots & company_side.slots:
            why = "not_there"
        else:
            why = "full"
        reasons.append(
            Reason(
                code="wish_not_met",
                figures={
                    "candidate": str(wish.candidate_id),
                    "company": str(wish.company_id),
                    "why": why,
                },
            )
        )
    return [c.candidate_id for c in short], reasons
