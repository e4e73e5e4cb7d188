"""Loading the demo through the domain functions, each step done by the account that would do
it for real, so that every rule is checked and every change leaves its audit row."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar
from uuid import UUID

import msgspec

from events import catalog, registrations
from events.actors import Actor
from events.db import Conn
from events.demo import cards, meetings
from events.demo.cohort import CANDIDATES
from events.demo.meetings import EventKey
from events.demo.staff import (
    ACCOUNTS,
    COMPANIES,
    COMPANIES_BY_EVENT,
    ORGANISATIONS,
    RESTAURANTS,
    Account,
    OrgKey,
)
from events.directory import accounts, candidates, companies, organisations
from events.errors import NameTaken
from events.settings import Settings

T = TypeVar("T")


def _checked(values: dict[str, Any], into: type[T]) -> T:
    """Demo values through the same input structs, and so the same constraints, as the API."""
    return msgspec.convert(values, into)


def _actor(user: accounts.UserRow) -> Actor:
    return Actor(
        id=user.id,
        role=user.role,
        organisation_id=user.organisation_id,
        company_id=user.company_id,
    )


class _Loader:
    """The ids made so far, by demo key."""

    def __init__(self, conn: Conn, *, settings: Settings, password: str, now: datetime) -> None:
        self.conn = conn
        self.settings = settings
        self.password = password
        self.now = now
        self.organisations: dict[OrgKey, UUID] = {}
        self.actors: dict[str, Actor] = {}
        self.companies: dict[str, UUID] = {}
        self.events: dict[EventKey, UUID] = {}

    async def account(self, account: Account) -> None:
        user = _checked(
            {
                "email": account.email,
                "role": account.role,
                "password": self.password,
                "name": account.name,
                "organisation_id": (
                    self.organisations[account.organisation] if account.organisation else None
                ),
                "company_id": self.companies[account.company] if account.company else None,
            },
            accounts.UserIn,
        )
        row = await accounts.create_user(
            self.conn,
            user=user,
            settings=self.settings,
            by=self.actors[account.created_by] if account.created_by else None,
        )
        self.actors[account.key] = _actor(row)

    async def organisation(self, key: OrgKey, *, by: Actor | None) -> None:
        row = await organisations.create(
            self.conn,
            organisation=_checked({"name": ORGANISATIONS[key]}, organisations.OrganisationIn),
            by=by,
        )
        self.organisations[key] = row.id

    async def register(self, event: EventKey, *, by: str, **party: UUID) -> None:
        await registrations.register(
            self.conn,
            event_id=self.events[event],
            registration=registrations.RegistrationIn(**party),
            by=self.actors[by],
            now=self.now,
            public_url=self.settings.public_url,
        )


# Who registers candidates for each event: the sport coach for his session (many come through
# him), the programme lead otherwise; referred candidates always by their counsellor.
_REGISTRAR: dict[EventKey, str] = {
    "sport": "karim",
    "dating": "thomas",
    "food": "thomas",
    "forum": "nadia",
}


async def populate(conn: Conn, *, settings: Settings, password: str, now: datetime) -> bool:
    """Load the whole demo in the caller's transaction; False, with nothing written, when the
    demo organisation already exists."""
    load = _Loader(conn, settings=settings, password=password, now=now)
    try:
        # The command line creates the first organisation, as it creates the first account.
        await load.organisation("main", by=None)
    except NameTaken:
        return False
    staff = [a for a in ACCOUNTS if a.role != "recruiter"]
    await load.account(staff[0])  # the administrator, by the command line
    await load.organisation("prescriber", by=load.actors["admin"])
    for account in staff[1:]:
        await load.account(account)

    for company in COMPANIES:
        registered = await companies.create(
            conn,
            company=_checked(company.fields, companies.CompanyIn),
            by=load.actors["nadia"],
        )
        load.companies[company.key] = registered.id

    candidate_ids: list[UUID] = []
    for candidate in CANDIDATES:
        person = await candidates.create(
            conn,
            candidate=_checked(candidate.fields(), candidates.CandidateIn),
            by=load.actors["aminata" if candidate.referred else "thomas"],
            now=now,
        )
        candidate_ids.append(person.id)

    plan = meetings.plan(
        now=now,
        coach_ids=[load.actors["karim"].id, load.actors["julie"].id],
        restaurant_ids=[load.companies[key] for key in RESTAURANTS],
    )
    for key, event in plan.items():
        created = await catalog.create(conn, event=event, by=load.actors["thomas"])
        await catalog.set_status(
            conn, event_id=created.id, status="published", by=load.actors["thomas"], now=now
        )
        load.events[key] = created.id

    for event_key, company_keys in COMPANIES_BY_EVENT.items():
        for company_key in company_keys:
            await load.register(event_key, by="nadia", company_id=load.companies[company_key])
    # Recruiter accounts once their companies take part in the organisation's events: an
    # organiser opens them only for partners (``accounts.create_user``).
    for account in ACCOUNTS:
        if account.role == "recruiter":
            await load.account(account)
    # In list order, so that the last ones of a full event land on its waiting list.
    for candidate, candidate_id in zip(CANDIDATES, candidate_ids, strict=True):
        for event_key in candidate.events:
            registrar = "aminata" if candidate.referred else _REGISTRAR[event_key]
            await load.register(event_key, by=registrar, candidate_id=candidate_id)

    names = [(c.first_name, c.last_name) for c in CANDIDATES]
    await cards.record(
        conn,
        event_id=load.events["sport"],
        candidate_ids=dict(zip(names, candidate_ids, strict=True)),
        coaches={key: load.actors[key] for key in ("karim", "julie")},
        # A coach follows only the candidates of events they are assigned to, and the mission
        # locale runs none: its organiser speaks for the young people it referred.
        follower_of={
            name: load.actors["helene"]
            for name, candidate in zip(names, CANDIDATES, strict=True)
            if candidate.referred
        },
        now=now,
    )
    return True
