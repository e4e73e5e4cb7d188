"""Programmes: what a funder pays for, grouping some of one organisation's events. Admins and the
organisers of the organisation only (coaches are refused)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, delete, get, patch, post, put
from litestar.params import FromPath, JSONBody, QueryParameter

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PARAMETERS, refusals
from events.api.deps import Ctx
from events.errors import EventNotFound, Forbidden, NameTaken, ProgrammeNotFound
from events.statistics import programmes

OrganisationQuery = Annotated[
    UUID | None, QueryParameter(description="Admins: only this organisation's programmes.")
]


class ProgrammeList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[programmes.Programme]


class ProgrammeEvents(msgspec.Struct, frozen=True, kw_only=True):
    items: list[programmes.ProgrammeEvent]


class ProgrammeController(Controller):
    path = "/api/v1/programmes"
    tags = ("programmes",)
    security = BEARER

    @post(
        "/",
        summary="Create a programme",
        description='A programme groups events a funder pays for (e.g. "Du stade vers '
        "l'emploi — Île-de-France 2027\"): name, funder, dates. Organisers create them in "
        "their organisation, admins in the one they name (`organisation_id`). The name is "
        "unique in the organisation, whatever the case.",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, NameTaken),
    )
    async def create_programme(
        self, ctx: Ctx, data: JSONBody[programmes.ProgrammeIn]
    ) -> programmes.Programme:
        return await programmes.create(ctx.conn, programme=data, by=ctx.actor, now=ctx.now)

    @get(
        "/",
        summary="List programmes",
        description="Organisers see their organisation's programmes, admins every one (or one "
        "organisation's); coaches are refused.",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS),
    )
    async def list_programmes(
        self, ctx: Ctx, organisation_id: OrganisationQuery = None
    ) -> ProgrammeList:
        return ProgrammeList(
            items=await programmes.list_for(ctx.conn, by=ctx.actor, organisation_id=organisation_id)
        )

    @get(
        "/{programme_id:uuid}",
        summary="One programme",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, ProgrammeNotFound),
    )
    async def get_programme(self, ctx: Ctx, programme_id: FromPath[UUID]) -> programmes.Programme:
        return await programmes.get(ctx.conn, programme_id=programme_id, by=ctx.actor)

    @patch(
        "/{programme_id:uuid}",
        summary="Change a programme",
        description="Keys left out stay as they were; null clears the funder or a date.",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, ProgrammeNotFound, NameTaken),
    )
    async def update_programme(
        self, ctx: Ctx, programme_id: FromPath[UUID], data: JSONBody[programmes.ProgrammePatch]
    ) -> programmes.Programme:
        return await programmes.update(
            ctx.conn, programme_id=programme_id, change=data, by=ctx.actor, now=ctx.now
        )

    @delete(
        "/{programme_id:uuid}",
        summary="Delete a programme",
        description="Its events stay, in no programme.",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, ProgrammeNotFound),
    )
    async def delete_programme(self, ctx: Ctx, programme_id: FromPath[UUID]) -> None:
        await programmes.delete(ctx.conn, programme_id=programme_id, by=ctx.actor)

    @get(
        "/{programme_id:uuid}/events",
        summary="A programme's events",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, ProgrammeNotFound),
    )
    async def programme_events(self, ctx: Ctx, programme_id: FromPath[UUID]) -> ProgrammeEvents:
        row = await programmes.get(ctx.conn, programme_id=programme_id, by=ctx.actor)
        return ProgrammeEvents(items=await programmes.events_of(ctx.conn, programme_id=row.id))

    @put(
        "/{programme_id:uuid}/events/{event_id:uuid}",
        summary="Put an event in a programme",
        description="An event of the programme's organisation; one in another programme moves "
        "to this one. Any other event does not exist here (404).",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, ProgrammeNotFound, EventNotFound),
    )
    async def add_programme_event(
        self, ctx: Ctx, programme_id: FromPath[UUID], event_id: FromPath[UUID]
    ) -> programmes.Programme:
        return await programmes.set_event(
            ctx.conn, programme_id=programme_id, event_id=event_id, member=True, by=ctx.actor
        )

    @delete(
        "/{programme_id:uuid}/events/{event_id:uuid}",
        summary="Take an event out of a programme",
        description="The event stays, in no programme; one not in this programme is 404.",
        responses=refusals(*LOGGED_IN, Forbidden, *PARAMETERS, ProgrammeNotFound, EventNotFound),
    )
    async def remove_programme_event(
        self, ctx: Ctx, programme_id: FromPath[UUID], event_id: FromPath[UUID]
    ) -> None:
        await programmes.set_event(
            ctx.conn, programme_id=programme_id, event_id=event_id, member=False, by=ctx.actor
        )
