"""Organisations: created by admins, seen by their own staff."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.directory import organisations
from events.errors import Forbidden, NameTaken, OrganisationNotFound
from events.pagination import DEFAULT_LIMIT


class OrganisationOut(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    name: str
    created_at: datetime


class OrganisationList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[OrganisationOut]
    next_cursor: str | None


def _out(row: organisations.Organisation) -> OrganisationOut:
    return OrganisationOut(id=row.id, name=row.name, created_at=row.created_at)


class OrganisationController(Controller):
    path = "/api/v1/organisations"
    tags = ("organisations",)
    security = BEARER

    @post(
        "/",
        summary="Create an organisation (admin)",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, NameTaken),
    )
    async def create(
        self, ctx: Ctx, data: JSONBody[organisations.OrganisationIn]
    ) -> OrganisationOut:
        return _out(await organisations.create(ctx.conn, organisation=data, by=ctx.actor))

    @get(
        "/",
        summary="List organisations",
        description="Admins see every organisation; organisers and coaches their own.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED),
    )
    async def list_organisations(
        self, ctx: Ctx, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> OrganisationList:
        page = await organisations.list_visible(ctx.conn, by=ctx.actor, limit=limit, cursor=cursor)
        return OrganisationList(items=[_out(r) for r in page.items], next_cursor=page.next_cursor)

    @get(
        "/{organisation_id:uuid}",
        summary="One organisation",
        responses=refusals(*LOGGED_IN, *PARAMETERS, OrganisationNotFound),
    )
    async def get_organisation(self, ctx: Ctx, organisation_id: FromPath[UUID]) -> OrganisationOut:
        return _out(
            await organisations.get(ctx.conn, organisation_id=organisation_id, by=ctx.actor)
        )
