"""Recruiters' skills search with 10,000 candidates, and cv.pdf for a 3-page CV.

Run: .venv/bin/python -m bench.skills_search [--candidates 10000] [--requests 300] [--clients 8]
    [--rounds 1] [--search-only] [--profile DIR]

Starts an embedded PostgreSQL in a temporary directory and seeds it with COPY: one organisation
with its organiser and four coaches, ``--candidates`` candidates spread over 40 published events
(250 each, in six sectors), three to seven observed skills per candidate from one to three
coaches, a card reviewed by a coach (snapshot, searchable lines and ranks), a consent (nine in
ten to recruiters, a third of those to be contacted), a structured CV for half of them, and one
company registered to ``--attended`` of the events (all by default: the recruiter may see
everyone, the worst case for the search). Then it

1. prints EXPLAIN (ANALYZE, BUFFERS) of the search query for four typical filter sets, as
   planned for their values and as a generic plan;
2. for each of six typical filter sets, times ``GET /api/v1/skills-cards/search`` on the service
   (uvicorn in its own process, driven by ``bench.http_load`` over keep-alive connections) and,
   as the baseline, the bare SQL of the same statement (the search and the audit rows of the
   cards shown, one statement) run with asyncpg at the same concurrency, then, for scale, that
   statement without its audit rows; prints p50, p95, p99 and req/s of each and the
   service/baseline ratio, ``--rounds`` times in turn (the
   ratios within a round are what to compare on a shared machine); with ``--profile``, py-spy
   samples the service while it is measured and the flame graph's top items are printed;
3. uploads a 3-page PDF CV for one candidate and times ``GET …/cv.pdf`` sequentially, beside
   the rendering alone (``events.cvs.render_pdf.document``) in this process.

Only 127.0.0.1 is contacted; the database and its directory are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import platform
import random
import secrets
import shutil
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec

from bench import http_load
from bench.http_load import PhaseResult
from bench.load.system import CpuUse, cpu_use, postmaster_pid, settle
from bench.registrations_checkins import (
    HOST,
    PASSWORD,
    embedded_postgres,
    free_port,
    log_in,
    profiled,
    server_process,
    top_frames,
    wait_ready,
)
from events import db
from events.cvs import render_pdf
from events.directory import accounts, organisations
from events.settings import Settings
from events.skills_cards.card import CardEvent, Review, SkillLine, SkillsCard, level_of

EVENTS = 40
SECTORS = ("logistique", "restauration", "bâtiment", "aide à la personne", "agroalimentaire")
POSTCODES = (
    "69001 69003 69007 69100 69200 93100 93200 75011 75019 13001 13015 59000 59100 31000 "
    "33000 44000 67000 35000 34000 06000 97400 97490 2A000 20200 38000 42000 76000 80000 "
    "87000 63000"
).split()
SKILLS = (
    ("perseverance", "persévérance", "perseverance"),
    ("concentration", "concentration", "focus"),
    ("self_discipline", "auto-discipline", "self-discipline"),
    ("team_spirit", "esprit d'équipe", "teamwork"),
    ("following_instructions", "respect des consignes", "following instructions"),
    ("reactivity", "réactivité", "responsiveness"),
    ("leadership", "leadership", "leadership"),
    ("motivation", "motivation", "motivation"),
    ("punctuality", "assiduité, ponctualité", "attendance and punctuality"),
    ("communication", "communication, écoute", "communication and listening"),
    ("adaptability", "adaptabilité", "adaptability"),
    ("self_confidence", "confiance en soi", "self-confidence"),
)
NOTES = ("Recommence seul après un échec", "Aide les autres à finir", "Écoute les consignes", "")
# Six filter sets a recruiter would use: a skill, a skill at a level, with a place, a sector...
FILTERS = (
    ("skill", {"skill": "perseverance"}),
    ("skill+level", {"skill": "team_spirit", "min_level": "3"}),
    ("skill+level+postcode", {"skill": "communication", "min_level": "2", "postcode": "69"}),
    ("sector", {"sector": "logistique"}),
    ("skill+sector+postcode", {"skill": "punctuality", "sector": "restauration", "postcode": "93"}),
    ("none", {}),
)


# --- seeding -------------------------------------------------------------------------------


@dataclass
class Seeded:
    organisation_id: UUID
    organiser_email: str
    recruiter_email: str
    company_id: UUID
    candidate_ids: list[UUID]


async def _user(conn: Any, settings: Settings, role: str, **scope: Any) -> accounts.UserRow:
    return await accounts.create_user(
        conn,
        user=accounts.UserIn(
            email=f"{role}-{secrets.token_hex(4)}@example.org",
            role=role,  # type: ignore[arg-type]
            password=PASSWORD,
            **scope,
        ),
        settings=settings,
        by=None,
    )


async def seed(url: str, settings: Settings, candidates: int, attended: int) -> Seeded:
    """Everything the search reads, written with COPY on a plain connection (no jsonb codec:
    the snapshots go in as JSON text)."""
    rng = random.Random(20261127)
    now = datetime.now(UTC)
    pool = await db.create_pool(url, min_size=1, max_size=2)
    try:
        async with db.transaction(pool) as conn:
            organisation = await organisations.create(
                conn, organisation=organisations.OrganisationIn(name="Bench search"), by=None
            )
            organiser = await _user(conn, settings, "organiser", organisation_id=organisation.id)
            coaches = [
                (await _user(conn, settings, "coach", organisation_id=organisation.id)).id
                for _ in range(4)
            ]
            company_id: UUID = await conn.fetchval(
                "insert into companies (name, sector, city, postcode, contact_name)"
                " values ('Bench logistique', 'logistique', 'Lyon', '69007', 'RH') returning id"
            )
            recruiter = await _user(conn, settings, "recruiter", company_id=company_id)
    finally:
        await pool.close()

    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            events = []
            for n in range(EVENTS):
                starts = now - timedelta(days=2 * n + 1)
                events.append(
                    (
                        uuid4(),
                        organisation.id,
                        "sport_session",
                        f"Séance sport et emploi n° {n + 1}",
                        starts,
                        starts + timedelta(hours=3),
                        "Europe/Paris",
                        '{"name": "Gymnase", "address": "1 rue du Stade", "city": "Lyon",'
                        ' "postcode": "69007"}',
                        300,
                        20,
                        [SECTORS[n % len(SECTORS)], SECTORS[(n + 2) % len(SECTORS)]],
                        '{"kind": "sport_session", "activities": [{"name": "escalade",'
                        ' "skills": []}], "coach_ids": []}',
                        "completed",
                    )
                )
            await conn.copy_records_to_table(
                "events",
                columns=[
                    "id",
                    "organisation_id",
                    "kind",
                    "title",
                    "starts_at",
                    "ends_at",
                    "timezone",
                    "venue",
                    "capacity_candidates",
                    "capacity_companies",
                    "sectors",
                    "details",
                    "status",
                ],
                records=events,
            )
            people = [
                (
                    uuid4(),
                    organisation.id,
                    f"Prénom{n}",
                    f"Nom{n}",
                    rng.choice(POSTCODES),
                    f"prenom{n}nom{n}|nom{n}prenom{n}",
                )
                for n in range(candidates)
            ]
            await conn.copy_records_to_table(
                "candidates",
                columns=[
                    "id",
                    "organisation_id",
                    "first_name",
                    "last_name",
                    "postcode",
                    "search_name",
                ],
                records=people,
            )
            ids = [p[0] for p in people]
            event_of = {cid: events[i % EVENTS] for i, cid in enumerate(ids)}
            registrations = [
                (uuid4(), event_of[cid][0], "candidate", cid, None, "confirmed") for cid in ids
            ]
            registrations += [
                (uuid4(), e[0], "company", None, company_id, "confirmed") for e in events[:attended]
            ]
            await conn.copy_records_to_table(
                "registrations",
                columns=["id", "event_id", "role", "candidate_id", "company_id", "status"],
                records=registrations,
            )
            observations, cards, reviews, lines, consents, cvs = [], [], [], [], [], []
            for cid in ids:
                event = event_of[cid]
                card_event = CardEvent(id=event[0], title=event[3], starts_at=event[4])
                skill_lines = []
                for code, label_fr, label_en in rng.sample(SKILLS, rng.randint(3, 7)):
                    levels, notes = [], []
                    for observer in rng.sample(coaches, rng.randint(1, 3)):
                        level = rng.choices((1, 2, 3, 4), weights=(1, 3, 4, 2))[0]
                        note = rng.choice(NOTES) or None
                        levels.append(level)
                        if note:
                            notes.append(note)
                        observations.append(
                            (
                                cid,
                                event[0],
                                code,
                                level,
                                "escalade",
                                note,
                                observer,
                                observer,
                                event[4],
                                event[4],
                            )
                        )
                    line = SkillLine(
                        code=code,
                        label_fr=label_fr,
                        label_en=label_en,
                        level=level_of(levels),
                        observations=len(levels),
                        observers=len(levels),
                        events=[card_event],
                        activities=["escalade"],
                        evidence=notes,
                    )
                    skill_lines.append(line)
                    lines.append(
                        (
                            cid,
                            code,
                            line.level,
                            line.observations,
                            line.observers,
                            line.observations * line.observers,
                        )
                    )
                reviewed_at = event[5] + timedelta(hours=1)
                reviewer = coaches[0]
                snapshot = SkillsCard(
                    candidate_id=cid,
                    version=1,
                    updated_at=event[5],
                    review=Review(status="reviewed", by=reviewer, at=reviewed_at, version=1),
                    skills=skill_lines,
                )
                cards.append((cid, 1, event[5]))
                reviews.append(
                    (cid, 1, msgspec.json.encode(snapshot).decode(), reviewer, reviewed_at)
                )
                agrees = rng.random() < 0.9
                consents.append((cid, agrees, agrees and rng.random() < 0.33, reviewed_at))
                if rng.random() < 0.5:
                    wished = rng.sample(SECTORS, rng.randint(1, 2))
                    postcode = rng.choice(POSTCODES)
                    structured = {
                        "headline": "Cherche un emploi",
                        "sectors": wished,
                        "postcode": postcode,
                    }
                    cvs.append(
                        (
                            cid,
                            "structured",
                            msgspec.json.encode(structured).decode(),
                            wished,
                            postcode,
                        )
                    )
            await conn.copy_records_to_table(
                "observations",
                columns=[
                    "candidate_id",
                    "event_id",
                    "skill",
                    "level",
                    "activity",
                    "note",
                    "observer_id",
                    "recorded_by",
                    "observed_at",
                    "recorded_at",
                ],
                records=observations,
            )
            await conn.copy_records_to_table(
                "skills_cards", columns=["candidate_id", "version", "updated_at"], records=cards
            )
            await conn.copy_records_to_table(
                "skills_card_reviews",
                columns=["candidate_id", "version", "card", "reviewed_by", "reviewed_at"],
                records=reviews,
            )
            await conn.copy_records_to_table(
                "skills_card_reviewed_lines",
                columns=[
                    "candidate_id",
                    "skill",
                    "level",
                    "observations",
                    "observers",
                    "evidence",
                ],
                records=lines,
            )
            # The ranks a review writes, from the lines, by the review's own statement.
            ranks_sql, _ = query_args("insert_card_ranks", {"candidate_id": None})
            await conn.executemany(ranks_sql, [(cid,) for cid in ids])
            await conn.copy_records_to_table(
                "consents",
                columns=["candidate_id", "recruiters", "contact", "updated_at"],
                records=consents,
            )
            await conn.copy_records_to_table(
                "cvs",
                columns=["candidate_id", "kind", "structured", "sectors", "postcode"],
                records=cvs,
            )
        await conn.execute("analyze")
        print(
            f"seeded {candidates} candidates, {len(observations)} observations,"
            f" {sum(1 for c in consents if c[1])} consenting, {len(cvs)} structured CVs;"
            f" the company attends {attended} of {EVENTS} events"
        )
    finally:
        await conn.close()
    return Seeded(organisation.id, organiser.email, recruiter.email, company_id, ids)


# --- the search: service and baseline ------------------------------------------------------


def search_params(company_id: UUID, filters: dict[str, str], limit: int = 50) -> dict[str, Any]:
    """The search query's parameters for ``filters``, as ``skills_cards.recruiter.search``
    passes them (first page), in a transaction that checked the session (none read here)."""
    return {
        "session_id": None,
        "actor_id": company_id,
        "now": None,
        "company_id": company_id,
        "skill": filters.get("skill"),
        "min_level": int(filters["min_level"]) if "min_level" in filters else None,
        "sector": filters.get("sector"),
        "postcode": filters.get("postcode"),
        "after_evidence": None,
        "after_level": None,
        "after_id": None,
        "limit": limit + 1,
    }


def query_args(name: str, params: dict[str, Any]) -> tuple[str, list[Any]]:
    query = db.queries()[name]
    return query.sql, [params[p] for p in query.params]


def without_views(sql: str) -> str:
    """The search statement without its ``viewed`` CTE (the audit rows of the cards shown): what
    reading alone costs, for scale. Not a baseline: the job includes recording the views."""
    head, found, tail = sql.partition(",\nviewed as (")
    _, closed, rest = tail.partition("\n)\nselect flags.")
    if not (found and closed):
        raise SystemExit("the search statement has no `viewed` CTE where the bench expects it")
    return head + "\nselect flags." + rest


def encode_get(host: str, path: str, bearer: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {bearer}\r\n\r\n"
    ).encode()


async def closed_loop(
    label: str, clients: int, count: int, call: Callable[[Any], Awaitable[None]], pool: Any
) -> PhaseResult:
    """``count`` calls over ``clients`` connections of ``pool``, each as soon as the last ends."""
    result = PhaseResult(label=label, requests=count, seconds=0.0, latencies=[], errors=0)
    left = iter(range(count))

    async def worker() -> None:
        async with pool.acquire() as conn:
            for _ in left:
                started = time.perf_counter()
                await call(conn)
                result.latencies.append(time.perf_counter() - started)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    result.seconds = time.perf_counter() - started
    return result


def line(name: str, result: PhaseResult, base: PhaseResult | None = None) -> str:
    ratio = f"{result.per_second / base.per_second:5.2f}x" if base and base.per_second else ""
    return (
        f"  {name:26} {result.per_second:7.0f} req/s  p50 {result.percentile_ms(0.5):6.1f} ms"
        f"  p95 {result.percentile_ms(0.95):6.1f} ms  p99 {result.percentile_ms(0.99):6.1f} ms"
        f"  errors {result.errors:3d}  {ratio}"
    )


def cpu_line(use: CpuUse, result: PhaseResult, *, server: bool = False) -> str:
    """CPU per request: the server process (the service's), PostgreSQL, this client; and the
    CPU other programs took meanwhile, per second (the machine has 2 cores to share)."""
    n = max(result.requests, 1)
    mine = f"  server {use.server * 1000 / n:4.1f}" if server else ""
    database, client = use.database * 1000 / n, use.client * 1000 / n
    others = use.other / max(use.seconds, 1e-9)
    return (
        f"  | CPU ms/req:{mine} pg {database:4.1f} client {client:4.1f}  others {others:3.1f} cores"
    )


def sql_literal(value: Any) -> str:
    """A bench value written into SQL text (no user input reaches this)."""
    if value is None:
        return "null"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


async def explain(url: str, company_id: UUID) -> None:
    """The plans of the search: planned for the values given (what the first five executions of
    a prepared statement get), then the generic plan PostgreSQL may keep after them."""
    conn = await asyncpg.connect(url)
    try:
        query = db.queries()["search_cards_for_recruiter"]
        await conn.execute(f"prepare search_plan as {query.sql}")
        for name, filters in (FILTERS[1], FILTERS[3], FILTERS[4], FILTERS[5]):
            params = search_params(company_id, filters)
            plan = await conn.fetch(
                f"explain (analyze, buffers) {query.sql}", *[params[p] for p in query.params]
            )
            print(f"\nEXPLAIN ANALYZE of recruiter_search, filters {name} {filters}:")
            for row in plan:
                print("  " + row[0])
            values = ", ".join(sql_literal(params[p]) for p in query.params)
            async with conn.transaction():
                await conn.execute("set local plan_cache_mode = force_generic_plan")
                plan = await conn.fetch(f"explain (analyze, buffers) execute search_plan({values})")
            print(f"\n… and its generic plan, filters {name}:")
            for row in plan:
                print("  " + row[0])
    finally:
        await conn.close()


async def search_bench(url: str, seeded: Seeded, env: dict[str, str], args: Any) -> bool:
    pool = await db.create_pool(url, min_size=args.clients, max_size=args.clients)
    bare = await asyncpg.create_pool(url, min_size=args.clients, max_size=args.clients)
    port = free_port()
    host = f"{HOST}:{port}"
    valid = True
    try:
        with server_process("service", port, env) as process:
            await wait_ready(process, port)
            bearer = await log_in(port, seeded.recruiter_email)
            print(
                f"\nGET /api/v1/skills-cards/search, {args.requests} requests per filter set,"
                f" {args.clients} concurrent clients (warm-up {args.warmup} each),"
                f" {args.rounds} round(s)"
            )
            for round_number in range(1, args.rounds + 1):
                if args.rounds > 1:
                    print(f"\nround {round_number} (load average {_load()})")
                for name, filters in FILTERS:
                    raw = (
                        args.profile / f"{name}-{round_number}.raw"
                        if args.profile is not None
                        else None
                    )
                    valid &= await _one_filter_set(
                        name,
                        filters,
                        seeded,
                        bearer,
                        host,
                        port,
                        process.pid,
                        raw,
                        pool,
                        bare,
                        args,
                    )
        if args.profile is not None:
            merged = args.profile / "all.txt"
            merged.write_text(
                "".join(
                    raw.read_text(errors="replace") for raw in sorted(args.profile.glob("*.raw"))
                )
            )
            print("\nWhere the service spent its time (py-spy, every measured phase):")
            print(top_frames(merged, count=25))
    finally:
        await pool.close()
        await bare.close()
    return valid


def _load() -> str:
    return " ".join(f"{n:.2f}" for n in os.getloadavg())


async def _one_filter_set(
    name: str,
    filters: dict[str, str],
    seeded: Seeded,
    bearer: str,
    host: str,
    port: int,
    pid: int,
    raw: Path | None,
    pool: Any,
    bare: Any,
    args: Any,
) -> bool:
    """The service, the bare SQL and the SQL with its audit rows, for one filter set."""
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    path = "/api/v1/skills-cards/search" + (f"?{query}" if query else "")
    path = path.replace(" ", "%20")
    requests = [encode_get(host, path, bearer)] * (args.warmup + args.requests)
    await http_load.run_phase("warm-up", HOST, port, requests[: args.warmup], clients=args.clients)
    with profiled(pid, raw), cpu_use(pid, args.postmaster) as service_cpu:
        service = await http_load.run_phase(
            name, HOST, port, requests[args.warmup :], clients=args.clients
        )
    sql, sql_args = query_args(
        "search_cards_for_recruiter", search_params(seeded.company_id, filters)
    )

    read_sql = without_views(sql)

    async def search(conn: Any) -> None:
        await conn.fetch(sql, *sql_args)

    async def search_unrecorded(conn: Any) -> None:
        await conn.fetch(read_sql, *sql_args)

    await closed_loop("warm-up", args.clients, args.warmup, search, bare)
    with cpu_use(pid, args.postmaster) as baseline_cpu:
        baseline = await closed_loop("sql", args.clients, args.requests, search, bare)
    with cpu_use(pid, args.postmaster) as read_cpu:
        unrecorded = await closed_loop(
            "sql, no audit", args.clients, args.requests, search_unrecorded, bare
        )
    hits = len(await pool.fetch(sql, *sql_args))
    print(f" {name} {filters} — {min(hits, 50)} shown of {hits} fetched")
    print(line("service (HTTP)", service, baseline) + cpu_line(service_cpu, service, server=True))
    print(line("baseline: bare SQL", baseline) + cpu_line(baseline_cpu, baseline))
    print(
        line("(the SQL without its views)", unrecorded, baseline) + cpu_line(read_cpu, unrecorded)
    )
    if service.errors:
        print(f"  errors: {service.error_samples}")
        return False
    return True


# --- cv.pdf --------------------------------------------------------------------------------


def three_page_pdf() -> bytes:
    import font_roboto
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_font("Roboto", "", font_roboto.Roboto)
    pdf.set_font("Roboto", size=11)
    for number in range(1, 4):
        pdf.add_page()
        pdf.multi_cell(0, 6, f"Expérience n° {number} — " + "Préparation de commandes. " * 120)
    return bytes(pdf.output())


async def cv_pdf_bench(url: str, seeded: Seeded, env: dict[str, str], rounds: int) -> None:
    content = three_page_pdf()
    candidate_id = seeded.candidate_ids[0]
    port = free_port()
    with server_process("service", port, env) as process:
        await wait_ready(process, port)
        bearer = await log_in(port, seeded.organiser_email)
        status, body = await _put_pdf(port, bearer, candidate_id, content)
        if status != 200:
            raise RuntimeError(f"upload refused: {status} {body[:300]!r}")
        request = encode_get(f"{HOST}:{port}", f"/api/v1/candidates/{candidate_id}/cv.pdf", bearer)
        await http_load.run_phase("warm-up", HOST, port, [request] * 5, clients=1)
        result = await http_load.run_phase("cv.pdf", HOST, port, [request] * rounds, clients=1)
    pool = await db.create_pool(url, min_size=1, max_size=1)
    try:
        async with pool.acquire() as conn:
            from events.skills_cards import card

            found = await card.build(conn, candidate_id=candidate_id, reviewed_only=False)
    finally:
        await pool.close()
    render = []
    for _ in range(rounds):
        started = time.perf_counter()
        out = render_pdf.document(
            name="Prénom0 Nom0",
            structured=None,
            uploaded=content,
            card=found,
            language="fr",
            now=datetime.now(UTC),
        )
        render.append(time.perf_counter() - started)
    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(out)).pages)
    print(
        f"\nGET …/cv.pdf, 3-page uploaded CV ({len(content)} bytes) + card page = {pages} pages,"
        f" {rounds} sequential requests:"
    )
    print(line("service (HTTP)", result))
    print(
        f"  {'rendering alone':26} median {statistics.median(render) * 1000:7.1f} ms"
        f"  (fpdf2 card page + pypdf join, in process)"
    )


async def _put_pdf(port: int, bearer: str, candidate_id: UUID, content: bytes) -> tuple[int, bytes]:
    boundary = secrets.token_hex(8)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="cv.pdf"\r\n'
            f"Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + content
        + f"\r\n--{boundary}--\r\n".encode()
    )
    head = (
        f"PUT /api/v1/candidates/{candidate_id}/cv HTTP/1.1\r\nHost: {HOST}:{port}\r\n"
        f"Authorization: Bearer {bearer}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    result = await http_load.run_phase("upload", HOST, port, [head + body], clients=1)
    return (500, result.error_samples[0].encode()) if result.errors else (200, b"")


# --- main ----------------------------------------------------------------------------------


async def bench(server_uri: str, args: argparse.Namespace) -> bool:
    url = await db.ensure_database(server_uri, "rencontres_bench_search")
    await db.migrate_url(url)
    data_dir = Path(tempfile.mkdtemp(prefix="rencontres-bench-data-"))
    settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48), data_dir=data_dir)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EVENTS_SECRET_KEY": settings.secret_key,
        "EVENTS_DATA_DIR": str(data_dir),
    }
    try:
        started = time.perf_counter()
        seeded = await seed(url, settings, args.candidates, args.attended)
        print(f"seeding took {time.perf_counter() - started:.1f} s")
        await settle(url)
        if not args.search_only:
            await explain(url, seeded.company_id)
        valid = await search_bench(url, seeded, env, args)
        if not args.search_only:
            await cv_pdf_bench(url, seeded, env, args.pdf_requests)
        return valid
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=10_000)
    parser.add_argument("--attended", type=int, default=EVENTS, help=f"events (of {EVENTS})")
    parser.add_argument("--requests", type=int, default=300, help="measured, per filter set")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured, per filter set")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--pdf-requests", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=1, help="the search measured N times")
    parser.add_argument(
        "--search-only", action="store_true", help="no query plans, no cv.pdf: the search alone"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="sample the service with py-spy while it is measured; stacks go to DIR",
    )
    args = parser.parse_args(argv)
    if min(
        args.candidates, args.requests, args.clients, args.pdf_requests, args.rounds
    ) < 1 or not (1 <= args.attended <= EVENTS):
        parser.error("counts must be positive and --attended between 1 and 40")
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    print(
        f"Skills search and cv.pdf: Python {platform.python_version()}, {os.cpu_count()} CPUs,"
        f" {args.candidates} candidates"
    )
    with embedded_postgres() as (server_uri, pgdata), asyncio.Runner() as runner:
        args.postmaster = postmaster_pid(pgdata)
        valid = runner.run(bench(server_uri, args))
    return 0 if valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
