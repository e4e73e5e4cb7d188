"""Companies: registered in a few fields by organisers (for the company) or admins."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

import msgspec
from litestar import Controller, get, post
from litestar.params import FromPath, JSONBody, QueryParameter

from events.api.contract import BEARER, JSON_BODY, LOGGED_IN, PAGED, PARAMETERS, refusals
from events.api.deps import Ctx
from events.api.params import Cursor, Limit
from events.directory import companies
from events.errors import CompanyNotFound, Forbidden, SiretTaken
from events.pagination import DEFAULT_LIMIT


class ContactOut(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    name: str
    email: str | None = None
    phone: str | None = None


class CompanyOut(msgspec.Struct, frozen=True, kw_only=True, omit_defaults=True):
    """A company as staff, admins and the company's own recruiters see it."""

    id: UUID
    name: str
    sector: str
    city: str
    postcode: str
    departement: str
    contact: ContactOut
    created_at: datetime
    siret: str | None = None
    created_by_organisation_id: UUID | None = None


class CompanyList(msgspec.Struct, frozen=True, kw_only=True):
    items: list[CompanyOut]
    next_cursor: str | None


def _out(row: companies.CompanyRow) -> CompanyOut:
    return CompanyOut(
        id=row.id,
        name=row.name,
        sector=row.sector,
        city=row.city,
        postcode=row.postcode,
        departement=row.departement,
        siret=row.siret,
        contact=ContactOut(name=row.contact_name, email=row.contact_email, phone=row.contact_phone),
        created_by_organisation_id=row.created_by_organisation_id,
        created_at=row.created_at,
    )


# Non-empty and without NUL, which PostgreSQL text cannot hold.
_TEXT = r"^[^\x00]+$"
SectorQuery = Annotated[
    str | None,
    QueryParameter(max_length=80, pattern=_TEXT, description="Exact sector, any case."),
]
PostcodeQuery = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^[0-9]{1,5}$", description="Start of the postcode, e.g. `69` or `693`."
    ),
]
DepartementQuery = Annotated[
    str | None,
    QueryParameter(
        pattern=r"^(?:0[1-9]|1[0-9]|2[1-9AB]|[3-8][0-9]|9[0-5]|97[1-8]|98[0-9])$",
        description="Département code, e.g. `75`, `2A`, `974`.",
    ),
]
NameQuery = Annotated[
    str | None,
    QueryParameter(max_length=200, pattern=_TEXT, description="Part of the company's name."),
]


class CompanyController(Controller):
    path = "/api/v1/companies"
    tags = ("companies",)
    security = BEARER

    @post(
        "/",
        summary="Register a company",
        description="Organisers (for the company) and admins. A known SIRET answers 409 "
        "`siret_taken` with the existing company's id in `extra.company_id`.",
        responses=refusals(*LOGGED_IN, Forbidden, *JSON_BODY, SiretTaken),
    )
    async def create(self, ctx: Ctx, data: JSONBody[companies.CompanyIn]) -> CompanyOut:
        return _out(await companies.create(ctx.conn, company=data, by=ctx.actor))

    @get(
        "/",
        summary="List companies",
        description="Organisers, coaches and admins; filter by sector, postcode start, "
        "département or part of the name.",
        responses=refusals(*LOGGED_IN, Forbidden, *PAGED),
    )
    async def list_companies(
        self,
        ctx: Ctx,
        sector: SectorQuery = None,
        postcode: PostcodeQuery = None,
        departement: DepartementQuery = None,
        q: NameQuery = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> CompanyList:
        page = await companies.list_all(
            ctx.conn,
            by=ctx.actor,
            where=companies.CompanyFilter(
                sector=sector, postcode_prefix=postcode, departement=departement, q=q
            ),
            limit=limit,
            cursor=cursor,
        )
        return CompanyList(items=[_out(r) for r in page.items], next_cursor=page.next_cursor)

    @get(
        "/{company_id:uuid}",
        summary="One company",
        description="A recruiter sees only their own company.",
        responses=refusals(*LOGGED_IN, *PARAMETERS, CompanyNotFound),
    )
    async def get_company(self, ctx: Ctx, company_id: FromPath[UUID]) -> CompanyOut:
        return _out(await companies.get(ctx.conn, company_id=company_id, by=ctx.actor))
