"""Liveness and readiness."""

from __future__ import annotations

import msgspec
from litestar import get

from events import db
from events.api.deps import PublicCtx


class Health(msgspec.Struct, frozen=True):
    status: str
    database: str


@get("/health", tags=["health"], summary="Is the service up, and can it reach its database?")
async def health(public_ctx: PublicCtx) -> Health:
    await db.fetch_value(public_ctx.conn, "ping")
    return Health(status="ok", database="ok")
