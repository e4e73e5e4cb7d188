"""The back office's candidate pages: the list and its search, the form adding a candidate
(with a warning when they look like someone already registered), and one candidate's page with
their events, their skills card and the form changing them. Each makes the same domain call as
the API controller beside it (``events.api.candidates``); look-alikes come from
``events.directory.duplicates``, their events from ``events.registrations.by_candidate``."""

from __future__ import annotations

import re
from typing import Annotated, Any, Final
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Template

from events import i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import candidates, organisations
from events.directory.duplicates import Duplicate, Person, find_duplicates
from events.errors import (
    CandidateNotFound,
    CsrfFailed,
    Forbidden,
    InvalidInput,
    OrganisationNotFound,
    read_validation,
)
from events.registrations.by_candidate import CandidateRegistration, list_for_candidate
from events.web.admin.candidates_texts import (
    MESSAGE_LANGUAGES,
    REASONS,
    WORDS,
)
from events.web.admin.common import FormCtx, admin_page, back_office, back_to, form_ctx
from events.web.pages import LangQuery
from events.web.recruiter import interests_section

LIST_LIMIT: Final = 50
REGISTRATIONS_SHOWN: Final = 100
# Organisations an admin chooses from when adding a candidate.
ORGANISATION_CHOICES: Final = 500
# The social situation's questions answered yes, no or not known.
YES_NO: Final = ("rqth", "qpv", "justice")
PRIVATE_NOTES: Final = ("disability_notes", "health_notes", "other_barriers")
CONTACT: Final = ("email", "phone", "city", "postcode")

SearchQuery = Annotated[
    str | None,
    QueryParameter(
        required=False,
        max_length=200,
        pattern=r"^[^\x00]*$",
        description="Part of the name, whatever the accents, case or punctuation.",
    ),
]
CursorQuery = Annotated[str | None, QueryParameter(required=False, max_length=500)]

# --- reading the form --------------------------------------------------------------------------


def _read(form: FormCtx, *, new: bool) -> tuple[dict[str, Any], dict[str, str], dict[str, Any]]:
    """The form as the API's body (``CandidateIn`` when ``new``, else a ``CandidatePatch``
    giving every field: what is left empty is cleared), the fields that could not even be read
    (a year), and the values to show again."""
    words = WORDS[form.language]
    shown: dict[str, Any] = {}
    errors: dict[str, str] = {}

    def text(name: str) -> str | None:
        value = form.value(name).strip()
        shown[name] = value
        return value or None

    body: dict[str, Any] = {
        "first_name": text("first_name") or "",
        "last_name": text("last_name") or "",
        **{name: text(name) for name in CONTACT},
        "language": text("language") or "fr",
    }
    # Only an admin names the organisation: anyone else's is their own (``candidates.create``).
    if new and form.actor.is_admin and (organisation_id := text("organisation_id")):
        body["organisation_id"] = organisation_id
    private: dict[str, Any] = {
        "refugee_status": text("private.refugee_status"),
        "housing": text("private.housing"),
        "gender": text("private.gender"),
        "diploma_level": text("private.diploma_level"),
        **{name: text(f"private.{name}") for name in PRIVATE_NOTES},
    }
    benefits = [b for b in form.values("private.benefits") if b]
    shown["private.benefits"] = benefits
    private["benefits"] = benefits or None
    for name in YES_NO:
        answer = text(f"private.{name}")
        # Anything but yes or no is sent on for the struct to refuse.
        private[name] = {"yes": True, "no": False}.get(answer, answer) if answer else None
    year = text("private.birth_year")
    private["birth_year"] = None
    if year is not None:
        if re.fullmatch(r"[0-9]{1,6}", year):
            private["birth_year"] = int(year)
        else:
            errors["private.birth_year"] = words["bad_year"]
    if new:
        # A new candidate's situation holds what was given, and is none at all without it.
        given = {k: v for k, v in private.items() if v is not None}
        body["private"] = given or None
    else:
        body["private"] = private
    return body, errors, shown


def _refusal(body: dict[str, Any], error: Exception, shape: type[Any]) -> InvalidInput:
    if isinstance(error, InvalidInput):
        return error
    return InvalidInput.from_validation(read_validation(str(error)), shape=shape, sent=body)


def _placed(field: str, shown: dict[str, Any]) -> str:
    """The form field a refusal is shown next to: "private.benefits[1]" is the benefits'."""
    field = re.sub(r"\[[0-9]+\]$", "", field)
    return field if field in shown or field == "organisation_id" else "form"


