"""A national day, simulated: an e-forum opens registrations while doors check people in and
recruiters search, at set rates, stepped up until the service no longer keeps p99 < 200 ms.

Run: .venv/bin/python -m bench.national_day [--minutes 1] [--steps 1,2,4,6,8,12,16,24,32]
     [--cards 4000] [--all-steps]

The day, at x1 (issue 13, goal 5): 10,000 candidates registered to one published e-forum over
10 minutes by 50 prescribers at once (organisers of 10 organisations, registering their own
candidates to another organisation's e-forum), while 10 doors (two at each of 5 in-person job
datings) each scan a ticket every 4 s, and 20 recruiters each search the skills cards every
10 s. Every actor sends at its own rate, Poisson arrivals, open loop (``bench.national_day_load``):
x1 is 16.7 registrations, 2.5 check-ins and 2 searches a second. Each step multiplies every
rate by its factor and lasts ``--minutes``; ``--minutes 10 --steps 1`` is the day itself.

Each step is a fresh day: a new e-forum (created and published through the API) with places for
nine in ten of the registrations the step will send, the rest waitlisted, and 5 new job datings
whose tickets are issued (through the API, before the step, unmeasured) for the scans to come.
The recruiters search among ``--cards`` reviewed cards (``bench.skills_search``'s data: their
company attends every event, so it sees them all).

One server process under ``bench.serve`` (uvicorn, ``events serve``'s settings, access-log line
per request to a file, no outbox worker), an embedded PostgreSQL in a temporary directory, both
on 127.0.0.1 and removed at the end, Ctrl-C included. Per step and endpoint: throughput, p50/p99
(from the instant each request was due), errors; the cores used by the server, PostgreSQL, this
client and other programs; the server's resident memory (highest sampled, and its peak). A step
is valid only if the rows written match the answers: registrations (with their status and
waiting-list positions), tickets and their audit rows for the e-forum; check-ins, scans and
their audit rows at the doors; and one audit row per card a search showed. A step passes when,
for every endpoint, p99 < 200 ms with no error; the steps stop after two failed in a row
(unless ``--all-steps``). A warm-up (x2 for 20 s, unmeasured, checked) comes first.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import platform
import random
import secrets
import shutil
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import msgspec

from bench import http_load, skills_search
from bench import national_day_load as load
from bench import registrations_checkins as rc
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
from events.settings import Settings

# --- the day, at x1 ------------------------------------------------------------------------
DAY_SECONDS = 600
REGISTRATIONS = 10_000  # over the day
ORGANISATIONS = 10  # of prescribers
PRESCRIBERS_EACH = 5
DOOR_EVENTS = 5  # in-person job datings, each run by one of the prescribers' organisations
DOORS_EACH = 2
SCAN_EVERY = 4.0  # seconds between two scans at one door
RECRUITERS = 20
SEARCH_EVERY = 10.0  # seconds between two searches of one recruiter
CONFIRMED_SHARE = 0.9  # of a step's registrations the e-forum has places for
CONNECTIONS = 6  # per actor, as a browser
P99_LIMIT_MS = 200.0
WARM_UP = (2.0, 20.0)  # multiplier, seconds
STOP_AFTER = 2  # steps failed in a row (the machine is shared: one may fail by chance)
ENDPOINTS = ("registration", "check-in", "search")
PATHS = {
    "registration": "POST /api/v1/events/{id}/registrations",
    "check-in": "POST /api/v1/events/{id}/checkins",
    "search": "GET /api/v1/skills-cards/search",
}


def rates(multiplier: float) -> dict[str, float]:
    """Requests a second of each endpoint, all actors together."""
    return {
        "registration": multiplier * REGISTRATIONS / DAY_SECONDS,
        "check-in": multiplier * DOOR_EVENTS * DOORS_EACH / SCAN_EVERY,
        "search": multiplier * RECRUITERS / SEARCH_EVERY,
    }


ACTORS = {
    "registration": ORGANISATIONS * PRESCRIBERS_EACH,
    "check-in": DOOR_EVENTS * DOORS_EACH,
    "search": RECRUITERS,
}


def schedule(rng: random.Random, multiplier: float, seconds: float) -> dict[str, list[list[float]]]:
    """Each actor's instants over the step: a Poisson process at its share of the rate."""
    plan: dict[str, list[list[float]]] = {}
    for endpoint, rate in rates(multiplier).items():
        each = rate / ACTORS[endpoint]
        plan[endpoint] = []
        for _ in range(ACTORS[endpoint]):
            instants, at = [], rng.expovariate(each)
            while at < seconds:
                instants.append(at)
                at += rng.expovariate(each)
            plan[endpoint].append(instants)
    return plan


