"""The data of ``bench.admin_pages``, written through the domain functions an organiser's
requests call: one organisation with its organiser and three coaches, a sport session going on
now with 150 candidates confirmed (90 checked in), 10 waitlisted and 20 companies registered
(12 checked in), a few hundred other candidates (a quarter with their social situation), ~30
other events of every format and status with their own registrations, a spreadsheet of 200
people uploaded and mapped, and another organisation's published events."""

from __future__ import annotations

import argparse
import random
import secrets
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final
from uuid import UUID

import msgspec

from events import catalog, checkins, db, registrations
from events.actors import Actor
from events.checkins.structs import CheckinIn
from events.directory import accounts, candidates, companies, organisations
from events.settings import Settings

PASSWORD: Final = "bench password, long enough"  # noqa: S105 - a throwaway account
FIRST_NAMES = (
    "Aïcha Mamadou Zoé Jean-Baptiste Fatoumata Léa Yohannes Amina Kévin Hélène Samir Chloé "
    "Dawit Maëlle Ibrahima Noémie Ahmad Inès Tesfaye Océane Moussa Élodie Farid Sarah Abdoulaye"
).split()
LAST_NAMES = (
    "N'Diaye Martin Haile Dubois Traoré Lefèvre Rahimi Moreau Diallo Girard Kebede Fontaine "
    "Sy Mercier Habibi Chevalier Tesfay Rousseau Camara Blanc Bekele Garnier Koné Faure Ouali"
).split()
CITIES = (
    ("Lyon", "69007"),
    ("Vénissieux", "69200"),
    ("Villeurbanne", "69100"),
    ("Vaulx-en-Velin", "69120"),
    ("Saint-Fons", "69190"),
    ("Bron", "69500"),
)
SECTORS = ("logistique", "restauration", "bâtiment", "aide à la personne", "propreté")


@dataclass
class Seeded:
    organiser_email: str
    event_id: UUID
    ids: dict[str, UUID]  # path parameter name -> the id that fills it
    registrations: int  # of the measured event
    seconds: float = 0.0


def _event_body(
    kind: str, title: str, start: datetime, capacity: tuple[int, int], coach_ids: list[UUID]
) -> catalog.NewEvent:
    formats: dict[str, dict[str, Any]] = {
        "sport_session": {
            "activities": [
                {"name": "Escalade", "skills": ["perseverance", "team_spirit"]},
                {"name": "Course d'orientation", "skills": ["following_instructions"]},
            ],
            "coach_ids": [str(c) for c in coach_ids],
        },
        "food_festival": {"cuisines": ["syrienne", "érythréenne"]},
        "e_forum": {"mode": "hybrid", "interview_minutes": 20, "photo_shoot": True},
        "job_dating": {"interview_minutes": 10},
    }
    details = formats[kind]
    body: dict[str, Any] = {
        "kind": kind,
        "title": title,
        "description": "Venez comme vous êtes : tenue de sport conseillée.",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(hours=3)).isoformat(),
        "timezone": "Europe/Paris",
        "venue": {
            "name": "Gymnase Jean-Jaurès",
            "address": "3 rue de l'Égalité",
            "city": "Vénissieux",
            "postcode": "69200",
        },
        "capacity": {"candidates": capacity[0], "companies": capacity[1]},
        "sectors": ["logistique", "restauration"],
        "details": details,
    }
    if kind == "e_forum":
        body["online_url"] = "https://visio.example.org/forum"
    event: catalog.NewEvent = msgspec.convert(body, catalog.NewEvent)
    return event


async def _user(conn: Any, settings: Settings, role: str, organisation_id: UUID, name: str) -> Any:
    return await accounts.create_user(
        conn,
        user=accounts.UserIn(
            email=f"{role}-{secrets.token_hex(4)}@example.org",
            role=role,  # type: ignore[arg-type]
            password=PASSWORD,
            name=name,
            organisation_id=organisation_id,
        ),
        settings=settings,
        by=None,
    )


