"""Log-in, log-out, the current account, and choosing a password through a mailed link."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import JSONBody

from events.api.contract import BEARER, JSON_BODY, refusals
from events.api.deps import Ctx, LoginCtx, PublicCtx, bearer_token
from events.directory import accounts, passwords
from events.errors import InvalidCredentials, InvalidLink, NotAuthenticated, TooManyAttempts
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

    @post(
        "/password-reset",
        status_code=202,
        summary="Forgot password: mail a link to choose a new one",
        description='Body `{"email"}`. Always 202 with no body, whether the address is an '
        "active account's or not (nothing tells them apart); an active account is mailed a "
        "link to `/password/{token}`, valid one hour, which replaces its earlier links (at "
        f"most {passwords.RESET_MAX_PER_ACCOUNT} such mails an hour per account). Past "
        f"{passwords.RESET_MAX_PER_ADDRESS} requests an hour from one client address: 429 "
        "`too_many_attempts` with `Retry-After`.",
        responses=refusals(*JSON_BODY, TooManyAttempts),
    )
    async def password_reset(
        self, login_ctx: LoginCtx, data: JSONBody[passwords.ResetIn]
    ) -> Response[bytes]:
        await passwords.request_reset(
            login_ctx.pool, request=data, client=login_ctx.client, now=login_ctx.now
        )
        return Response(b"", status_code=202)

    @post(
        "/password",
        status_code=204,
        summary="Choose a password with the token of a mailed link",
        description='Body `{"token","password"}`: the token of a welcome or reset link '
        "(the last part of `/password/{token}`) and the new password (10 to 200 characters). "
        "204: the password is set, the link is used up, and every session of the account "
        "ends (its bearer tokens answer 401). 422 `invalid_link` for a link that was used, "
        "replaced by a newer one, expired, or is not one of ours.",
        responses=refusals(*JSON_BODY, InvalidLink),
    )
    async def password(
        self, public_ctx: PublicCtx, data: JSONBody[passwords.NewPasswordIn]
    ) -> None:
        await passwords.set_password(
            public_ctx.conn, new=data, settings=public_ctx.settings, now=public_ctx.now
        )