# --- the people ----------------------------------------------------------------------------


@dataclass
class Account:
    email: str
    organisation_id: UUID | None = None
    bearer: str = ""


@dataclass
class World:
    host: Account  # the organisation running the e-forum
    prescribers: list[Account]
    prescriber_candidates: list[list[UUID]]  # each prescriber's own
    doors: list[Account]  # door d works at job dating d // DOORS_EACH
    door_organisations: list[UUID]
    door_candidates: list[list[UUID]]  # per job dating, the people holding its tickets
    recruiters: list[Account]
    company_id: UUID


async def more_users(
    pool: Any, like: str, emails: list[str], role: str, organisation_id: Any, company_id: Any
) -> None:
    """Accounts inserted with COPY, with the password (and so the hash) of ``like``'s."""
    async with pool.acquire() as conn:
        password_hash = await conn.fetchval(
            "select password_hash from users where email = $1", like
        )
        await conn.copy_records_to_table(
            "users",
            columns=["email", "name", "role", "organisation_id", "company_id", "password_hash"],
            records=[
                (e, e.split("@")[0], role, organisation_id, company_id, password_hash)
                for e in emails
            ],
        )


async def seed(
    url: str, pool: Any, settings: Settings, plans: list[dict[str, list[list[float]]]], cards: int
) -> World:
    searched = await skills_search.seed(url, settings, cards, skills_search.EVENTS)
    recruiters = [Account(searched.recruiter_email)]
    emails = [f"recruiter-{n}-{secrets.token_hex(3)}@example.org" for n in range(1, RECRUITERS)]
    await more_users(pool, searched.recruiter_email, emails, "recruiter", None, searched.company_id)
    recruiters += [Account(e) for e in emails]

    host_id, host_email, _ = await rc.seed(pool, settings, 0)
    # Each prescriber registers, in a step, as many of its own candidates as it has instants;
    # each job dating has tickets for its doors' scans of the step. A new e-forum and new job
    # datings each step: the same people serve again.
    per_prescriber = max(len(i) for plan in plans for i in plan["registration"])
    per_door_event = max(
        sum(len(i) for i in plan["check-in"][e * DOORS_EACH : (e + 1) * DOORS_EACH])
        for plan in plans
        for e in range(DOOR_EVENTS)
    )
    prescribers, prescriber_candidates, doors, door_orgs, door_candidates = [], [], [], [], []
    for o in range(ORGANISATIONS):
        runs_doors = o < DOOR_EVENTS
        count = PRESCRIBERS_EACH * per_prescriber + (per_door_event if runs_doors else 0)
        org_id, email, candidates = await rc.seed(pool, settings, count)
        emails = [
            f"prescriber-{o}-{n}-{secrets.token_hex(3)}@example.org"
            for n in range(1, PRESCRIBERS_EACH)
        ]
        await more_users(pool, email, emails, "organiser", org_id, None)
        for n, e in enumerate([email, *emails]):
            prescribers.append(Account(e, org_id))
            prescriber_candidates.append(candidates[n * per_prescriber : (n + 1) * per_prescriber])
        if runs_doors:
            emails = [f"door-{o}-{n}-{secrets.token_hex(3)}@example.org" for n in range(DOORS_EACH)]
            await more_users(pool, email, emails, "organiser", org_id, None)
            doors += [Account(e, org_id) for e in emails]
            door_orgs.append(org_id)
            door_candidates.append(candidates[PRESCRIBERS_EACH * per_prescriber :])
    async with pool.acquire() as conn:
        await conn.execute("analyze")
    return World(
        Account(host_email, host_id),
        prescribers,
        prescriber_candidates,
        doors,
        door_orgs,
        door_candidates,
        recruiters,
        searched.company_id,
    )


