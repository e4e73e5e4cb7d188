"""A person's data, exported by staff on their behalf (issue 12 §3): everything held about them
as JSON (stable keys: ``events.data_rights.export.PersonExport``) or as a readable PDF. The
organisers of the person's organisation and admins; every export is audited. The person's own
way in is their page (``events.web.candidate``), with their ticket and its short code."""

from __future__ import annotations

import asyncio
from typing import Annotated, Literal
from uuid import UUID

from litestar import Controller, Response, get
from litestar.params import FromPath, QueryParameter

from events import i18n
from events.api.contract import BEARER, LOGGED_IN, refusals
from events.api.deps import Ctx
from events.data_rights import document, export
from events.errors import CandidateNotFound, Forbidden, InvalidInput

LangQuery = Annotated[
    Literal["fr", "en"] | None,
    QueryParameter(name="lang", required=False, description="`en` for English; French by default."),
]
# Personal: kept out of referrers (no cache keeps them: ``events.api.contract``).
_PRIVATE = {"Referrer-Policy": "no-referrer"}


class DataExportController(Controller):
    path = "/api/v1/candidates/{candidate_id:uuid}"
    tags = ("candidates",)
    security = BEARER

    @get(
        "/export.json",
        summary="Everything held about a candidate, as JSON (right of access)",
        description="For admins and the organisers of the candidate's organisation, on the "
        "candidate's behalf: profile, social situation, registrations, tickets (status, never "
        "the token), door scans, every version of every observation with the candidate's "
        "comments, the card's reviewed versions, the consent history, who viewed the card and "
        "when, outcomes, recruiters' interests, the CV (its content, or the uploaded file's "
        "description: fetch the file with `cv.pdf`), messages sent (kind, channel, recipient, "
        "status, dates: no body is stored), the spreadsheet rows imported, the frozen "
        "statistical profile and what was done (the audit's actions). Every section is "
        "present, empty when there is nothing. Audited (`data_rights.export`). A coach is "
        "refused (403); anyone who does not follow the candidate gets 404.",
        responses=refusals(*LOGGED_IN, InvalidInput, Forbidden, CandidateNotFound),
    )
    async def export_json(
        self, ctx: Ctx, candidate_id: FromPath[UUID]
    ) -> Response[export.PersonExport]:
        found = await export.for_staff(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, fmt="json", now=ctx.now
        )
        return Response(
            found,
            headers={
                **_PRIVATE,
                "Content-Disposition": f'attachment; filename="donnees-{candidate_id}.json"',
            },
        )

    @get(
        "/export.pdf",
        summary="Everything held about a candidate, as a readable PDF (right of access)",
        description="The same content and readers as `export.json`, in plain French (English "
        "with `lang=en`), a section per kind of data, each saying when it is empty. Audited.",
        media_type="application/pdf",
        responses=refusals(*LOGGED_IN, InvalidInput, Forbidden, CandidateNotFound),
    )
    async def export_pdf(
        self, ctx: Ctx, candidate_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        language: i18n.Language = lang or "fr"
        found = await export.for_staff(
            ctx.conn, candidate_id=candidate_id, by=ctx.actor, fmt="pdf", now=ctx.now
        )
        content = await asyncio.to_thread(document.render, found, language)
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **_PRIVATE,
                "Content-Disposition": f'inline; filename="donnees-{candidate_id}.pdf"',
                "Content-Language": language,
            },
        )
