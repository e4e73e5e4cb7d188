"""Plain async factories with explicit overrides; each call makes fresh, unique data."""

from __future__ import annotations

import secrets
from typing import Any

from httpx import AsyncClient

from events import db
from events.directory import accounts, organisations
from events.fields import Role
from events.settings import Settings

PASSWORD = "correct horse battery staple"


def unique(prefix: str) -> str:
    return f"{prefix}-{secrets.token_hex(4)}"


async def make_organisation(pool: Any, *, name: str | None = None) -> organisations.Organisation:
    async with db.transaction(pool) as conn:
        return await organisations.create(
            conn,
            organisation=organisations.OrganisationIn(name=name or unique("Association")),
            by=None,
        )


async def make_user(
    pool: Any,
    settings: Settings,
    *,
    role: Role,
    organisation_id: Any = None,
    company_id: Any = None,
    email: str | None = None,
    password: str = PASSWORD,
) -> accounts.UserRow:
    async with db.transaction(pool) as conn:
        return await accounts.create_user(
            conn,
            user=accounts.UserIn(
                email=email or f"{unique(role)}@example.org",
                role=role,
                password=password,
                organisation_id=organisation_id,
                company_id=company_id,
            ),
            settings=settings,
            by=None,
        )


async def log_in(client: AsyncClient, email: str, password: str = PASSWORD) -> dict[str, str]:
    response = await client.post("/api/v1/auth/token", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


class Staff:
    """An organisation with an organiser and a coach, logged in."""

    def __init__(self, organisation: organisations.Organisation) -> None:
        self.organisation = organisation
        self.organiser: dict[str, str] = {}
        self.coach: dict[str, str] = {}
        self.organiser_user: accounts.UserRow
        self.coach_user: accounts.UserRow


async def make_staff(pool: Any, settings: Settings, client: AsyncClient) -> Staff:
    staff = Staff(await make_organisation(pool))
    staff.organiser_user = await make_user(
        pool, settings, role="organiser", organisation_id=staff.organisation.id
    )
    staff.coach_user = await make_user(
        pool, settings, role="coach", organisation_id=staff.organisation.id
    )
    staff.organiser = await log_in(client, staff.organiser_user.email)
    staff.coach = await log_in(client, staff.coach_user.email)
    return staff


async def make_admin(pool: Any, settings: Settings, client: AsyncClient) -> dict[str, str]:
    admin = await make_user(pool, settings, role="admin")
    return await log_in(client, admin.email)
