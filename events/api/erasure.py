"""Erasure on request: the organisers of a candidate's organisation (and admins) erase the
person; the record of an erasure says when, by whom and why (a category), nothing else."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.erasure import erase
from events.errors import CandidateErased, CandidateNotFound, ErasureNotFound, Forbidden


class ErasureController(Controller):
    path = "/api/v1/candidates/{candidate_id:uuid}/erasure"
    tags = ("candidates",)
    security = BEARER

    @post(
        "/",
        status_code=200,
        summary="Erase a candidate at their request",
        description="Organisers of the candidate's organisation and admins; `reason` is a "
        "category (`candidate_request`, `consent_withdrawn`, `objection`, `unlawful`, `other`), "
        "never the person's words. In one transaction: the statistical profiles of their "
        "registrations are frozen (the figures do not move), then their names, contact, social "
        "situation, CV, reviewed cards, consents, comments, observation and outcome notes, "
        "unsent messages and the facts of the audit rows about them are removed; their tickets "
        "are revoked; registrations, observations' levels and outcomes stay, anonymous, for the "
        "counts. Recruiters lose the card and CV at once. Any later request about the person "
        "answers 410 `candidate_erased` (404 to whom the person never existed); a second "
        "erasure too.",
        responses=refusals(
            *LOGGED_IN, *PARAMETERS, *JSON_BODY, CandidateNotFound, Forbidden, CandidateErased
        ),
    )
    async def erase_candidate(
        self, ctx: Ctx, candidate_id: FromPath[UUID], data: JSONBody[erase.ErasureIn]
    ) -> erase.ErasureDone:
        return await erase.erase(
            ctx.conn, candidate_id=candidate_id, reason=data.reason, by=ctx.actor, now=ctx.now
        )

    @get(
        "/",
        summary="The record of a candidate's erasure",
        description="Staff of the candidate's organisation and admins: when, by whom, and the "
        "category of the reason. `erasure_not_found` while the person is not erased.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, CandidateNotFound, ErasureNotFound),
    )
    async def get_erasure(self, ctx: Ctx, candidate_id: FromPath[UUID]) -> erase.Erasure:
        return await erase.get(ctx.conn, candidate_id=candidate_id, by=ctx.actor)
