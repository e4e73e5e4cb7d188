"""Speed and scale, every figure in one run: the table of bench/README.md's first section.

Run: .venv/bin/python -m bench.speed_table [--logs DIR] [--quick]

Runs, one after the other on this machine, the benchmarks behind each goal of issue 13 with the
settings the table states, keeps their whole output in ``--logs`` (a temporary directory by
default, named at the end), reads each one's own summary lines, and prints one Markdown table:
each figure beside the baseline it is compared with, and whether the goal holds.

1. per-request cost: ``bench.registrations_checkins`` (c=64, one process each, the minimal
   complete baseline in the same run);
2. all cores: ``bench.scaling`` (1 then 2 processes of ``events serve``);
3. several processes on one database, and 4. overload: ``tests/test_multiprocess.py`` and
   ``tests/test_overload.py`` (served processes, a real burst), which ``make test`` runs too;
5. and 7. a national day and the memory it takes: ``bench.national_day``;
6. the recruiters' search at 8 clients: ``bench.skills_search --search-only`` (bare SQL of the
   same statement at the same concurrency as the baseline).

Every benchmark prints how busy the machine was; figures taken while other programs used the
cores are marked by the benchmark itself (DISTURBED, "others"). ``--quick`` shortens each run
(to try the script, not for figures).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Run:
    name: str
    command: list[str]
    output: str = ""
    seconds: float = 0.0
    code: int = 0
    figures: dict[str, str] = field(default_factory=dict)


def run(name: str, command: list[str], logs: Path) -> Run:
    print(f"== {name}: {' '.join(command)}", flush=True)
    started = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - our own interpreter, modules and tests
        command, cwd=ROOT, capture_output=True, text=True, check=False, errors="replace"
    )
    result = Run(name, command, done.stdout + done.stderr, time.perf_counter() - started)
    result.code = done.returncode
    (logs / f"{name}.log").write_text(result.output, encoding="utf-8")
    print(f"   {result.seconds:.0f} s, exit {result.code}", flush=True)
    return result


def _load() -> str:
    with open("/proc/loadavg", encoding="ascii") as f:
        return f.read().split()[0]


# --- reading each benchmark's own summary --------------------------------------------------

_TOTALS = re.compile(
    r"^(registration|check-in)\s+(baseline|service)\s+\d+\s+(\d+)\s+([\d.]+)\s+([\d.]+)\s+(\d+)"
    r"\s+([\d.]+)x",
    re.M,
)
_SCALING = re.compile(r"^\| (GET event|registration|check-in) \| (.+) \|$", re.M)
_SCALING_CELL = re.compile(r"(\d+) req/s \(x([\d.]+)\), ([\d.]+) ms, ([\d.]+) ms")
_FILTER = re.compile(r"^ (\S+) \{.*\}")
_PHASE = re.compile(
    r"^\s+(service \(HTTP\)|baseline: bare SQL)\s+(\d+) req/s\s+p50\s+([\d.]+) ms\s+p95\s+"
    r"([\d.]+) ms\s+p99\s+([\d.]+) ms\s+errors\s+(\d+)"
)
_HIGHEST = re.compile(r"^highest load with p99 < 200 ms and no error: (x[\d.]+) \((.*)\)", re.M)
_MEMORY = re.compile(r"peak RSS (\d+) MB \(VmHWM[^)]*\), highest sampled under\s+load (\d+) MB")
_PYTEST = re.compile(r"^=*\s*(\d+ passed.*?)\s*=*$", re.M)


def per_request(found: Run) -> dict[str, tuple[int, float, float]]:
    rows = {
        f"{op} {server}": (int(rps), float(p99), float(ratio))
        for op, server, rps, _p50, p99, _err, ratio in _TOTALS.findall(found.output)
    }
    return rows


def scaling(found: Run) -> dict[str, list[tuple[int, float, float]]]:
    rows: dict[str, list[tuple[int, float, float]]] = {}
    for name, cells in _SCALING.findall(found.output):
        rows[name] = [
            (int(rps), float(ratio), float(p99))
            for rps, ratio, _p50, p99 in _SCALING_CELL.findall(cells)
        ]
    return rows


def search(found: Run) -> dict[str, dict[str, tuple[int, float, float]]]:
    """Filter set -> phase -> (req/s, p95, p99), the last round's."""
    rows: dict[str, dict[str, tuple[int, float, float]]] = {}
    current = ""
    for line in found.output.splitlines():
        if m := _FILTER.match(line):
            current = m[1]
            rows.setdefault(current, {})
        elif (m := _PHASE.match(line)) and current:
            rows[current][m[1]] = (int(m[2]), float(m[4]), float(m[5]))
    return rows


