"""The coach's observation page, for a phone held in one hand at the edge of the field: pick the
activity, then the person, then for each skill of the activity a level 1 to 4 (each level's
behaviour in one line) and a note if wanted. Below: what this coach observed today (of
everyone, or of the chosen person), each with a correction form, the person's card, and the
review when the coach may give it. People are named by first name, last name's initial and
ticket code, never by their full name. Who may use it is the observations' rule
(``skills_cards.access.event_for_observer``).

Without JavaScript every form works: a save goes through the same domain call as the JSON API,
then back to the page (POST, redirect, GET). Each form carries an idempotency key drawn for it,
so a form sent twice (a double tap, a retry after a lost answer) stores one observation. With
JavaScript (``static/js/coach.js``) a save is sent at once and, when the network fails, kept in
the phone and sent again, the page showing what is not saved yet."""

from __future__ import annotations

import secrets
from datetime import datetime, time
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import catalog, db, i18n
from events.actors import Actor
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx, PublicContext, PublicCtx
from events.bibs import sessions as bib_sessions
from events.data_rights import comments as candidate_comments
from events.errors import (
    CandidateNotFound,
    CandidateNotRegistered,
    CsrfFailed,
    EventNotFound,
    IdempotencyKeyReused,
    InvalidInput,
    NotEventCoach,
    ObservationNotFound,
    ObservationsClosed,
    ObservationSuperseded,
    SkillsCardChanged,
    SkillsCardEmpty,
    UnknownActivity,
    UnknownSkill,
    read_validation,
)
from events.registrations import listing
from events.registrations.structs import RegistrationListItem
from events.settings import Settings
from events.skills_cards import access, card, observations, review, vocabulary
from events.web.admin.common import FormCtx
from events.web.bib_answers_texts import COACH as BIB_WORDS
from events.web.coach_texts import WORDS
from events.web.pages import PRIVATE, LangQuery, page
from events.web.session import csrf_cookie, csrf_token, form_actor

ActivityQuery = Annotated[
    str | None,
    QueryParameter(required=False, max_length=200, description="The activity observed."),
]
CandidateQuery = Annotated[
    UUID | None,
    QueryParameter(required=False, description="The person observed (a confirmed candidate)."),
]
SearchQuery = Annotated[
    str | None,
    QueryParameter(
        required=False, max_length=100, description="Part of a name or of a ticket's code."
    ),
]
DoneQuery = Annotated[
    str | None,
    QueryParameter(
        required=False,
        pattern="^(saved|corrected|reviewed)$",
        description="What the last form did, said on the page.",
    ),
]
_PAGE_SIZE = 200
# Sent by ``static/js/coach.js``: a save answers 204 instead of the redirect to the page.
SCRIPT_HEADER = "x-coach-script"
_REFUSALS = (EventNotFound, NotEventCoach, InvalidInput)


def _heading(label: str) -> str:
    """A skill's label (stored in lower case, to sit inside a sentence) as a heading."""
    return label[:1].upper() + label[1:]


def _key() -> str:
    """A fresh idempotency key for one form."""
    return secrets.token_urlsafe(18)


def _matches(item: RegistrationListItem, name: str, search: str) -> bool:
    folded = search.strip().casefold()
    code = (item.short_code or "").casefold()
    return folded in name.casefold() or folded.replace("-", "") in code.replace("-", "")


async def _confirmed(conn: db.Conn, *, event_id: UUID, by: Actor) -> list[RegistrationListItem]:
    """The event's confirmed candidates, as its registration list shows them to those who run
    it (``registrations.listing``)."""
    found: list[RegistrationListItem] = []
    cursor: str | None = None
    while True:
        page_of = await listing.list_for_event(
            conn, event_id=event_id, by=by, status="confirmed", limit=_PAGE_SIZE, cursor=cursor
        )
        found.extend(item for item in page_of.items if item.candidate_id is not None)
        cursor = page_of.next_cursor
        if cursor is None:
            return sorted(found, key=lambda item: item.display_name.casefold())


