"""Log-in, log-out and the current account."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, get, post
from litestar.params import JSONBody

from events.api.contract import BEARER, JSON_BODY, refusals
from events.api.deps import Ctx, LoginCtx, bearer_token
from events.directory import accounts
from events.errors import InvalidCredentials, NotAuthenticated, TooManyAttempts
from events.fields import Role


class Me(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    id: UUID
    email: str
    name: str
    role: Role
    organisation_id: UUID | None = None
    company_id: UUID | None = None


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ("auth",)

    @post(
        "/token",
        status_code=200,
        summary="Log in and get a bearer token",
        responses=refusals(*JSON_BODY, InvalidCredentials, TooManyAttempts),
    )
    async def token(
        self,
        login_ctx: LoginCtx,
        data: JSONBody[accounts.LoginIn],
    ) -> accounts.Token:
        return await accounts.log_in(
            login_ctx.pool,
            credentials=data,
            client=login_ctx.client,
            settings=login_ctx.settings,
            now=login_ctx.now,
        )

    @post(
        "/logout",
        status_code=204,
        summary="Log out: the bearer token stops working",
        description="At once, in every process; the account's other log-ins keep theirs.",
        security=BEARER,
        responses=refusals(NotAuthenticated),
    )
    async def log_out(self, ctx: Ctx, request: Request[Any, Any, Any]) -> None:
        await accounts.log_out(
            ctx.conn, token=bearer_token(request), settings=ctx.settings, now=ctx.now
        )

    @get(
        "/me",
        summary="The account behind the bearer token",
        security=BEARER,
        responses=refusals(NotAuthenticated),
    )
    async def me(self, ctx: Ctx) -> Me:
        user = await accounts.get_user(ctx.conn, user_id=ctx.actor.id)
        return msgspec.convert(msgspec.structs.asdict(user), Me)
