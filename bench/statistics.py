"""Funders' statistics of a programme of 50 events and 7,500 participants, against < 200 ms.

Run: .venv/bin/python -m bench.statistics [--events 50] [--candidates 7500] [--runs 50]

Starts an embedded PostgreSQL in a temporary directory and seeds it with COPY: one organisation
and its organiser, a programme, ``--events`` completed events over the last two years (so that
most follow-ups are due), ``--candidates`` candidates spread over them, each with a social
situation (gender, birth year, QPV, benefits, RQTH, refugee status, diploma level), 85 % checked
in, 10 companies per event; answers to the follow-ups at 1, 3, 6 and 12 months for seven in ten
of those who came; and a third of the registrations' attributes frozen
(``registration_profiles``), the rest read live. Then it times, in this process, on one pooled
connection each run:

1. ``figures.programme_figures`` (the API's and the page's call: access check, one aggregate
   per event through the view ``registration_attributes``, the answers, suppression);
2. ``figures.event_figures`` of one event;
3. the baseline, measured in the same run: the same counts for the whole programme by one bare
   SQL aggregate over the tables (live private data only, no view, no per-event rows, no
   suppression): the least work that gives these numbers.

Prints p50, p95 and the worst of each, the programme/baseline ratio, and whether the programme's
p95 is under the 200 ms target. Only the embedded server is contacted; it is removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import secrets
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec

from bench.registrations_checkins import PASSWORD, embedded_postgres
from events import db
from events.actors import Actor
from events.directory import accounts, organisations
from events.settings import Settings
from events.statistics import figures, programmes

TARGET_MS = 200.0
KINDS = (
    "interview",
    "immersion",
    "poe",
    "work_study",
    "fixed_term_short",
    "fixed_term_long",
    "permanent",
    "training",
    "nothing_yet",
    "lost_contact",
)
DIPLOMAS = ("none", "level_3", "level_4", "level_5", "level_6", "level_7_8")
REFUGEE = ("refugee", "subsidiary_protection", "asylum_seeker", "temporary_protection")

BASELINE = """
with r as (
    select r.role, r.checked_in_at is not null as came, p.data, e.starts_at, e.ends_at
    from registrations r
    join events e on e.id = r.event_id
    left join candidate_private p on p.candidate_id = r.candidate_id
    where e.programme_id = $1 and r.status in ('confirmed', 'no_show')
)
select
    count(*) filter (where role = 'candidate') as registered_candidate,
    count(*) filter (where role = 'candidate' and came) as present_candidate,
    count(*) filter (where role = 'company') as registered_company,
    count(*) filter (where role = 'company' and came) as present_company,
    count(*) filter (where came and data ->> 'gender' = 'woman') as woman,
    count(*) filter (where came and extract(year from starts_at)::int
        - (data ->> 'birth_year')::int <= 25) as under_26,
    count(*) filter (where came and (data ->> 'qpv')::boolean) as qpv,
    count(*) filter (where came and data -> 'benefits' ?| array['rsa', 'ass', 'aah'])
        as rsa_ass_aah,
    count(*) filter (where came and (data ->> 'rqth')::boolean) as rqth,
    count(*) filter (where came and data ->> 'refugee_status' in
        ('refugee', 'subsidiary_protection', 'temporary_protection')) as refugee,
    array(select jsonb_build_array(data ->> 'diploma_level', count(*)) from r where came
        group by data ->> 'diploma_level') as diplomas,
    array(
        select jsonb_build_array(o.follow_up_month, o.kind, count(*))
        from outcomes o join events e on e.id = o.event_id
        where e.programme_id = $1 and o.follow_up_month is not null
        group by o.follow_up_month, o.kind
    ) as outcomes