def _address(
    event_id: UUID,
    language: i18n.Language,
    *,
    activity: str | None = None,
    candidate: UUID | str | None = None,
    done: str | None = None,
) -> str:
    query = {
        name: str(value)
        for name, value in (("activity", activity), ("candidate", candidate), ("done", done))
        if value
    }
    if language == "en":
        query["lang"] = "en"
    return f"/coach/{event_id}" + (f"?{urlencode(query)}" if query else "")


def _back(address: str) -> Redirect:
    return Redirect(address, status_code=303, headers={"Cache-Control": "no-store"})


async def _render(
    request: Request[Any, Any, Any],
    *,
    conn: db.Conn,
    by: Actor,
    now: datetime,
    settings: Settings,
    language: i18n.Language,
    event_id: UUID,
    activity: str | None,
    candidate: UUID | None,
    search: str | None,
    done: str | None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    await access.event_for_observer(conn, event_id=event_id, by=by)
    event = await catalog.get(conn, event_id=event_id, by=by)
    programme = [a for a in event.details.get("activities", []) if a.get("name")]
    chosen_activity = next(
        (a for a in programme if str(a["name"]).casefold() == (activity or "").casefold()), None
    )
    vocabulary_list = await vocabulary.list_skills(conn)
    if chosen_activity is not None:
        wanted = [str(code) for code in chosen_activity.get("skills", [])]
        skills = [s for s in vocabulary_list if s.code in wanted] or vocabulary_list
    else:
        skills = vocabulary_list
    activity_name = str(chosen_activity["name"]) if chosen_activity else None
    ready = chosen_activity is not None or not programme
    people = await _confirmed(conn, event_id=event_id, by=by)
    # A person is named in the list as "first name + last name's initial" and the ticket's code,
    # never by the full name (the registration list's ``display_name``).
    names = await observations.observable_names(conn, event_id=event_id, by=by)

    # At an anonymous session (``events.bibs``) the bib comes first: "Dossard 12 — Zoé N.",
    # people in bib order, and a bib number typed in the search chooses that person.
    bibs = await bib_sessions.numbers(conn, event_id=event_id, by=by)
    bib_words = BIB_WORDS[language]

    def bib_label(candidate_id: UUID | None) -> str:
        number = bibs.get(candidate_id) if candidate_id is not None else None
        return bib_words["bib"].format(number=number) if number is not None else ""

    def name(item: RegistrationListItem) -> str:
        short = names.get(item.candidate_id, "") if item.candidate_id is not None else ""
        label = bib_label(item.candidate_id)
        return f"{label} — {short}" if label else short

    def bib_order(item: RegistrationListItem) -> int:
        found = bibs.get(item.candidate_id) if item.candidate_id is not None else None
        return found if found is not None else 1 << 30

    if bibs:
        people = sorted(people, key=bib_order)
    else:
        people = sorted(people, key=lambda p: name(p).casefold())
    typed = (search or "").strip().lstrip("#").removeprefix("n°").strip()
    if bibs and candidate is None and typed.isdigit():
        candidate = next((c for c, n in bibs.items() if n == int(typed)), None)
        if candidate is not None:
            search = None
    person = next((p for p in people if p.candidate_id == candidate), None)
    shown = [p for p in people if _matches(p, name(p), search)] if search else people
    zone = ZoneInfo(event.timezone)
    # This coach's observations of the day (since midnight where the event takes place), of
    # everyone; with a person chosen, that person's only.
    day = await observations.list_by_observer(
        conn,
        event_id=event_id,
        by=by,
        since=datetime.combine(now.astimezone(zone).date(), time.min, tzinfo=zone),
    )
    mine = day if person is None else [o for o in day if o.candidate_id == person.candidate_id]
    # What the person said about an observation, beside it (issue 12: rectification).
    said = await candidate_comments.of_observations(conn, observation_ids=[o.id for o in mine])
    found_card: card.SkillsCard | None = None
    if person is not None and person.candidate_id is not None:
        found_card = await card.for_staff(conn, candidate_id=person.candidate_id, by=by)
    codes = {p.candidate_id: p.short_code for p in people}
    labels = {
        s.code: _heading(s.label_fr if language == "fr" else s.label_en) for s in vocabulary_list
    }
    token = csrf_token(request)
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "done")}
    query["lang"] = "en" if language == "fr" else "fr"
    return page(
        "coach.html",
        language=language,
        context={
            "t": WORDS[language],
            "csrf_token": token,
            "switch": f"/coach/{event_id}?{urlencode(query)}",
            "event": event,
            "event_id": event_id,
            "programme": programme,
            "activity": activity_name,
            "ready": ready,
            "people": shown,
            "person": person,
            "search": search or "",
            "skills": skills if ready and person is not None else [],
            "label": lambda s: labels[s.code],
            "anchors": lambda s: s.levels_fr if language == "fr" else s.levels_en,
            "labels": labels,
            "mine": mine,
            "said": said,
            "card": found_card,
            "done": done,
            "errors": errors or {},
            "key": _key,
            "address": lambda **kw: _address(event_id, language, **kw),
            "time": lambda moment: moment.astimezone(zone).strftime("%H:%M"),
            "name": name,
            "who": lambda o: " — ".join(
                x
                for x in (
                    bib_label(o.candidate_id),
                    observations.short_name(o.first_name, o.last_initial),
                )
                if x
            ),
            "bib_help": bib_words["anonymous"] if bibs else None,
            "search_label": bib_words["search"] if bibs else WORDS[language]["search"],
            "code_of": lambda o: codes.get(o.candidate_id) or "",
            "lang_field": language == "en",
        },
        status_code=status_code,
        headers={**PRIVATE},
        cookies=[csrf_cookie(token, settings)],
    )


