"""The text ``events demo`` prints: how to log in, the accounts, the events and a ticket. Read
back from the database, so that a second run prints the same as the first."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec

from events import db, i18n
from events.catalog import Kind, Status
from events.demo.cohort import SAMPLE
from events.demo.staff import ACCOUNTS, COMPANIES_BY_EVENT, ORGANISATIONS
from events.settings import Settings


class DemoEventRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    kind: Kind
    title: str
    status: Status
    starts_at: datetime
    ends_at: datetime
    timezone: str
    candidates: int
    waitlisted: int
    companies: int


_LOGIN_AS = "nadia"
# A recruiter of a company registered to the sport session: they see its candidates' cards.
_RECRUITER_COMPANY = COMPANIES_BY_EVENT["sport"][0]


class SkillsCardsRow(msgspec.Struct, frozen=True, kw_only=True):
    observations: int
    candidates: int
    observers: int
    reviewed: int
    visible: int


def _as_recruiter(
    sport: DemoEventRow, cards: SkillsCardsRow, *, url: str, password: str
) -> list[str]:
    """How to see the sport session's candidates as one of its companies' recruiters."""
    recruiter = next(a for a in ACCOUNTS if a.company == _RECRUITER_COMPANY)
    return [
        "",
        f"Cartes de compétences de la séance sport : {cards.observations} observations de "
        f"{cards.candidates} candidats par {cards.observers} coachs ; {cards.reviewed} cartes "
        f"relues, dont {cards.visible} visibles par les recruteurs (avec l'accord des candidats).",
        f"Skills cards of the sport session: {cards.observations} observations of "
        f"{cards.candidates} candidates by {cards.observers} coaches; {cards.reviewed} cards "
        f"reviewed, {cards.visible} of them visible to recruiters (the candidates agreed).",
        f"Les voir comme un recruteur / See them as a recruiter: {recruiter.name} "
        f"({recruiter.email}), {recruiter.label_fr} / {recruiter.label_en}",
        f"  TOKEN=$(curl -s -X POST {url}/api/v1/auth/token -H 'Content-Type: application/json' \\",
        f'       -d \'{{"email": "{recruiter.email}", "password": "{password}"}}\' \\',
        "       | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"access_token\"])')",
        f'  curl -s {url}/api/v1/events/{sport.id}/candidates -H "Authorization: Bearer $TOKEN"',
        "  (CV et carte / CV and card: GET /api/v1/candidates/{id}/cv, "
        "GET /api/v1/candidates/{id}/cv.pdf)",
    ]


def _when(event: DemoEventRow) -> str:
    zone = ZoneInfo(event.timezone)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    return f"{start:%Y-%m-%d %H:%M}-{end:%H:%M} ({event.timezone})"


async def text(conn: db.Conn, *, settings: Settings, password: str, created: bool) -> str:
    main_id = await db.fetch_value(conn, "get_demo_organisation_id", name=ORGANISATIONS["main"])
    prescriber_id = await db.fetch_value(
        conn, "get_demo_organisation_id", name=ORGANISATIONS["prescriber"]
    )
    events = await db.fetch_all(conn, "list_demo_events", DemoEventRow, organisation_id=main_id)
    count = await db.fetch_value(
        conn,
        "count_demo_candidates",
        organisation_ids=[i for i in (main_id, prescriber_id) if i is not None],
    )
    token = await db.fetch_value(
        conn,
        "get_demo_sample_ticket",
        organisation_id=main_id,
        first_name=SAMPLE[0],
        last_name=SAMPLE[1],
    )
    url = settings.public_url.rstrip("/")
    login_as = next(a for a in ACCOUNTS if a.key == _LOGIN_AS)
    width = max(len(a.email) for a in ACCOUNTS)

    if created:
        head = [
            f"Données de démonstration chargées : {len(ORGANISATIONS)} structures, "
            f"{count} candidats, {len(events)} rencontres.",
            f"Demo data loaded: {len(ORGANISATIONS)} organisations, {count} candidates, "
            f"{len(events)} events.",
        ]
    else:
        head = [
            "Les données de démonstration étaient déjà chargées : rien n'a été ajouté. "
            "Voici de nouveau les accès.",
            "The demo data were already loaded: nothing was added. Here are the accesses again.",
        ]
    lines = [
        *head,
        "",
        f"!! ATTENTION : tous les comptes de démonstration ont le même mot de passe : {password}",
        "!! Ce mot de passe est public : ne l'utilisez jamais en production, et ne chargez pas "
        "la démo dans une base de production.",
        f"!! WARNING: every demo account has the same password: {password}",
        "!! This password is public: never use it in production, and never load the demo into "
        "a production database.",
        "",
        f"Se connecter : lancez « events serve », puis ouvrez {url} "
        "(jeton d'accès : POST /api/v1/auth/token ; documentation : /schema).",
        f"Log in: run 'events serve', then open {url} "
        "(access token: POST /api/v1/auth/token; documentation: /schema).",
        f"  curl -s -X POST {url}/api/v1/auth/token -H 'Content-Type: application/json' \\",
        f'       -d \'{{"email": "{login_as.email}", "password": "{password}"}}\'',
        "",
        "Comptes (rôle, e-mail, personne) / Accounts (role, e-mail, person):",
        *(
            f"  {a.role:<10} {a.email:<{width}}  {a.name}, {a.label_fr} / {a.label_en}"
            for a in ACCOUNTS
        ),
        "",
        "Rencontres / Events:",
    ]
    for event in events:
        lines += [
            f"  {i18n.both(i18n.KINDS, event.kind)}: {event.title}",
            f"    id {event.id} · {_when(event)} · {i18n.both(i18n.EVENT_STATUSES, event.status)}",
            f"    {event.candidates} candidats confirmés / confirmed candidates, "
            f"{event.waitlisted} en liste d'attente / waitlisted, "
            f"{event.companies} entreprises / companies",
        ]
    sport = next((e for e in events if e.kind == "sport_session"), None)
    if sport is not None:
        cards = await db.fetch_one(conn, "get_demo_skills_cards", SkillsCardsRow, event_id=sport.id)
        if cards is not None:
            lines += _as_recruiter(sport, cards, url=url, password=password)
    if token:
        lines += [
            "",
            f"Billet imprimable de {SAMPLE[0]} {SAMPLE[1]} / {SAMPLE[0]} {SAMPLE[1]}'s "
            "printable ticket:",
            f"  {url}/t/{token}",
        ]
    return "\n".join(lines)
