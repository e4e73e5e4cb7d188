"""Pages that need no log-in: the printable ticket, opened with its token (the holder's key), and
an event's public page, the one mails, invites and the calendar feed link to."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, MediaType, get
from litestar.params import FromPath
from litestar.response import Template

from events import i18n, links
from events.api.contract import PUBLIC_ANSWERS, page_refusals
from events.api.deps import PublicCtx
from events.catalog import public_page
from events.errors import EventNotFound, InvalidInput, InvalidTicket, TicketRevoked
from events.invites import texts as invite_texts
from events.tickets import by_token, holder, qr
from events.web import sections
from events.web.pages import PRIVATE, LangQuery, page
from events.web.texts import EVENT, TICKET


class TicketPageController(Controller):
    tags = ("tickets",)

    @get(
        "/t/{token:str}",
        summary="The printable ticket page",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked),
    )
    async def ticket(
        self,
        public_ctx: PublicCtx,
        token: FromPath[str],
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        conn = public_ctx.conn
        ticket = await by_token.find_for_holder(conn, token=token)
        found = await holder.view_found(
            conn, ticket=ticket, token=token, public_url=public_ctx.settings.public_url
        )
        event = found.event
        return page(
            "ticket.html",
            language=chosen,
            context={
                "ticket": found,
                "t": TICKET[chosen],
                "when": i18n.when(event.starts_at, event.ends_at, event.timezone, chosen),
                "qr_svg": qr.svg(token).decode(),
                "parts": await sections.for_ticket(conn, ticket, event.kind, chosen),
            },
            # The token is the holder's key: keep the page out of caches and referrers.
            headers=PRIVATE,
        )


class EventPageController(Controller):
    tags = ("events",)

    @get(
        "/events/{event_id:uuid}",
        summary="An event's public page",
        description="What, when (in the event's own zone), where, what it is for and how it "
        "runs, and who organises it: plain words, ready to print, no one's name. Published "
        "events, and cancelled or completed ones (which say so); a draft is not found. French "
        "unless `lang=en` (or the browser asks for English).",
        media_type=MediaType.HTML,
        cache_control=PUBLIC_ANSWERS,
        responses=page_refusals(InvalidInput, EventNotFound),
    )
    async def event(
        self,
        public_ctx: PublicCtx,
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or public_ctx.language
        event = await public_page.view(public_ctx.conn, event_id=event_id)
        words = invite_texts.WORDS[chosen]
        return page(
            "event.html",
            language=chosen,
            context={
                "event": event,
                "t": EVENT[chosen],
                "kind": i18n.KINDS[chosen][event.kind],
                "purpose": words.purpose[event.kind],
                "interviews": words.interviews,
                "when": i18n.when(event.starts_at, event.ends_at, event.timezone, chosen),
                "span": lambda start, end: i18n.when(start, end, event.timezone, chosen),
                "address": links.event_page(event.id, public_ctx.settings.public_url),
            },
            headers={},
        )
