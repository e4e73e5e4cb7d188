"""Tickets by their token: the holder's key, no account needed (the printable page is
``events.web.public``)."""

from __future__ import annotations

from litestar import Controller, Response, get
from litestar.params import FromPath

from events import invites
from events.api.contract import PARAMETERS, refusals
from events.api.deps import PublicCtx
from events.api.invites import ics_response
from events.errors import CandidateErased, InvalidTicket, TicketRevoked
from events.tickets import holder, qr

# The token is the holder's key: keep it out of referrers (no cache keeps any answer here:
# ``events.api.contract``).
_PRIVATE = {"Referrer-Policy": "no-referrer"}


class TicketController(Controller):
    tags = ("tickets",)

    @get(
        "/api/v1/tickets/{token:str}",
        summary="A ticket, as its holder sees it",
        responses=refusals(*PARAMETERS, InvalidTicket, TicketRevoked, CandidateErased),
    )
    async def ticket(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[holder.Ticket]:
        found = await holder.view(
            public_ctx.conn, token=token, public_url=public_ctx.settings.public_url
        )
        return Response(found, headers=_PRIVATE)

    @get(
        "/api/v1/tickets/{token:str}/qr.svg",
        summary="The ticket's QR code (SVG)",
        responses=refusals(*PARAMETERS, InvalidTicket, TicketRevoked, CandidateErased),
    )
    async def qr_svg(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[bytes]:
        await holder.view(public_ctx.conn, token=token, public_url=public_ctx.settings.public_url)
        return Response(qr.svg(token), media_type="image/svg+xml", headers=_PRIVATE)

    @get(
        "/api/v1/tickets/{token:str}/qr.png",
        summary="The ticket's QR code (PNG)",
        responses=refusals(*PARAMETERS, InvalidTicket, TicketRevoked, CandidateErased),
    )
    async def qr_png(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[bytes]:
        await holder.view(public_ctx.conn, token=token, public_url=public_ctx.settings.public_url)
        return Response(qr.png(token), media_type="image/png", headers=_PRIVATE)

    @get(
        "/api/v1/tickets/{token:str}/invite.ics",
        summary="The ticket's calendar invite, to download (PUBLISH)",
        description="The meeting as calendar data (`METHOD:PUBLISH`, no attendee), under the "
        "same UID and SEQUENCE as the invite mailed to the holder; once the registration or the "
        "event is cancelled, `STATUS:CANCELLED` with a higher SEQUENCE.",
        media_type="text/calendar",
        responses=refusals(*PARAMETERS, InvalidTicket, TicketRevoked, CandidateErased),
    )
    async def invite_ics(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[bytes]:
        invite = await invites.for_ticket(
            public_ctx.conn,
            token=token,
            public_url=public_ctx.settings.public_url,
            mail_from=public_ctx.settings.mail_from,
        )
        return ics_response(invite)
