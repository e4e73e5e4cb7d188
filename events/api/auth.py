"""Log-in and the current account."""

from __future__ import annotations

from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import JSONBody

from events.api.deps import Ctx, PublicCtx
from events.directory import accounts
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

    @post("/token", status_code=200, summary="Log in and get a bearer token")
    async def token(
        self,
        public_ctx: PublicCtx,
        data: JSONBody[accounts.LoginIn],
    ) -> accounts.Token:
        return await accounts.log_in(
            public_ctx.conn, credentials=data, settings=public_ctx.settings, now=public_ctx.now
        )

    @get("/me", summary="The account behind the bearer token")
    async def me(self, ctx: Ctx) -> Me:
        user = await accounts.get_user(ctx.conn, user_id=ctx.actor.id)
        return msgspec.convert(msgspec.structs.asdict(user), Me)