async def log_in_everyone(port: int, world: World) -> float:
    """Everyone logs in through the API (Argon2 in the server); returns the seconds taken."""
    accounts = [world.host, *world.prescribers, *world.doors, *world.recruiters]
    at_once = asyncio.Semaphore(4)
    started = time.perf_counter()

    async def one(account: Account) -> None:
        async with at_once:
            account.bearer = await rc.log_in(port, account.email)

    await asyncio.gather(*(one(a) for a in accounts))
    return time.perf_counter() - started


# --- one step ------------------------------------------------------------------------------


def _auth(account: Account) -> dict[str, str]:
    return {"Authorization": f"Bearer {account.bearer}"}


async def open_e_forum(port: int, host: Account, capacity: int, number: int) -> UUID:
    """An online e-forum in three weeks, created and published by its organiser."""
    starts = (datetime.now(UTC) + timedelta(days=21)).replace(microsecond=0)
    body = {
        "kind": "e_forum",
        "title": f"E-forum national, journée {number}",
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=6)).isoformat(),
        "timezone": "Europe/Paris",
        "online_url": "https://visio.example.org/e-forum",
        "capacity": {"candidates": capacity, "companies": 200},
        "sectors": ["logistique", "restauration", "numérique"],
        "details": {
            "mode": "online",
            "workshops": [],
            "interview_minutes": 20,
            "photo_shoot": False,
        },
    }
    status, answer = await http_load.post_json(HOST, port, "/api/v1/events", body, _auth(host))
    if status != 201:
        raise RuntimeError(f"e-forum refused: {status} {answer[:300]!r}")
    event_id = UUID(msgspec.json.decode(answer)["id"])
    status, answer = await http_load.post_json(
        HOST, port, f"/api/v1/events/{event_id}/publish", {}, _auth(host)
    )
    if status != 200:
        raise RuntimeError(f"publish refused: {status} {answer[:300]!r}")
    return event_id


async def door_tickets(
    port: int, pool: Any, world: World, plan: dict[str, list[list[float]]]
) -> tuple[list[UUID], list[list[str]]]:
    """New job datings, and each door's tickets for its scans of the step, issued through the
    API by the door's organisation (closed loop, before the step)."""
    events, tokens = [], []
    for e in range(DOOR_EVENTS):
        scans = [len(i) for i in plan["check-in"][e * DOORS_EACH : (e + 1) * DOORS_EACH]]
        event_id = await rc.new_event(pool, world.door_organisations[e], sum(scans) + 10)
        events.append(event_id)
        door = world.doors[e * DOORS_EACH]
        path = f"/api/v1/events/{event_id}/registrations"
        requests = [
            http_load.encode_post(f"{HOST}:{port}", path, {"candidate_id": str(c)}, _auth(door))
            for c in world.door_candidates[e][: sum(scans)]
        ]
        issued = await http_load.run_phase("tickets", HOST, port, requests, clients=16)
        if issued.errors:
            raise RuntimeError(f"tickets not issued: {issued.error_samples}")
        held = await rc.tokens_of(pool, event_id)
        if len(held) != sum(scans):
            raise RuntimeError(f"{len(held)} tickets for {sum(scans)} scans")
        for n in scans:
            tokens.append(held[:n])
            held = held[n:]
    return events, tokens


