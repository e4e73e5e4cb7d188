"""The back office's downloads: an event's registrations as CSV (French Excel) and XLSX, its
attendance sheet, name badges and tickets as A4 PDFs, and the events and candidates lists as
CSV and XLSX. Each makes the domain call the page beside it makes (``events.documents``,
``catalog.list_events``, ``candidates.list_for_staff``) and writes the file.

A download takes ``page_ctx`` as a page does: a browser without a log-in is sent to the log-in
form and back here; refusals are pages in plain words.
The files are never kept by a cache (the app's default ``Cache-Control: no-store``), and
their names hold the event's date and title, never a person's name."""

from __future__ import annotations

import asyncio
import re
import unicodedata
from datetime import datetime
from typing import Annotated, Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, Request, Response, get
from litestar.params import FromPath, QueryParameter

from events import catalog, i18n
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageContext, PageCtx
from events.documents import attendance, badges, lists, texts, tickets_sheet
from events.documents import registrations as documents
from events.documents.tables import Table, to_csv, to_xlsx
from events.errors import EventNotFound, Forbidden, InvalidInput
from events.web.admin.common import back_office
from events.web.pages import PRIVATE, LangQuery

# Litestar adds "; charset=utf-8" to a text type.
CSV: Final = "text/csv"
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF: Final = "application/pdf"
_SLUG_LENGTH: Final = 60

PrivateQuery = Annotated[
    bool,
    QueryParameter(
        required=False,
        description="`1`: with the candidates' social situation, for those the reader follows "
        "(the export is recorded in the audit log).",
    ),
]
KindQuery = Annotated[
    catalog.Kind | None, QueryParameter(required=False, description="One format only.")
]
StatusQuery = Annotated[
    catalog.Status | None, QueryParameter(required=False, description="One status only.")
]
SearchQuery = Annotated[
    str | None,
    QueryParameter(required=False, max_length=100, description="Candidates whose name holds this."),
]
_EVENT_REFUSALS: Final = page_refusals(Forbidden, InvalidInput, EventNotFound)
_LIST_REFUSALS: Final = page_refusals(Forbidden, InvalidInput)


