"""Factories for companies, candidates and recruiters: fresh, unique data on each call."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import msgspec
from httpx import AsyncClient

from events import db
from events.directory import accounts, candidates, companies
from events.settings import Settings
from tests.factories import Staff, log_in, make_admin, make_staff, make_user, unique


def make_siret() -> str:
    """A random SIRET that passes the INSEE check."""
    body = [secrets.randbelow(10) for _ in range(13)]
    for check in range(10):
        siret = "".join(map(str, [*body, check]))
        if companies.siret_is_valid(siret) and not siret.startswith("356000000"):
            return siret
    raise AssertionError("no check digit found")  # pragma: no cover - Luhn always has one


async def make_company(
    pool: Any,
    *,
    name: str | None = None,
    sector: str = "restauration",
    city: str = "Lyon",
    postcode: str = "69003",
    siret: str | None = None,
) -> companies.CompanyRow:
    async with db.transaction(pool) as conn:
        return await companies.create(
            conn,
            company=companies.CompanyIn(
                name=name or unique("Entreprise"),
                sector=sector,
                city=city,
                postcode=postcode,
                siret=siret,
                contact=companies.ContactIn(name="Camille Martin", email="rh@example.org"),
            ),
            by=None,
        )


async def make_candidate(
    pool: Any,
    *,
    organisation_id: UUID,
    first_name: str = "Zoé",
    last_name: str | None = None,
    private: dict[str, Any] | None = None,
    **fields: Any,
) -> candidates.StaffCandidateRow:
    async with db.transaction(pool) as conn:
        return await candidates.create(
            conn,
            candidate=msgspec.convert(
                {
                    "first_name": first_name,
                    "last_name": last_name or unique("N'Diaye"),
                    "organisation_id": organisation_id,
                    "private": private,
                    **fields,
                },
                candidates.CandidateIn,
            ),
            by=None,
            now=datetime.now(UTC),
        )


class Recruiter:
    """A company with one recruiter account, logged in."""

    def __init__(self, company: companies.CompanyRow, user: accounts.UserRow) -> None:
        self.company = company
        self.user = user
        self.headers: dict[str, str] = {}


async def make_recruiter(
    pool: Any, settings: Settings, client: AsyncClient, *, company_id: UUID | None = None
) -> Recruiter:
    company = (
        await _company(pool, company_id) if company_id is not None else await make_company(pool)
    )
    user = await make_user(pool, settings, role="recruiter", company_id=company.id)
    recruiter = Recruiter(company, user)
    recruiter.headers = await log_in(client, user.email)
    return recruiter


async def _company(pool: Any, company_id: UUID) -> companies.CompanyRow:
    async with db.transaction(pool) as conn:
        row = await db.fetch_one(conn, "get_company", companies.CompanyRow, id=company_id)
    assert row is not None
    return row


class World:
    """Two organisations with their staff, an admin and a recruiter, all logged in: enough to
    try every role on an endpoint. ``own`` is the organisation the data under test belongs to."""

    def __init__(self, own: Staff, other: Staff, admin: dict[str, str], recruiter: Recruiter):
        self.own = own
        self.other = other
        self.admin = admin
        self.recruiter = recruiter

    def headers(self, who: str) -> dict[str, str]:
        return {
            "admin": self.admin,
            "organiser_own": self.own.organiser,
            "organiser_other": self.other.organiser,
            "coach_own": self.own.coach,
            "coach_other": self.other.coach,
            "recruiter": self.recruiter.headers,
            "anonymous": {},
        }[who]


ROLES = (
    "admin",
    "organiser_own",
    "organiser_other",
    "coach_own",
    "coach_other",
    "recruiter",
    "anonymous",
)


async def make_world(pool: Any, settings: Settings, client: AsyncClient) -> World:
    return World(
        own=await make_staff(pool, settings, client),
        other=await make_staff(pool, settings, client),
        admin=await make_admin(pool, settings, client),
        recruiter=await make_recruiter(pool, settings, client),
    )


async def count(pool: Any, table: str, where: str = "true", *args: Any) -> int:
    """Rows of ``table`` matching ``where``: the state a refused request must leave as it was."""
    value: int = await pool.fetchval(f"select count(*) from {table} where {where}", *args)  # noqa: S608
    return value
