"""The recruiters' pages: the search of skills cards, "my events" with their candidates, and
"I'd like to meet this person".

Each page makes the same domain call as the JSON API beside it (``events.api.recruiters``):
``recruiter.search`` and ``recruiter.event_candidates`` decide who is shown and what of them
(consent, a reviewed card, an event both attend; never the social situation; contact details
only when the candidate agreed) and record every view; ``interest`` records the wish to meet.
These pages render what those calls return, nothing more. The card itself is the card page
(``/cards/{id}``, ``events.web.cards``).

Forms: the search is a GET form (it works without JavaScript and its address can be kept);
the interest is a POST form that carries the CSRF token (``events.web.session``'s double-submit
rule), checked before the session cookie is trusted, as ``events.web.admin.common.form_ctx``
does for organisers. That one refuses everyone but organisers, so a recruiter's form goes
through ``_recruiter_form`` here, which refuses everyone but recruiters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any, Final
from urllib.parse import urlencode, urlsplit
from uuid import UUID

from litestar import Controller, MediaType, Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import db, i18n
from events.actors import Actor
from events.api.contract import SESSION, page_refusals
from events.api.cvs import pdf_url
from events.api.deps import PageCtx, PublicCtx
from events.bibs import interests as bib_interests
from events.cvs import texts as cv_texts
from events.errors import (
    BibNotFound,
    CandidateNotFound,
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidCursor,
    InvalidInput,
    UnknownSkill,
)
from events.settings import Settings
from events.skills_cards import interest, recruiter, vocabulary
from events.skills_cards.card import SkillLine
from events.web import sections
from events.web.pages import PRIVATE, LangQuery, page
from events.web.recruiter_texts import INTERESTS, WORDS
from events.web.session import csrf_cookie, csrf_token, form_actor, safe_next

RESULTS_SHOWN: Final = 20
STRONGEST: Final = 3
_POSTCODE: Final = re.compile(r"(?:[0-9]{1,5}|2[AB][0-9]{0,3})")
_SECTOR_MAX: Final = 80

Text = Annotated[str | None, QueryParameter(required=False, max_length=200, pattern=r"^[^\x00]*$")]
CursorQuery = Annotated[str | None, QueryParameter(required=False, max_length=500)]
BibQuery = Annotated[
    int | None,
    QueryParameter(
        required=False, ge=1, le=100_000, description="Anonymous sessions: show this bib alone."
    ),
]


def _recruiter(actor: Actor) -> Actor:
    """These pages are for recruiters bound to a company; anyone else is refused (403)."""
    if actor.role != "recruiter" or actor.company_id is None:
        raise Forbidden
    return actor


@dataclass(frozen=True, kw_only=True)
class _Form:
    conn: db.Conn
    actor: Actor
    now: datetime
    language: i18n.Language
    fields: dict[str, str]


async def _recruiter_form(
    request: Request[Any, Any, Any], public_ctx: PublicCtx, lang: i18n.Language | None
) -> _Form:
    """A recruiter's form: the CSRF token first, then the session cookie, then the role."""
    raw = await request.form()
    fields = {key: str(raw.get(key)) for key in raw if not isinstance(raw.get(key), UploadFile)}
    actor = await form_actor(
        request, public_ctx, fields.get("csrf_token", ""), next_path="/recruiter/"
    )
    return _Form(
        conn=public_ctx.conn,
        actor=_recruiter(actor),
        now=public_ctx.now,
        language=lang or public_ctx.language,
        fields=fields,
    )


def _page(
    request: Request[Any, Any, Any],
    settings: Settings,
    language: i18n.Language,
    template_name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
) -> Template:
    """A recruiter page: its words, the language switch to this same address, and the CSRF
    token its forms send back (kept in the browser's cookie)."""
    token = csrf_token(request)
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    query["lang"] = "en" if language == "fr" else "fr"
    here = request.url.path
    kept = {k: v for k, v in request.query_params.items()}
    return page(
        template_name,
        language=language,
        context={
            "t": WORDS[language],
            "csrf_token": token,
            "switch": f"{here}?{urlencode(query)}",
            "here": f"{here}?{urlencode(kept)}" if kept else here,
            "day": lambda moment: cv_texts.day(moment, language),
            **context,
        },
        status_code=status_code,
        headers={**PRIVATE},
        cookies=[csrf_cookie(token, settings)],
    )


def _strongest(lines: list[SkillLine]) -> list[SkillLine]:
    """The skills a card shows first: highest level, then most evidence."""
    ranked = sorted(lines, key=lambda s: (s.level, s.observations * s.observers), reverse=True)
    return ranked[:STRONGEST]