async def _candidates(
    conn: Any, by: Actor, count: int, rng: random.Random
) -> tuple[list[UUID], list[tuple[str, str]]]:
    """``count`` people, a quarter with their social situation; their ids and names."""
    now = datetime.now(UTC)
    made = []
    names = []
    for n in range(count):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        city, postcode = rng.choice(CITIES)
        private = None
        if n % 4 == 0:
            private = candidates.PrivateIn(
                refugee_status="refugee" if n % 8 == 0 else None,
                benefits=["rsa"],
                housing="temporary",
                qpv=True,
            )
        row = await candidates.create(
            conn,
            candidate=candidates.CandidateIn(
                first_name=first,
                last_name=f"{last} {n}" if n % 5 == 0 else last,
                email=f"{first.lower()}.{n}@example.org".replace("'", "") if n % 2 else None,
                phone=f"+33 6 12 {n // 100 % 100:02d} {n % 100:02d} 00" if n % 3 == 0 else None,
                city=city,
                postcode=postcode,
                private=private,
            ),
            by=by,
            now=now,
        )
        made.append(row.id)
        names.append((row.first_name, row.last_name))
    return made, names


async def _register(
    conn: Any,
    event_id: UUID,
    by: Actor,
    *,
    candidate: UUID | None = None,
    company: UUID | None = None,
) -> tuple[str, str]:
    """The registration's status and its ticket's token."""
    registered = await registrations.register(
        conn,
        event_id=event_id,
        registration=registrations.RegistrationIn(candidate_id=candidate, company_id=company),
        by=by,
        now=datetime.now(UTC),
        public_url="http://127.0.0.1:8000",
    )
    if registered.ticket is None:
        raise RuntimeError("a registration without its ticket")
    return registered.status, registered.ticket.token


async def _check_in(conn: Any, event_id: UUID, token: str, by: Actor) -> None:
    await checkins.check_in(
        conn, event_id=event_id, checkin=CheckinIn(token=token), by=by, now=datetime.now(UTC)
    )


async def _seed_import(
    pool: Any, by: Actor, known: list[tuple[str, str]], rng: random.Random
) -> dict[str, UUID]:
    """A spreadsheet of 200 people (a tenth already registered) uploaded and its columns
    confirmed, not yet imported: its mapping and preview pages have something to show. The
    import is another helper's work in progress: when its functions are not there (or have
    changed), the bench goes on without it and its pages are listed as skipped."""
    lines = ["Prénom;Nom;Téléphone;E-mail;Code postal"]
    for n in range(200):
        first, last = known[n] if n % 10 == 0 else (rng.choice(FIRST_NAMES), f"Import {n}")
        lines.append(f"{first};{last};06 12 34 {n // 100:02d} {n % 100:02d};;69200")
    try:
        from events.directory import imports
        from events.directory.import_batch import MappingIn

        async with db.transaction(pool) as conn:
            batch = await imports.upload(
                conn,
                content="\r\n".join(lines).encode("utf-8-sig"),
                filename="personnes.csv",
                organisation_id=None,
                by=by,
                now=datetime.now(UTC),
            )
            await imports.set_mapping(
                conn,
                import_id=batch.id,
                mapping=MappingIn(columns=imports.guessed_mapping(batch)),
                by=by,
                now=datetime.now(UTC),
            )
    except Exception as error:  # optional: the rest of the bench goes on without it
        print(f"no import seeded ({type(error).__name__}: {error})")
        return {}
    return {"import_id": batch.id}


