"""The outbox as organisers see it: their organisation's messages, and sending a failed one
again."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, FromQuery

from events.api.contract import BEARER, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.errors import Forbidden, MessageNotDead, MessageNotFound
from events.messages import outbox
from events.pagination import DEFAULT_LIMIT


class OutboxController(Controller):
    path = "/api/v1/outbox"
    tags = ("outbox",)
    security = BEARER

    @get(
        "/",
        summary="Messages of one's organisation, newest first",
        description="Filter with `status`: `pending`, `sent`, `skipped` (with its `reason`, "
        "e.g. `no_contact`) or `dead` (with its `last_error`).",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED),
    )
    async def list_messages(
        self,
        ctx: Ctx,
        status: FromQuery[outbox.Status | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> outbox.MessagePage:
        return await outbox.list_messages(
            ctx.conn, by=ctx.actor, status=status, limit=limit, cursor=cursor
        )

    @post(
        "/{message_id:uuid}/retry",
        status_code=200,
        summary="Send a failed message again, with a fresh round of attempts",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, MessageNotFound, MessageNotDead),
    )
    async def retry(self, ctx: Ctx, message_id: FromPath[UUID]) -> outbox.Message:
        return await outbox.retry(ctx.conn, message_id=message_id, by=ctx.actor, now=ctx.now)