def arrivals(
    port: int,
    world: World,
    plan: dict[str, list[list[float]]],
    e_forum: UUID,
    door_events: list[UUID],
    door_tokens: list[list[str]],
    rng: random.Random,
) -> list[load.Arrival]:
    host = f"{HOST}:{port}"
    found: list[load.Arrival] = []
    path = f"/api/v1/events/{e_forum}/registrations"
    for p, instants in enumerate(plan["registration"]):
        prescriber = world.prescribers[p]
        for at, candidate in zip(instants, world.prescriber_candidates[p], strict=False):
            body = {"candidate_id": str(candidate)}
            request = http_load.encode_post(host, path, body, _auth(prescriber))
            found.append(load.Arrival(at, "registration", p, request, candidate))
    for d, instants in enumerate(plan["check-in"]):
        path = f"/api/v1/events/{door_events[d // DOORS_EACH]}/checkins"
        for at, token in zip(instants, door_tokens[d], strict=True):
            request = http_load.encode_post(host, path, {"token": token}, _auth(world.doors[d]))
            found.append(load.Arrival(at, "check-in", d, request, token))
    for r, instants in enumerate(plan["search"]):
        for at in instants:
            _, filters = rng.choice(skills_search.FILTERS)
            query = "&".join(f"{k}={v}" for k, v in filters.items()).replace(" ", "%20")
            path = "/api/v1/skills-cards/search" + (f"?{query}" if query else "")
            request = skills_search.encode_get(host, path, world.recruiters[r].bearer)
            found.append(load.Arrival(at, "search", r, request))
    found.sort(key=lambda a: a.at)
    return found


class _Items(msgspec.Struct):
    items: list[msgspec.Raw]


def _shown(body: bytes) -> int:
    """Cards a search answer shows (each one audit row)."""
    return len(msgspec.json.decode(body, type=_Items).items)


@dataclass
class Step:
    multiplier: float
    seconds: float
    results: dict[str, load.EndpointResult]
    wall: float
    cpu: CpuUse
    rss_mb: float
    capacity: int
    active: float  # statements running at once in PostgreSQL, on average
    on_locks: float  # of which waiting for a lock
    problems: list[str] = field(default_factory=list)

    def p99(self, endpoint: str) -> float:
        return self.results[endpoint].phase.percentile_ms(0.99)

    @property
    def passed(self) -> bool:
        return not self.problems and all(
            r.errors == 0 and r.phase.percentile_ms(0.99) < P99_LIMIT_MS
            for r in self.results.values()
        )


_ACTIVE = (
    "select count(*) as active,"
    " count(*) filter (where wait_event_type = 'Lock') as on_locks"
    " from pg_stat_activity where datname = current_database() and state = 'active'"
    " and backend_type = 'client backend' and pid <> pg_backend_pid()"
)


async def sample_backends(
    pool: Any, stop: asyncio.Event, every: float = 0.5
) -> tuple[float, float]:
    """The service's statements running at once, on average, and those of them waiting for a
    lock (a hot event's row: registrations queue there)."""
    active = on_locks = samples = 0
    async with pool.acquire() as conn:
        while not stop.is_set():
            row = await conn.fetchrow(_ACTIVE)
            active, on_locks, samples = (
                active + row["active"],
                on_locks + row["on_locks"],
                samples + 1,
            )
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(stop.wait(), every)
    return active / max(samples, 1), on_locks / max(samples, 1)


async def _audit_views(pool: Any) -> int:
    async with pool.acquire() as conn:
        count: int = await conn.fetchval(
            "select count(*) from audit_log where action = 'recruiter.view_card'"
        )
    return count


