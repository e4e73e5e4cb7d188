"""Registration and check-in over HTTP: the service against the minimal complete baseline.

Run: .venv/bin/python -m bench.registrations_checkins [--requests 3000] [--clients 64]
     [--profile DIR]  (py-spy, from the test extras, samples each server's phases)

Starts an embedded PostgreSQL in a temporary directory, seeds one organisation, an organiser and
enough candidates, and starts two server processes under the same uvicorn settings, each writing
an access-log line per request to a file: the service, and the baseline of
``bench.baseline_app`` (the same job in one SQL statement per request). Each round gives each
server a fresh published event and drives it with ``bench.http_load``: warm-up then measured
registrations (service, baseline), then warm-up then measured check-ins of the tickets just
issued (baseline, service); the next round starts with the baseline. Prints req/s, p50 and p99 of
each phase and in total, the ratio of the service to the baseline, where the CPU went (a phase
during which other programs used the CPU is marked DISTURBED), the rows each server wrote per
request and table (the baseline must write what the service writes, row for row), and the
service's peak resident memory. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec

from bench import http_load
from bench.http_load import PhaseResult
from bench.load.system import (
    HOST,
    CpuUse,
    cpu_use,
    embedded_postgres,
    free_port,
    memory_mb,
    postmaster_pid,
    sample_rss,
    server_process,
    settle,
    wait_ready,
)
from events import db
from events.directory import accounts, organisations
from events.settings import Settings

__all__ = [  # other benchmarks start their servers with these
    "HOST",
    "PASSWORD",
    "embedded_postgres",
    "free_port",
    "log_in",
    "server_process",
    "wait_ready",
]

RSS_LIMIT_MB = 250
TARGET_RATIO = 0.8
DISTURBED_CORES = 0.3  # CPU used by other programs beyond this makes a comparison unfair
PASSWORD = "bench password, long enough"  # noqa: S105 - a throwaway account in a throwaway db
OPERATIONS = ("registration", "check-in")
SERVERS = ("baseline", "service")
# What a request may write, counted before and after each phase (checked_in: registrations
# marked checked in).
WRITTEN = ("registrations", "checked_in", "tickets", "audit_log", "outbox", "scans", "event_keys")
_COUNT_WRITTEN = (
    "select (select count(*) from registrations) as registrations,"
    " (select count(checked_in_at) from registrations) as checked_in,"
    " (select count(*) from tickets) as tickets,"
    " (select count(*) from audit_log) as audit_log,"
    " (select count(*) from outbox) as outbox,"
    " (select count(*) from scans) as scans,"
    " (select count(*) from event_keys) as event_keys"
)
# The rows of one event, each told by what it holds (ids and instants aside), and how many of
# each: two events whose registrations and check-ins wrote the same rows give the same list.
_EFFECTS = """
select 'registrations' as written, concat_ws(' ', role, status, waitlist_seq is not null,
    confirmed_at is not null, registered_by is not null, checked_in_at is not null,
    checked_in_by is not null, cancelled_at is not null) as shape, count(*) as n
from registrations where event_id = $1 group by 1, 2
union all
select 'tickets', concat_ws(' ', serial, revoked_at is null, length(token), length(short_code)),
    count(*)
from tickets where event_id = $1 group by 1, 2
union all
select 'audit_log', concat_ws(' ', a.action, a.actor_role, a.actor_id is not null,
    a.on_behalf_of = r.candidate_id, a.data - 'event_id', a.data ->> 'event_id' = $1::text),
    count(*)
from audit_log a join registrations r on r.id = a.subject_id
where a.subject_type = 'registration' and r.event_id = $1 group by 1, 2
union all
select 'outbox', concat_ws(' ', kind, channel, status, reason, sequence, language,
    recipient is not null, dedup_key = concat_ws(':', kind, registration_id, sequence, channel)),
    count(*)
from outbox where event_id = $1 group by 1, 2
union all
select 'scans', concat_ws(' ', result, ticket_id is not null, registration_id is not null,
    scanned_by is not null, nonce is null, offline), count(*)
