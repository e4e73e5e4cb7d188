"""Calendar invites over HTTP: a staff member's or recruiter's own invite to an event (the
ticket holder's is served with the ticket, in ``api.tickets``)."""

from __future__ import annotations

from uuid import UUID

from litestar import Response, get
from litestar.params import FromPath

from events import invites
from events.api.contract import BEARER, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.errors import EventNotFound, Forbidden

# The invite holds the holder's ticket link or their name: keep it out of referrers (no cache
# keeps it: ``events.api.contract``).
_PRIVATE = {"Referrer-Policy": "no-referrer"}


def ics_response(invite: invites.Download) -> Response[bytes]:
    """A download as calendar clients expect it: the method on the media type too (Outlook reads
    it there); Litestar adds the charset."""
    return Response(
        invite.ics,
        media_type=f"text/calendar; method={invite.method}",
        headers={**_PRIVATE, "Content-Disposition": 'inline; filename="invitation.ics"'},
    )


@get(
    "/api/v1/events/{event_id:uuid}/invite.ics",
    tags=["events"],
    media_type="text/calendar",
    summary="One's own calendar invite to an event one organises, coaches or recruits at",
    description="To download: `METHOD:PUBLISH`, no attendee, the same UID and SEQUENCE as the "
    "invite mailed to oneself (a REQUEST or CANCEL).",
    security=BEARER,
    responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, EventNotFound),
)
async def staff_invite_ics(ctx: Ctx, event_id: FromPath[UUID]) -> Response[bytes]:
    invite = await invites.own_staff_invite(
        ctx.conn,
        event_id=event_id,
        by=ctx.actor,
        public_url=ctx.settings.public_url,
        mail_from=ctx.settings.mail_from,
    )
    return ics_response(invite)
