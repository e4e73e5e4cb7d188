"""The back office's "what happened next" pages: an event's participants with their outcomes,
follow-ups and recruiters' interests, and the form recording an outcome per person; the to-do
list of follow-ups across one's events; a person's outcomes (linked from the candidate's page).

Each makes the same domain call as the API controller beside it (``events.api.outcomes``):
``follow_ups.for_event``, ``records.record``, ``records.delete``, ``follow_ups.to_do`` and
``records.list_for_candidate``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import catalog, db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.directory import candidates
from events.errors import (
    CandidateNotFound,
    CandidateNotRegistered,
    CsrfFailed,
    DomainError,
    EventNotFound,
    FollowUpNotDue,
    Forbidden,
    InvalidCursor,
    InvalidInput,
    NotCheckedIn,
    OutcomeNotFound,
    OutcomesClosed,
    UnknownCompany,
    UnknownInterest,
    read_validation,
)
from events.outcomes import follow_ups, records
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.outcomes_texts import WORDS
from events.web.pages import LangQuery

# An event's participants per page: an event seldom has more.
PARTICIPANTS_SHOWN: Final = 200
TODO_SHOWN: Final = 50
OUTCOMES_SHOWN: Final = 50
FIELDS: Final = ("kind", "happened_on", "company_id", "follow_up_month", "interest_id", "note")
# A follow-up the form offers to answer: one that is due (or answered, to replace the answer).
ANSWERABLE: Final = ("due", "overdue", "answered")
# Where a refusal of the domain is shown in the form.
PLACES: Final[dict[type[DomainError], str]] = {
    NotCheckedIn: "follow_up_month",
    FollowUpNotDue: "follow_up_month",
    UnknownCompany: "company_id",
    UnknownInterest: "interest_id",
}

CursorQuery = Annotated[str | None, QueryParameter(required=False, max_length=500)]


def day(value: date, language: i18n.Language) -> str:
    """« 28 février 2027 » / "28 February 2027"."""
    return f"{value.day} {i18n.MONTHS[language][value.month - 1]} {value.year}"


def outcome_line(outcome: records.Outcome, language: i18n.Language) -> dict[str, Any]:
    words = WORDS[language]
    return {
        "id": str(outcome.id),
        "event_id": str(outcome.event_id),
        "event_title": outcome.event_title,
        "kind": i18n.OUTCOME_KINDS[language][outcome.kind],
        "date": day(outcome.happened_on, language),
        "text": words["outcome_line"].format(
            kind=i18n.OUTCOME_KINDS[language][outcome.kind],
            date=day(outcome.happened_on, language),
        ),
        "company": outcome.company_name,
        "note": outcome.note,
        "follow_up": words["outcome_follow_up"].format(month=outcome.follow_up_month)
        if outcome.follow_up_month
        else None,
    }


def _participant(person: follow_ups.Participant, language: i18n.Language) -> dict[str, Any]:
    words = WORDS[language]
    return {
        "id": str(person.candidate_id),
        "name": f"{person.first_name} {person.last_name}",
        "came": person.came,
        "follow_ups": [
            {
                "state": f.state,
                "text": words["follow_up_line"].format(
                    month=f.month, date=day(f.due_on, language), state=words[f"state_{f.state}"]
                ),
            }
            for f in person.follow_ups
        ],
        "follow_up_choices": [
            (
                str(f.month),
                words["follow_up_choice"].format(month=f.month, state=words[f"state_{f.state}"]),
            )
            for f in person.follow_ups
            if f.state in ANSWERABLE
        ],
        "interests": [
            words["to_follow_up"].format(
                company=i.company_name, date=day(i.created_at.date(), language)
            )
            for i in person.interests
        ],
        "interest_choices": [
            (str(i.interest_id), words["interest_choice"].format(company=i.company_name))
            for i in person.interests
        ],
        "outcomes": [outcome_line(o, language) for o in person.outcomes],
    }


async def _event_context(
    conn: db.Conn,
    *,
    event_id: UUID,
    by: Actor,
    now: datetime,
    language: i18n.Language,
    cursor: str | None,
    failed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    page = await follow_ups.for_event(
        conn, event_id=event_id, by=by, now=now, limit=PARTICIPANTS_SHOWN, cursor=cursor
    )
    event = await catalog.get(conn, event_id=event_id, by=by)
    companies = await follow_ups.company_choices(conn, event_id=event_id, by=by)
    return {
        "event": {
            "id": str(event_id),
            "title": event.title,
            "when": i18n.when(event.starts_at, event.ends_at, event.timezone, language),
        },
        "participants": [_participant(p, language) for p in page.items],
        "next_cursor": page.next_cursor,
        "kinds": list(i18n.OUTCOME_KINDS[language].items()),
        "companies": [(str(c.id), c.name) for c in companies],
        "today": now.date().isoformat(),
        "failed": failed,
    }


def _read(form: FormCtx) -> tuple[dict[str, Any], dict[str, str]]:
    """The form as the API's body (``OutcomeIn``), and the values to show again."""
    shown = {name: form.value(name) for name in ("candidate_id", *FIELDS)}
    body: dict[str, Any] = {
        "candidate_id": shown["candidate_id"],
        "kind": shown["kind"],
        "happened_on": shown["happened_on"].strip(),
    }
    for name in ("company_id", "interest_id"):
        if shown[name]:
            body[name] = shown[name]
    month = shown["follow_up_month"]
    if month:
        body["follow_up_month"] = int(month) if month.isdigit() and len(month) < 3 else month
    if shown["note"].strip():
        body["note"] = shown["note"]
    return body, shown


