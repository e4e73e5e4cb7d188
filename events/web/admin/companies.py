"""The back office's company pages: the list and its search (name, sector, postcode), the form
registering a company, and one company's page. Each makes the same domain call as the API
controller beside it (``events.api.companies``): ``companies.list_all``, ``companies.create``
(whose input struct checks the SIRET, ``companies.siret_is_valid``) and ``companies.get``.

The domain has no change of a company yet, so there is no edit form; nor a listing of a
company's recruiters or registrations (their accounts are opened from the accounts page)."""

from __future__ import annotations

import re
from typing import Annotated, Any, Final, Literal
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import i18n
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import companies
from events.errors import (
    CompanyNotFound,
    CsrfFailed,
    Forbidden,
    InvalidInput,
    SiretTaken,
    read_validation,
)
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.companies_texts import WORDS
from events.web.pages import LangQuery

LIST_LIMIT: Final = 50
# The day a company was registered, in mainland France's time.
_ZONE: Final = ZoneInfo("Europe/Paris")
# The form's fields, as the API's body names them (``contact.*`` inside ``contact``).
COMPANY_FIELDS: Final = ("name", "sector", "city", "postcode", "siret")
CONTACT_FIELDS: Final = ("name", "email", "phone")
FIELDS: Final = (*COMPANY_FIELDS, *(f"contact.{name}" for name in CONTACT_FIELDS))
# What the struct cannot do without: said at once for every empty one, not one at a time.
REQUIRED: Final = frozenset(
    [
        *(f.encode_name for f in msgspec.structs.fields(companies.CompanyIn) if f.required),
        *(
            f"contact.{f.encode_name}"
            for f in msgspec.structs.fields(companies.ContactIn)
            if f.required
        ),
    ]
) - {"contact"}

# Free text (a form sends its empty fields); without NUL, which PostgreSQL text cannot hold.
_Text = Annotated[str | None, QueryParameter(required=False, max_length=200, pattern=r"^[^\x00]*$")]
CursorQuery = Annotated[str | None, QueryParameter(required=False, max_length=500)]
DoneQuery = Annotated[
    Literal["created"] | None,
    QueryParameter(required=False, description="What the last form did, to say it."),
]
_POSTCODE_START = re.compile(r"[0-9]{1,5}")


def _read(form: FormCtx) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as the API's body (``companies.CompanyIn``), and the values to show again.
    Spaces typed inside a SIRET (as it is printed on invoices) are dropped."""
    shown = {name: form.value(name).strip() for name in FIELDS}
    shown["siret"] = re.sub(r"\s", "", shown["siret"])
    body: dict[str, Any] = {name: shown[name] for name in COMPANY_FIELDS if name != "siret"}
    if shown["siret"]:
        body["siret"] = shown["siret"]
    contact: dict[str, Any] = {"name": shown["contact.name"]}
    for name in ("email", "phone"):
        if shown[f"contact.{name}"]:
            contact[name] = shown[f"contact.{name}"]
    body["contact"] = contact
    return body, shown


def _day(row: companies.CompanyRow, language: i18n.Language) -> str:
    local = row.created_at.astimezone(_ZONE)
    return f"{local.day} {i18n.MONTHS[language][local.month - 1]} {local.year}"


def _form_page(
    request: Request[Any, Any, Any],
    form_or_ctx: PageCtx | PublicCtx,
    language: i18n.Language,
    values: dict[str, str],
    errors: dict[str, str],
    existing: UUID | None = None,
) -> Template:
    return admin_page(
        request,
        form_or_ctx.settings,
        language,
        "admin/company_form.html",
        {
            "values": values,
            "errors": errors,
            "required": REQUIRED,
            "existing": existing,
        },
        words=WORDS,
        status_code=400 if errors else 200,
    )


class AdminCompaniesController(Controller):
    path = "/admin/companies"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: the companies, found by name, sector or postcode",
        description="`q` finds part of the name, `sector` one sector (any case), `postcode` "
        "the start of the postcode (`companies.list_all`); a page at a time, by name. "
        "Organisers and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_companies(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        q: _Text = None,
        sector: _Text = None,
        postcode: _Text = None,
        cursor: CursorQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        search = {
            "q": (q or "").strip(),
            "sector": (sector or "").strip(),
            "postcode": (postcode or "").strip(),
        }
        errors: dict[str, str] = {}
        postcode_start = search["postcode"] or None
        if postcode_start is not None and not _POSTCODE_START.fullmatch(postcode_start):
            errors["postcode"] = WORDS[language]["bad_postcode_start"]
            postcode_start = None
        found = await companies.list_all(
            page_ctx.conn,
            by=actor,
            where=companies.CompanyFilter(
                q=search["q"] or None,
                sector=search["sector"] or None,
                postcode_prefix=postcode_start,
            ),
            limit=LIST_LIMIT,
            cursor=cursor,
        )
        next_url = None
        if found.next_cursor:
            query = {k: v for k, v in search.items() if v}
            query["cursor"] = found.next_cursor
            if language == "en":
                query["lang"] = "en"
            next_url = f"/admin/companies?{urlencode(query)}"
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/companies.html",
            {
                "companies": found.items,
                "search": search,
                "searched": any(search.values()),
                "errors": errors,
                "next_url": next_url,
            },
            words=WORDS,
            status_code=400 if errors else 200,
        )

    @get(
        "/new",
        summary="Back office: the form registering a company",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def new_company(
        self, page_ctx: PageCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Template:
        back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return _form_page(request, page_ctx, language, {}, {})

    @post(
        "/",
        summary="Back office: register a company from the form",
        description="Form fields `name`, `sector`, `city`, `postcode`, `siret` (spaces "
        "dropped), `contact.name`, `contact.email`, `contact.phone`, `csrf_token`. 303 to the "
        "company's page; the form again (400) with each refusal next to its field and the "
        "values kept; a SIRET already registered links to that company.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput),
    )
    async def create_company(
        self, public_ctx: PublicCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        words = WORDS[form.language]
        body, shown = _read(form)
        errors = {name: words["required"] for name in REQUIRED if not shown[name]}
        existing: UUID | None = None
        try:
            company = msgspec.convert(body, companies.CompanyIn)
            if not errors:
                created = await companies.create(form.conn, company=company, by=form.actor)
                target = f"/admin/companies/{created.id}?done=created"
                if form.language == "en":
                    target += "&lang=en"
                return Redirect(target, status_code=303, headers={"Cache-Control": "no-store"})
        except (msgspec.ValidationError, InvalidInput) as error:
            refusal = (
                error
                if isinstance(error, InvalidInput)
                else InvalidInput.from_validation(
                    read_validation(str(error)), shape=companies.CompanyIn, sent=body
                )
            )
            field = str(refusal.params["field"])
            field = field if field in shown else "form"
            errors.setdefault(field, str(refusal.params["reason_" + form.language]))
        except SiretTaken as taken:
            errors["siret"] = words["siret_taken"]
            holder = (taken.extra or {}).get("company_id")
            existing = UUID(str(holder)) if holder else None
        return _form_page(request, public_ctx, form.language, shown, errors, existing)

    @get(
        "/{company_id:uuid}",
        summary="Back office: one company",
        description="Its sector, address, SIRET and contact (`companies.get`).",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, CompanyNotFound),
    )
    async def company(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        company_id: FromPath[UUID],
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        row = await companies.get(page_ctx.conn, company_id=company_id, by=actor)
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/company.html",
            {
                "company": row,
                "registered_on": _day(row, language),
                "notice": WORDS[language]["done_created"] if done == "created" else None,
            },
            words=WORDS,
        )
