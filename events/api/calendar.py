"""The public iCalendar feed of published events."""

from __future__ import annotations

from litestar import Response, get
from litestar.params import FromQuery

from events import calendar_feed, catalog
from events.api.contract import PUBLIC_ANSWERS, refusals
from events.api.deps import PublicCtx
from events.api.params import From, To, instant
from events.errors import InvalidInput

# Litestar adds "; charset=utf-8" to text types.
ICALENDAR = "text/calendar"


@get(
    "/api/v1/calendar.ics",
    tags=["events"],
    media_type=ICALENDAR,
    summary="Published events as an iCalendar feed (no log-in)",
    cache_control=PUBLIC_ANSWERS,
    responses=refusals(InvalidInput),
)
async def calendar_ics(
    public_ctx: PublicCtx,
    kind: FromQuery[catalog.Kind | None] = None,
    starts_from: From = None,
    starts_before: To = None,
) -> Response[bytes]:
    body = await calendar_feed.feed(
        public_ctx.conn,
        kind=kind,
        starts_from=instant(starts_from, "from"),
        starts_before=instant(starts_before, "to"),
        public_url=public_ctx.settings.public_url,
        now=public_ctx.now,
    )
    return Response(
        body,
        media_type=ICALENDAR,
        headers={"Content-Disposition": 'inline; filename="rencontres.ics"'},
    )
