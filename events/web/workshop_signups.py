"""An e-forum's workshops on the candidate's ticket page (``/t/{token}``): the « Ateliers » part
listing each workshop with its time, place and places left, and the candidate's own sign-up or
withdrawal (``POST /t/{token}/workshops``), the same domain call as the API's
(``events.workshops.signups``). The ticket's token is the holder's key, as for the page itself:
a form elsewhere cannot name it, so it needs no other check. A refusal (full, overlapping,
started) is told on a page of its own in plain words, with the way back to the ticket."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, post
from litestar.params import FromPath
from litestar.response import Redirect

from events import db, i18n
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.errors import (
    CandidateNotRegistered,
    DomainError,
    InvalidInput,
    InvalidTicket,
    TicketRevoked,
)
from events.i18n import Language
from events.tickets import by_token
from events.tickets.by_token import TokenTicket
from events.web.pages import PRIVATE, LangQuery, page
from events.workshops import signups, store

if TYPE_CHECKING:  # sections imports this module: its Part is read when a part is made
    from events.web.sections import Part

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "heading": "Ateliers",
        "intro": "Inscrivez-vous aux ateliers qui vous intéressent. C'est gratuit. "
        "Deux ateliers à la même heure, ce n'est pas possible.",
        "left_none": "Plus de place",
        "left_one": "1 place libre",
        "left": "{n} places libres",
        "online": "En ligne",
        "signed": "Vous êtes sur la liste.",
        "not_signed": "Vous n'êtes pas sur la liste.",
        "sign_up": "M'inscrire à « {title} »",
        "withdraw": "Me désinscrire de « {title} »",
        "closed": "Les inscriptions sont fermées.",
        "same_time": "À la même heure que « {title} ».",
        "refused_title": "Inscription impossible",
        "back": "Revenir à mon billet",
    },
    "en": {
        "heading": "Workshops",
        "intro": "Sign up to the workshops you like. It is free. Two workshops at the same time "
        "is not possible.",
        "left_none": "No place left",
        "left_one": "1 place left",
        "left": "{n} places left",
        "online": "Online",
        "signed": "You are signed up.",
        "not_signed": "Not signed up.",
        "sign_up": "Sign me up to '{title}'",
        "withdraw": "Take me off '{title}'",
        "closed": "Sign-ups are closed.",
        "same_time": "At the same time as '{title}'.",
        "refused_title": "Sign-up not possible",
        "back": "Back to my ticket",
    },
}


def _line(
    row: store.WorkshopRow,
    *,
    signed: list[store.WorkshopRow],
    mine: set[UUID],
    may_act: bool,
    zone: str,
    language: Language,
    now: datetime,
) -> dict[str, Any]:
    """One workshop as the candidate reads it, with what they may do about it."""
    words = WORDS[language]
    clash = next(
        (
            other.title
            for other in signed
            if other.id != row.id
            and other.starts_at < row.ends_at
            and other.ends_at > row.starts_at
        ),
        None,
    )
    return {
        "id": str(row.id),
        "title": row.title,
        "when": i18n.when(row.starts_at, row.ends_at, zone, language),
        "where": row.place or (words["online"] if row.online_url else ""),
        "places": i18n.plural(words, "left", row.places_left),
        "signed": row.id in mine,
        "open": may_act and row.starts_at > now,
        "full": row.places_left == 0,
        "clash": None
        if row.id in mine or clash is None
        else words["same_time"].format(title=clash),
    }


async def ticket_part(conn: db.Conn, ticket: TokenTicket, language: Language) -> Part | None:
    """The « Ateliers » part of a candidate's ticket to an e-forum that has workshops."""
    if ticket.candidate_id is None:
        return None
    event = await db.fetch_one(
        conn, "get_workshop_event", store.WorkshopEvent, event_id=ticket.event_id
    )
    if event is None or event.kind != "e_forum":
        return None
    rows = await db.fetch_all(
        conn, "list_event_workshops", store.WorkshopRow, event_id=ticket.event_id
    )
    if not rows:
        return None
    mine = await signups.signed_workshops(
        conn, event_id=ticket.event_id, candidate_id=ticket.candidate_id
    )
    may_act = event.status == "published" and ticket.status == "confirmed" and not ticket.replaced
    signed = [row for row in rows if row.id in mine]
    now = datetime.now(UTC)
    lines = [
        _line(
            row,
            signed=signed,
            mine=mine,
            may_act=may_act,
            zone=event.timezone,
            language=language,
            now=now,
        )
        for row in rows
    ]
    from events.web.sections import Part

    return Part(
        template="parts/workshops_ticket.html",
        data={"words": WORDS[language], "workshops": lines},
    )


class SignUpForm(msgspec.Struct, frozen=True, kw_only=True):
    workshop_id: UUID
    action: Literal["sign_up", "withdraw"]


TokenPath = Annotated[str, msgspec.Meta(max_length=2000)]


def _ticket_path(token: str, language: Language) -> str:
    return f"/t/{token}" + ("?lang=en" if language == "en" else "")


def _candidate(ticket: TokenTicket) -> UUID:
    """The ticket's candidate, while their place stands (a company's ticket has none)."""
    if ticket.candidate_id is None or ticket.status != "confirmed":
        raise CandidateNotRegistered
    return ticket.candidate_id


class WorkshopSignupPageController(Controller):
    tags = ("tickets",)

    @post(
        "/t/{token:str}/workshops",
        summary="The ticket page's workshop form: sign up or withdraw",
        description="Form fields `workshop_id` and `action` (`sign_up` or `withdraw`), as `PUT` "
        "or `DELETE /api/v1/tickets/{token}/workshops/{workshop_id}`. 303 back to the ticket "
        "page's « Ateliers »; a refusal (full, at the same time as something else, started) on "
        "a page of its own saying why, with the way back.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(InvalidInput, InvalidTicket, TicketRevoked),
    )
    async def sign_up(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[TokenPath],
        lang: LangQuery = None,
    ) -> Response[Any]:
        language: Language = lang or public_ctx.language
        raw = await request.form()
        try:
            form = msgspec.convert(
                {"workshop_id": raw.get("workshop_id"), "action": raw.get("action")}, SignUpForm
            )
        except msgspec.ValidationError as error:
            raise InvalidInput(field="workshop_id") from error
        conn = public_ctx.conn
        ticket = await by_token.find_for_holder(conn, token=token)
        call = signups.sign_up if form.action == "sign_up" else signups.withdraw
        try:
            async with conn.transaction():
                await call(
                    conn,
                    workshop_id=form.workshop_id,
                    candidate_id=_candidate(ticket),
                    by=None,
                    now=public_ctx.now,
                    ticket_event=ticket.event_id,
                )
        except DomainError as refusal:
            return page(
                "parts/workshops_refused.html",
                language=language,
                context={
                    "words": WORDS[language],
                    "reason": refusal.detail(language),
                    "back": _ticket_path(token, language) + "#workshops",
                },
                headers=PRIVATE,
                status_code=refusal.status_code,
            )
        return Redirect(
            _ticket_path(token, language) + "#workshops",
            status_code=303,
            headers={"Cache-Control": "no-store"},
        )
