"""``events serve --workers N``: how throughput grows from one process to two (or more).

Run: .venv/bin/python -m bench.scaling [--workers 1 2] [--requests 3000] [--clients 64]
     [--rounds 2]

Starts an embedded PostgreSQL in a temporary directory, seeds one organisation, its organiser
and enough candidates, then for each round and each process count (in the order 1 2 2 1, so
that a drift of a shared machine weighs on both) starts ``events serve --workers N`` on that
database (access log on, as in production; no outbox worker), and drives it with
``bench.http_load`` at ``--clients`` connections: a cheap authenticated read
(``GET /api/v1/events/{id}``), registrations on a fresh event, then check-ins of the tickets
just issued. Prints req/s, p50 and p99 per phase and process count, and the ratio to one
process. The load generator runs on the same machine and takes its share of the cores: on two
cores, two processes cannot double. Only 127.0.0.1 is contacted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec

from bench import http_load
from bench.http_load import PhaseResult
from bench.load import system
from bench.load.system import (
    HOST,
    embedded_postgres,
    free_port,
    postmaster_pid,
    settle,
    wait_ready,
)
from events import db
from events.directory import accounts, organisations
from events.settings import Settings

PASSWORD = "bench password, long enough"  # noqa: S105 - a throwaway account in a throwaway db
EVENTS = str(Path(sys.executable).parent / "events")


async def seed(pool: Any, settings: Settings, candidates: int) -> tuple[UUID, str, list[UUID]]:
    """One organisation, its organiser, and ``candidates`` candidates inserted with COPY."""
    conn: Any
    async with pool.acquire() as conn, conn.transaction():
        organisation = await organisations.create(
            conn,
            organisation=organisations.OrganisationIn(name=f"Scaling {secrets.token_hex(4)}"),
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
        await conn.copy_records_to_table(
            "candidates",
            columns=["organisation_id", "first_name", "last_name", "search_name", "email"],
            records=[
                (
                    organisation.id,
                    "Candidate",
                    f"Number {n}",
                    f"candidate number {n}",
                    f"candidate-{n}@example.org" if n % 2 == 0 else None,
                )
                for n in range(candidates)
            ],
        )
        ids = await conn.fetch(
            "select id from candidates where organisation_id = $1 order by id", organisation.id
        )
    return organisation.id, user.email, [r["id"] for r in ids]


async def new_event(pool: Any, organisation_id: UUID, capacity: int) -> UUID:
    """A published job dating with room for everyone."""
    starts = datetime.now(UTC) + timedelta(days=30)
    async with db.transaction(pool) as conn:
        event_id: UUID = await conn.fetchval(
            "insert into events (organisation_id, kind, title, starts_at, ends_at, timezone,"
            " venue, capacity_candidates, capacity_companies, details, status)"
            " values ($1, 'job_dating', 'Scaling job dating', $2, $3, 'Europe/Paris', $4, $5,"
            " 10, $6, 'published') returning id",
            organisation_id,
            starts,
            starts + timedelta(hours=3),
            {
                "name": "Salle du Banc",
                "address": "1 rue du Banc",
                "city": "Lyon",
                "postcode": "69001",
            },
            capacity,
            {"interview_minutes": 10},
        )
    return event_id


async def tokens_of(pool: Any, event_id: UUID) -> list[str]:
    rows = await pool.fetch(
        "select token from tickets where event_id = $1 and revoked_at is null order by id",
        event_id,
    )
    return [r["token"] for r in rows]


@contextlib.contextmanager
def serving(workers: int, port: int, env: dict[str, str], log: Path) -> Iterator[int]:
    """``events serve --workers N`` on the bench's database; yields its pid."""
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own console script
            [EVENTS, "serve", "--port", str(port), "--workers", str(workers)],
            env=env,
            start_new_session=True,
            stdout=output,
            stderr=output,
        )
    try:
        asyncio.run(wait_ready(process, port, seconds=60))
        yield process.pid
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@contextlib.contextmanager
def _removed(directory: Path) -> Iterator[None]:
    try:
        yield
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def _served_ticks(pid: int) -> int:
    """Clock ticks used so far by ``events serve`` and the processes it started."""
    total = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent, ticks = system._ticks(int(entry))
            if int(entry) == pid or parent == pid:
                total += ticks
    return total


@contextlib.contextmanager
def cores_busy(pid: int, postmaster: int) -> Iterator[list[str]]:
    """What the cores did while a phase ran: the serving processes, PostgreSQL, this load
    client and everything else (other programs), in average cores busy."""
    line: list[str] = []
    served, database = _served_ticks(pid), system._database_ticks(postmaster)
    (busy, interrupts), mine = system._machine_ticks(), time.process_time()
    wall = time.perf_counter()
    yield line
    wall = max(time.perf_counter() - wall, 1e-9)
    tick = os.sysconf("SC_CLK_TCK")
    server = (_served_ticks(pid) - served) / tick
    after = system._database_ticks(postmaster)
    db_seconds = sum(t - database.get(p, 0) for p, t in after.items()) / tick
    client = time.process_time() - mine
    busy_after, interrupts_after = system._machine_ticks()
    everything = (busy_after - busy + interrupts_after - interrupts) / tick
    other = max(0.0, everything - server - db_seconds - client)
    line.append(
        f"cores busy: serve {server / wall:.2f}, PostgreSQL {db_seconds / wall:.2f}, "
        f"client {client / wall:.2f}, rest {other / wall:.2f} (of {os.cpu_count()})"
    )