from scans where event_id = $1 group by 1, 2
union all
select 'event_keys', concat_ws(' ', length(private_key), length(public_key)), count(*)
from event_keys where event_id = $1 group by 1, 2
order by 1, 2
"""


@dataclass
class Plan:
    requests: int
    warmup: int
    clients: int
    organisation_id: UUID
    candidate_ids: list[UUID]
    postmaster: int
    pool: Any
    bearer: str = ""
    profile: Path | None = None  # where py-spy writes each server's samples, phase by phase
    profiled: dict[str, int] = field(default_factory=dict)  # phases sampled, by server and job


@dataclass
class Phase:
    """One measured phase of one server, with the CPU spent while it ran."""

    server: str
    operation: str
    result: PhaseResult
    cpu: CpuUse
    sent: int  # warm-up included
    rows: dict[str, int]  # written during the phase, warm-up included, by WRITTEN

    @property
    def disturbed(self) -> bool:
        return self.cpu.other > DISTURBED_CORES * self.cpu.seconds


# --- data ----------------------------------------------------------------------------------


async def seed(pool: Any, settings: Settings, candidates: int) -> tuple[UUID, str, list[UUID]]:
    """One organisation, its organiser, and ``candidates`` candidates inserted with COPY."""
    async with db.transaction(pool) as conn:
        organisation = await organisations.create(
            conn,
            organisation=organisations.OrganisationIn(name=f"Bench {secrets.token_hex(4)}"),
            by=None,
        )
        user = await accounts.create_user(
            conn,
            user=accounts.UserIn(
                email=f"organiser-{secrets.token_hex(4)}@example.org",
                role="organiser",
                password=PASSWORD,
                organisation_id=organisation.id,
            ),
            settings=settings,
            by=None,
        )
        # Half have an e-mail address and a third a phone, so a registration causes one to
        # two outbox rows (a 'none' row when there is neither), as in real cohorts.
        await conn.copy_records_to_table(
            "candidates",
            columns=["organisation_id", "first_name", "last_name", "search_name", "email", "phone"],
            records=[
                (
                    organisation.id,
                    "Candidate",
                    f"Number {n}",
                    f"candidate number {n}",
                    f"candidate-{n}@example.org" if n % 2 == 0 else None,
                    f"+33 6 00 00 {n // 100 % 100:02d} {n % 100:02d}" if n % 3 == 0 else None,
                )
                for n in range(candidates)
            ],
        )
        ids = await conn.fetch(
            "select id from candidates where organisation_id = $1 order by id", organisation.id
        )
    return organisation.id, user.email, [r["id"] for r in ids]


async def new_event(pool: Any, organisation_id: UUID, capacity: int) -> UUID:
    """A published job dating with room for everyone: nobody is waitlisted."""
    starts = datetime.now(UTC) + timedelta(days=30)
    async with db.transaction(pool) as conn:
        event_id: UUID = await conn.fetchval(
            "insert into events (organisation_id, kind, title, starts_at, ends_at, timezone,"
            " venue, capacity_candidates, capacity_companies, details, status)"
            " values ($1, 'job_dating', 'Bench job dating', $2, $3, 'Europe/Paris', $4, $5, 10,"
            " $6, 'published') returning id",
            organisation_id,
            starts,
            starts + timedelta(hours=3),
            {"address": "1 rue du Banc", "city": "Lyon", "postcode": "69001"},
            capacity,
            {"kind": "job_dating"},
        )
    return event_id


async def tokens_of(pool: Any, event_id: UUID) -> list[str]:
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            "select token from tickets where event_id = $1 and revoked_at is null order by id",
            event_id,
        )
    return [r["token"] for r in rows]


async def state_of(pool: Any, event_id: UUID) -> tuple[int, int, int]:
    """Registrations, check-ins and scans stored for the event."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(
            "select (select count(*) from registrations where event_id = $1) as registered,"
            " (select count(checked_in_at) from registrations where event_id = $1) as checked_in,"
            " (select count(*) from scans where event_id = $1) as scans",
            event_id,
        )
    return row["registered"], row["checked_in"], row["scans"]