async def check_rows(
    pool: Any,
    step: Step,
    e_forum: UUID,
    door_events: list[UUID],
    views_before: int,
) -> None:
    """The rows written against what the answers said; each mismatch goes to step.problems."""
    problems = step.problems
    registered = step.results["registration"]
    told = {}
    for candidate, status, body in registered.answers:
        if status == 201:
            answer = msgspec.json.decode(body)
            told[UUID(answer["id"])] = (
                candidate,
                answer["status"],
                answer.get("waitlist_position"),
                answer["ticket"]["token"],
            )
    async with pool.acquire() as conn:
        rows = await conn.fetch(
            "select r.id, r.candidate_id, r.status, r.checked_in_at,"
            " (select array_agg(t.token) from tickets t"
            "  where t.registration_id = r.id and t.revoked_at is null) as tokens,"
            " (select count(*) from audit_log a where a.subject_type = 'registration'"
            "  and a.subject_id = r.id and a.action = 'registration.create') as audited"
            " from registrations r where r.event_id = $1",
            e_forum,
        )
        capacity = await conn.fetchval(
            "select capacity_candidates from events where id = $1", e_forum
        )
        doors = await conn.fetch(
            "select r.id, r.checked_in_at is not null as checked_in,"
            " (select count(*) from scans s where s.registration_id = r.id) as scans,"
            " (select count(*) from scans s where s.registration_id = r.id"
            "  and s.result = 'checked_in') as admitted,"
            " (select count(*) from audit_log a where a.subject_type = 'registration'"
            "  and a.subject_id = r.id and a.action = 'registration.check_in') as audited"
            " from registrations r where r.event_id = any($1::uuid[])",
            door_events,
        )
        ticket_of = {
            r["token"]: r["registration_id"]
            for r in await conn.fetch(
                "select token, registration_id from tickets where event_id = any($1::uuid[])",
                door_events,
            )
        }
        other_scans = await conn.fetchval(
            "select count(*) from scans where event_id = any($1::uuid[])"
            " and registration_id is null",
            door_events,
        )
    # A request given up on (no answer within the grace period) may have been done or not:
    # its rows are left out of the comparison, and counted.
    gave_up = set(registered.abandoned)
    stored = {r["id"]: r for r in rows if r["candidate_id"] not in gave_up}
    unknown = len(rows) - len(stored)
    if gave_up:
        print(f"  registrations given up on: {len(gave_up)}, of which {unknown} were written")
    if set(stored) != set(told):
        problems.append(
            f"registrations: {len(told)} answered 201, {len(stored)} stored,"
            f" {len(set(stored) ^ set(told))} differ"
        )
    for registration_id, (candidate, status, _, token) in told.items():
        row = stored.get(registration_id)
        if row is None:
            continue
        if row["candidate_id"] != candidate or row["status"] != status:
            problems.append(
                f"registration {registration_id}: stored {row['status']}, said {status}"
            )
            break
        if row["tokens"] != [token] or row["audited"] != 1:
            problems.append(f"registration {registration_id}: ticket or audit row not as answered")
            break
    statuses = Counter(status for _, status, _, _ in told.values())
    positions = sorted(p for _, status, p, _ in told.values() if status == "waitlisted")
    if statuses["confirmed"] != min(capacity, len(told)):
        problems.append(f"{statuses['confirmed']} confirmed for {capacity} places")
    if positions != list(range(1, len(positions) + 1)):
        problems.append("waiting-list positions are not 1, 2, 3... in the answers")

    checked = step.results["check-in"]
    gave_up = {ticket_of[token] for token in checked.abandoned}
    doors = [r for r in doors if r["id"] not in gave_up]
    admitted = {
        UUID(msgspec.json.decode(body)["registration_id"])
        for _, status, body in checked.answers
        if status == 201
    }
    in_rows = {r["id"] for r in doors if r["checked_in"]}
    if in_rows != admitted:
        problems.append(f"check-ins: {len(admitted)} answered 201, {len(in_rows)} stored")
    answered = len(checked.answers) - sum(1 for _, s, _ in checked.answers if s in (0, 503))
    scans = sum(r["scans"] for r in doors) + other_scans
    if scans != answered or any(
        r["admitted"] != r["checked_in"] or r["audited"] != r["checked_in"] for r in doors
    ):
        problems.append(f"scans: {scans} stored for {answered} answered, or audit rows missing")

    searched = step.results["search"]
    shown = sum(n for _, status, n in searched.answers if status == 200)
    views = await _audit_views(pool) - views_before
    if not shown <= views <= shown + 50 * len(searched.abandoned):
        problems.append(f"searches showed {shown} cards, {views} audit rows written")