def _person(candidate: candidates.CandidateIn) -> Person:
    private = candidate.private
    year = private.birth_year if private is not None else None
    return Person(
        first_name=candidate.first_name,
        last_name=candidate.last_name,
        birth_year=year if isinstance(year, int) else None,
        phone=candidate.phone,
        email=candidate.email,
    )


def _warning(found: list[Duplicate], language: i18n.Language) -> list[dict[str, str]]:
    return [
        {
            "id": str(d.candidate_id),
            "name": f"{d.first_name} {d.last_name}",
            "reasons": ", ".join(REASONS[language][r] for r in d.reasons),
        }
        for d in found
    ]


async def _lookalikes(form: FormCtx, candidate: candidates.CandidateIn) -> list[Duplicate]:
    """The organisation's candidates who look like this one, unless the person ticked that
    they are not the same after seeing every one of them (a look-alike they were not shown,
    after a change of name or phone, is shown first)."""
    # The organisation the candidate joins (``candidates.create`` decides, and refuses an
    # admin who named none): an organiser's own, whatever the form holds.
    organisation_id = (
        candidate.organisation_id if form.actor.is_admin else form.actor.organisation_id
    )
    if organisation_id is None:
        return []
    found = await find_duplicates(
        form.conn, organisation_id=organisation_id, people=[_person(candidate)]
    )
    seen = set(form.values("seen"))
    if form.value("not_duplicate") == "yes" and {str(d.candidate_id) for d in found[0]} <= seen:
        return []
    return found[0]


def _values(row: candidates.StaffCandidateRow) -> dict[str, Any]:
    """The edit form filled with the candidate as stored."""
    values: dict[str, Any] = {
        "first_name": row.first_name,
        "last_name": row.last_name,
        **{name: getattr(row, name) or "" for name in CONTACT},
        "language": row.language,
    }
    private = row.private or candidates.Private()
    year = private.birth_year
    values["private.birth_year"] = str(year) if isinstance(year, int) else ""
    values["private.refugee_status"] = private.refugee_status or ""
    values["private.housing"] = private.housing or ""
    values["private.gender"] = private.gender or ""
    values["private.diploma_level"] = private.diploma_level or ""
    values["private.benefits"] = list(private.benefits or [])
    for name in PRIVATE_NOTES:
        values[f"private.{name}"] = getattr(private, name) or ""
    for name in YES_NO:
        answer = getattr(private, name)
        values[f"private.{name}"] = "" if answer is None else ("yes" if answer else "no")
    return values


def _choices(language: i18n.Language) -> dict[str, Any]:
    return {
        "refugee_statuses": i18n.REFUGEE_STATUSES[language],
        "benefit_labels": i18n.BENEFITS[language],
        "housing_labels": i18n.HOUSING[language],
        "gender_labels": i18n.GENDERS[language],
        "diploma_labels": i18n.DIPLOMA_LEVELS[language],
        "statistics_fields": i18n.STATISTICS_FIELDS[language],
        "message_languages": MESSAGE_LANGUAGES[language],
        "yes_no": YES_NO,
        "private_notes": PRIVATE_NOTES,
    }


async def _organisations(conn: Any, actor: Actor) -> list[organisations.Organisation] | None:
    """An admin's choice of organisation for a new candidate; none for anyone else."""
    if not actor.is_admin:
        return None
    found = await organisations.list_visible(
        conn, by=actor, limit=ORGANISATION_CHOICES, cursor=None
    )
    return found.items


def _registration_line(
    row: CandidateRegistration, actor: Actor, language: i18n.Language
) -> dict[str, Any]:
    return {
        "event_id": str(row.event_id),
        "title": row.event_title,
        "when": i18n.when(row.starts_at, row.ends_at, row.timezone, language),
        "kind": i18n.KINDS[language][row.event_kind],
        "event_cancelled": row.event_status == "cancelled",
        "status": i18n.REGISTRATION_STATUSES[language][row.status],
        "came": row.checked_in_at is not None,
        # A referral to another organisation's event: no back office page of it for this reader.
        "linked": actor.is_admin or row.event_organisation_id == actor.organisation_id,
    }


