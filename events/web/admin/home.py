"""The organiser's home: the coming events with how full each is, and what needs doing (past
events still open, messages that could not be sent)."""

from __future__ import annotations

from typing import Any, Final

from litestar import Controller, MediaType, Request, get
from litestar.response import Template

from events import catalog, checkins, i18n
from events.api.contract import page_refusals
from events.api.deps import PageCtx
from events.errors import Forbidden, InvalidInput
from events.messages import outbox
from events.skills_cards import review
from events.web.admin.common import admin_page, back_office
from events.web.admin.events import event_line
from events.web.pages import LangQuery

UPCOMING: Final = 20
# Counted up to this many; more shows as "50+".
COUNTED: Final = 50


class AdminHomeController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: the organiser's home",
        description="Coming events with their fill rate and waiting list; past events to "
        "complete; messages not sent. Organisers and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def home(
        self, page_ctx: PageCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        conn, now = page_ctx.conn, page_ctx.now
        coming = await catalog.list_events(
            conn, own_only=True, by=actor, starts_from=now, limit=UPCOMING
        )
        upcoming = []
        for row in coming.items:
            if not isinstance(row, catalog.EventRow) or row.status not in ("draft", "published"):
                continue
            counts = await checkins.summary(conn, event_id=row.id, by=actor)
            upcoming.append(
                {
                    **event_line(row, language),
                    "capacity": row.capacity,
                    "candidates": counts.candidates,
                    "companies": counts.companies,
                    "waitlisted": counts.candidates.waitlisted + counts.companies.waitlisted,
                }
            )
        open_past = await catalog.list_events(
            conn, own_only=True, by=actor, status="published", starts_before=now, limit=COUNTED
        )
        to_complete = [
            row
            for row in open_past.items
            if isinstance(row, catalog.EventRow) and row.ends_at <= now
        ]
        failed = await outbox.list_messages(
            conn, by=actor, status="dead", limit=COUNTED, cursor=None
        )
        to_review = await review.list_to_review(conn, by=actor, limit=COUNTED + 1)
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/home.html",
            {
                "upcoming": upcoming,
                "to_complete": [event_line(row, language) for row in to_complete],
                "failed": f"{COUNTED}+" if failed.next_cursor else str(len(failed.items)),
                "failed_count": len(failed.items),
                "to_review": to_review[:COUNTED],
                "to_review_count": f"{COUNTED}+" if len(to_review) > COUNTED else len(to_review),
            },
        )