async def run_step(
    port: int,
    pid: int,
    postmaster: int,
    pool: Any,
    world: World,
    plan: dict[str, list[list[float]]],
    multiplier: float,
    seconds: float,
    number: int,
    rng: random.Random,
) -> Step:
    planned = sum(len(i) for i in plan["registration"])
    capacity = max(1, math.floor(CONFIRMED_SHARE * planned))
    e_forum = await open_e_forum(port, world.host, capacity, number)
    door_events, tokens = await door_tickets(port, pool, world, plan)
    sent = arrivals(port, world, plan, e_forum, door_events, tokens, rng)
    actors = {(e, a): load.Actor(CONNECTIONS) for e in ENDPOINTS for a in range(ACTORS[e])}
    views_before = await _audit_views(pool)
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_rss(pid, stop))
    backends = asyncio.create_task(sample_backends(pool, stop))
    try:
        with cpu_use(pid, postmaster) as cpu:
            results, wall = await load.run(
                HOST,
                port,
                sent,
                actors,
                digests={"registration": bytes, "check-in": bytes, "search": _shown},
            )
    finally:
        stop.set()
        rss = await sampler
        active, on_locks = await backends
    for endpoint in ENDPOINTS:
        results.setdefault(endpoint, load.EndpointResult(endpoint))
    step = Step(multiplier, seconds, results, wall, cpu, rss, capacity, active, on_locks)
    await check_rows(pool, step, e_forum, door_events, views_before)
    return step


# --- the report ----------------------------------------------------------------------------


def print_step(step: Step) -> None:
    verdict = "passes" if step.passed else "FAILS"
    print(
        f"\nx{step.multiplier:g} for {step.seconds:.0f} s ({step.wall:.0f} s to the last answer):"
        f" {verdict}"
    )
    for endpoint in ENDPOINTS:
        r = step.results[endpoint]
        print(
            f"  {endpoint:12} sent {r.sent:6d} ({r.sent / step.seconds:6.1f}/s)"
            f"  ok {r.succeeded / step.wall:6.1f}/s  p50 {r.phase.percentile_ms(0.5):6.1f} ms"
            f"  p99 {r.phase.percentile_ms(0.99):7.1f} ms  errors {r.errors}"
            f"  late p99 {load.lag_ms(r, 0.99):.1f} ms"
        )
        for sample in r.phase.error_samples:
            print(f"      error: {sample}")
        if r.unanswered:
            print(f"      {r.unanswered} not answered within the grace period")
    print(f"  {step.cpu.cores()}")
    print(f"  {step.cpu.per_request(sum(len(r.answers) for r in step.results.values()))}")
    print(
        f"  PostgreSQL: {step.active:.1f} statements running at once on average,"
        f" {step.on_locks:.1f} of them waiting for a lock"
    )
    print(f"  server RSS under load: highest {step.rss_mb:.0f} MB; e-forum places {step.capacity}")
    for problem in step.problems:
        print(f"  ROWS DO NOT MATCH THE ANSWERS: {problem}")


