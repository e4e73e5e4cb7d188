"""OR-Tools is loaded by the process that first solves something, not by every process that
serves pages (events/flows.py): its libraries, and pandas and numpy behind CP-SAT, would add
about 100 MB to each worker (bench/README.md, the national day's memory)."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
import events.app
from events.interview_grid import solver
from events.pairings import scoring
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("ortools", "pandas"))
print(",".join(loaded))
"""


def test_serving_loads_no_solver_until_one_is_used() -> None:
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == ""
