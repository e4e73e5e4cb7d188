"""Every benchmark in turn, with its default settings (``make bench``); see bench/README.md."""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import sys
import time

# (module, title), in the order they run; a module not (yet) in the tree is skipped.
BENCHMARKS = [
    ("bench.registrations_checkins", "Registration and check-in over HTTP"),
    ("bench.qr_render", "QR rendering"),
    ("bench.skills_search", "Skills search and cv.pdf"),
    ("bench.admin_pages", "Back office pages"),
    ("bench.door_scan", "Door page scan, CPU throttled x4"),
    ("bench.statistics", "Funders' statistics of a programme"),
    ("bench.credentials", "Issuing and verifying a portable skills card"),
    ("bench.interview_grid", "A job dating's interview grid against a greedy baseline"),
    ("bench.scaling", "One process, then two"),
    ("bench.national_day", "A national day (steps up to p99 200 ms)"),
]


def main() -> int:
    failed = []
    started = time.perf_counter()
    sys.argv = sys.argv[:1]  # benchmarks that read the command line get their defaults
    for name, title in BENCHMARKS:
        if importlib.util.find_spec(name) is None:
            continue
        print(f"\n== {title} ({name})", flush=True)
        entry = importlib.import_module(name).main
        outcome = entry([]) if inspect.signature(entry).parameters else entry()
        if outcome:  # None or 0: done; anything else: its figures are not valid
            failed.append(name)
    print(f"\nbenchmarks done in {time.perf_counter() - started:.0f} s")
    if failed:
        print(f"not valid: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