def print_table(steps: list[Step]) -> None:
    print(
        "\n| load | endpoint | sent/s | ok/s | p50 ms | p99 ms | errors | server | PostgreSQL"
        " | client | others | in PG (on locks) | RSS MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for step in steps:
        wall = max(step.cpu.seconds, 1e-9)
        for n, endpoint in enumerate(ENDPOINTS):
            r = step.results[endpoint]
            cores = (
                f"{step.cpu.server / wall:.2f} | {step.cpu.database / wall:.2f}"
                f" | {step.cpu.client / wall:.2f} | {step.cpu.other / wall:.2f}"
                f" | {step.active:.1f} ({step.on_locks:.1f}) | {step.rss_mb:.0f}"
                if n == 0
                else " | | | | | "
            )
            print(
                f"| {'x' + format(step.multiplier, 'g') if n == 0 else ''} | {endpoint}"
                f" | {r.sent / step.seconds:.1f} | {r.succeeded / step.wall:.1f}"
                f" | {r.phase.percentile_ms(0.5):.1f} | {r.phase.percentile_ms(0.99):.1f}"
                f" | {r.errors} | {cores} |"
            )


# --- main ----------------------------------------------------------------------------------


async def bench(server_uri: str, postmaster: int, args: argparse.Namespace) -> bool:
    url = await db.ensure_database(server_uri, "rencontres_bench_national_day")
    await db.migrate_url(url)
    data_dir = Path(tempfile.mkdtemp(prefix="rencontres-bench-data-"))
    settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48), data_dir=data_dir)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EVENTS_SECRET_KEY": settings.secret_key,
        "EVENTS_DATA_DIR": str(data_dir),
    }
    rng = random.Random(args.seed)
    seconds = args.minutes * 60
    plans = [schedule(rng, m, seconds) for m in args.steps]
    # Unmeasured, before the first step: the server's first requests prepare its statements
    # and fill PostgreSQL's caches, which a day that starts after a morning's use has done.
    warm_seconds = min(WARM_UP[1], seconds)
    warm_up = schedule(rng, WARM_UP[0], warm_seconds)
    pool = await db.create_pool(url, min_size=1, max_size=4)
    try:
        started = time.perf_counter()
        world = await seed(url, pool, settings, [warm_up, *plans], args.cards)
        await settle(url)
        print(
            f"seeded in {time.perf_counter() - started:.0f} s: {len(world.prescribers)} prescribers"
            f" of {ORGANISATIONS} organisations, {len(world.doors)} doors at {DOOR_EVENTS} job"
            f" datings, {len(world.recruiters)} recruiters, {args.cards} reviewed cards",
            flush=True,
        )
        port = free_port()
        log = data_dir / "service.log"
        with server_process("service", port, env, log=log) as process:
            try:
                await wait_ready(process, port)
            except RuntimeError:
                print(log.read_text(errors="replace")[-3000:])
                raise
            took = await log_in_everyone(port, world)
            print(
                f"{1 + len(world.prescribers) + len(world.doors) + len(world.recruiters)} log-ins"
                f" in {took:.0f} s; server RSS {memory_mb(process.pid, 'VmRSS'):.0f} MB",
                flush=True,
            )
            step = await run_step(
                port,
                process.pid,
                postmaster,
                pool,
                world,
                warm_up,
                WARM_UP[0],
                warm_seconds,
                0,
                rng,
            )
            warm_problems = step.problems
            print(
                f"warm-up: x{WARM_UP[0]:g} for {warm_seconds:.0f} s, "
                + ", ".join(f"{r.sent} {e}" for e, r in step.results.items())
                + f", {sum(r.errors for r in step.results.values())} errors",
                flush=True,
            )
            steps: list[Step] = []
            failed_in_a_row = 0
            for number, (multiplier, plan) in enumerate(zip(args.steps, plans, strict=True), 1):
                step = await run_step(
                    port,
                    process.pid,
                    postmaster,
                    pool,
                    world,
                    plan,
                    multiplier,
                    seconds,
                    number,
                    rng,
                )
                print_step(step)
                steps.append(step)
                failed_in_a_row = 0 if step.passed else failed_in_a_row + 1
                if failed_in_a_row == STOP_AFTER and not args.all_steps:
                    break
            peak = memory_mb(process.pid, "VmHWM")
            if process.poll() is not None:
                print(f"the server exited with {process.returncode}")
        for problem in warm_problems:
            print(f"warm-up: ROWS DO NOT MATCH THE ANSWERS: {problem}")
        return report(steps, peak) and not warm_problems
    finally:
        await pool.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def report(steps: list[Step], peak: float) -> bool:
    print_table(steps)
    valid = all(not s.problems for s in steps)
    passed = [s for s in steps if s.passed]
    best = max(passed, key=lambda s: s.multiplier, default=None)
    if best is not None:
        per_second = ", ".join(f"{v:.1f} {k}" for k, v in rates(best.multiplier).items())
        below = [s.multiplier for s in steps if not s.passed and s.multiplier < best.multiplier]
        print(
            f"\nhighest load with p99 < {P99_LIMIT_MS:.0f} ms and no error: x{best.multiplier:g}"
            f" ({per_second} a second)"
            + (f"; but x{', x'.join(format(m, 'g') for m in below)} failed" if below else "")
        )
    else:
        print(f"\nno step kept p99 < {P99_LIMIT_MS:.0f} ms with no error")
    for endpoint in ENDPOINTS:
        good = [
            s.multiplier
            for s in steps
            if s.results[endpoint].errors == 0 and s.p99(endpoint) < P99_LIMIT_MS
        ]
        failed = [s.multiplier for s in steps if s.multiplier not in good]
        print(
            f"  {endpoint:12} p99 < {P99_LIMIT_MS:.0f} ms with no error at"
            f" {', '.join(f'x{m:g}' for m in good) or 'no step'}"
            + (f"; not at x{', x'.join(format(m, 'g') for m in failed)}" if failed else "")
        )
    if len(passed) == len(steps):
        print("every step passed: add higher --steps to find the limit")
    under = max((s.rss_mb for s in steps), default=0.0)
    print(
        f"service memory: peak RSS {peak:.0f} MB (VmHWM, log-ins included), highest sampled under"
        f" load {under:.0f} MB: {'under' if peak < rc.RSS_LIMIT_MB else 'OVER'}"
        f" {rc.RSS_LIMIT_MB} MB"
    )
    print("figures valid: the rows match the answers" if valid else "NOT VALID: rows do not match")
    return valid


