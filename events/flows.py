"""OR-Tools' min-cost flow, loaded by a process when it first solves something.

Its native library adds some 27 MB to a process (and CP-SAT's Python module, imported the same
way by events/interview_grid/cp_steps.py, loads pandas and numpy: 80 MB more); most processes
serving pages never solve a grid or a pairing, so they never load it."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ortools.graph.python.min_cost_flow import SimpleMinCostFlow


def min_cost_flow() -> SimpleMinCostFlow:
    """An empty flow network to build and solve."""
    from ortools.graph.python import min_cost_flow as loaded

    return loaded.SimpleMinCostFlow()