class AdminCandidatesController(Controller):
    path = "/admin"
    tags = ("back office",)
    include_in_schema = True

    @get(
        "/candidates",
        summary="Back office: the candidates of one's organisation, found by name",
        description="`q` finds part of a name whatever the accents, case or punctuation "
        "(`candidates.list_for_staff`); a page at a time, by last name. Organisers and admins; "
        "others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def list_candidates(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        q: SearchQuery = None,
        cursor: CursorQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        query = (q or "").strip()
        found = await candidates.list_for_staff(
            page_ctx.conn,
            by=actor,
            q=query or None,
            organisation_id=None,
            limit=LIST_LIMIT,
            cursor=cursor,
        )
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/candidates.html",
            {"candidates": found.items, "q": query, "next_cursor": found.next_cursor},
            words=WORDS,
        )

    @get(
        "/candidates/new",
        summary="Back office: the form adding a candidate",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput),
    )
    async def new_candidate(
        self, page_ctx: PageCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/candidate_form.html",
            {
                "values": {"language": "fr"},
                "errors": {},
                "duplicates": [],
                "organisations": await _organisations(page_ctx.conn, actor),
                **_choices(language),
            },
            words=WORDS,
        )

    @post(
        "/candidates",
        summary="Back office: add a candidate from the form",
        description="303 to the new candidate's page. The form again (400) with each refusal "
        "next to its field and the values kept; or (200, nothing written) with the candidates "
        "of the organisation who look like the same person (same name and birth year, same "
        "phone, same e-mail) and a box to tick to create anyway.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, OrganisationNotFound),
    )
    async def create_candidate(
        self, public_ctx: PublicCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        body, errors, shown = _read(form, new=True)
        lookalikes: list[Duplicate] = []
        if not errors:
            try:
                candidate = msgspec.convert(body, candidates.CandidateIn)
                lookalikes = await _lookalikes(form, candidate)
                if not lookalikes:
                    created = await candidates.create(
                        form.conn, candidate=candidate, by=form.actor, now=form.now
                    )
                    return back_to(f"/admin/candidates/{created.id}", form.language)
            except (msgspec.ValidationError, InvalidInput) as error:
                refusal = _refusal(body, error, candidates.CandidateIn)
                reason = refusal.params["reason_" + form.language]
                errors[_placed(str(refusal.params["field"]), shown)] = str(reason)
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/candidate_form.html",
            {
                "values": shown,
                "errors": errors,
                "duplicates": _warning(lookalikes, form.language),
                "organisations": await _organisations(form.conn, form.actor),
                **_choices(form.language),
            },
            words=WORDS,
            # A warning is not a refusal: the form was understood, and asks a question back.
            status_code=400 if errors else 200,
        )

    @get(
        "/candidates/{candidate_id:uuid}",
        summary="Back office: one candidate, their events, their skills card and the form "
        "changing them",
        description="The social situation as `candidates.get` returns it to those who follow "
        "the candidate; to anyone else the candidate does not exist (404).",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, CandidateNotFound),
    )
    async def candidate(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        row = await candidates.get(page_ctx.conn, candidate_id=candidate_id, by=actor)
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/candidate.html",
            await _candidate_context(page_ctx.conn, actor, row, language, _values(row), {}),
            words=WORDS,
        )

    @post(
        "/candidates/{candidate_id:uuid}",
        summary="Back office: change a candidate from the form",
        description="Every field of the form is sent: one left empty is cleared. 303 back to "
        "the candidate's page; the page again (400) with each refusal next to its field and "
        "the values kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, InvalidInput, CandidateNotFound),
    )
    async def update_candidate(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        body, errors, shown = _read(form, new=False)
        if not errors:
            try:
                change = msgspec.convert(body, candidates.CandidatePatch)
                await candidates.update(
                    form.conn,
                    candidate_id=candidate_id,
                    change=change,
                    by=form.actor,
                    now=form.now,
                )
            except (msgspec.ValidationError, InvalidInput) as error:
                refusal = _refusal(body, error, candidates.CandidatePatch)
                reason = refusal.params["reason_" + form.language]
                errors[_placed(str(refusal.params["field"]), shown)] = str(reason)
            else:
                return back_to(f"/admin/candidates/{candidate_id}", form.language)
        row = await candidates.get(form.conn, candidate_id=candidate_id, by=form.actor)
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/candidate.html",
            await _candidate_context(form.conn, form.actor, row, form.language, shown, errors),
            words=WORDS,
            status_code=400,
        )


async def _candidate_context(
    conn: Any,
    actor: Actor,
    row: candidates.StaffCandidateRow,
    language: i18n.Language,
    values: dict[str, Any],
    errors: dict[str, str],
) -> dict[str, Any]:
    registrations = await list_for_candidate(
        conn, candidate_id=row.id, by=actor, limit=REGISTRATIONS_SHOWN
    )
    return {
        "candidate": row,
        "private": row.private,
        "registrations": [_registration_line(r, actor, language) for r in registrations],
        "values": values,
        "errors": errors,
        "organisations": None,  # the organisation is chosen once, when adding the candidate
        "interests": await interests_section(
            conn, actor=actor, candidate_id=row.id, language=language
        ),
        **_choices(language),
    }