# --- the table --------------------------------------------------------------------------


def table(results: dict[str, Run]) -> list[str]:
    lines = [
        "| goal | figure (product) | baseline, same run | ratio / bound | holds |",
        "|---|---|---|---|---|",
    ]
    cost = per_request(results["per_request"])
    for op in ("check-in", "registration"):
        service, base = cost.get(f"{op} service"), cost.get(f"{op} baseline")
        if service and base:
            lines.append(
                f"| 1. {op}, c=64, one process | {service[0]} req/s, p99 {service[1]:.0f} ms"
                f" | {base[0]} req/s, p99 {base[1]:.0f} ms (minimal complete, one round trip)"
                f" | {service[2]:.2f}x (goal ≥ 0.8) | {'yes' if service[2] >= 0.8 else 'NO'} |"
            )
    scale = scaling(results["scaling"])
    for phase, cells in scale.items():
        if len(cells) >= 2:
            lines.append(
                f"| 2. {phase}, 1 → 2 processes | {cells[1][0]} req/s, p99 {cells[1][2]:.0f} ms"
                f" | 1 process: {cells[0][0]} req/s, p99 {cells[0][2]:.0f} ms"
                f" | {cells[1][1]:.2f}x | reported |"
            )
    for key, goal in (
        ("multiprocess", "3. 2 API + 2 workers, one database"),
        ("overload", "4. overload: 503 + Retry-After, bounded"),
    ):
        found = results[key]
        summary = _PYTEST.search(found.output)
        lines.append(
            f"| {goal} | {summary[1] if summary else 'no summary'} | — | — |"
            f" {'yes' if found.code == 0 else 'NO'} |"
        )
    day = results["national_day"].output
    highest = _HIGHEST.search(day)
    lines.append(
        f"| 5. national day, highest load with p99 < 200 ms, no error"
        f" | {highest[1] + ' (' + highest[2] + ')' if highest else 'no step passed'}"
        f" | x1 = the day (16.7 registrations, 2.5 check-ins, 2 searches a second) | — |"
        f" {'yes' if highest else 'NO'} |"
    )
    seeded = re.search(r"^seeded (\d+) candidates", results["search"].output, re.M)
    cards = seeded[1] if seeded else "?"
    for name, phases in search(results["search"]).items():
        service, bare = phases.get("service (HTTP)"), phases.get("baseline: bare SQL")
        if service and bare:
            lines.append(
                f"| 6. search `{name}`, 8 clients, {cards} candidates | p95 {service[1]:.1f} ms,"
                f" {service[0]} req/s | bare SQL: p95 {bare[1]:.1f} ms, {bare[0]} req/s"
                f" | goal p95 < 50 ms | {'yes' if service[1] < 50 else 'NO'} |"
            )
    memory = _MEMORY.search(day)
    if memory:
        lines.append(
            f"| 7. memory, one process, national-day load | {memory[2]} MB RSS under load"
            f" (peak {memory[1]} MB, log-ins included) | — | goal < 250 MB"
            f" | {'yes' if int(memory[1]) < 250 else 'NO'} |"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=Path, default=None)
    parser.add_argument("--quick", action="store_true", help="short runs: to try the script")
    args = parser.parse_args(argv)
    logs = args.logs or Path(tempfile.mkdtemp(prefix="rencontres-speed-"))
    logs.mkdir(parents=True, exist_ok=True)
    py = sys.executable
    quick = args.quick
    plan = {
        "per_request": [py, "-m", "bench.registrations_checkins", "--rounds", "1"]
        + (["--requests", "500", "--warmup", "50"] if quick else []),
        "scaling": [py, "-m", "bench.scaling", "--rounds", "1" if quick else "2"]
        + (["--requests", "500"] if quick else []),
        "multiprocess": [
            py,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "tests/test_multiprocess.py",
        ],
        "overload": [py, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_overload.py"],
        "search": [py, "-m", "bench.skills_search", "--search-only"]
        + (["--candidates", "2000", "--requests", "60"] if quick else []),
        "national_day": [py, "-m", "bench.national_day"]
        + (
            ["--minutes", "0.2", "--steps", "1,4", "--cards", "300"]
            if quick
            else ["--steps", "1,2,4,8,12,16"]
        ),
    }
    started = time.perf_counter()
    print(f"load average at the start: {_load()}", flush=True)
    results = {name: run(name, command, logs) for name, command in plan.items()}
    print(
        f"\nall runs done in {time.perf_counter() - started:.0f} s; load average now {_load()};"
        f" whole outputs in {logs}\n"
    )
    for line in table(results):
        print(line)
    failed = [name for name, found in results.items() if found.code != 0]
    if failed:
        print(f"\nexited with an error (see their logs): {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
