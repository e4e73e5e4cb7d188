"""Retention periods of an organisation, and what a retention run would do for it now: for the
organisers of the organisation and admins."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, get, put
from litestar.params import FromPath, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.errors import Forbidden, OrganisationNotFound
from events.retention import policy
from events.retention import run as retention_run


class RetentionController(Controller):
    path = "/api/v1/organisations/{organisation_id:uuid}/retention"
    tags = ("organisations",)
    security = BEARER

    @get(
        "/",
        summary="An organisation's retention periods",
        description="In months: the social situation (`private_months`, 12 by default) and the "
        "observations, cards and CV (`observations_months`, 24) after the person's last event; "
        "the audit rows about its candidates (`audit_months`, 60) after they were written. "
        "Organisers of the organisation and admins.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, OrganisationNotFound),
    )
    async def get_policy(self, ctx: Ctx, organisation_id: FromPath[UUID]) -> policy.Policy:
        return await policy.get(ctx.conn, organisation_id=organisation_id, by=ctx.actor)

    @put(
        "/",
        summary="Change an organisation's retention periods",
        description="Social situation and observations 1 to 120 months, audit rows 12 to 240; "
        "a period left out takes its default. The next retention run follows them: coaches "
        "are warned 30 days before anything goes.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, Forbidden, OrganisationNotFound),
    )
    async def set_policy(
        self, ctx: Ctx, organisation_id: FromPath[UUID], data: JSONBody[policy.PolicyIn]
    ) -> policy.Policy:
        return await policy.set_policy(
            ctx.conn, organisation_id=organisation_id, policy=data, by=ctx.actor, now=ctx.now
        )

    @get(
        "/preview",
        summary="What a retention run would do now for this organisation",
        description="The dry run of `events retention --dry-run`, for one organisation: each "
        "warning to send and each person's data to anonymise (candidate ids, never data), and "
        "the old audit rows to delete. Nothing is changed.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, Forbidden, OrganisationNotFound),
    )
    async def preview(self, ctx: Ctx, organisation_id: FromPath[UUID]) -> retention_run.Report:
        await policy.get(ctx.conn, organisation_id=organisation_id, by=ctx.actor)
        return await retention_run.run(
            ctx.conn,
            now=ctx.now,
            trigger="command",
            dry_run=True,
            organisation_id=organisation_id,
        )