async def written(pool: Any) -> dict[str, int]:
    """Rows in each table a registration or a check-in writes."""
    async with pool.acquire() as conn:
        row = await conn.fetchrow(_COUNT_WRITTEN)
    return {name: row[name] for name in WRITTEN}


async def effects_of(pool: Any, event_id: UUID) -> list[tuple[str, str, int]]:
    async with pool.acquire() as conn:
        rows = await conn.fetch(_EFFECTS, event_id)
    return [(r["written"], r["shape"], r["n"]) for r in rows]


async def log_in(port: int, email: str) -> str:
    status, body = await http_load.post_json(
        HOST, port, "/api/v1/auth/token", {"email": email, "password": PASSWORD}
    )
    if status != 200:
        raise RuntimeError(f"log-in refused: {status} {body[:300]!r}")
    token: str = msgspec.json.decode(body)["access_token"]
    return token


# --- the runs ----------------------------------------------------------------------------


@dataclass
class Server:
    name: str
    pid: int
    port: int
    events: list[UUID] = field(default_factory=list)


async def measure(
    server: Server, operation: str, path: str, bodies: list[object], plan: Plan
) -> Phase:
    """A warm-up, then the measured requests, over ``plan.clients`` connections."""
    host = f"{HOST}:{server.port}"
    headers = {"Authorization": f"Bearer {plan.bearer}"}
    requests = [http_load.encode_post(host, path, body, headers) for body in bodies]
    before = await written(plan.pool)
    warmup = await http_load.run_phase(
        "warm-up", HOST, server.port, requests[: plan.warmup], clients=plan.clients
    )
    if warmup.errors:
        print(f"  {server.name} {operation} warm-up: {warmup.errors} errors")
    samples = None
    if plan.profile is not None:
        phase_name = f"{server.name}-{operation}"
        done = plan.profiled[phase_name] = plan.profiled.get(phase_name, 0) + 1
        samples = plan.profile / f"{phase_name}-{done}.raw"
    with profiled(server.pid, samples), cpu_use(server.pid, plan.postmaster) as cpu:
        result = await http_load.run_phase(
            operation, HOST, server.port, requests[plan.warmup :], clients=plan.clients
        )
    after = await written(plan.pool)
    rows = {name: after[name] - before[name] for name in WRITTEN}
    phase = Phase(server.name, operation, result, cpu, len(requests), rows)
    print(
        f"  {server.name:8} {operation:12} {result.requests:6d} {result.per_second:7.0f} req/s"
        f"  p50 {result.percentile_ms(0.5):6.1f} ms  p99 {result.percentile_ms(0.99):6.1f} ms"
        f"  errors {result.errors}{'  DISTURBED' if phase.disturbed else ''}\n"
        f"      {cpu.per_request(result.requests)}; {cpu.cores()}\n"
        f"      rows written: {', '.join(f'{n} {v}' for n, v in rows.items() if v)}",
        flush=True,
    )
    for sample in result.error_samples:
        print(f"      error: {sample}")
    return phase


async def one_round(pool: Any, plan: Plan, order: list[Server]) -> list[Phase]:
    """Registrations on a fresh event of each server, then check-ins of the tickets just
    issued, in the opposite order: A B B A, so that a drift of the machine weighs on both."""
    phases = []
    total = plan.warmup + plan.requests
    for server in order:
        event_id = await new_event(pool, plan.organisation_id, 10 * total)
        server.events.append(event_id)
        bodies: list[object] = [{"candidate_id": str(c)} for c in plan.candidate_ids[:total]]
        path = f"/api/v1/events/{event_id}/registrations"
        phases.append(await measure(server, "registration", path, bodies, plan))
    for server in reversed(order):
        event_id = server.events[-1]
        bodies = [{"token": token} for token in await tokens_of(pool, event_id)]
        path = f"/api/v1/events/{event_id}/checkins"
        phases.append(await measure(server, "check-in", path, bodies, plan))
    return phases