from r
"""


async def _organiser(conn: Any, settings: Settings, organisation_id: UUID) -> accounts.UserRow:
    return await accounts.create_user(
        conn,
        user=accounts.UserIn(
            email=f"organiser-{secrets.token_hex(4)}@example.org",
            role="organiser",
            password=PASSWORD,
            organisation_id=organisation_id,
        ),
        settings=settings,
        by=None,
    )


async def seed(
    url: str, settings: Settings, n_events: int, n_candidates: int
) -> tuple[Actor, UUID, UUID]:
    """The organiser (as an actor), the programme and one of its events."""
    rng = random.Random(20261203)
    now = datetime.now(UTC)
    pool = await db.create_pool(url, min_size=1, max_size=2)
    try:
        async with db.transaction(pool) as conn:
            organisation = await organisations.create(
                conn, organisation=organisations.OrganisationIn(name="Bench statistics"), by=None
            )
            user = await _organiser(conn, settings, organisation.id)
            actor = Actor(id=user.id, role="organiser", organisation_id=organisation.id)
            programme = await programmes.create(
                conn,
                programme=programmes.ProgrammeIn(
                    name="Du stade vers l'emploi — Île-de-France 2027", funder="FSE+"
                ),
                by=actor,
                now=now,
            )
    finally:
        await pool.close()

    conn = await asyncpg.connect(url)
    try:
        async with conn.transaction():
            events = []
            for n in range(n_events):
                starts = now - timedelta(days=14 * n + 30)
                events.append(
                    (
                        uuid4(),
                        organisation.id,
                        "job_dating",
                        f"Job dating n° {n + 1}",
                        starts,
                        starts + timedelta(hours=3),
                        "Europe/Paris",
                        '{"name": "Stade", "address": "1 rue du Stade", "city": "Saint-Denis",'
                        ' "postcode": "93200"}',
                        n_candidates // n_events + 50,
                        20,
                        '{"interview_minutes": 10}',
                        "completed",
                        programme.id,
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
                    "details",
                    "status",
                    "programme_id",
                ],
                records=events,
            )
            people = [
                (uuid4(), organisation.id, f"Prénom{n}", f"Nom{n}", f"prenom{n}nom{n}|nom{n}")
                for n in range(n_candidates)
            ]
            await conn.copy_records_to_table(
                "candidates",
                columns=["id", "organisation_id", "first_name", "last_name", "search_name"],
                records=people,
            )
            private = []
            for person in people:
                data: dict[str, Any] = {
                    "gender": rng.choice(("woman", "man", "woman", "man", "other")),
                    "birth_year": rng.randint(1965, 2008),
                    "qpv": rng.random() < 0.4,
                    "benefits": rng.sample(("rsa", "ass", "aah", "are", "cej"), rng.randint(0, 2)),
                    "rqth": rng.random() < 0.1,
                    "diploma_level": rng.choice(DIPLOMAS),
                }
                if rng.random() < 0.3:
                    data["refugee_status"] = rng.choice(REFUGEE)
                private.append((person[0], msgspec.json.encode(data).decode()))
            await conn.copy_records_to_table(
                "candidate_private", columns=["candidate_id", "data"], records=private
            )
            registrations: list[tuple[UUID, UUID, str, UUID | None, UUID | None, str, Any]] = []
            came = []
            checked = now - timedelta(days=1)
            for i, person in enumerate(people):
                event = events[i % n_events]
                present = rng.random() < 0.85
                registration_id = uuid4()
                registrations.append(
                    (
                        registration_id,
                        event[0],
                        "candidate",
                        person[0],
                        None,
                        "confirmed" if present else "no_show",
                        checked if present else None,
                    )
                )
                if present:
                    came.append((registration_id, event, person[0]))
            companies = []
            for n in range(10):
                company_id = uuid4()
                companies.append(
                    (company_id, f"Entreprise {n}", "logistique", "Lyon", "69007", "RH")
                )
            await conn.copy_records_to_table(
                "companies",
                columns=["id", "name", "sector", "city", "postcode", "contact_name"],
                records=companies,
            )
            for event in events:
                for company in companies:
                    present = rng.random() < 0.9
                    registrations.append(
                        (
                            uuid4(),
                            event[0],
                            "company",
                            None,
                            company[0],
                            "confirmed" if present else "no_show",
                            checked if present else None,
                        )
                    )
            await conn.copy_records_to_table(
                "registrations",
                columns=[
                    "id",
                    "event_id",
                    "role",
                    "candidate_id",
                    "company_id",
                    "status",
                    "checked_in_at",
                ],
                records=registrations,
            )
            outcomes = []
            for _, event, candidate_id in came:
                for month in (1, 3, 6, 12):
                    if rng.random() < 0.7:
                        outcomes.append(
                            (
                                candidate_id,
                                event[0],
                                rng.choice(KINDS),
                                event[5].date() + timedelta(days=30 * month),
                                month,
                                user.id,
                                now,
                            )
                        )
            await conn.copy_records_to_table(
                "outcomes",
                columns=[
                    "candidate_id",
                    "event_id",
                    "kind",
                    "happened_on",
                    "follow_up_month",
                    "recorded_by",
                    "recorded_at",
                ],
                records=outcomes,
            )
            # A third frozen (as erasure and retention leave them), the rest read live.
            frozen = [
                r[0] for i, r in enumerate(registrations) if r[2] == "candidate" and i % 3 == 0
            ]
            await conn.execute(
                "insert into registration_profiles (registration_id, under_26, woman, qpv,"
                " rsa_ass_aah, rqth, refugee, diploma_level, frozen_at)"
                " select registration_id, under_26, woman, qpv, rsa_ass_aah, rqth, refugee,"
                " diploma_level, now() from registration_attributes"
                " where registration_id = any($1::uuid[])",
                frozen,
            )
        await conn.execute("analyze")
    finally:
        await conn.close()
    return actor, programme.id, events[0][0]


async def timed(runs: int, warmup: int, call: Callable[[], Awaitable[Any]]) -> list[float]:
    for _ in range(warmup):
        await call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[max(0, round(0.95 * len(ordered)) - 1)]
    return (
        f"{name:<34} p50 {statistics.median(ordered):7.1f} ms   p95 {p95:7.1f} ms"
        f"   worst {ordered[-1]:7.1f} ms"
    )


async def bench(server_uri: str, args: argparse.Namespace) -> bool:
    url = await db.ensure_database(server_uri, "rencontres_bench_statistics")
    await db.migrate_url(url)
    settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48))
    started = time.perf_counter()
    actor, programme_id, event_id = await seed(url, settings, args.events, args.candidates)
    print(f"seeding took {time.perf_counter() - started:.1f} s")
    pool = await db.create_pool(url, min_size=1, max_size=2)
    try:
        now = datetime.now(UTC)

        async def programme() -> None:
            async with db.transaction(pool) as conn:
                await figures.programme_figures(conn, programme_id=programme_id, by=actor, now=now)

        async def event() -> None:
            async with db.transaction(pool) as conn:
                await figures.event_figures(conn, event_id=event_id, by=actor, now=now)

        async def baseline() -> None:
            async with db.transaction(pool) as conn:
                await conn.fetchrow(BASELINE, programme_id)

        async with db.transaction(pool) as conn:
            found = await figures.programme_figures(
                conn, programme_id=programme_id, by=actor, now=now
            )
        roles = {r.role: r for r in found.figures.roles}
        print(
            f"programme: {len(found.events)} events, "
            f"{roles['candidate'].registered.count} candidates registered, "
            f"{roles['candidate'].present.count} came; six months on, "
            f"{found.figures.outcomes[2].rate.percent} % in work or training"
        )
        if args.explain:
            async with db.transaction(pool) as conn:
                ids = await programmes.event_ids(conn, programme_id=programme_id)
                for name in ("count_statistics_cells", "count_statistics_outcomes"):
                    query = db.queries()[name]
                    given = {"event_ids": ids, "now": now}
                    args_ = [given[p] for p in query.params]
                    plan = await conn.fetch(f"explain (analyze, buffers) {query.sql}", *args_)
                    print(f"--- {name}")
                    print("\n".join(r["QUERY PLAN"] for r in plan))
        results = {}
        for name, call in (
            ("programme_figures", programme),
            ("event_figures (one event)", event),
            ("baseline (one bare SQL aggregate)", baseline),
        ):
            results[name] = await timed(args.runs, args.warmup, call)
            print(line(name, results[name]))
    finally:
        await pool.close()
    ours = sorted(results["programme_figures"])
    p95 = ours[max(0, round(0.95 * len(ours)) - 1)]
    ratio = statistics.median(ours) / statistics.median(
        results["baseline (one bare SQL aggregate)"]
    )
    print(f"programme / baseline (p50): {ratio:.2f}")
    ok = p95 < TARGET_MS
    print(f"target p95 < {TARGET_MS:.0f} ms: {'met' if ok else 'MISSED'} ({p95:.1f} ms)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--candidates", type=int, default=7_500)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--explain", action="store_true", help="print the queries' plans")
    args = parser.parse_args(argv)
    if min(args.events, args.candidates, args.runs) < 1 or args.warmup < 0:
        parser.error("counts must be positive")
    print(
        f"Statistics: Python {platform.python_version()}, {os.cpu_count()} CPUs, "
        f"{args.events} events, {args.candidates} candidates"
    )
    with embedded_postgres() as (server_uri, _pgdata), asyncio.Runner() as runner:
        valid = runner.run(bench(server_uri, args))
    return 0 if valid else 1


if __name__ == "__main__":
    raise SystemExit(main())