def _card(
    candidate: recruiter.CandidateForRecruiter,
    language: i18n.Language,
    anchors: dict[str, list[str]],
    interested: bool,
) -> dict[str, Any]:
    words = WORDS[language]
    name = f"{candidate.first_name} {candidate.last_name}"
    place = " ".join(p for p in (candidate.postcode, candidate.city) if p)
    return {
        "id": candidate.id,
        "name": name,
        "place": place,
        "contact": candidate.contact,
        "skills": [
            {
                "code": line.code,
                "line": words["skill_line"].format(
                    label=cv_texts.label(line.label_fr, line.label_en, language), level=line.level
                ),
                "evidence": words["evidence"].format(
                    observations=line.observations, observers=line.observers
                ),
                "anchor": (anchors.get(line.code) or [""] * 4)[line.level - 1],
            }
            for line in _strongest(candidate.skills_card.skills)
        ],
        "card_url": f"/cards/{candidate.id}?lang={language}",
        "pdf_url": f"{pdf_url(candidate.id)}?lang={language}",
        "interested": interested,
    }


async def _cards(
    conn: db.Conn,
    actor: Actor,
    language: i18n.Language,
    skills: list[vocabulary.Skill],
    candidates: Sequence[recruiter.CandidateForRecruiter],
) -> list[dict[str, Any]]:
    anchors = {s.code: (s.levels_fr if language == "fr" else s.levels_en) for s in skills}
    cards = []
    for candidate in candidates:
        standing = await interest.active(conn, candidate_id=candidate.id, by=actor)
        cards.append(_card(candidate, language, anchors, standing is not None))
    return cards


def _filters(
    words: dict[str, str],
    skills: list[vocabulary.Skill],
    skill: str | None,
    min_level: str | None,
    sector: str | None,
    postcode: str | None,
) -> tuple[dict[str, Any], dict[str, str]]:
    """The search's criteria as the domain takes them, and what could not be read, by field."""
    errors: dict[str, str] = {}
    chosen: dict[str, Any] = {
        "skill": (skill or "").strip() or None,
        "min_level": None,
        "sector": (sector or "").strip() or None,
        "postcode": (postcode or "").strip().upper() or None,
    }
    if chosen["skill"] is not None and chosen["skill"] not in {s.code for s in skills}:
        errors["skill"] = words["bad_skill"]
    level = (min_level or "").strip()
    if level:
        if level in ("1", "2", "3", "4"):
            chosen["min_level"] = int(level)
        else:
            errors["min_level"] = words["bad_level"]
    if chosen["sector"] is not None and len(chosen["sector"]) > _SECTOR_MAX:
        errors["sector"] = words["bad_sector"]
    if chosen["postcode"] is not None and not _POSTCODE.fullmatch(chosen["postcode"]):
        errors["postcode"] = words["bad_postcode"]
    return chosen, errors


