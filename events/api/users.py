"""Accounts over HTTP: admins create any account, organisers those of their organisation and
recruiters for a company; an account opened without a password is mailed a welcome link to
choose it. Admins deactivate any account, or have a reset link mailed to it; organisers those of
their organisation and the recruiters of the companies it works with. Password hashes never
leave the database."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, Response, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.directory import accounts, passwords
from events.errors import (
    AccountDeactivated,
    CompanyNotFound,
    EmailTaken,
    Forbidden,
    OrganisationNotFound,
    UserNotFound,
)
from events.fields import Role
from events.pagination import DEFAULT_LIMIT


class UserOut(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: UUID
    email: str
    name: str
    role: Role
    organisation_id: UUID | None = None
    company_id: UUID | None = None
    deactivated_at: datetime | None = None


class UserList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[UserOut]
    next_cursor: str | None


def _out(row: accounts.UserRow) -> UserOut:
    return UserOut(
        id=row.id,
        email=row.email,
        name=row.name,
        role=row.role,
        organisation_id=row.organisation_id,
        company_id=row.company_id,
        deactivated_at=row.deactivated_at,
    )


RoleQuery = Annotated[Role | None, QueryParameter(description="Only accounts with this role.")]


class UserController(Controller):
    path = "/api/v1/users"
    tags = ("users",)
    security = BEARER

    @post(
        "/",
        summary="Create an account",
        description="Admins: any role. Organisers: organiser or coach accounts of their own "
        "organisation (theirs when `organisation_id` is left out), recruiter accounts for a "
        "company their organisation works with (registered at one of its events). An address "
        "already used, in any case, answers 409 `email_taken`. Without `password`, the "
        "account is mailed a welcome link to `/password/{token}` to choose it, valid 7 days; "
        "it cannot log in before.",
        responses=refusals(
            *LOGGED_IN, Forbidden, *JSON_BODY, OrganisationNotFound, CompanyNotFound, EmailTaken
        ),
    )
    async def create(
        self,
        ctx: Ctx,
        data: JSONBody[accounts.UserIn],
    ) -> UserOut:
        return _out(
            await passwords.create_account(
                ctx.conn, user=data, settings=ctx.settings, by=ctx.actor, now=ctx.now
            )
        )

    @get(
        "/",
        summary="List accounts",
        description="Admins see every account; organisers those of their organisation and the "
        "recruiters of the companies it works with.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED),
    )
    async def list_users(
        self,
        ctx: Ctx,
        role: RoleQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> UserList:
        page = await accounts.list_users(
            ctx.conn, by=ctx.actor, role=role, limit=limit, cursor=cursor
        )
        return UserList(items=[_out(r) for r in page.items], next_cursor=page.next_cursor)

    @post(
        "/{user_id:uuid}/deactivate",
        status_code=200,
        summary="Deactivate an account",
        description="Admins: any account. Organisers: the accounts of their own organisation "
        "and the recruiters of the companies it works with (another answers 404 "
        "`user_not_found`). The account logs in no more and every token "
        "it holds stops working at once (401 `not_authenticated`); deactivating it again "
        "changes nothing.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, UserNotFound),
    )
    async def deactivate(self, ctx: Ctx, user_id: FromPath[UUID]) -> UserOut:
        return _out(
            await accounts.deactivate_user(ctx.conn, user_id=user_id, by=ctx.actor, now=ctx.now)
        )

    @post(
        "/{user_id:uuid}/password-reset",
        status_code=202,
        summary="Mail an account a link to choose a new password",
        description="Who may: as for a deactivation. The account is mailed a link to "
        "`/password/{token}`, valid one hour, and its earlier links stop working. A "
        "deactivated account answers 409 `account_deactivated`.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, UserNotFound, AccountDeactivated),
    )
    async def password_reset(self, ctx: Ctx, user_id: FromPath[UUID]) -> Response[bytes]:
        await passwords.send_reset(ctx.conn, user_id=user_id, by=ctx.actor, now=ctx.now)
        return Response(b"", status_code=202)
