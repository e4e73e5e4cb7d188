"""Grids from pairs (step 2 of ``solver``): the chosen pairs put into slots, idle tables given
to candidates who wait, the greedy grid, and the table numbers of the interviews.
"""

from __future__ import annotations

import random
from collections import defaultdict

from events import flows
from events.interview_grid.frame import _Frame
from events.interview_grid.problem import Interview


def _orders(slots: int) -> list[list[int]]:
    """The orders in which ``_schedule`` fills the slots: the day's, the other way round, and
    two shuffled (always the same)."""
    forward = list(range(slots))
    orders = [forward, forward[::-1]]
    shuffler = random.Random(slots)  # noqa: S311 — an order to try, not a secret
    for _ in range(2):
        shuffled = list(forward)
        shuffler.shuffle(shuffled)
        orders.append(shuffled)
    return orders


def _schedule(
    frame: _Frame, pairs: set[tuple[int, int]], order: list[int] | None = None
) -> list[tuple[int, int, int]]:
    """Put the chosen ``pairs`` into slots, one slot after the other (in ``order``, by default
    the day's): in each slot a maximum matching of candidates to free tables among the pairs
    not placed yet, favouring the sides whose pairs left are most for the slots they have
    left (so that they fit). Every side there all day: each slot then covers every side whose
    pairs left equal its slots left, which is how a bipartite graph is coloured with as many
    colours as its degree. What does not fit is left out (``_fill`` completes the grid)."""
    todo: dict[int, set[int]] = defaultdict(set)
    left_pairs_c: dict[int, int] = defaultdict(int)
    left_pairs_m: dict[int, int] = defaultdict(int)
    for c, m in pairs:
        todo[c].add(m)
        left_pairs_c[c] += 1
        left_pairs_m[m] += 1
    n = len(frame.cands)
    chosen: list[tuple[int, int, int]] = []
    free_sets = [set(f) for f in frame.free]
    slots = list(range(frame.problem.slots)) if order is None else order
    position = {s: i for i, s in enumerate(slots)}
    for s in slots:
        # what each side has left from this slot on, where the other side of a pair left is
        slots_left_c = {
            c: sum(
                1
                for t in frame.free[c]
                if position[t] >= position[s] and any((m, t) in frame.capacity for m in ms)
            )
            for c, ms in todo.items()
            if ms
        }
        cap_left_m: dict[int, int] = defaultdict(int)
        for (m, t), cap in frame.capacity.items():
            if position[t] >= position[s]:
                cap_left_m[m] += cap
        here = [c for c in todo if todo[c] and s in free_sets[c]]
        flow = flows.min_cost_flow()
        source, sink = n + len(frame.comps), n + len(frame.comps) + 1
        arcs: dict[int, tuple[int, int]] = {}
        used_m: set[int] = set()
        for c in here:
            urgent_c = left_pairs_c[c] / max(1, slots_left_c[c])
            added = False
            for m in todo[c]:
                if (m, s) not in frame.capacity:
                    continue
                urgent_m = left_pairs_m[m] / max(1, cap_left_m[m])
                # a side with as many pairs left as slots left must be served now
                weight = (
                    10_000
                    + int(4_000 * min(urgent_c, 1.0))
                    + int(4_000 * min(urgent_m, 1.0))
                    + (20_000 if urgent_c >= 1 else 0)
                    + (20_000 if urgent_m >= 1 else 0)
                )
                arc = flow.add_arc_with_capacity_and_unit_cost(c, n + m, 1, -weight)
                arcs[arc] = (c, m)
                used_m.add(m)
                added = True
            if added:
                flow.add_arc_with_capacity_and_unit_cost(source, c, 1, 0)
        for m in used_m:
            flow.add_arc_with_capacity_and_unit_cost(n + m, sink, frame.capacity[m, s], 0)
        if not arcs:
            continue
        flow.add_arc_with_capacity_and_unit_cost(sink, source, len(here), 0)
        if flow.solve() != flow.OPTIMAL:
            continue
        for arc, (c, m) in arcs.items():
            if flow.flow(arc) > 0:
                chosen.append((c, m, s))
                todo[c].discard(m)
                left_pairs_c[c] -= 1
                left_pairs_m[m] -= 1
    return chosen


def _fill(frame: _Frame, chosen: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Give every idle table to a candidate who waits for it (it never lowers the score)."""
    counts = list(frame.fixed_count)
    busy: set[tuple[int, int]] = set()
    met = set(frame.met)
    used: dict[tuple[int, int], int] = defaultdict(int)
    for c, m, s in chosen:
        counts[c] += 1
        busy.add((c, s))
        met.add((c, m))
        used[m, s] += 1
    added = list(chosen)
    by_company: dict[int, list[int]] = defaultdict(list)
    for c, m in frame.pairs:
        by_company[m].append(c)
    for (m, s), cap in sorted(frame.capacity.items(), key=lambda item: (item[0][1], item[0][0])):
        while used[m, s] < cap:
            waiting = [
                c
                for c in by_company[m]
                if (c, s) not in busy and (c, m) not in met and s in frame.pairs[c, m]
            ]
            if not waiting:
                break
            c = min(waiting, key=lambda c: (min(counts[c], frame.k), -frame.fit[c, m], c))
            counts[c] += 1
            busy.add((c, s))
            met.add((c, m))
            used[m, s] += 1
            added.append((c, m, s))
    return added


def _greedy(frame: _Frame) -> list[tuple[int, int, int]]:
    """A grid made slot by slot: each free table goes to the waiting candidate who most needs
    it (a "must meet" first, then fewest interviews, then fewest slots left, then best fit)."""
    counts = list(frame.fixed_count)
    met = set(frame.met)
    by_slot: dict[int, list[int]] = defaultdict(list)
    for c, free in enumerate(frame.free):
        for s in free:
            by_slot[s].append(c)
    left = [len(f) for f in frame.free]
    chosen: list[tuple[int, int, int]] = []
    for s in range(frame.problem.slots):
        here = by_slot.get(s, [])
        taken: set[int] = set()
        for m in range(len(frame.comps)):
            for _table in range(frame.capacity.get((m, s), 0)):
                waiting = [
                    c
                    for c in here
                    if c not in taken and (c, m) not in met and (c, m) in frame.pairs
                ]
                if not waiting:
                    break
                best = min(
                    waiting,
                    key=lambda c: (
                        0 if (c, m) in frame.must else 1,
                        min(counts[c], frame.k + 1),
                        left[c],
                        -frame.fit[c, m],
                        c,
                    ),
                )
                taken.add(best)
                met.add((best, m))
                counts[best] += 1
                chosen.append((best, m, s))
        for c in here:
            left[c] -= 1
    return chosen


def _tables(frame: _Frame, chosen: list[tuple[int, int, int]]) -> list[Interview]:
    """The fixed interviews as they are, the new ones at the lowest free table numbers."""
    taken: dict[tuple[int, int], set[int]] = defaultdict(set)
    for interview in frame.problem.fixed:
        taken[frame.comp_index[interview.company_id], interview.slot].add(interview.table_no)
    interviews = list(frame.problem.fixed)
    for c, m, s in sorted(chosen, key=lambda t: (t[2], t[1], t[0])):
        number = 1
        while number in taken[m, s]:
            number += 1
        taken[m, s].add(number)
        interviews.append(
            Interview(
                slot=s,
                company_id=frame.comps[m].company_id,
                table_no=number,
                candidate_id=frame.cands[c].candidate_id,
            )
        )
    interviews.sort(key=lambda i: (i.slot, str(i.company_id), i.table_no))
    return interviews
