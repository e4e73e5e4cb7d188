"""The back office's interview grid of a job dating or an e-forum: the page preparing its frame
(k and breaks, each company's and each candidate's side, the wishes) with its forms, the grid
page (status, explanation, compute and re-plan, the send form, downloads, the grid by company
on a phone and as a table on a wide screen), and the grid as CSV and PDF.

Each makes the same domain call as the API controller beside it (``events.api.interview_grid``):
``inputs.get``, ``inputs.set_settings``, ``inputs.set_company``, ``inputs.set_candidate``,
``inputs.add_wish``, ``inputs.delete_wish``, ``plans.solve_event``, ``replan.replan_event`` and
``plans.current``. The send form posts to ``/admin/events/{id}/interview-grid/send``
(``events.web.interview_schedules``)."""

from __future__ import annotations

import asyncio
from datetime import datetime, time
from typing import Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events import db, i18n
from events.actors import Actor
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.documents.tables import to_csv
from events.errors import (
    CandidateNotRegistered,
    CompanyNotRegistered,
    CsrfFailed,
    DomainError,
    EventNotFound,
    Forbidden,
    GridInfeasible,
    GridNotForThisKind,
    GridWithoutSlots,
    InvalidInput,
    NobodyCheckedIn,
    UnknownSkill,
    WishNotFound,
    read_validation,
)
from events.interview_grid import grid_documents, inputs, plans, replan
from events.skills_cards import vocabulary
from events.web.admin.common import FormCtx, admin_page, back_office, back_to, form_ctx
from events.web.admin.documents import CSV, PDF, download
from events.web.admin.interview_grid_texts import WORDS
from events.web.pages import LangQuery

BREAKS_SHOWN: Final = 3
_EVENT_REFUSALS: Final = (Forbidden, EventNotFound, GridNotForThisKind)
# Where a domain refusal is shown in its form.
_PLACES: Final[dict[type[DomainError], str]] = {
    UnknownSkill: "skills",
    CandidateNotRegistered: "candidate_id",
    CompanyNotRegistered: "company_id",
}


def _base(event_id: UUID | str) -> str:
    return f"/admin/events/{event_id}/interview-grid"


# --- times in the event's zone -------------------------------------------------------------


class Clock:
    """How the forms say a time: ``HH:MM`` on the event's day when it lasts one day in its
    zone (a time field), a date and time otherwise."""

    def __init__(self, event: inputs.GridEvent) -> None:
        self.zone = ZoneInfo(event.timezone)
        self.start = event.starts_at.astimezone(self.zone)
        self.one_day = self.start.date() == event.ends_at.astimezone(self.zone).date()
        self.kind = "time" if self.one_day else "datetime-local"

    def shown(self, moment: datetime | None) -> str:
        if moment is None:
            return ""
        local = moment.astimezone(self.zone)
        return local.strftime("%H:%M") if self.one_day else local.strftime("%Y-%m-%dT%H:%M")

    def words(self, moment: datetime) -> str:
        local = moment.astimezone(self.zone)
        return local.strftime("%H:%M") if self.one_day else local.strftime("%d/%m %H:%M")

    def read(self, value: str) -> datetime | None:
        """The moment a field says; raises ValueError when it says none."""
        text = value.strip()
        if not text:
            return None
        if "T" in text:
            moment = datetime.fromisoformat(text)
        else:
            hour = time.fromisoformat(text)
            moment = datetime.combine(self.start.date(), hour)
        return moment if moment.tzinfo else moment.replace(tzinfo=self.zone)


def _list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


def _number(value: str) -> int | str:
    text = value.strip()
    return int(text) if text.isdigit() and len(text) < 6 else text


class Reading:
    """A sent form read as the API's body; ``errors`` holds the fields it could not read."""

    def __init__(self, form: FormCtx, clock: Clock) -> None:
        self.form = form
        self.clock = clock
        self.errors: dict[str, str] = {}
        self.shown: dict[str, Any] = {}

    def text(self, name: str) -> str:
        value = self.form.value(name)
        self.shown[name] = value
        return value

    def moment(self, name: str) -> str | None:
        value = self.text(name)
        try:
            moment = self.clock.read(value)
        except ValueError:
            self.errors[name] = (
                "Cette heure n'est pas valable\u00a0: écrivez-la comme 14:30."
                if self.form.language == "fr"
                else "This time is not valid: write it as 14:30."
            )
            return None
        return moment.isoformat() if moment else None


