"""Liveness and readiness: 200 while the database answers; 503, with the reason and a
``Retry-After``, while it does not (the embedded server being restarted, a server that refuses
connections or answers too slowly)."""

from __future__ import annotations

import msgspec
from litestar import MediaType, Response, get
from litestar.datastructures import State
from litestar.openapi.datastructures import ResponseSpec

from events import db
from events.embedded import EmbeddedServer
from events.settings import Settings

# The longest /health waits for the database: a monitor probes often and expects a quick answer.
_PROBE_SECONDS = 2.0
_RETRY_SECONDS = 5


class Health(msgspec.Struct, frozen=True, omit_defaults=True):
    status: str  # "ok" | "unavailable"
    database: str  # "ok" | "unreachable"
    reason: str | None = None  # why the database is unreachable


@get(
    "/health",
    tags=["health"],
    summary="Is the service up, and can it reach its database?",
    media_type=MediaType.JSON,
    responses={
        503: ResponseSpec(
            data_container=Health,
            description="The database is unreachable (`database: unreachable`, with a `reason`); "
            "the service keeps trying to reach it or restarts its embedded server.",
        )
    },
)
async def health(state: State) -> Response[Health]:
    settings: Settings = state.settings
    server: EmbeddedServer | None = state.get("embedded")
    if server is not None and server.down:  # known down: no need to wait for a probe
        return _unavailable(server.down)
    reason = await db.unreachable(
        state.pool, seconds=min(_PROBE_SECONDS, settings.database_wait_seconds)
    )
    if reason is None:
        return Response(Health(status="ok", database="ok"))
    return _unavailable(reason)


def _unavailable(reason: str) -> Response[Health]:
    return Response(
        Health(status="unavailable", database="unreachable", reason=reason),
        status_code=503,
        headers={"Retry-After": str(_RETRY_SECONDS)},
    )