def _refusal(error: DomainError, language: i18n.Language) -> tuple[str, str]:
    """The field a refusal goes next to, and what it says there."""
    if isinstance(error, InvalidInput):
        field = (error.extra or {}).get("field", "")
        place = field if field in FIELDS else "form"
        reason = str(error.params.get(f"reason_{language}") or "")
        return place, reason or error.detail(language)
    return PLACES.get(type(error), "form"), error.detail(language)


def _outcomes_path(event_id: UUID | str, language: i18n.Language, anchor: str = "") -> str:
    lang = "?lang=en" if language == "en" else ""
    return f"/admin/events/{event_id}/outcomes{lang}{anchor}"


class AdminOutcomesController(Controller):
    path = "/admin"
    tags = ("back office",)

    @get(
        "/events/{event_id:uuid}/outcomes",
        summary="Back office: what happened next after an event",
        description="The event's participants by name, each with their outcomes, follow-ups "
        "at 1, 3, 6 and 12 months (those who came) and recruiters' interests to follow up, and "
        "the form recording an outcome for each. Organisers and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, InvalidCursor, EventNotFound),
    )
    async def event_outcomes(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        cursor: CursorQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        context = await _event_context(
            page_ctx.conn,
            event_id=event_id,
            by=actor,
            now=page_ctx.now,
            language=language,
            cursor=cursor,
        )
        return admin_page(
            request, page_ctx.settings, language, "admin/outcomes.html", context, words=WORDS
        )

    @post(
        "/events/{event_id:uuid}/outcomes",
        summary="Back office: record what happened next for a participant",
        description="303 back to the person on the event's page; the page again (400, or the "
        "refusal's own status) with the refusal next to its field and the values kept.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed,
            Forbidden,
            InvalidInput,
            EventNotFound,
            CandidateNotRegistered,
            OutcomesClosed,
            NotCheckedIn,
            FollowUpNotDue,
            UnknownCompany,
            UnknownInterest,
        ),
    )
    async def record_outcome(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        body, shown = _read(form)
        try:
            async with form.conn.transaction():
                outcome = msgspec.convert(body, records.OutcomeIn)
                await records.record(
                    form.conn, event_id=event_id, outcome=outcome, by=form.actor, now=form.now
                )
        except msgspec.ValidationError as error:
            refusal: DomainError = InvalidInput.from_validation(
                read_validation(str(error)), shape=records.OutcomeIn, sent=body
            )
        except (Forbidden, EventNotFound):
            raise
        except DomainError as error:
            refusal = error
        else:
            return Redirect(
                _outcomes_path(event_id, form.language, f"#p-{outcome.candidate_id}"),
                status_code=303,
                headers={"Cache-Control": "no-store"},
            )
        place, said = _refusal(refusal, form.language)
        context = await _event_context(
            form.conn,
            event_id=event_id,
            by=form.actor,
            now=form.now,
            language=form.language,
            cursor=None,
            failed={
                "candidate_id": shown["candidate_id"],
                "errors": {place: said},
                "values": shown,
            },
        )
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/outcomes.html",
            context,
            words=WORDS,
            status_code=400 if isinstance(refusal, InvalidInput) else refusal.status_code,
        )

    @post(
        "/outcomes/{outcome_id:uuid}/delete",
        summary="Back office: delete an outcome recorded by mistake",
        description="303 back to its event's page of what happened next. The audit keeps it.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, OutcomeNotFound),
    )
    async def delete_outcome(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        outcome_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        event_id = await records.delete(form.conn, outcome_id=outcome_id, by=form.actor)
        return Redirect(
            _outcomes_path(event_id, form.language),
            status_code=303,
            headers={"Cache-Control": "no-store"},
        )

    @get(
        "/follow-ups",
        summary="Back office: the follow-ups to do",
        description="People who came to one's events whose follow-up is due, overdue or due "
        "within 14 days, and recruiters' interests to follow up, the oldest first, each with a "
        "link to record what happened. Organisers and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, InvalidCursor),
    )
    async def to_do(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        cursor: CursorQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        words = WORDS[language]
        page = await follow_ups.to_do(
            page_ctx.conn, by=actor, now=page_ctx.now, limit=TODO_SHOWN, cursor=cursor
        )
        lines = [
            {
                "event_id": str(item.event_id),
                "event_title": item.event_title,
                "when": day(item.ends_at.astimezone(ZoneInfo(item.timezone)).date(), language),
                "candidate_id": str(item.candidate_id),
                "name": f"{item.first_name} {item.last_name}",
                "state": item.state,
                "state_text": words[f"state_{item.state}"],
                "what": [
                    words["todo_follow_up"].format(month=f.month, date=day(f.due_on, language))
                    for f in item.follow_ups
                ]
                + [words["todo_interest"].format(company=i.company_name) for i in item.interests],
            }
            for item in page.items
        ]
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/outcomes_todo.html",
            {"lines": lines, "next_cursor": page.next_cursor},
            words=WORDS,
        )

    @get(
        "/candidates/{candidate_id:uuid}/outcomes",
        summary="Back office: a person's outcomes",
        description="What followed the person's events, the latest first, each with a link to "
        "its event's page of what happened next. For those who follow the person.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, InvalidInput, InvalidCursor, CandidateNotFound),
    )
    async def candidate_outcomes(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        cursor: CursorQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await records.list_for_candidate(
            page_ctx.conn, candidate_id=candidate_id, by=actor, limit=OUTCOMES_SHOWN, cursor=cursor
        )
        person = await candidates.get(page_ctx.conn, candidate_id=candidate_id, by=actor)
        return admin_page(
            request,
            page_ctx.settings,
            language,
            "admin/outcomes_person.html",
            {
                "candidate_id": str(candidate_id),
                "name": f"{person.first_name} {person.last_name}",
                "outcomes": [outcome_line(o, language) for o in found.items],
                "next_cursor": found.next_cursor,
            },
            words=WORDS,
        )