def _settings_body(reading: Reading) -> dict[str, Any]:
    breaks = []
    for n in range(1, BREAKS_SHOWN + 1):
        starts = reading.moment(f"break_{n}_starts")
        ends = reading.moment(f"break_{n}_ends")
        if starts or ends:
            breaks.append({"starts_at": starts, "ends_at": ends})
    return {"min_interviews": _number(reading.text("min_interviews")), "breaks": breaks}


def _company_body(reading: Reading, skills: list[vocabulary.Skill]) -> dict[str, Any]:
    needs = []
    for skill in skills:
        level = reading.text(f"skill_{skill.code}")
        if level:
            needs.append({"skill": skill.code, "min_level": _number(level)})
    return {
        "tables": _number(reading.text("tables")),
        "arrives_at": reading.moment("arrives_at"),
        "leaves_at": reading.moment("leaves_at"),
        "occupations": _list(reading.text("occupations")),
        "skills_wanted": needs,
        "hires": _number(reading.text("hires")),
        "video_urls": [
            line.strip() for line in reading.text("video_urls").splitlines() if line.strip()
        ],
    }


def _candidate_body(reading: Reading) -> dict[str, Any]:
    return {
        "arrives_at": reading.moment("arrives_at"),
        "leaves_at": reading.moment("leaves_at"),
        "sectors": _list(reading.text("sectors")),
    }


def _wish_body(reading: Reading) -> dict[str, Any]:
    return {name: reading.text(name) for name in ("candidate_id", "company_id", "wish", "said_by")}


def _place(field: str) -> str:
    """The form field a refusal's field goes next to."""
    head, _, rest = field.partition("[")
    if head == "breaks" and rest[:1].isdigit():
        return f"break_{int(rest.split(']')[0]) + 1}_starts"
    if head == "skills_wanted":
        return "skills"
    return head or "form"


def _refusal(error: DomainError, language: i18n.Language) -> tuple[str, str]:
    if isinstance(error, InvalidInput):
        field = str((error.extra or {}).get("field", ""))
        reason = str(error.params.get(f"reason_{language}") or "")
        return _place(field), reason or error.detail(language)
    field = str((error.extra or {}).get("field", ""))
    return field or _PLACES.get(type(error), "form"), error.detail(language)


# --- the pages' contents -------------------------------------------------------------------


def _hours(words: dict[str, str], clock: Clock, arrives: datetime | None, leaves: Any) -> str:
    if arrives and leaves:
        return words["hours"].format(arrives=clock.words(arrives), leaves=clock.words(leaves))
    if arrives:
        return words["from"].format(arrives=clock.words(arrives))
    if leaves:
        return words["until"].format(leaves=clock.words(leaves))
    return words["whole_event"]


