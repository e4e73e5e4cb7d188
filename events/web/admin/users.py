"""The back office's account pages: the accounts one looks after (with their company, whether
they are active, their last log-in), the form opening an account (which mails its welcome link),
and per account the forms that mail a reset link and deactivate it (after a confirmation). Each
makes the same domain call as the API controller beside it (``events.api.users``)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Final, Literal
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import accounts, companies, organisations, passwords
from events.errors import (
    AccountDeactivated,
    CompanyNotFound,
    CsrfFailed,
    EmailTaken,
    Forbidden,
    InvalidInput,
    OrganisationNotFound,
    UserNotFound,
    read_validation,
)
from events.fields import Role
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.users_texts import WORDS
from events.web.pages import LangQuery

LIST_LIMIT: Final = 50
# Companies and organisations offered in the form's lists.
CHOICES: Final = 200
# Last log-ins and deactivations are shown as a day, in mainland France's time.
_ZONE: Final = ZoneInfo("Europe/Paris")

Done = Literal["created", "reset", "deactivated"]
DoneQuery = Annotated[
    Done | None,
    QueryParameter(required=False, description="What the last form did, to say it."),
]
RoleQuery = Annotated[
    Role | None, QueryParameter(required=False, description="Only accounts with this role.")
]
CursorQuery = Annotated[str | None, QueryParameter(required=False, max_length=500)]
_STAFF_ROLES: Final = ("organiser", "coach")


def _to(path: str, language: i18n.Language, **query: str) -> Redirect:
    """POST, then redirect, then GET (303), in the language the form was in."""
    if language == "en":
        query["lang"] = "en"
    target = f"{path}?{urlencode(query)}" if query else path
    return Redirect(target, status_code=303, headers={"Cache-Control": "no-store"})


def _day(moment: datetime | None, language: i18n.Language) -> str | None:
    if moment is None:
        return None
    local = moment.astimezone(_ZONE)
    return f"{local.day} {i18n.MONTHS[language][local.month - 1]} {local.year}"


def _line(row: accounts.UserListRow, language: i18n.Language) -> dict[str, Any]:
    words = WORDS[language]
    deactivated = _day(row.deactivated_at, language)
    return {
        "id": str(row.id),
        "name": row.name,
        "email": row.email,
        "role": words[f"role_{row.role}"],
        "company": row.company_name or "",
        "active": row.deactivated_at is None,
        "state": words["deactivated_on"].format(date=deactivated)
        if deactivated
        else words["active"],
        "last_login": _day(row.last_login_at, language) or words["never"],
    }


async def _form_context(
    conn: db.Conn,
    actor: Actor,
    language: i18n.Language,
    values: dict[str, str],
    errors: dict[str, str],
) -> dict[str, Any]:
    """What the creation form offers: the roles the actor may open (``roles_allowed``), the
    organisations (admins only: an organiser's accounts are of their own) and the companies
    (for a recruiter)."""
    roles = accounts.roles_allowed(actor)
    found_organisations: list[organisations.Organisation] = []
    if actor.is_admin:
        page = await organisations.list_visible(conn, by=actor, limit=CHOICES, cursor=None)
        found_organisations = page.items
    found_companies: list[companies.CompanyRow] = []
    if "recruiter" in roles:
        listed = await companies.list_all(
            conn, by=actor, where=companies.CompanyFilter(), limit=CHOICES, cursor=None
        )
        found_companies = listed.items
    words = WORDS[language]
    return {
        "roles": [
            {"code": role, "label": words[f"role_{role}"], "help": words[f"role_help_{role}"]}
            for role in roles
        ],
        "organisations": found_organisations,
        "companies": found_companies,
        "is_admin": actor.is_admin,
        "values": values,
        "errors": errors,
    }


def _read_user(form: FormCtx) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as the API's body (``accounts.UserIn``, without a password: the welcome link
    lets the person choose it), and the values to show again. The organisation applies to an
    organiser or a coach, the company to a recruiter, as the form's labels say."""
    shown = {
        name: form.value(name).strip()
        for name in ("name", "email", "role", "organisation_id", "company_id")
    }
    body: dict[str, Any] = {"email": shown["email"], "role": shown["role"]}
    if shown["name"]:
        body["name"] = shown["name"]
    if shown["role"] in _STAFF_ROLES and shown["organisation_id"]:
        body["organisation_id"] = shown["organisation_id"]
    if shown["role"] == "recruiter" and shown["company_id"]:
        body["company_id"] = shown["company_id"]
    return body, shown


class AdminUsersController(Controller):
    path = "/admin/users"
    tags = ("back office",)

    @get(
        "/",
        summary="Back office: the accounts one looks after",
        description="Name, e-mail, role, company (recruiters), active or not, last log-in; "
        "per account the forms that mail a password link and deactivate it. Admins see every "
        "account, organisers their organisation's and the recruiters of the companies it works "
        "with. Filter `role`; `done` says what the last form did. Organisers and admins; "
        "others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_users(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        role: RoleQuery = None,
        cursor: CursorQuery = None,
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await accounts.list_users(
            page_ctx.conn, by=actor, role=role, limit=LIST_LIMIT, cursor=cursor
        )
        next_url = None
        if found.next_cursor:
            query = {"cursor": found.next_cursor, **({"role": role} if role else {})}
            if language == "en":
                query["lang"] = "en"
            next_url = f"/admin/users?{urlencode(query)}"
        words = WORDS[language]
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/users.html",
            {
                "users": [_line(row, language) for row in found.items],
                "role": role,
                "role_labels": {
                    r: words[f"role_{r}"] for r in ("admin", *_STAFF_ROLES, "recruiter")
                },
                "next_url": next_url,
                "notice": words[f"done_{done}"] if done else None,
            },
            words=WORDS,
        )

    @get(
        "/new",
        summary="Back office: the form opening an account",
        description="Only the roles the actor may open are offered; a recruiter's company is "
        "chosen among the companies.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def new_user(
        self, page_ctx: PageCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/user_form.html",
            await _form_context(page_ctx.conn, actor, language, {}, {}),
            words=WORDS,
        )

    @post(
        "/",
        summary="Back office: open an account, which is mailed its welcome link",
        description="Form fields `name`, `email`, `role`, `organisation_id` (admins, for an "
        "organiser or a coach), `company_id` (for a recruiter), `csrf_token`. 303 to the list; "
        "the form again (400) with each refusal next to its field and the values kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput),
    )
    async def create_user(
        self, public_ctx: PublicCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        words = WORDS[form.language]
        body, shown = _read_user(form)
        errors: dict[str, str] = {}
        try:
            user = msgspec.convert(body, accounts.UserIn)
            await passwords.create_account(
                form.conn, user=user, settings=public_ctx.settings, by=form.actor, now=form.now
            )
        except msgspec.ValidationError as error:
            refusal = InvalidInput.from_validation(
                read_validation(str(error)), shape=accounts.UserIn, sent=body
            )
            field = str(refusal.params["field"])
            errors[field if field in shown else "form"] = (
                words["choose_role"]
                if field == "role"
                else str(refusal.params["reason_" + form.language])
            )
        except InvalidInput as refusal:
            field = str(refusal.params["field"])
            errors[field if field in shown else "form"] = str(
                refusal.params["reason_" + form.language]
            )
        except EmailTaken:
            errors["email"] = words["email_taken"]
        except CompanyNotFound:
            errors["company_id"] = words["company_unknown"]
        except OrganisationNotFound:
            errors["organisation_id"] = words["organisation_unknown"]
        else:
            return _to("/admin/users", form.language, done="created")
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/user_form.html",
            await _form_context(form.conn, form.actor, form.language, shown, errors),
            words=WORDS,
            status_code=400,
        )

    @post(
        "/{user_id:uuid}/password-reset",
        summary="Back office: mail an account a link to choose a new password",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, UserNotFound, AccountDeactivated),
    )
    async def send_reset(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await passwords.send_reset(form.conn, user_id=user_id, by=form.actor, now=form.now)
        return _to("/admin/users", form.language, done="reset")

    @get(
        "/{user_id:uuid}/deactivate",
        summary="Back office: confirm the deactivation of an account",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, UserNotFound),
    )
    async def confirm_deactivation(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        user = await accounts.get_user_in_reach(page_ctx.conn, user_id=user_id, by=actor)
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/user_deactivate.html",
            {"user": user},
            words=WORDS,
        )

    @post(
        "/{user_id:uuid}/deactivate",
        summary="Back office: deactivate an account (its sessions end at once)",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, UserNotFound),
    )
    async def deactivate(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        user_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await accounts.deactivate_user(form.conn, user_id=user_id, by=form.actor, now=form.now)
        return _to("/admin/users", form.language, done="deactivated")
