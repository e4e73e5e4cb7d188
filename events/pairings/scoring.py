"""The suggested pairings: a score per cook and restaurant, and the assignment that pairs as many
cooks as the restaurants' free places allow and, among those, has the greatest total score.

A pair is possible when the restaurant is where the cook can go: inside one of the areas the
cook named (a department "93" or a postcode "75011"), or anywhere when they named none. Its
score (``score``) adds:

- ``CUISINE`` when they share a cuisine (the cook cooks what the restaurant serves);
- ``SAME_POSTCODE`` or ``SAME_DEPARTMENT`` when the restaurant is in the very postcode, or the
  department, the cook named (or, when they named none, where the cook lives);
- ``WISH`` for each of the cook's wishes the restaurant answers (its name, town, postcode or a
  cuisine contains the wish's words), at most two.

Solved exactly as a minimum-cost maximum flow (OR-Tools): source → cook (1) → restaurant
(1 per possible pair, cost ``TOP - score``) → sink (its free places). Pure: no database.
"""

from __future__ import annotations

import unicodedata
from typing import Final
from uuid import UUID

import msgspec

from events import flows

CUISINE: Final = 100
SAME_POSTCODE: Final = 40
SAME_DEPARTMENT: Final = 25
WISH: Final = 30
MAX_WISHES: Final = 2
TOP: Final = CUISINE + SAME_POSTCODE + WISH * MAX_WISHES


class CookSide(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    postcode: str | None
    cuisines: list[str]
    wishes: list[str]
    areas: list[str]


class RestaurantSide(msgspec.Struct, frozen=True, kw_only=True):
    company_id: UUID
    name: str
    city: str
    postcode: str
    cuisines: list[str]
    free: int


class Scored(msgspec.Struct, frozen=True, kw_only=True):
    """A pair's score and why: ``cuisine``, ``same_postcode`` / ``same_department``, and the
    wishes it answers (``wish``, with their words in ``wishes``)."""

    candidate_id: UUID
    company_id: UUID
    score: int
    reasons: list[str]
    cuisines: list[str]
    wishes: list[str]


def plain(text: str) -> str:
    """Lower case without accents nor extra spaces: « Érythréenne » and "erythreenne" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.replace("-", " ").replace("'", " ").split())


def department(postcode: str) -> str:
    """The department of a French postcode: two digits, three overseas (971-989)."""
    code = postcode.strip()
    return code[:3] if code[:2] in ("97", "98") else code[:2]


def _in_area(postcode: str, area: str) -> bool:
    area = area.strip().upper()
    return bool(area) and postcode.strip().upper().startswith(area)


def reachable(cook: CookSide, restaurant: RestaurantSide) -> bool:
    """Inside one of the cook's areas, or anywhere when they named none."""
    if not cook.areas:
        return True
    return any(_in_area(restaurant.postcode, area) for area in cook.areas)


def score(cook: CookSide, restaurant: RestaurantSide) -> Scored | None:
    """The pair's score and reasons; ``None`` when the restaurant is out of the cook's reach."""
    if not reachable(cook, restaurant):
        return None
    total = 0
    reasons: list[str] = []
    theirs = {plain(c): c for c in restaurant.cuisines}
    shared = [theirs[plain(c)] for c in cook.cuisines if plain(c) in theirs]
    if shared:
        total += CUISINE
        reasons.append("cuisine")
    places = [a.strip() for a in cook.areas] or ([cook.postcode] if cook.postcode else [])
    where = restaurant.postcode.strip()
    if any(p.strip() == where for p in places):
        total += SAME_POSTCODE
        reasons.append("same_postcode")
    elif any(department(p) == department(where) for p in places if len(p.strip()) >= 2):
        total += SAME_DEPARTMENT
        reasons.append("same_department")
    said = plain(" ".join([restaurant.name, restaurant.city, where, *restaurant.cuisines]))
    answered = [w for w in cook.wishes if plain(w) and plain(w) in said][:MAX_WISHES]
    if answered:
        total += WISH * len(answered)
        reasons.append("wish")
    return Scored(
        candidate_id=cook.candidate_id,
        company_id=restaurant.company_id,
        score=total,
        reasons=reasons,
        cuisines=shared,
        wishes=answered,
    )


def suggest(cooks: list[CookSide], restaurants: list[RestaurantSide]) -> list[Scored]:
    """The best assignment of ``cooks`` to the restaurants' free places (see the module)."""
    open_ = [r for r in restaurants if r.free > 0]
    if not cooks or not open_:
        return []
    flow = flows.min_cost_flow()
    source, sink = 0, 1 + len(cooks) + len(open_)
    arcs: dict[int, Scored] = {}
    for i, cook in enumerate(cooks, start=1):
        flow.add_arc_with_capacity_and_unit_cost(source, i, 1, 0)
        for j, restaurant in enumerate(open_, start=1 + len(cooks)):
            pair = score(cook, restaurant)
            if pair is not None:
                arcs[flow.add_arc_with_capacity_and_unit_cost(i, j, 1, TOP - pair.score)] = pair
    for j, restaurant in enumerate(open_, start=1 + len(cooks)):
        flow.add_arc_with_capacity_and_unit_cost(j, sink, restaurant.free, 0)
    if not arcs:
        return []
    # As much as the cooks can send and the places take: the most pairs, then the best score.
    flow.set_node_supply(source, len(cooks))
    flow.set_node_supply(sink, -len(cooks))
    status = flow.solve_max_flow_with_min_cost()
    if status != flow.OPTIMAL:  # pragma: no cover - a bipartite flow always has an optimum
        raise RuntimeError(f"min cost flow failed: {status}")
    return [pair for arc, pair in arcs.items() if flow.flow(arc) > 0]