async def _inputs_context(
    conn: db.Conn,
    *,
    event_id: UUID,
    by: Actor,
    language: i18n.Language,
    failed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    found = await inputs.get(conn, event_id=event_id, by=by)
    event = await inputs.grid_event(conn, event_id=event_id, by=by)
    clock = Clock(event)
    words = WORDS[language]
    skills = await vocabulary.list_skills(conn)
    label = {s.code: (s.label_fr if language == "fr" else s.label_en) for s in skills}
    try:
        slots = len(plans.event_slots(event, found.settings))
    except GridWithoutSlots:
        slots = 0
    companies = []
    for c in found.companies:
        needs = ", ".join(
            words["need"].format(skill=label.get(n.skill, n.skill), level=n.min_level)
            for n in c.skills_wanted
        )
        companies.append(
            {
                "id": str(c.company_id),
                "name": c.name,
                "line": words["company_line"].format(
                    tables=c.tables,
                    hours=_hours(words, clock, c.arrives_at, c.leaves_at),
                    hires=c.hires,
                ),
                "needs": words["needs_line"].format(needs=needs) if needs else "",
                "occupations": words["occupations_line"].format(
                    occupations=", ".join(c.occupations)
                )
                if c.occupations
                else "",
                "values": {
                    "tables": str(c.tables),
                    "arrives_at": clock.shown(c.arrives_at),
                    "leaves_at": clock.shown(c.leaves_at),
                    "occupations": ", ".join(c.occupations),
                    "hires": str(c.hires),
                    "video_urls": "\n".join(c.video_urls),
                    **{f"skill_{n.skill}": str(n.min_level) for n in c.skills_wanted},
                },
            }
        )
    candidates = []
    for p in found.candidates:
        sectors = (
            ", ".join(p.sectors)
            if p.sectors
            else words["sectors_from_cv"].format(sectors=", ".join(p.cv_sectors))
            if p.cv_sectors
            else words["sectors_none"]
        )
        candidates.append(
            {
                "id": str(p.candidate_id),
                "name": f"{p.first_name} {p.last_name}",
                "came": p.came,
                "line": words["candidate_line"].format(
                    hours=_hours(words, clock, p.arrives_at, p.leaves_at), sectors=sectors
                ),
                "cv_sectors": ", ".join(p.cv_sectors) or words["sectors_none"],
                "values": {
                    "arrives_at": clock.shown(p.arrives_at),
                    "leaves_at": clock.shown(p.leaves_at),
                    "sectors": ", ".join(p.sectors),
                },
            }
        )
    settings_values: dict[str, str] = {"min_interviews": str(found.settings.min_interviews)}
    for n, pause in enumerate(found.settings.breaks[:BREAKS_SHOWN], start=1):
        settings_values[f"break_{n}_starts"] = clock.shown(pause.starts_at)
        settings_values[f"break_{n}_ends"] = clock.shown(pause.ends_at)
    wishes = [
        {
            "id": str(w.id),
            "candidate": f"{w.first_name} {w.last_name}",
            "company": w.company_name,
            "text": words["wish_line"].format(
                candidate=f"{w.first_name} {w.last_name}",
                company=w.company_name,
                wish=words[f"wish_{w.wish}"],
                said_by=words["mutual"]
                if w.source == "mutual_interest"
                else words[f"said_by_{w.said_by}"],
            ),
        }
        for w in found.wishes
    ]
    return {
        "event": {
            "id": str(event_id),
            "title": event.title,
            "when": i18n.when(event.starts_at, event.ends_at, event.timezone, language),
        },
        "time_type": clock.kind,
        "minutes": found.interview_minutes,
        "slots": slots,
        "settings_values": settings_values,
        "breaks_shown": list(range(1, BREAKS_SHOWN + 1)),
        "companies": companies,
        "candidates": candidates,
        "wishes": wishes,
        "skills": [(s.code, label[s.code]) for s in skills],
        "candidate_choices": [(p["id"], p["name"]) for p in candidates],
        "company_choices": [(c["id"], c["name"]) for c in companies],
        "failed": failed,
    }


def _status_line(plan: plans.PlanSummary, language: i18n.Language) -> str:
    words = WORDS[language]
    if plan.status == "optimal" or plan.gap <= 0:
        return words["status_optimal"]
    gap = f"{plan.gap * 100:.1f}"
    return words["status_feasible"].format(gap=gap.replace(".", ",") if language == "fr" else gap)


def _grid_context(
    grid: plans.Grid, clock: Clock, language: i18n.Language, refused: str | None = None
) -> dict[str, Any]:
    words = WORDS[language]
    plan = grid.plan
    when = None
    if plan is not None:
        solved = plan.solved_at.astimezone(clock.zone)
        when = {
            "status": _status_line(plan, language),
            "line": words["plan_line"].format(
                date=f"{solved:%d/%m/%Y %H:%M}",
                seconds=f"{plan.seconds:.2f}".replace(".", ",")
                if language == "fr"
                else f"{plan.seconds:.2f}",
                count=len(grid.interviews),
            ),
            "kept": words["kept_line"].format(time=clock.words(plan.kept_until))
            if plan.kept_until
            else None,
            "sent": words["sent_at"].format(
                date=f"{plan.sent_at.astimezone(clock.zone):%d/%m/%Y %H:%M}"
            )
            if plan.sent_at
            else words["not_sent"],
        }
    booked = {(i.company_id, i.table_no, i.slot): i.candidate_name for i in grid.interviews}
    slots = [
        {"index": s.index, "time": f"{clock.words(s.starts_at)}\u2013{clock.words(s.ends_at)}"}
        for s in grid.slots
    ]
    tables = [
        {
            "key": f"{t.company_id}-{t.table_no}",
            "label": words["table_of"].format(company=t.company_name, n=t.table_no),
            "cells": [booked.get((t.company_id, t.table_no, s.index)) for s in grid.slots],
        }
        for t in grid.tables
    ]
    companies: dict[UUID, dict[str, Any]] = {}
    for t in grid.tables:
        entry = companies.setdefault(
            t.company_id, {"name": t.company_name, "lines": [], "videos": []}
        )
        if t.video_url:
            entry["videos"].append((words["video"].format(n=t.table_no), t.video_url))
    for i in grid.interviews:
        if i.company_id in companies:
            companies[i.company_id]["lines"].append(
                words["interview_line"].format(
                    time=clock.words(i.starts_at), n=i.table_no, name=i.candidate_name
                )
            )
    return {
        "grid_title": grid.title,
        "plan": when,
        "k": grid.min_interviews,
        "short": [
            words["short_line"].format(name=s.candidate_name, n=s.interviews)
            for s in grid.short_of_k
        ],
        "explanation": grid.explanation,
        "slots": slots,
        "tables": tables,
        "companies": list(companies.values()),
        "refused": refused,
    }


# --- the controller ------------------------------------------------------------------------


class AdminInterviewGridController(Controller):
    path = "/admin/events/{event_id:uuid}"
    tags = ("back office",)

    async def _inputs_page(
        self,
        request: Request[Any, Any, Any],
        conn: db.Conn,
        settings: Any,
        *,
        event_id: UUID,
        by: Actor,
        language: i18n.Language,
        failed: dict[str, Any] | None = None,
        status_code: int = 200,
    ) -> Template:
        context = await _inputs_context(
            conn, event_id=event_id, by=by, language=language, failed=failed
        )
        return admin_page(
            request,
            settings,
            language,
            "admin/interview_grid.html",
            context,
            words=WORDS,
            status_code=status_code,
        )

    @get(
        "/interview-grid/inputs",
        summary="Back office: prepare an event's interview grid",
        description="k and the breaks; each confirmed company's tables, hours, occupations, "
        "skills wanted, hires and video links; each confirmed candidate's hours and wished "
        "sectors; the wishes. Each with its form. Organisers of the event's organisation and "
        "admins; job datings and e-forums.",
        media_type=MediaType.HTML,
        responses=page_refusals(*_EVENT_REFUSALS, InvalidInput),
    )
    async def grid_inputs(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return await self._inputs_page(
            request,
            page_ctx.conn,
            page_ctx.settings,
            event_id=event_id,
            by=actor,
            language=language,
        )

    async def _save(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        event_id: UUID,
        lang: i18n.Language | None,
        *,
        key: str,
        build: Any,
        write: Any,
        anchor: str,
    ) -> Response[Any]:
        """Read the form as the API's body, make the domain call in a savepoint; on a refusal,
        the page again with the refusal next to its field and the values kept, nothing
        written."""
        form = await form_ctx(request, public_ctx, lang)
        event = await inputs.grid_event(form.conn, event_id=event_id, by=form.actor)
        reading = Reading(form, Clock(event))
        refusal: DomainError | None = None
        body: dict[str, Any] = {}
        try:
            body = await build(reading, form)
            if reading.errors:
                raise _Unread
            async with form.conn.transaction():
                await write(form, body)
        except _Unread:
            pass
        except msgspec.ValidationError as error:
            refusal = InvalidInput.from_validation(read_validation(str(error)), sent=body)
        except (Forbidden, EventNotFound, GridNotForThisKind):
            raise
        except DomainError as error:
            refusal = error
        else:
            lang_query = "?lang=en" if form.language == "en" else ""
            return Redirect(
                f"{_base(event_id)}/inputs{lang_query}#{anchor}",
                status_code=303,
                headers={"Cache-Control": "no-store"},
            )
        errors = dict(reading.errors)
        status = 400
        if refusal is not None:
            place, said = _refusal(refusal, form.language)
            errors[place] = said
            status = 400 if isinstance(refusal, InvalidInput) else refusal.status_code
        return await self._inputs_page(
            request,
            form.conn,
            public_ctx.settings,
            event_id=event_id,
            by=form.actor,
            language=form.language,
            failed={"key": key, "errors": errors, "values": reading.shown},
            status_code=status,
        )

    @post(
        "/interview-grid/settings",
        summary="Back office: set k and the breaks of the interview grid",
        description="303 back to the page of the frame; the page again (400) with the refusal "
        "next to its field, the values kept and nothing written.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, *_EVENT_REFUSALS, InvalidInput),
    )
    async def save_settings(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        async def build(reading: Reading, form: FormCtx) -> dict[str, Any]:
            return _settings_body(reading)

        async def write(form: FormCtx, body: dict[str, Any]) -> None:
            await inputs.set_settings(
                form.conn,
                event_id=event_id,
                settings=msgspec.convert(body, inputs.SettingsIn),
                by=form.actor,
                now=form.now,
            )

        return await self._save(
            request,
            public_ctx,
            event_id,
            lang,
            key="settings",
            build=build,
            write=write,
            anchor="settings",
        )

    @post(
        "/interview-grid/companies/{company_id:uuid}",
        summary="Back office: set a company's side of the interview grid",
        description="303 back to the company on the page; the page again (400, or the "
        "refusal's status) with the refusal next to its field, nothing written.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, *_EVENT_REFUSALS, InvalidInput, CompanyNotRegistered, UnknownSkill
        ),
    )
    async def save_company(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        company_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        async def build(reading: Reading, form: FormCtx) -> dict[str, Any]:
            return _company_body(reading, await vocabulary.list_skills(form.conn))

        async def write(form: FormCtx, body: dict[str, Any]) -> None:
            await inputs.set_company(
                form.conn,
                event_id=event_id,
                company_id=company_id,
                frame=msgspec.convert(body, inputs.CompanyFrameIn),
                by=form.actor,
                now=form.now,
            )

        return await self._save(
            request,
            public_ctx,
            event_id,
            lang,
            key=f"company-{company_id}",
            build=build,
            write=write,
            anchor=f"company-{company_id}",
        )

    @post(
        "/interview-grid/candidates/{candidate_id:uuid}",
        summary="Back office: set a candidate's hours and wished sectors for the grid",
        description="303 back to the person on the page; the page again (400, or the "
        "refusal's status) with the refusal next to its field, nothing written.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, *_EVENT_REFUSALS, InvalidInput, CandidateNotRegistered),
    )
    async def save_candidate(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        async def build(reading: Reading, form: FormCtx) -> dict[str, Any]:
            return _candidate_body(reading)

        async def write(form: FormCtx, body: dict[str, Any]) -> None:
            await inputs.set_candidate(
                form.conn,
                event_id=event_id,
                candidate_id=candidate_id,
                frame=msgspec.convert(body, inputs.CandidateFrameIn),
                by=form.actor,
                now=form.now,
            )

        return await self._save(
            request,
            public_ctx,
            event_id,
            lang,
            key=f"candidate-{candidate_id}",
            build=build,
            write=write,
            anchor=f"candidate-{candidate_id}",
        )

    @post(
        "/interview-grid/wishes",
        summary='Back office: record a wish "must meet" or "prefer not"',
        description="303 back to the wishes; the page again with the refusal next to its "
        "field, nothing written.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed,
            *_EVENT_REFUSALS,
            InvalidInput,
            CandidateNotRegistered,
            CompanyNotRegistered,
        ),
    )
    async def add_wish(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        async def build(reading: Reading, form: FormCtx) -> dict[str, Any]:
            return _wish_body(reading)

        async def write(form: FormCtx, body: dict[str, Any]) -> None:
            await inputs.add_wish(
                form.conn,
                event_id=event_id,
                wish=msgspec.convert(body, inputs.WishIn),
                by=form.actor,
                now=form.now,
            )

        return await self._save(
            request,
            public_ctx,
            event_id,
            lang,
            key="wish",
            build=build,
            write=write,
            anchor="wishes",
        )

    @post(
        "/interview-grid/wishes/{wish_id:uuid}/delete",
        summary="Back office: remove a wish",
        description="303 back to the wishes. The audit keeps it.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, *_EVENT_REFUSALS, WishNotFound),
    )
    async def delete_wish(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        wish_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await inputs.delete_wish(form.conn, event_id=event_id, wish_id=wish_id, by=form.actor)
        return back_to(f"{_base(event_id)}/inputs", form.language)

    # --- the grid ------------------------------------------------------------------------

    async def _grid_page(
        self,
        request: Request[Any, Any, Any],
        conn: db.Conn,
        settings: Any,
        *,
        event_id: UUID,
        by: Actor,
        language: i18n.Language,
        refused: str | None = None,
        status_code: int = 200,
    ) -> Template:
        grid = await plans.current(conn, event_id=event_id, by=by, language=language)
        event = await inputs.grid_event(conn, event_id=event_id, by=by)
        context = _grid_context(grid, Clock(event), language, refused)
        context["event"] = {
            "id": str(event_id),
            "title": event.title,
            "when": i18n.when(event.starts_at, event.ends_at, event.timezone, language),
        }
        return admin_page(
            request,
            settings,
            language,
            "admin/interview_grid_plan.html",
            context,
            words=WORDS,
            status_code=status_code,
        )

    @get(
        "/interview-grid",
        summary="Back office: an event's interview grid",
        description="What the solver proved in plain words, who has fewer than k interviews "
        "and why, the compute and re-plan buttons, the send form and when the plan was sent, "
        "the downloads, and the grid: by company on a phone, a table of slots and tables on a "
        "wide screen.",
        media_type=MediaType.HTML,
        responses=page_refusals(*_EVENT_REFUSALS, InvalidInput),
    )
    async def grid_plan(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        return await self._grid_page(
            request,
            page_ctx.conn,
            page_ctx.settings,
            event_id=event_id,
            by=actor,
            language=language,
        )

    async def _solve(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        event_id: UUID,
        lang: i18n.Language | None,
        *,
        again: bool,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        try:
            async with form.conn.transaction():
                if again:
                    await replan.replan_event(
                        form.conn, event_id=event_id, by=form.actor, now=form.now
                    )
                else:
                    await plans.solve_event(
                        form.conn, event_id=event_id, by=form.actor, now=form.now
                    )
        except (GridWithoutSlots, GridInfeasible, NobodyCheckedIn) as error:
            return await self._grid_page(
                request,
                form.conn,
                public_ctx.settings,
                event_id=event_id,
                by=form.actor,
                language=form.language,
                refused=error.detail(form.language),
                status_code=error.status_code,
            )
        return back_to(_base(event_id), form.language)

    @post(
        "/interview-grid/solve",
        summary="Back office: compute the interview grid",
        description="303 to the grid page; the grid page again with the refusal when no slot "
        "fits or the kept interviews clash (409).",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, *_EVENT_REFUSALS, GridWithoutSlots, GridInfeasible),
    )
    async def solve(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        return await self._solve(request, public_ctx, event_id, lang, again=False)

    @post(
        "/interview-grid/replan",
        summary="Back office: re-plan the interview grid with those present",
        description="303 to the grid page; the grid page again with the refusal (409), "
        "nobody checked in among them.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, *_EVENT_REFUSALS, GridWithoutSlots, GridInfeasible, NobodyCheckedIn
        ),
    )
    async def replan(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        return await self._solve(request, public_ctx, event_id, lang, again=True)

    @get(
        "/interview-grid.csv",
        summary="Back office: the interview grid as CSV for French Excel",
        description="One line per interview: start, end, company, table, candidate.",
        media_type=CSV,
        security=SESSION,
        responses=page_refusals(*_EVENT_REFUSALS, InvalidInput),
    )
    async def grid_csv(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        grid = await plans.current(page_ctx.conn, event_id=event_id, by=actor, language=language)
        return download(
            to_csv(grid_documents.table(grid, language), language),
            CSV,
            grid_documents.file_name(grid, language, "csv"),
            language,
        )

    @get(
        "/interview-grid.pdf",
        summary="Back office: the interview grid as an A4 PDF",
        description="One section per company: each interview's time, table and candidate.",
        media_type=PDF,
        security=SESSION,
        responses=page_refusals(*_EVENT_REFUSALS, InvalidInput),
    )
    async def grid_pdf(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[bytes]:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        grid = await plans.current(page_ctx.conn, event_id=event_id, by=actor, language=language)
        content = await asyncio.to_thread(grid_documents.document, grid, language, page_ctx.now)
        return download(content, PDF, grid_documents.file_name(grid, language, "pdf"), language)


class _Unread(Exception):
    """A field could not even be read (a time): the form again, nothing sent to the domain."""