async def _coach_form(
    request: Request[Any, Any, Any],
    public_ctx: PublicContext,
    lang: i18n.Language | None,
    event_id: UUID,
) -> FormCtx:
    """As the back office's ``form_ctx`` (the CSRF token first, then the session), for anyone
    logged in: who may observe is the domain call's to say."""
    raw = await request.form()
    form = {key: [str(v) for v in raw.getall(key)] for key in raw}
    actor = await form_actor(
        request, public_ctx, (form.get("csrf_token") or [""])[0], next_path=f"/coach/{event_id}"
    )
    return FormCtx(
        conn=public_ctx.conn,
        actor=actor,
        now=public_ctx.now,
        public_url=public_ctx.settings.public_url,
        language=lang or public_ctx.language,
        form=form,
        files={},
    )


def _idempotency_key(form: FormCtx) -> str | None:
    return form.value("key").strip() or None


def _convert(body: dict[str, Any], shape: type[Any]) -> Any:
    try:
        return msgspec.convert(body, shape, strict=False)
    except msgspec.ValidationError as error:
        raise InvalidInput.from_validation(
            read_validation(str(error)), shape=shape, sent=body
        ) from error


class CoachPageController(Controller):
    tags = ("skills cards",)

    @get(
        "/coach/{event_id:uuid}",
        summary="The coach's observation page",
        description="For those who may record observations at the event (its coaches — on a "
        "sport session those it names — and its organisers): the activity, a confirmed "
        "candidate (`q` filters the list), a level 1 to 4 per skill of the activity, and this "
        "coach's own observations of the day at the event (since midnight in the event's time "
        "zone: of everyone, or of the chosen person), with a correction form each.",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(*_REFUSALS, CandidateNotFound),
    )
    async def coach(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        activity: ActivityQuery = None,
        candidate: CandidateQuery = None,
        q: SearchQuery = None,
        done: DoneQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        return await _render(
            request,
            conn=page_ctx.conn,
            by=page_ctx.actor,
            now=page_ctx.now,
            settings=page_ctx.settings,
            language=lang or page_ctx.language,
            event_id=event_id,
            activity=activity,
            candidate=candidate,
            search=q,
            done=done,
        )

    @post(
        "/coach/{event_id:uuid}/observations",
        summary="Coach's page: record an observation from the form",
        description="The same call as `POST /api/v1/events/{event_id}/observations`, the form's "
        "`key` field as its idempotency key (a form sent twice stores one observation). 303 "
        "back to the page (204 to the page's script, which sends `X-Coach-Script: 1`); the "
        "page again (400) when no level was chosen.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed,
            *_REFUSALS,
            ObservationsClosed,
            CandidateNotRegistered,
            UnknownSkill,
            UnknownActivity,
            IdempotencyKeyReused,
        ),
    )
    async def observe(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await _coach_form(request, public_ctx, lang, event_id)
        activity = form.value("activity").strip() or None
        candidate = form.value("candidate_id")
        if not form.value("level"):
            try:
                candidate_id = UUID(candidate)
            except ValueError:
                candidate_id = None
            return await _render(
                request,
                conn=form.conn,
                by=form.actor,
                now=form.now,
                settings=public_ctx.settings,
                language=form.language,
                event_id=event_id,
                activity=activity,
                candidate=candidate_id,
                search=None,
                done=None,
                errors={form.value("skill"): WORDS[form.language]["choose_level"]},
                status_code=400,
            )
        body = {
            "candidate_id": candidate,
            "skill": form.value("skill"),
            "level": form.value("level"),
            "activity": activity,
            "note": form.value("note").strip() or None,
        }
        observation: observations.ObservationIn = _convert(body, observations.ObservationIn)
        await observations.record(
            form.conn,
            event_id=event_id,
            observation=observation,
            by=form.actor,
            now=form.now,
            idempotency_key=_idempotency_key(form),
        )
        if request.headers.get(SCRIPT_HEADER) == "1":
            # The page's script stays on the page: saved, nothing to show. (A redirect it
            # receives is then the log-in form's, never a save.)
            return Response(content=None, status_code=204, headers={"Cache-Control": "no-store"})
        return _back(
            _address(event_id, form.language, activity=activity, candidate=candidate, done="saved")
        )

    @post(
        "/coach/{event_id:uuid}/observations/{observation_id:uuid}/correct",
        summary="Coach's page: correct one's observation from the form",
        description="The same call as `POST /api/v1/observations/{observation_id}/correct` "
        "(the reason kept for staff), the form's `key` as its idempotency key. 303 back.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed,
            InvalidInput,
            ObservationNotFound,
            ObservationSuperseded,
            IdempotencyKeyReused,
        ),
    )
    async def correct(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        observation_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await _coach_form(request, public_ctx, lang, event_id)
        body: dict[str, Any] = {
            "level": form.value("level"),
            "note": form.value("note").strip() or None,
            "reason": form.value("reason").strip() or None,
        }
        if not body["level"]:
            del body["level"]
        correction: observations.CorrectionIn = _convert(body, observations.CorrectionIn)
        corrected = await observations.correct(
            form.conn,
            observation_id=observation_id,
            correction=correction,
            by=form.actor,
            now=form.now,
            idempotency_key=_idempotency_key(form),
        )
        return _back(
            _address(
                event_id,
                form.language,
                activity=corrected.activity,
                candidate=corrected.candidate_id,
                done="corrected",
            )
        )

    @post(
        "/coach/{event_id:uuid}/candidates/{candidate_id:uuid}/review",
        summary="Coach's page: mark the person's card reviewed",
        description="The same call as `POST /api/v1/candidates/{candidate_id}/skills-card/"
        "review`, with the version the coach read. 303 back.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, InvalidInput, CandidateNotFound, SkillsCardEmpty, SkillsCardChanged
        ),
    )
    async def review_card(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await _coach_form(request, public_ctx, lang, event_id)
        version = form.value("version")
        if not version.isdigit():
            raise InvalidInput(field="version")
        await review.review(
            form.conn, candidate_id=candidate_id, version=int(version), by=form.actor, now=form.now
        )
        return _back(
            _address(
                event_id,
                form.language,
                activity=form.value("activity").strip() or None,
                candidate=candidate_id,
                done="reviewed",
            )
        )