async def state_ok(pool: Any, servers: list[Server], expected: int) -> bool:
    """Every request left its rows (registrations, check-ins and scans, one each), and the
    baseline's event holds the same rows as the service's of the same round."""
    good = True
    for server in servers:
        for event_id in server.events:
            registered, checked_in, scans = await state_of(pool, event_id)
            if not registered == checked_in == scans == expected:
                print(
                    f"  WRONG STATE ({server.name}): {registered} registered, {checked_in}"
                    f" checked in, {scans} scans; {expected} expected"
                )
                good = False
    by_name = {server.name: server for server in servers}
    for service_event, baseline_event in zip(
        by_name["service"].events, by_name["baseline"].events, strict=True
    ):
        service, baseline = (
            await effects_of(pool, service_event),
            await effects_of(pool, baseline_event),
        )
        if service != baseline:
            print("  NOT THE SAME ROWS (table, what, service, baseline):")
            counts = {(w, shape): [0, 0] for w, shape, _ in service + baseline}
            for side, rows in enumerate((service, baseline)):
                for w, shape, n in rows:
                    counts[w, shape][side] = n
            for (w, shape), (in_service, in_baseline) in sorted(counts.items()):
                if in_service != in_baseline:
                    print(f"    {w:13} {shape:60} {in_service:6d} {in_baseline:6d}")
            good = False
    return good


# --- the profile ---------------------------------------------------------------------------


def _py_spy() -> str:
    beside = Path(sys.executable).parent / "py-spy"
    found = str(beside) if beside.exists() else shutil.which("py-spy")
    if found is None:
        raise SystemExit("--profile needs py-spy: .venv/bin/pip install py-spy")
    return found