def slug(text: str) -> str:
    """A title as a file name's part: ASCII, lower case, words joined by dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return words[:_SLUG_LENGTH].rstrip("-")


def _event_file(event: catalog.EventRow, what: str, extension: str) -> str:
    start = event.starts_at.astimezone(ZoneInfo(event.timezone))
    parts = [start.date().isoformat(), slug(event.title), what]
    return "-".join(part for part in parts if part) + "." + extension


def _list_file(what: str, now: datetime, extension: str) -> str:
    return f"{what}-{now.astimezone(lists.CANDIDATES_ZONE).date().isoformat()}.{extension}"


def download(
    content: bytes, media_type: str, file_name: str, language: i18n.Language
) -> Response[bytes]:
    """A back office file: a PDF opens in the browser, the rest is saved; never cached, never
    sniffed, never sent on as a referrer."""
    disposition = "inline" if media_type == PDF else "attachment"
    return Response(
        content,
        media_type=media_type,
        headers={
            **PRIVATE,
            "Content-Disposition": f'{disposition}; filename="{file_name}"',
            "Content-Language": language,
            "X-Content-Type-Options": "nosniff",
        },
    )


def _table_file(
    table: Table, extension: str, file_name: str, language: i18n.Language, now: datetime
) -> Response[bytes]:
    if extension == "csv":
        return download(to_csv(table, language), CSV, file_name, language)
    return download(to_xlsx(table, language, now=now), XLSX, file_name, language)


async def _registrations(
    request: Request[Any, Any, Any],
    page_ctx: PageContext,
    event_id: UUID,
    private: bool,
    lang: i18n.Language | None,
    extension: str,
) -> Response[bytes]:
    actor = back_office(page_ctx.actor)
    language: i18n.Language = lang or page_ctx.language
    found = await documents.export(page_ctx.conn, event_id=event_id, by=actor, with_private=private)
    what = texts.WORDS[language]["file_registrations"]
    return _table_file(
        documents.table(found, language),
        extension,
        _event_file(found.event, what, extension),
        language,
        page_ctx.now,
    )


async def _pdf(
    request: Request[Any, Any, Any],
    page_ctx: PageContext,
    event_id: UUID,
    lang: i18n.Language | None,
    what: str,
) -> Response[bytes]:
    actor = back_office(page_ctx.actor)
    language: i18n.Language = lang or page_ctx.language
    sheet = await documents.sheet(
        page_ctx.conn,
        event_id=event_id,
        by=actor,
        public_url=page_ctx.settings.public_url,
    )
    render = {
        "attendance": attendance.document,
        "badges": badges.document,
        "tickets": tickets_sheet.document,
    }[what]
    content = await asyncio.to_thread(render, sheet, language, page_ctx.now)
    name = _event_file(sheet.event, texts.WORDS[language][f"file_{what}"], "pdf")
    return download(content, PDF, name, language)


async def _events(
    request: Request[Any, Any, Any],
    page_ctx: PageContext,
    kind: catalog.Kind | None,
    status: catalog.Status | None,
    lang: i18n.Language | None,
    extension: str,
) -> Response[bytes]:
    actor = back_office(page_ctx.actor)
    language: i18n.Language = lang or page_ctx.language
    rows = await lists.all_events(page_ctx.conn, by=actor, kind=kind, status=status)
    name = _list_file(texts.WORDS[language]["file_events"], page_ctx.now, extension)
    return _table_file(lists.events_table(rows, language), extension, name, language, page_ctx.now)


async def _candidates(
    request: Request[Any, Any, Any],
    page_ctx: PageContext,
    q: str | None,
    lang: i18n.Language | None,
    extension: str,
) -> Response[bytes]:
    actor = back_office(page_ctx.actor)
    language: i18n.Language = lang or page_ctx.language
    rows = await lists.all_candidates(page_ctx.conn, by=actor, q=q, organisation_id=None)
    name = _list_file(texts.WORDS[language]["file_candidates"], page_ctx.now, extension)
    return _table_file(
        lists.candidates_table(rows, language), extension, name, language, page_ctx.now
    )


class AdminDocumentsController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/events/{event_id:uuid}/registrations.csv",
        summary="Back office: an event's registrations as CSV for French Excel",
        description="`;`, UTF-8 with BOM, CRLF. Name, role, status, waiting list position, "
        "ticket code, check-in time, phone and e-mail; with `private=1`, the social situation of "
        "the candidates the reader follows (audited). Those who run the event.",
        media_type=CSV,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def registrations_csv(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        private: PrivateQuery = False,
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _registrations(request, page_ctx, event_id, private, lang, "csv")

    @get(
        "/events/{event_id:uuid}/registrations.xlsx",
        summary="Back office: an event's registrations as XLSX",
        description="The columns of the CSV; dates as dates. `private=1` as for the CSV.",
        media_type=XLSX,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def registrations_xlsx(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        private: PrivateQuery = False,
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _registrations(request, page_ctx, event_id, private, lang, "xlsx")

    @get(
        "/events/{event_id:uuid}/attendance.pdf",
        summary="Back office: the event's attendance sheet (A4 PDF)",
        description="The funder's header fields on every page, a line per confirmed "
        "participant with a signature box per half-day the event spans, the count and the "
        "organiser's signature box.",
        media_type=PDF,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def attendance_pdf(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _pdf(request, page_ctx, event_id, lang, "attendance")

    @get(
        "/events/{event_id:uuid}/badges.pdf",
        summary="Back office: name badges of the confirmed participants (A4 PDF, 8 per sheet)",
        media_type=PDF,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def badges_pdf(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _pdf(request, page_ctx, event_id, lang, "badges")

    @get(
        "/events/{event_id:uuid}/tickets.pdf",
        summary="Back office: every confirmed ticket of the event (A4 PDF, 4 per sheet)",
        description="For people without a phone: each with its QR code (the ticket's page) and "
        "its short code. Waitlisted and cancelled registrations have none.",
        media_type=PDF,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def tickets_pdf(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _pdf(request, page_ctx, event_id, lang, "tickets")

    @get(
        "/events.csv",
        summary="Back office: the events list as CSV for French Excel",
        description="The list's filters `kind` and `status`; every page of it.",
        media_type=CSV,
        security=SESSION,
        responses=_LIST_REFUSALS,
    )
    async def events_csv(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        kind: KindQuery = None,
        status: StatusQuery = None,
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _events(request, page_ctx, kind, status, lang, "csv")

    @get(
        "/events.xlsx",
        summary="Back office: the events list as XLSX",
        description="The list's filters `kind` and `status`; every page of it.",
        media_type=XLSX,
        security=SESSION,
        responses=_LIST_REFUSALS,
    )
    async def events_xlsx(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        kind: KindQuery = None,
        status: StatusQuery = None,
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _events(request, page_ctx, kind, status, lang, "xlsx")

    @get(
        "/candidates.csv",
        summary="Back office: the candidates list as CSV for French Excel",
        description="Identity and contact, never the social situation; `q` finds by name.",
        media_type=CSV,
        security=SESSION,
        responses=_LIST_REFUSALS,
    )
    async def candidates_csv(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        q: SearchQuery = None,
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _candidates(request, page_ctx, q, lang, "csv")

    @get(
        "/candidates.xlsx",
        summary="Back office: the candidates list as XLSX",
        description="Identity and contact, never the social situation; `q` finds by name.",
        media_type=XLSX,
        security=SESSION,
        responses=_LIST_REFUSALS,
    )
    async def candidates_xlsx(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        q: SearchQuery = None,
        lang: LangQuery = None,
    ) -> Response[bytes]:
        return await _candidates(request, page_ctx, q, lang, "xlsx")
