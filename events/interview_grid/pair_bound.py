"""Step 1 of ``solver``: an upper bound of the weighted objective, and the pairs of its best
answer, from a min-cost flow over pairs that knows the stretches of the day a side's pairs
must fit in. A candidate's new interviews enter the flow through parallel arcs, one per level
of coverage (their 1st interview, their 2nd, …) with gains that decrease, then one that gives
nothing: the flow takes the most rewarding first, so it counts coverage as the score does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from events import flows
from events.interview_grid.frame import _Frame


def _stretches(
    pairs: list[tuple[int, int]], spans: dict[tuple[int, int], tuple[int, int]], places: list[int]
) -> list[tuple[int, int, int]]:
    """The stretches of the day (a, b, places) that bound one side's pairs (``places``: the
    side's places in each slot): a stretch is kept when more of the side's pairs can only meet
    within it than it has places, the tightest first, and only if it nests with or stays apart
    from those kept (so that a flow can carry them: nested intervals form a tree)."""
    tight: list[tuple[int, int, int, int]] = []
    for a, b in sorted({spans[p] for p in pairs}):
        inside = sum(1 for p in pairs if a <= spans[p][0] and spans[p][1] <= b)
        room = sum(places[a : b + 1])
        if inside > room:
            tight.append((room - inside, b - a, a, b))
    family: list[tuple[int, int, int]] = []
    for _excess, _length, a, b in sorted(tight):
        if all(
            b < a2 or b2 < a or (a <= a2 and b2 <= b) or (a2 <= a and b <= b2)
            for a2, b2, _r in family
        ):
            family.append((a, b, sum(places[a : b + 1])))
    return family


def _flow_bound(frame: _Frame) -> tuple[int, set[tuple[int, int]]]:
    """An upper bound of the weighted objective, and the pairs of its best answer: a min-cost
    flow over pairs that forgets which slot is which, except for stretches of the day — each
    candidate gives at most as many interviews as their free slots, each company at most its
    places, and within a stretch that some pairs' common slots fit in, those pairs at most the
    places of the stretch (``_stretches``; each side's stretches form a tree of nodes)."""
    n = len(frame.cands)
    m_count = len(frame.comps)
    flow = flows.min_cost_flow()
    source, sink = n + m_count, n + m_count + 1
    next_node = [n + m_count + 2]
    spans = {pair: (common[0], common[-1]) for pair, common in frame.pairs.items()}
    by_cand: dict[int, list[tuple[int, int]]] = defaultdict(list)
    by_comp: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for pair in frame.pairs:
        by_cand[pair[0]].append(pair)
        by_comp[pair[1]].append(pair)

    def tree(
        root: int, family: list[tuple[int, int, int]], upwards: bool
    ) -> Callable[[tuple[int, int]], int]:
        """Nodes for the stretches under ``root``; the node a span hangs from."""
        family = sorted(family, key=lambda w: w[1] - w[0], reverse=True)
        nodes: list[tuple[int, int, int]] = []  # (a, b, node)
        for a, b, room in family:
            parent = next((node for a2, b2, node in reversed(nodes) if a2 <= a and b <= b2), root)
            node = next_node[0]
            next_node[0] += 1
            if upwards:
                flow.add_arc_with_capacity_and_unit_cost(node, parent, room, 0)
            else:
                flow.add_arc_with_capacity_and_unit_cost(parent, node, room, 0)
            nodes.append((a, b, node))

        def at(span: tuple[int, int]) -> int:
            return next(
                (node for a, b, node in reversed(nodes) if a <= span[0] and span[1] <= b), root
            )

        return at

    cand_at: dict[int, Callable[[tuple[int, int]], int]] = {}
    for c, free in enumerate(frame.free):
        pairs = by_cand.get(c, [])
        cap = min(len(free), len(pairs))
        if cap == 0:
            continue
        # the coverage of each new interview, first ones worth the most: parallel arcs whose
        # gains decrease, so that the flow takes them in order (a concave reward)
        steps = frame.cover_steps(c, cap)
        for gain, count in steps:
            flow.add_arc_with_capacity_and_unit_cost(source, c, count, -gain)
        counted = sum(count for _gain, count in steps)
        if cap - counted:
            flow.add_arc_with_capacity_and_unit_cost(source, c, cap - counted, 0)
        free_set = set(free)
        places = [1 if t in free_set else 0 for t in range(frame.problem.slots)]
        family = _stretches(pairs, spans, places)
        cand_at[c] = tree(c, family, upwards=False)
    comp_at: dict[int, Callable[[tuple[int, int]], int]] = {}
    for m in range(m_count):
        cap = sum(v for (m2, _s), v in frame.capacity.items() if m2 == m)
        if cap:
            flow.add_arc_with_capacity_and_unit_cost(n + m, sink, cap, 0)
        places = [frame.capacity.get((m, t), 0) for t in range(frame.problem.slots)]
        family = _stretches(by_comp.get(m, []), spans, places)
        comp_at[m] = tree(n + m, family, upwards=True)
    pair_arcs: dict[int, tuple[int, int]] = {}
    for pair in frame.pairs:
        arc = flow.add_arc_with_capacity_and_unit_cost(
            cand_at[pair[0]](spans[pair]),
            comp_at[pair[1]](spans[pair]),
            1,
            -frame.pair_weight(pair),
        )
        pair_arcs[arc] = pair
    # a circulation with a free return arc: the best reward at any flow value
    flow.add_arc_with_capacity_and_unit_cost(sink, source, sum(len(f) for f in frame.free), 0)
    if flow.solve() != flow.OPTIMAL:
        return frame.base + 10**18, set()
    chosen = {pair for arc, pair in pair_arcs.items() if flow.flow(arc) > 0}
    return frame.base - flow.optimal_cost(), chosen