@contextlib.contextmanager
def profiled(pid: int, raw: Path | None) -> Iterator[None]:
    """py-spy samples the process while the block runs (100 a second, without stopping it),
    and writes its stacks, folded, to ``raw``; nothing when ``raw`` is None."""
    if raw is None:
        yield
        return
    command = [_py_spy(), "record", "--pid", str(pid), "--format", "raw", "--rate", "100"]
    spy = subprocess.Popen(  # noqa: S603 - py-spy, on our own server process
        [*command, "--nonblocking", "--output", str(raw)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(0.5)  # attached before the load starts
    try:
        yield
    finally:
        spy.send_signal(signal.SIGINT)  # py-spy writes what it sampled, then exits
        try:
            spy.wait(30)
        except subprocess.TimeoutExpired:
            spy.kill()


def top_frames(raw: Path, count: int = 15) -> str:
    """The flame graph's top items, as text: the functions the most samples were in (own: at
    the top of the stack; in: anywhere on it, the service's own), with their share of the
    samples. A C extension's work (uvloop, asyncpg's protocol, httptools) shows as the Python
    function that called it."""
    own: Counter[str] = Counter()
    inside: Counter[str] = Counter()
    total = 0
    for line in raw.read_text(errors="replace").splitlines():
        stack, _, n = line.rpartition(" ")
        if not stack or not n.isdigit():
            continue
        frames = [re.sub(r":\d+\)$", ")", f) for f in stack.split(";")]
        total += int(n)
        own[frames[-1]] += int(n)
        for frame in set(frames):
            inside[frame] += int(n)
    if not total:
        return f"{raw.name}: no sample"
    ours = Counter({f: n for f, n in inside.items() if " (events/" in f})
    lines = [f"{raw.name}: {total} samples"]
    for title, counts in (("own", own), ("in (the service's own functions)", ours)):
        lines.append(f"  {title}:")
        lines += [f"    {100 * n / total:5.1f} %  {f}" for f, n in counts.most_common(count)]
    return "\n".join(lines)


# --- the report ----------------------------------------------------------------------------


def _ratio_line(phases: list[Phase], operation: str, label: str) -> str:
    merged = {
        name: http_load.merge(
            operation, [p.result for p in phases if p.server == name and p.operation == operation]
        )
        for name in SERVERS
    }
    if not merged["baseline"].requests or not merged["service"].requests:
        return f"{operation}: not one {label[:-1]} of each server"
    ratio = merged["service"].per_second / merged["baseline"].per_second
    verdict = "meets" if ratio >= TARGET_RATIO else "BELOW"
    return f"{operation}: service/baseline {ratio:.2f} over {label} ({verdict} the target)"


def rows_report(phases: list[Phase]) -> bool:
    """Print the rows written per request and table by each server; False when the baseline
    wrote other numbers of rows than the service (it would not be doing the same job)."""
    print(f"\nrows written per request{'':14}" + "".join(f" {n:>13}" for n in WRITTEN))
    same = True
    for operation in OPERATIONS:
        totals = {}
        for name in SERVERS:
            mine = [p for p in phases if p.server == name and p.operation == operation]
            totals[name] = {t: sum(p.rows[t] for p in mine) for t in WRITTEN}
            sent = max(sum(p.sent for p in mine), 1)
            print(
                f"{operation:12} {name:8}{'':17}"
                + "".join(f" {totals[name][t] / sent:13.2f}" for t in WRITTEN)
            )
        if totals["baseline"] != totals["service"]:
            print(f"{operation}: the baseline did NOT write the rows the service wrote")
            same = False
    return same


def report(phases: list[Phase], plan: Plan) -> int:
    """Print totals, ratios and CPU; return the number of errors."""
    print(
        f"\nTotals ({plan.clients} clients, {plan.requests} measured requests per phase,"
        f" {sum(1 for p in phases if p.server == 'service') // 2} round(s))"
    )
    print(
        f"{'operation':12} {'server':8} {'requests':>8} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}"
        f" {'errors':>6} {'ratio':>6}  {'server CPU ms/req':>17}  {'PostgreSQL CPU ms/req':>21}"
    )
    errors = 0
    for operation in OPERATIONS:
        base_rate = 0.0
        for name in SERVERS:
            mine = [p for p in phases if p.server == name and p.operation == operation]
            result = http_load.merge(operation, [p.result for p in mine])
            cpu = sum((p.cpu for p in mine), CpuUse())
            base_rate = base_rate or result.per_second
            errors += result.errors
            print(
                f"{operation:12} {name:8} {result.requests:8d} {result.per_second:7.0f}"
                f" {result.percentile_ms(0.5):7.1f} {result.percentile_ms(0.99):7.1f}"
                f" {result.errors:6d} {result.per_second / base_rate:5.2f}x"
                f"  {cpu.server * 1000 / max(result.requests, 1):17.2f}"
                f"  {cpu.database * 1000 / max(result.requests, 1):21.2f}"
            )
    quiet = [p for p in phases if not p.disturbed]
    for operation in OPERATIONS:
        print(_ratio_line(phases, operation, "all phases"))
        if len(quiet) < len(phases):
            print(_ratio_line(quiet, operation, "undisturbed phases"))
    if len(quiet) < len(phases):
        print(
            f"{len(phases) - len(quiet)} phase(s) DISTURBED: other programs used more than"
            f" {DISTURBED_CORES} core meanwhile; run again on a quiet machine"
        )
    return errors


async def bench(server_uri: str, postmaster: int, args: argparse.Namespace) -> bool:
    url = await db.ensure_database(server_uri, "rencontres_bench")
    await db.migrate_url(url)
    data_dir = Path(tempfile.mkdtemp(prefix="rencontres-bench-data-"))
    # The service's own defaults, argon2 cost included: the one log-in shows in the peak RSS.
    settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48), data_dir=data_dir)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EVENTS_SECRET_KEY": settings.secret_key,
        "EVENTS_DATA_DIR": str(data_dir),
    }
    pool = await db.create_pool(url, min_size=1, max_size=4)
    try:
        started = time.perf_counter()
        organisation_id, email, candidate_ids = await seed(
            pool, settings, args.warmup + args.requests
        )
        print(f"seeded {len(candidate_ids)} candidates in {time.perf_counter() - started:.1f} s")
        await settle(url)
        plan = Plan(
            args.requests,
            args.warmup,
            args.clients,
            organisation_id,
            candidate_ids,
            postmaster,
            pool,
            profile=args.profile,
        )
        if args.profile is not None:
            args.profile.mkdir(parents=True, exist_ok=True)
        service_port, baseline_port = free_port(), free_port()
        logs = {name: data_dir / f"{name}.log" for name in SERVERS}
        with (
            server_process("service", service_port, env, log=logs["service"]) as service_process,
            server_process(
                "baseline", baseline_port, env, log=logs["baseline"]
            ) as baseline_process,
        ):
            try:
                await wait_ready(service_process, service_port)
                await wait_ready(baseline_process, baseline_port)
            except RuntimeError:
                for name, log in logs.items():
                    print(f"--- {name} output ---\n{log.read_text(errors='replace')[-3000:]}")
                raise
            plan.bearer = await log_in(service_port, email)
            service = Server("service", service_process.pid, service_port)
            baseline = Server("baseline", baseline_process.pid, baseline_port)
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_rss(service.pid, stop))
            phases = []
            try:
                for round_ in range(args.rounds):
                    order = [service, baseline] if round_ % 2 == 0 else [baseline, service]
                    phases += await one_round(pool, plan, order)
            finally:
                stop.set()
                loaded = await sampler
            peaks = {s.name: memory_mb(s.pid, "VmHWM") for s in (service, baseline)}
        errors = report(phases, plan)
        same_rows = rows_report(phases)
        lines = {name: _access_lines(log) for name, log in logs.items()}
        print(
            f"access log: {lines['service']} lines from the service,"
            f" {lines['baseline']} from the baseline"
        )
        print(
            f"service memory: peak RSS {peaks['service']:.0f} MB (VmHWM, log-in included),"
            f" highest sampled under load {loaded:.0f} MB:"
            f" {'under' if peaks['service'] < RSS_LIMIT_MB else 'OVER'} {RSS_LIMIT_MB} MB"
            f" (baseline process: peak {peaks['baseline']:.0f} MB)"
        )
        if args.profile is not None:
            print("\nWhere each server spent its time (py-spy, measured phases):")
            for raw in sorted(args.profile.glob("*.raw")):
                print(top_frames(raw))
        state_good = await state_ok(pool, [service, baseline], args.warmup + args.requests)
        valid = errors == 0 and same_rows and state_good
        print(
            "figures valid"
            if valid
            else f"NOT VALID: {errors} errors, or not the same rows, or a wrong state"
        )
        return valid
    finally:
        await pool.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def _access_lines(log: Path) -> int:
    """Requests a server's access log tells of (uvicorn writes one line each)."""
    with log.open("rb") as lines:
        return sum(1 for line in lines if b'"POST /api/' in line)


def _loop_factory() -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop
    return uvloop.new_event_loop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000, help="measured, per phase and run")
    parser.add_argument("--warmup", type=int, default=300, help="unmeasured, per phase and run")
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2, help="runs of each server")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="sample each server with py-spy during its measured phases; stacks go to DIR",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.warmup < 0 or args.clients < 1 or args.rounds < 1:
        parser.error("--requests, --clients and --rounds must be positive")
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        load = float(loadavg.read().split()[0])
    print(
        f"Registration and check-in over HTTP: Python {platform.python_version()},"
        f" {os.cpu_count()} CPUs, load average {load:.2f} before the start"
        f"{' (busy machine: expect noisy figures)' if load > 0.5 else ''}"
    )
    try:
        with (
            embedded_postgres() as (server_uri, pgdata),
            asyncio.Runner(loop_factory=_loop_factory()) as runner,
        ):
            valid = runner.run(bench(server_uri, postmaster_pid(pgdata), args))
    except KeyboardInterrupt:
        print("\ninterrupted: the servers and the database are stopped")
        return 130
    return 0 if valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
