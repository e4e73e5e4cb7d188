"""The back office's skills badge on paper (issue 15 §4): from a candidate's page, the credential
of their last reviewed card as one printable A4 page with the QR code of its public verification
page, for staff to hand to its holder. The same domain call as ``POST
/api/v1/candidates/{id}/credentials`` (``issuing.issue``: those who follow the candidate; the
name as the holder chose it; one credential per reviewed version, made and audited the first
time). Each print is audited too. The service never sends it to anyone: staff hand it over."""

from __future__ import annotations

import asyncio
from uuid import UUID

from litestar import Controller, Response, get
from litestar.params import FromPath

from events import audit, i18n
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx
from events.credentials import issuing
from events.documents import credential_pdf
from events.errors import (
    CandidateErased,
    CandidateNotFound,
    CredentialWithdrawn,
    InvalidInput,
    SkillsCardNotReviewed,
)
from events.web.admin.common import back_office
from events.web.pages import PRIVATE, LangQuery


class AdminCredentialsController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/candidates/{candidate_id:uuid}/credential.pdf",
        summary="Back office: the candidate's skills badge, on paper",
        description="The credential of the candidate's last reviewed card (issued now if it "
        "was not yet, as `POST /api/v1/candidates/{id}/credentials`, with the name as the "
        "holder chose it) as one printable A4 PDF: the holder's name, the issuer and the date, "
        "each skill with its level and its behavioural anchor, and a QR code of "
        "`/verify/{credential id}`. Those who follow the candidate; audited "
        "(`credential.print`). 409 `skills_card_not_reviewed`, 409 `credential_withdrawn`.",
        media_type="application/pdf",
        security=SESSION,
        responses=page_refusals(
            InvalidInput,
            CandidateNotFound,
            CandidateErased,
            SkillsCardNotReviewed,
            CredentialWithdrawn,
        ),
    )
    async def credential_pdf(
        self, page_ctx: PageCtx, candidate_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        issued = await issuing.issue(
            page_ctx.conn,
            candidate_id=candidate_id,
            by=actor,
            now=page_ctx.now,
            public_url=page_ctx.settings.public_url,
        )
        if issued.revoked:
            raise CredentialWithdrawn
        await audit.record(
            page_ctx.conn,
            by=actor,
            action="credential.print",
            subject_type="candidate",
            subject_id=candidate_id,
            on_behalf_of=candidate_id,
            data={"credential_id": str(issued.id)},
        )
        content = await asyncio.to_thread(
            credential_pdf.document,
            issued.credential,
            verify_url=str(issued.credential["id"]),
            issued_at=issued.issued_at,
            language=language,
        )
        return Response(
            content,
            media_type="application/pdf",
            headers={
                **PRIVATE,
                "Content-Disposition": 'inline; filename="badge.pdf"',
                "Content-Language": language,
                "X-Content-Type-Options": "nosniff",
            },
        )