async def seed(pool: Any, settings: Settings, args: argparse.Namespace) -> Seeded:
    """Everything through the domain functions an organiser's requests call."""
    started = time.perf_counter()
    rng = random.Random(20261203)
    now = datetime.now(UTC)
    ids: dict[str, UUID] = {}
    async with db.transaction(pool) as conn:
        organisation = await organisations.create(
            conn,
            organisation=organisations.OrganisationIn(name="Maison de l'emploi de Vénissieux"),
            by=None,
        )
        organiser = await _user(conn, settings, "organiser", organisation.id, "Claire Organise")
        coaches = [
            (await _user(conn, settings, "coach", organisation.id, f"Coach {n}")).id
            for n in range(3)
        ]
        other = await organisations.create(
            conn, organisation=organisations.OrganisationIn(name="Sport dans la Ville"), by=None
        )
        other_organiser = await _user(conn, settings, "organiser", other.id, "Autre Organise")
    by = Actor(id=organiser.id, role="organiser", organisation_id=organisation.id)
    ids |= {"organisation_id": organisation.id, "user_id": coaches[0]}
    async with db.transaction(pool) as conn:
        people, people_names = await _candidates(conn, by, args.candidates + 10 + args.others, rng)
        firms: list[UUID] = []
        for n in range(args.companies + 10):
            city, postcode = rng.choice(CITIES)
            firm = await companies.create(
                conn,
                company=companies.CompanyIn(
                    name=f"{rng.choice(('Boulangerie', 'Transports', 'Restaurant', 'BTP'))} {n}",
                    sector=rng.choice(SECTORS),
                    city=city,
                    postcode=postcode,
                    contact=companies.ContactIn(name="Camille Martin", email="rh@example.org"),
                ),
                by=by,
            )
            firms.append(firm.id)
        # The measured event: going on now, its door open.
        event = await catalog.create(
            conn,
            event=_event_body(
                "sport_session",
                "Séance sport et emploi — Gymnase Jean-Jaurès",
                now - timedelta(hours=1),
                (args.candidates, args.companies),
                coaches,
            ),
            by=by,
        )
        await catalog.set_status(conn, event_id=event.id, status="published", by=by, now=now)
        tickets = []
        for candidate in people[: args.candidates + 10]:
            tickets.append((await _register(conn, event.id, by, candidate=candidate))[1])
        for company in firms[: args.companies]:
            tickets.append((await _register(conn, event.id, by, company=company))[1])
        for token in tickets[: args.candidates * 3 // 5]:
            await _check_in(conn, event.id, token, by)
        for token in tickets[args.candidates + 10 : args.candidates + 10 + args.companies * 3 // 5]:
            await _check_in(conn, event.id, token, by)
        first = await registrations.list_for_event(
            conn, event_id=event.id, by=by, status="confirmed", limit=1, cursor=None
        )
        ids |= {
            "event_id": event.id,
            "candidate_id": people[0],
            "company_id": firms[0],
            "registration_id": first.items[0].id,
        }
    # ~30 other events of the organisation, and 5 of another one (published: listed too).
    kinds = ("sport_session", "food_festival", "e_forum", "job_dating")
    for n in range(args.events):
        past = n < args.events // 4
        start = now + timedelta(days=(-200 + 20 * n) if past else (3 + 4 * n), hours=n % 5)
        async with db.transaction(pool) as conn:
            other_event = await catalog.create(
                conn,
                event=_event_body(
                    kinds[n % 4], f"Rencontre n° {n + 1}", start, (rng.randint(40, 120), 15), []
                ),
                by=by,
            )
            if n % 10 == 7:
                continue  # a draft
            await catalog.set_status(
                conn, event_id=other_event.id, status="published", by=by, now=now
            )
            if n % 10 == 9:
                await catalog.set_status(
                    conn,
                    event_id=other_event.id,
                    status="cancelled",
                    by=by,
                    now=now,
                    reason="Le gymnase est fermé.",
                )
                continue
            chosen = rng.sample(people, rng.randint(10, 50))
            for candidate in chosen:
                status, token = await _register(conn, other_event.id, by, candidate=candidate)
                if past and rng.random() < 0.7 and status == "confirmed":
                    await _check_in(conn, other_event.id, token, by)
            for company in rng.sample(firms, 5):
                await _register(conn, other_event.id, by, company=company)
            if past:
                await catalog.set_status(
                    conn, event_id=other_event.id, status="completed", by=by, now=now
                )
    ids |= await _seed_import(pool, by, people_names, rng)
    other_by = Actor(id=other_organiser.id, role="organiser", organisation_id=other.id)
    async with db.transaction(pool) as conn:
        for n in range(5):
            foreign = await catalog.create(
                conn,
                event=_event_body(
                    "job_dating",
                    f"Job dating partenaire {n + 1}",
                    now + timedelta(days=5 + 7 * n),
                    (60, 10),
                    [],
                ),
                by=other_by,
            )
            await catalog.set_status(
                conn, event_id=foreign.id, status="published", by=other_by, now=now
            )
    return Seeded(
        organiser_email=organiser.email,
        event_id=event.id,
        ids=ids,
        registrations=len(tickets),
        seconds=time.perf_counter() - started,
    )