def _steps(text: str) -> list[float]:
    values = [float(v) for v in text.split(",") if v.strip()]
    if not values or min(values) <= 0:
        raise argparse.ArgumentTypeError("positive multipliers, comma-separated")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=1.0, help="per step (the day: 10)")
    parser.add_argument(
        "--steps",
        type=_steps,
        default=_steps("1,2,4,6,8,12,16,24,32"),
        help="multipliers of the day's rates, in order",
    )
    parser.add_argument("--cards", type=int, default=4000, help="reviewed cards to search")
    parser.add_argument("--all-steps", action="store_true", help="go on after a step fails")
    parser.add_argument("--seed", type=int, default=20261203, help="of the arrivals")
    args = parser.parse_args(argv)
    if args.minutes <= 0 or args.cards < 1:
        parser.error("--minutes and --cards must be positive")
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        load_average = loadavg.read().split()[:3]
    print(
        f"A national day: Python {platform.python_version()}, {os.cpu_count()} CPUs, load average"
        f" {' '.join(load_average)} before the start; {args.minutes:g} min per step, steps"
        f" x{', x'.join(format(s, 'g') for s in args.steps)}; at x1 a second: "
        + ", ".join(f"{v:.1f} {k}" for k, v in rates(1).items())
    )
    try:
        with (
            embedded_postgres() as (server_uri, pgdata),
            asyncio.Runner(loop_factory=rc._loop_factory()) as runner,
        ):
            valid = runner.run(bench(server_uri, postmaster_pid(pgdata), args))
    except KeyboardInterrupt:
        print("\ninterrupted: the server and the database are stopped")
        return 130
    return 0 if valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
