"""Candidates, for the staff of their organisation (and admins) only.

Recruiters have no access here at all: a candidate id they try does not exist for them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.directory import candidates
from events.errors import CandidateNotFound, Forbidden, OrganisationNotFound
from events.i18n import Language
from events.pagination import DEFAULT_LIMIT


class CandidateSummaryForStaff(msgspec.Struct, frozen=True, kw_only=True):
    """A line of the staff's list: identity and contact, not the social situation."""

    id: UUID
    organisation_id: UUID
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    city: str | None
    postcode: str | None
    # Mails and text messages to the candidate are written in it.
    language: Language
    created_at: datetime
    updated_at: datetime


class CandidateForStaff(CandidateSummaryForStaff, frozen=True, kw_only=True):
    """One candidate as organisers and coaches of their organisation see them, social situation
    included."""

    private: candidates.Private


class CandidateList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CandidateSummaryForStaff]
    next_cursor: str | None


def _summary(row: candidates.CandidateRow) -> CandidateSummaryForStaff:
    return CandidateSummaryForStaff(
        id=row.id,
        organisation_id=row.organisation_id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        phone=row.phone,
        city=row.city,
        postcode=row.postcode,
        language=row.language,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def _for_staff(row: candidates.StaffCandidateRow) -> CandidateForStaff:
    return CandidateForStaff(
        id=row.id,
        organisation_id=row.organisation_id,
        first_name=row.first_name,
        last_name=row.last_name,
        email=row.email,
        phone=row.phone,
        city=row.city,
        postcode=row.postcode,
        language=row.language,
        created_at=row.created_at,
        updated_at=row.updated_at,
        private=row.private or candidates.Private(),
    )


SearchQuery = Annotated[
    str | None,
    QueryParameter(
        max_length=200,
        pattern=r"^[^\x00]+$",
        description="Part of the name, whatever the accents, case or punctuation.",
    ),
]
OrganisationQuery = Annotated[
    UUID | None, QueryParameter(description="Admins: only this organisation's candidates.")
]


class CandidateController(Controller):
    path = "/api/v1/candidates"
    tags = ("candidates",)
    security = BEARER

    @post(
        "/",
        summary="Register a candidate",
        description="Organisers and coaches, into their own organisation; admins name the "
        "organisation in `organisation_id`. Neither e-mail nor phone is required.",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, OrganisationNotFound),
    )
    async def create(self, ctx: Ctx, data: JSONBody[candidates.CandidateIn]) -> CandidateForStaff:
        return _for_staff(
            await candidates.create(ctx.conn, candidate=data, by=ctx.actor, now=ctx.now)
        )

    @get(
        "/",
        summary="List candidates",
        description="The organisation's candidates, by last name; `q` finds part of a name. "
        "The social situation is not in the list: open a candidate to see it.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED),
    )
    async def list_candidates(
        self,
        ctx: Ctx,
        q: SearchQuery = None,
        organisation_id: OrganisationQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CandidateList:
        page = await candidates.list_for_staff(
            ctx.conn, by=ctx.actor, q=q, organisation_id=organisation_id, limit=limit, cursor=cursor
        )
        return CandidateList(items=[_summary(r) for r in page.items], next_cursor=page.next_cursor)

    @get(
        "/{candidate_id:uuid}",
        summary="One candidate, social situation included",
        responses=refusals(*LOGGED_IN, *PARAMETERS, CandidateNotFound),
    )
    async def get_candidate(self, ctx: Ctx, candidate_id: FromPath[UUID]) -> CandidateForStaff:
        return _for_staff(await candidates.get(ctx.conn, candidate_id=candidate_id, by=ctx.actor))

    @patch(
        "/{candidate_id:uuid}",
        summary="Change a candidate",
        description="Keys left out stay as they were; null clears an optional field. In "
        '`private`, keys given replace the stored ones and null removes one; `"private": null` '
        "erases the whole social situation.",
        responses=refusals(*LOGGED_IN, *JSON_BODY, CandidateNotFound),
    )
    async def update_candidate(
        self,
        ctx: Ctx,
        candidate_id: FromPath[UUID],
        data: JSONBody[candidates.CandidatePatch],
    ) -> CandidateForStaff:
        return _for_staff(
            await candidates.update(
                ctx.conn, candidate_id=candidate_id, change=data, by=ctx.actor, now=ctx.now
            )
        )
