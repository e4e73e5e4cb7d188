"""The back office's messages page: the mails and text messages of one's organisation (all of
them for an admin), failed ones first shown, each with what it was about, to whom, how many
attempts and why it failed in plain words; a failed one is sent again with one button. Each
makes the same domain call as the API controller beside it (``events.api.outbox``):
``outbox.list_messages`` and ``outbox.retry``. The domain sends failed messages again one at a
time: there is no "send every failed one" here either."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final, Literal
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import catalog, i18n, redact
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.errors import (
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidInput,
    MessageNotDead,
    MessageNotFound,
)
from events.messages import outbox
from events.web.admin.common import admin_page, back_office, form_ctx
from events.web.admin.outbox_texts import FAILURES, KINDS, SKIPPED, UNKNOWN_FAILURE, WORDS
from events.web.pages import LangQuery

LIST_LIMIT: Final = 50
# When a message was written, in mainland France's time.
_ZONE: Final = ZoneInfo("Europe/Paris")

Shown = Literal["dead", "pending", "sent", "skipped", "all"]
StatusQuery = Annotated[
    Shown,
    QueryParameter(
        required=False, description="Messages with this status (`all`: every one); `dead`."
    ),
]
CursorQuery = Annotated[str | None, QueryParameter(required=False, max_length=500)]
DoneQuery = Annotated[
    Literal["retried"] | None,
    QueryParameter(required=False, description="What the last form did, to say it."),
]


def _masked(recipient: str | None, channel: str) -> str | None:
    """Enough of an address to tell two apart and spot a typing error in the domain; a phone
    number's last two digits (``redact.phone``)."""
    if recipient is None:
        return None
    if channel == "sms":
        return redact.phone(recipient)
    local, at, domain = recipient.rpartition("@")
    if not at:
        return recipient[:2] + "•••"
    return f"{local[:2]}•••@{domain}"


def failure(error: str | None, language: i18n.Language) -> str | None:
    """The last error in plain words (the sender's own words stay under a "technical detail")."""
    if error is None:
        return None
    for start, words in FAILURES[language]:
        if error.startswith(start):
            return words
    return UNKNOWN_FAILURE[language]


def _moment(moment: datetime, language: i18n.Language) -> str:
    local = moment.astimezone(_ZONE)
    month = i18n.MONTHS[language][local.month - 1]
    if language == "en":
        return f"{local.day} {month} {local.year}, {local:%H:%M}"
    return f"{local.day} {month} {local.year}, {local.hour}\u00a0h\u00a0{local.minute:02d}"


async def _event_titles(
    conn: Any, actor: Actor, messages: list[outbox.Message]
) -> dict[UUID, str | None]:
    """Each event the messages are about, by its title (``catalog.get``: one read per event on
    the page); one the reader may no longer see is left unnamed."""
    titles: dict[UUID, str | None] = {}
    for message in messages:
        if message.event_id is None or message.event_id in titles:
            continue
        try:
            event = await catalog.get(conn, event_id=message.event_id, by=actor)
        except EventNotFound:
            titles[message.event_id] = None
        else:
            titles[message.event_id] = event.title
    return titles


def _line(
    message: outbox.Message, titles: dict[UUID, str | None], language: i18n.Language
) -> dict[str, Any]:
    words = WORDS[language]
    to = _masked(message.recipient, message.channel)
    kind = KINDS[language].get(message.kind, message.kind)
    if message.status == "skipped":
        problem = SKIPPED[language].get(message.reason or "", message.reason)
    else:
        problem = failure(message.last_error, language)
    return {
        "id": str(message.id),
        "created": _moment(message.created_at, language),
        "kind": kind,
        "channel": words[f"channel_{message.channel}"],
        "to": to,
        "status": i18n.status_label(message.status, language),
        "dead": message.status == "dead",
        "attempts": message.attempts,
        "problem": problem,
        "technical": message.last_error,
        "event_id": str(message.event_id) if message.event_id else None,
        "event_title": titles.get(message.event_id) if message.event_id else None,
        "retry_label": words["retry_of"].format(kind=kind, to=to or words["nobody"]),
    }


class AdminOutboxController(Controller):
    path = "/admin/outbox"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: the messages of one's organisation, failed ones by default",
        description="`status`: `dead` (failed, the default), `pending`, `sent`, `skipped` or "
        "`all`; newest first (`outbox.list_messages`). Each with its kind, channel, recipient "
        "(partly hidden), attempts, why it failed or was not sent in plain words, and its "
        "event. Organisers (their organisation's) and admins (everyone's); others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_messages(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        status: StatusQuery = "dead",
        cursor: CursorQuery = None,
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await outbox.list_messages(
            page_ctx.conn,
            by=actor,
            status=None if status == "all" else status,
            limit=LIST_LIMIT,
            cursor=cursor,
        )
        titles = await _event_titles(page_ctx.conn, actor, found.items)
        next_url = None
        if found.next_cursor:
            query = {"status": status, "cursor": found.next_cursor}
            if language == "en":
                query["lang"] = "en"
            next_url = f"/admin/outbox?{urlencode(query)}"
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/outbox.html",
            {
                "messages": [_line(m, titles, language) for m in found.items],
                "status": status,
                "statuses": {
                    code: i18n.status_label(code, language).capitalize()
                    for code in ("dead", "pending", "sent", "skipped")
                },
                "next_url": next_url,
                "notice": WORDS[language]["done_retried"] if done == "retried" else None,
            },
            words=WORDS,
        )

    @post(
        "/{message_id:uuid}/retry",
        summary="Back office: send a failed message again",
        description="`outbox.retry`: the message goes back to pending with a fresh round of "
        "attempts. 303 back to the failed messages; a message that is not failed is refused "
        "(409), one of another organisation does not exist (404).",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, MessageNotFound, MessageNotDead),
    )
    async def retry(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        message_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await outbox.retry(form.conn, message_id=message_id, by=form.actor, now=form.now)
        query = {"done": "retried", **({"lang": "en"} if form.language == "en" else {})}
        return Redirect(
            f"/admin/outbox?{urlencode(query)}",
            status_code=303,
            headers={"Cache-Control": "no-store"},
        )
