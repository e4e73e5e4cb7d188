"""The back office's "everything held about this person" PDF (right of access, issue 12 §3): the
same domain call as ``GET /api/v1/candidates/{id}/export.pdf``
(``data_rights.export.for_staff``: organisers of the person's organisation and admins, audited),
as pages answer: a browser without a log-in goes to the log-in form, a refusal is a page in
plain words. The file name holds no name, only « donnees » and the day. The JSON is the API's
(``export.json``, which a logged-in browser's GET may read with its session cookie)."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import UUID

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from events import i18n
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx
from events.data_rights import document, export
from events.errors import CandidateNotFound, Forbidden, InvalidInput
from events.web.admin.common import back_office
from events.web.admin.documents import download
from events.web.pages import LangQuery

_REFUSALS = page_refusals(Forbidden, InvalidInput, CandidateNotFound)


class AdminDataExportController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/candidates/{candidate_id:uuid}/export.pdf",
        summary="Back office: everything held about a candidate, as a readable PDF",
        description="For the candidate, on their behalf (right of access): as `GET "
        "/api/v1/candidates/{id}/export.pdf`. Organisers of the candidate's organisation and "
        "admins; audited.",
        media_type="application/pdf",
        security=SESSION,
        responses=_REFUSALS,
    )
    async def export_pdf(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await export.for_staff(
            page_ctx.conn, candidate_id=candidate_id, by=actor, fmt="pdf", now=page_ctx.now
        )
        content = await asyncio.to_thread(document.render, found, language)
        day = page_ctx.now.date().isoformat()
        return download(content, "application/pdf", f"donnees-{day}.pdf", language)
