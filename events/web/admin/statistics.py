"""The back office's statistics for funders: an event's and a programme's figures as a page with
charts (server-rendered SVG, each beside a table holding its numbers), and as CSV, XLSX and a
PDF report. Each makes the call the API makes (``figures.event_figures``,
``figures.programme_figures``); the layout is ``events.statistics.report``'s, one for all.

Admins and the organisers of the organisation; coaches are refused by the back office."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

from litestar import Controller, MediaType, Request, Response, get
from litestar.params import FromPath
from litestar.response import Template

from events import i18n
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageContext, PageCtx
from events.documents import statistics_pdf
from events.documents.tables import to_csv, to_xlsx
from events.errors import EventNotFound, Forbidden, InvalidInput, ProgrammeNotFound
from events.statistics import figures, report
from events.statistics.texts import WORDS
from events.web.admin.common import admin_page, back_office
from events.web.admin.documents import CSV, PDF, XLSX, download, slug
from events.web.pages import LangQuery

_ZONE: Final = ZoneInfo("Europe/Paris")
_EVENT_REFUSALS: Final = page_refusals(Forbidden, InvalidInput, EventNotFound)
_PROGRAMME_REFUSALS: Final = page_refusals(Forbidden, InvalidInput, ProgrammeNotFound)
_FILE: Final = "The page's figures, small counts suppressed; no personal data."
# The chart's geometry, in pixels: one row per bar, its label above it.
ROW_HEIGHT: Final = 50


def day_text(moment: datetime, language: i18n.Language) -> str:
    local = moment.astimezone(_ZONE)
    return f"{local.day} {i18n.MONTHS[language][local.month - 1]} {local.year}"


async def _event(page_ctx: PageContext, event_id: UUID) -> figures.EventFigures:
    actor = back_office(page_ctx.actor)
    return await figures.event_figures(page_ctx.conn, event_id=event_id, by=actor, now=page_ctx.now)


async def _programme(page_ctx: PageContext, programme_id: UUID) -> figures.ProgrammeFigures:
    actor = back_office(page_ctx.actor)
    return await figures.programme_figures(
        page_ctx.conn, programme_id=programme_id, by=actor, now=page_ctx.now
    )


def _subject(
    found: figures.EventFigures | figures.ProgrammeFigures, language: i18n.Language
) -> dict[str, Any]:
    """What the figures are of: its kind, name, and a line under it (date, or funder and dates)."""
    if isinstance(found, figures.EventFigures):
        return {
            "what": "event",
            "name": found.event.title,
            "line": day_text(found.event.starts_at, language),
            "file": f"{found.event.starts_at.astimezone(_ZONE).date().isoformat()}-"
            f"{slug(found.event.title)}",
        }
    programme = found.programme
    dates = " \u2013 ".join(d for d in (programme.starts_on, programme.ends_on) if d)
    return {
        "what": "programme",
        "name": programme.name,
        "line": " · ".join(p for p in (programme.funder or "", dates) if p),
        "file": slug(programme.name) or "programme",
    }


def _page(
    request: Request[Any, Any, Any],
    page_ctx: PageContext,
    language: i18n.Language,
    found: figures.EventFigures | figures.ProgrammeFigures,
    base: str,
) -> Template:
    subject = _subject(found, language)
    events = (
        [
            {"id": str(e.id), "title": e.title, "day": day_text(e.starts_at, language)}
            for e in found.events
        ]
        if isinstance(found, figures.ProgrammeFigures)
        else None
    )
    context = {
        "subject": subject,
        "heading": WORDS[language][f"{subject['what']}_statistics"],
        "sections": report.sections(found.figures, language),
        "row_height": ROW_HEIGHT,
        "base": base,
        "events": events,
        "programme_id": str(found.programme.id)
        if isinstance(found, figures.ProgrammeFigures)
        else None,
    }
    return admin_page(
        request, page_ctx.settings, language, "admin/statistics.html", context, words=WORDS
    )


async def _file(
    page_ctx: PageContext,
    language: i18n.Language,
    found: figures.EventFigures | figures.ProgrammeFigures,
    extension: str,
) -> Response[bytes]:
    subject = _subject(found, language)
    name = f"{subject['file']}-{slug(WORDS[language]['statistics'])}.{extension}"
    if extension == "pdf":
        content = await asyncio.to_thread(
            statistics_pdf.document,
            found.figures,
            language,
            page_ctx.now,
            what=subject["what"],
            name=subject["name"],
            line=subject["line"],
        )
        return download(content, PDF, name, language)
    table = report.table(
        found.figures,
        language,
        what=subject["what"],
        name=subject["name"],
        made=page_ctx.now.astimezone(_ZONE),
    )
    if extension == "csv":
        return download(to_csv(table, language), CSV, name, language)
    return download(to_xlsx(table, language, now=page_ctx.now), XLSX, name, language)


class AdminStatisticsController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/events/{event_id:uuid}/statistics",
        summary="Back office: an event's statistics for funders, with charts",
        description="Registered, present, no-show rate by role; the funders' shares among the "
        "candidates who came; in work or training at 1, 3, 6 and 12 months. Small counts shown "
        'as "< 5". Each chart is SVG drawn on the server, beside a table of its numbers. '
        "Organisers of the organisation and admins.",
        media_type=MediaType.HTML,
        responses=_EVENT_REFUSALS,
    )
    async def event_statistics(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        language: i18n.Language = lang or page_ctx.language
        found = await _event(page_ctx, event_id)
        return _page(request, page_ctx, language, found, f"/admin/events/{event_id}/statistics")

    @get(
        "/programmes/{programme_id:uuid}/statistics",
        summary="Back office: a programme's statistics for funders, with charts",
        description="The sums of its events' figures, suppressed so that no event's small "
        "count can be worked out; as the event's page otherwise.",
        media_type=MediaType.HTML,
        responses=_PROGRAMME_REFUSALS,
    )
    async def programme_statistics(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        programme_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        language: i18n.Language = lang or page_ctx.language
        found = await _programme(page_ctx, programme_id)
        return _page(
            request, page_ctx, language, found, f"/admin/programmes/{programme_id}/statistics"
        )

    @get(
        "/events/{event_id:uuid}/statistics.csv",
        summary="Back office: an event's statistics as CSV for French Excel",
        description=_FILE,
        media_type=CSV,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def event_statistics_csv(
        self, page_ctx: PageCtx, event_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        found = await _event(page_ctx, event_id)
        return await _file(page_ctx, lang or page_ctx.language, found, "csv")

    @get(
        "/programmes/{programme_id:uuid}/statistics.csv",
        summary="Back office: a programme's statistics as CSV for French Excel",
        description=_FILE,
        media_type=CSV,
        security=SESSION,
        responses=_PROGRAMME_REFUSALS,
    )
    async def programme_statistics_csv(
        self, page_ctx: PageCtx, programme_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        found = await _programme(page_ctx, programme_id)
        return await _file(page_ctx, lang or page_ctx.language, found, "csv")

    @get(
        "/events/{event_id:uuid}/statistics.xlsx",
        summary="Back office: an event's statistics as XLSX",
        description=_FILE,
        media_type=XLSX,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def event_statistics_xlsx(
        self, page_ctx: PageCtx, event_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        found = await _event(page_ctx, event_id)
        return await _file(page_ctx, lang or page_ctx.language, found, "xlsx")

    @get(
        "/programmes/{programme_id:uuid}/statistics.xlsx",
        summary="Back office: a programme's statistics as XLSX",
        description=_FILE,
        media_type=XLSX,
        security=SESSION,
        responses=_PROGRAMME_REFUSALS,
    )
    async def programme_statistics_xlsx(
        self, page_ctx: PageCtx, programme_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        found = await _programme(page_ctx, programme_id)
        return await _file(page_ctx, lang or page_ctx.language, found, "xlsx")

    @get(
        "/events/{event_id:uuid}/statistics.pdf",
        summary="Back office: an event's statistics as a PDF report for a funder",
        description=_FILE,
        media_type=PDF,
        security=SESSION,
        responses=_EVENT_REFUSALS,
    )
    async def event_statistics_pdf(
        self, page_ctx: PageCtx, event_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        found = await _event(page_ctx, event_id)
        return await _file(page_ctx, lang or page_ctx.language, found, "pdf")

    @get(
        "/programmes/{programme_id:uuid}/statistics.pdf",
        summary="Back office: a programme's statistics as a PDF report for a funder",
        description=_FILE,
        media_type=PDF,
        security=SESSION,
        responses=_PROGRAMME_REFUSALS,
    )
    async def programme_statistics_pdf(
        self, page_ctx: PageCtx, programme_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        found = await _programme(page_ctx, programme_id)
        return await _file(page_ctx, lang or page_ctx.language, found, "pdf")