class RecruiterPagesController(Controller):
    path = "/recruiter"
    tags = ("pages",)

    @get(
        "/",
        summary="Recruiters: search the skills cards, and my events",
        description="A GET form (skill, lowest level, sector, postcode or département): the "
        "candidates `GET /api/v1/skills-cards/search` gives, as cards linking to the card page, "
        'each with "I\'d like to meet this person"; below, the events the company attends, '
        "each leading to its candidates. Recruiters only (anyone else 403); every candidate "
        "shown is recorded as seen.",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(Forbidden, InvalidInput, InvalidCursor),
    )
    async def home(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        skill: Text = None,
        min_level: Text = None,
        sector: Text = None,
        postcode: Text = None,
        cursor: CursorQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = _recruiter(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        words = WORDS[language]
        skills = await vocabulary.list_skills(page_ctx.conn)
        chosen, errors = _filters(words, skills, skill, min_level, sector, postcode)
        asked = any(v is not None for v in (skill, min_level, sector, postcode))
        results: list[dict[str, Any]] | None = None
        more: str | None = None
        if asked and not errors:
            try:
                found = await recruiter.search(
                    page_ctx.conn,
                    by=actor,
                    limit=RESULTS_SHOWN,
                    cursor=cursor or None,
                    **chosen,
                )
            except UnknownSkill:
                errors["skill"] = words["bad_skill"]
            else:
                results = await _cards(page_ctx.conn, actor, language, skills, found.items)
                if found.next_cursor:
                    kept = {k: v for k, v in request.query_params.items() if k != "cursor"}
                    more = f"/recruiter/?{urlencode({**kept, 'cursor': found.next_cursor})}"
        events = await interest.company_events(page_ctx.conn, by=actor)
        chosen_skill = next((s for s in skills if s.code == chosen["skill"]), None)
        return _page(
            request,
            page_ctx.settings,
            language,
            "recruiter_home.html",
            {
                "skills": [
                    (s.code, cv_texts.label(s.label_fr, s.label_en, language)) for s in skills
                ],
                "values": {
                    "skill": chosen["skill"] or "",
                    "min_level": (min_level or "").strip(),
                    "sector": (sector or "").strip(),
                    "postcode": (postcode or "").strip(),
                },
                "errors": errors,
                "results": results,
                "more": more,
                "anchors": (
                    {
                        "label": chosen_skill.label_fr
                        if language == "fr"
                        else chosen_skill.label_en,
                        "levels": chosen_skill.levels_fr
                        if language == "fr"
                        else chosen_skill.levels_en,
                    }
                    if chosen_skill
                    else None
                ),
                "events": events,
            },
            status_code=400 if errors else 200,
        )

    @get(
        "/events/{event_id:uuid}",
        summary="Recruiters: the candidates of an event my company attends",
        description="What `GET /api/v1/events/{id}/candidates` gives, as cards; to a recruiter "
        "whose company is not registered, the event does not exist (404).",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(Forbidden, InvalidInput, InvalidCursor, EventNotFound),
    )
    async def event(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        cursor: CursorQuery = None,
        bib: BibQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        actor = _recruiter(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        found = await recruiter.event_candidates(
            page_ctx.conn, event_id=event_id, by=actor, limit=RESULTS_SHOWN, cursor=cursor
        )
        events = await interest.company_events(page_ctx.conn, by=actor)
        shown = next((e for e in events if e.id == event_id), None)
        if shown is None:  # pragma: no cover - event_candidates found the company registered
            raise EventNotFound
        skills = await vocabulary.list_skills(page_ctx.conn)
        more = None
        if found.next_cursor:
            query = urlencode({"cursor": found.next_cursor, "lang": language})
            more = f"/recruiter/events/{event_id}?{query}"
        return _page(
            request,
            page_ctx.settings,
            language,
            "recruiter_event.html",
            {
                "event": shown,
                "results": await _cards(page_ctx.conn, actor, language, skills, found.items),
                "more": more,
                "parts": await sections.for_recruiter_event(
                    page_ctx.conn, actor, event_id, shown.kind, language
                ),
                # An anonymous session: the bib typed in its search form, alone.
                "bib": bib,
            },
        )

    @post(
        "/candidates/{candidate_id:uuid}/interest",
        summary='Recruiters: "I\'d like to meet this person" from a form',
        description="The same call as `POST /api/v1/candidates/{id}/interest`; `withdraw=1` "
        "takes it back (`DELETE` there). 303 back to the page the form was on.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, CandidateNotFound, EventNotFound),
    )
    async def interest_form(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Redirect:
        form = await _recruiter_form(request, public_ctx, lang)
        if form.fields.get("withdraw") == "1":
            await interest.withdraw(
                form.conn, candidate_id=candidate_id, by=form.actor, now=form.now
            )
        else:
            try:
                event_id = UUID(form.fields["event_id"]) if form.fields.get("event_id") else None
            except ValueError as error:
                raise EventNotFound from error
            await interest.express(
                form.conn, candidate_id=candidate_id, by=form.actor, now=form.now, event_id=event_id
            )
        back = safe_next(form.fields.get("back"))
        if urlsplit(back).path.rstrip("/") != "/recruiter" and not back.startswith("/recruiter/"):
            back = "/recruiter/"
        return Redirect(
            f"{back}#c-{candidate_id}", status_code=303, headers={"Cache-Control": "no-store"}
        )

    @post(
        "/events/{event_id:uuid}/bibs/{number:int}/interest",
        summary='Recruiters: "I\'d like to meet this bib" from a form (anonymous sessions)',
        description="The same call as `POST /api/v1/events/{id}/bibs/{number}/interest`. 303 "
        "back to the event's page, at the bib.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound, BibNotFound),
    )
    async def bib_interest_form(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        number: FromPath[int],
        lang: LangQuery = None,
    ) -> Redirect:
        form = await _recruiter_form(request, public_ctx, lang)
        await bib_interests.express(
            form.conn, event_id=event_id, number=number, by=form.actor, now=form.now
        )
        return Redirect(
            f"/recruiter/events/{event_id}?lang={form.language}#bib-{number}",
            status_code=303,
            headers={"Cache-Control": "no-store"},
        )


INTERESTS_SHOWN: Final = 50


async def interests_section(
    conn: db.Conn, *, actor: Actor, candidate_id: UUID, language: i18n.Language
) -> dict[str, Any]:
    """The back office candidate page's "Intérêt des recruteurs" section
    (``recruiter/interests.html``): what ``interest.for_candidate`` gives the organiser, as
    the API's ``GET /api/v1/candidates/{id}/interests`` does."""
    found = await interest.for_candidate(
        conn, candidate_id=candidate_id, by=actor, limit=INTERESTS_SHOWN, cursor=None
    )
    words = INTERESTS[language]
    return {
        "t": words,
        "rows": [
            {
                "who": item.recruiter_name,
                "company": item.company_name,
                "event": item.event_title or "—",
                "when": cv_texts.day(item.created_at, language),
                "state": words["withdrawn"].format(date=cv_texts.day(item.withdrawn_at, language))
                if item.withdrawn_at
                else words["standing"],
                "withdrawn": item.withdrawn_at is not None,
            }
            for item in found.items
        ],
    }
