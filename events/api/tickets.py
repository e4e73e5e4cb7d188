"""Tickets by their token: the holder's key, no account needed."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from litestar import Controller, MediaType, Response, get
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from events import i18n, invites
from events.api.deps import PublicCtx
from events.api.invites import ics_response
from events.tickets import holder, qr
from events.web.texts import TICKET

TEMPLATES = Path(__file__).resolve().parent.parent / "web" / "templates"
LangQuery = Annotated[Literal["fr", "en"] | None, QueryParameter(name="lang", required=False)]
# The token is the holder's key: keep pages out of caches and referrers.
_PRIVATE = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer"}


class TicketController(Controller):
    tags = ("tickets",)

    @get("/api/v1/tickets/{token:str}", summary="A ticket, as its holder sees it")
    async def ticket(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[holder.Ticket]:
        found = await holder.view(
            public_ctx.conn, token=token, public_url=public_ctx.settings.public_url
        )
        return Response(found, headers=_PRIVATE)

    @get("/api/v1/tickets/{token:str}/qr.svg", summary="The ticket's QR code (SVG)")
    async def qr_svg(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[bytes]:
        await holder.view(public_ctx.conn, token=token, public_url=public_ctx.settings.public_url)
        return Response(qr.svg(token), media_type="image/svg+xml", headers=_PRIVATE)

    @get("/api/v1/tickets/{token:str}/qr.png", summary="The ticket's QR code (PNG)")
    async def qr_png(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[bytes]:
        await holder.view(public_ctx.conn, token=token, public_url=public_ctx.settings.public_url)
        return Response(qr.png(token), media_type="image/png", headers=_PRIVATE)

    @get(
        "/api/v1/tickets/{token:str}/invite.ics",
        summary="The ticket's calendar invite: REQUEST, or CANCEL once cancelled",
        media_type="text/calendar",
    )
    async def invite_ics(self, public_ctx: PublicCtx, token: FromPath[str]) -> Response[bytes]:
        invite = await invites.for_ticket(
            public_ctx.conn,
            token=token,
            public_url=public_ctx.settings.public_url,
            mail_from=public_ctx.settings.mail_from,
        )
        return ics_response(invite)

    @get("/t/{token:str}", summary="The printable ticket page", media_type=MediaType.HTML)
    async def page(
        self,
        public_ctx: PublicCtx,
        token: FromPath[str],
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        found = await holder.view(
            public_ctx.conn, token=token, public_url=public_ctx.settings.public_url
        )
        event = found.event
        return Template(
            template_name="ticket.html",
            context={
                "ticket": found,
                "t": TICKET[chosen],
                "language": chosen,
                "other": "en" if chosen == "fr" else "fr",
                "when": i18n.when(event.starts_at, event.ends_at, event.timezone, chosen),
                "qr_svg": qr.svg(token).decode(),
            },
            headers={**_PRIVATE, "Content-Language": chosen},
        )