def _get(port: int, path: str, bearer: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nAuthorization: Bearer {bearer}\r\n\r\n"
    ).encode("latin-1")


async def log_in(port: int, email: str) -> str:
    status, body = await http_load.post_json(
        HOST, port, "/api/v1/auth/token", {"email": email, "password": PASSWORD}
    )
    if status != 200:
        raise RuntimeError(f"log-in refused: {status} {body[:300]!r}")
    token: str = msgspec.json.decode(body)["access_token"]
    return token


async def one_run(
    url: str,
    port: int,
    organisation_id: UUID,
    email: str,
    candidates: list[UUID],
    args: Any,
    watch: Any,
) -> dict[str, tuple[PhaseResult, str]]:
    """The three phases against the process(es) listening on ``port``."""
    pool = await db.create_pool(url, min_size=1, max_size=2)
    try:
        bearer = await log_in(port, email)
        headers = {"Authorization": f"Bearer {bearer}"}
        host = f"{HOST}:{port}"
        event_id = await new_event(pool, organisation_id, 10 * args.requests)
        results = {}
        warm = [_get(port, f"/api/v1/events/{event_id}", bearer)] * (args.requests // 5)
        await http_load.run_phase("warm-up", HOST, port, warm, clients=args.clients)
        reads = [_get(port, f"/api/v1/events/{event_id}", bearer)] * args.requests
        with watch() as cpu:
            read = await http_load.run_phase("GET event", HOST, port, reads, clients=args.clients)
        results["GET event"] = (read, cpu[0])
        path = f"/api/v1/events/{event_id}/registrations"
        bodies = [{"candidate_id": str(c)} for c in candidates[: args.requests]]
        registrations = [http_load.encode_post(host, path, b, headers) for b in bodies]
        with watch() as cpu:
            registered = await http_load.run_phase(
                "registration", HOST, port, registrations, clients=args.clients
            )
        results["registration"] = (registered, cpu[0])
        path = f"/api/v1/events/{event_id}/checkins"
        scans = [
            http_load.encode_post(host, path, {"token": t}, headers)
            for t in await tokens_of(pool, event_id)
        ]
        with watch() as cpu:
            scanned = await http_load.run_phase("check-in", HOST, port, scans, clients=args.clients)
        results["check-in"] = (scanned, cpu[0])
        return results
    finally:
        await pool.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="rencontres-scaling-"))
    results: dict[int, list[dict[str, PhaseResult]]] = {n: [] for n in args.workers}
    with embedded_postgres() as (server_uri, pgdata), _removed(work):
        url = asyncio.run(db.ensure_database(server_uri))
        asyncio.run(db.migrate_url(url))
        settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48), data_dir=work)

        async def seeded() -> tuple[UUID, str, list[UUID]]:
            pool = await db.create_pool(url, min_size=1, max_size=2)
            try:
                return await seed(pool, settings, args.requests)
            finally:
                await pool.close()
                await settle(url)

        organisation_id, email, candidates = asyncio.run(seeded())
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DATABASE_URL": url,
            "EVENTS_SECRET_KEY": settings.secret_key,
            "EVENTS_DATA_DIR": str(work),
            "EVENTS_WORKER": "off",
        }
        print(f"{os.cpu_count()} cores; {args.requests} requests a phase, {args.clients} clients")
        for round_number in range(args.rounds):
            order = args.workers if round_number % 2 == 0 else list(reversed(args.workers))
            for workers in order:
                port = free_port()
                with serving(workers, port, env, work / f"serve-{workers}.log") as pid:
                    postmaster = postmaster_pid(pgdata)
                    run = asyncio.run(
                        one_run(
                            url,
                            port,
                            organisation_id,
                            email,
                            candidates,
                            args,
                            lambda: cores_busy(pid, postmaster),  # noqa: B023 - used at once
                        )
                    )
                results[workers].append({name: result for name, (result, _) in run.items()})
                for name, (result, cpu) in run.items():
                    print(
                        f"  round {round_number + 1} workers {workers} {name:12} "
                        f"{result.per_second:7.0f} req/s  p50 {result.percentile_ms(0.5):6.1f} ms"
                        f"  p99 {result.percentile_ms(0.99):6.1f} ms  errors {result.errors}\n"
                        f"      {cpu}",
                        flush=True,
                    )
                    for sample in result.error_samples:
                        print(f"      error: {sample}")
    report(results, args.workers)
    return 0


def report(results: dict[int, list[dict[str, PhaseResult]]], workers: list[int]) -> None:
    print("\n| phase | " + " | ".join(f"{n} process(es): req/s, p50, p99" for n in workers) + " |")
    print("|---|" + "---|" * len(workers))
    base = workers[0]
    for name in ("GET event", "registration", "check-in"):
        cells = []
        for n in workers:
            merged = http_load.merge(name, [run[name] for run in results[n]])
            ratio = merged.per_second / max(
                http_load.merge(name, [run[name] for run in results[base]]).per_second, 1e-9
            )
            cells.append(
                f"{merged.per_second:.0f} req/s (x{ratio:.2f}), "
                f"{merged.percentile_ms(0.5):.1f} ms, {merged.percentile_ms(0.99):.1f} ms"
                + (f", {merged.errors} errors" if merged.errors else "")
            )
        print(f"| {name} | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    raise SystemExit(main())
