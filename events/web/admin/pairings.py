"""The back office's food festival pairings page: cooks' and restaurants' sides, the suggested
pairs, the pairs with their days and what followed, and sending the schedules.

Each form makes the same domain call as the API controller beside it (``events.api.pairings``):
``board.board``, ``set_cook``, ``set_restaurant``, ``pair``, ``pair_all``, ``change``,
``unpair``, ``record_result`` and ``send``."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from events import catalog, db, i18n
from events.actors import Actor
from events.api.contract import page_refusals
from events.api.deps import PageCtx, PublicCtx
from events.errors import (
    CookAlreadyPaired,
    CookNotConfirmed,
    CsrfFailed,
    DomainError,
    EventNotFound,
    Forbidden,
    InvalidInput,
    NotAFoodFestival,
    OutcomesClosed,
    PairingNotFound,
    PairingsClosed,
    RestaurantFull,
    RestaurantNotConfirmed,
    SeatsBelowPairings,
    UnknownCompany,
    read_validation,
)
from events.pairings import board
from events.pairings.schedules import days as days_in_words
from events.pairings.structs import (
    CONTRACTS,
    RESULTS,
    Board,
    CookIn,
    PairingIn,
    PairingPatch,
    PairingsIn,
    RestaurantIn,
    ResultIn,
)
from events.web.admin.common import FormCtx, admin_page, back_office, form_ctx
from events.web.admin.pairings_texts import WORDS
from events.web.pages import LangQuery

# The days before the festival a page offers for preparation (the API takes up to 60).
PREPARATION_DAYS_SHOWN: Final = 7
Done = Literal["saved", "paired", "accepted", "removed", "sent"]
DoneQuery = Annotated[Done | None, QueryParameter(required=False)]
CountQuery = Annotated[int | None, QueryParameter(required=False, ge=0, le=100_000)]
_REFUSALS: Final = (
    CsrfFailed,
    Forbidden,
    InvalidInput,
    EventNotFound,
    NotAFoodFestival,
    PairingsClosed,
)


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def _page_path(event_id: UUID | str, language: i18n.Language, query: str = "") -> str:
    params = "&".join(p for p in (query, "lang=en" if language == "en" else "") if p)
    return f"/admin/events/{event_id}/pairings" + (f"?{params}" if params else "")


def _reasons(s: Any, language: i18n.Language) -> str:
    words = WORDS[language]
    said = []
    for reason in s.reasons:
        if reason == "cuisine":
            said.append(words["why_cuisine"].format(cuisines=", ".join(s.cuisines)))
        elif reason == "wish":
            said.append(words["why_wish"].format(wishes=", ".join(s.wishes)))
        else:
            said.append(words[f"why_{reason}"])
    return " · ".join(said) or words["why_none"]


def _day_choices(
    first: date, last: date, before: int, language: i18n.Language
) -> list[tuple[str, str]]:
    count = (last - first).days + 1 + before
    days = [first - timedelta(days=before) + timedelta(days=n) for n in range(min(count, 40))]
    return [(d.isoformat(), days_in_words([d], language)) for d in days]


async def _context(
    conn: db.Conn,
    *,
    event_id: UUID,
    by: Actor,
    language: i18n.Language,
    failed: dict[str, Any] | None = None,
    done: str | None = None,
) -> dict[str, Any]:
    shown: Board = await board.board(conn, event_id=event_id, by=by)
    event = await catalog.get(conn, event_id=event_id, by=by)
    words = WORDS[language]
    festival = await board.festival(conn, event_id=event_id, by=by, changing=False)
    first, last = festival.days()
    cooks = {c.candidate_id: c for c in shown.cooks}
    restaurants = {r.company_id: r for r in shown.restaurants}
    paired = {p.candidate_id: p for p in shown.pairings}

    def cook_name(candidate_id: UUID) -> str:
        cook = cooks.get(candidate_id)
        return f"{cook.first_name} {cook.last_name}" if cook else "—"

    result_labels = {
        "hired": words["result_hired"],
        "training": words["result_training"],
        "referral": words["result_referral_label"],
        "nothing": words["result_nothing"],
    }
    contract_labels: dict[str, str] = {
        k: i18n.OUTCOME_KINDS[language][k] for k in CONTRACTS if k in i18n.OUTCOME_KINDS[language]
    }
    return {
        "event": {
            "id": str(event_id),
            "title": event.title,
            "when": i18n.when(event.starts_at, event.ends_at, event.timezone, language),
        },
        "failed": failed,
        "done": done,
        "unsent": shown.unsent,
        "suggestions": [
            {
                "candidate_id": str(s.candidate_id),
                "company_id": str(s.company_id),
                "cook": cook_name(s.candidate_id),
                "restaurant": restaurants[s.company_id].name,
                "why": _reasons(s, language),
            }
            for s in shown.suggestions
        ],
        "pairings": [
            {
                "id": str(p.id),
                "cook": p.cook_name,
                "company_id": str(p.company_id),
                "line": words["pair_line"].format(cook=p.cook_name, restaurant=p.restaurant_name),
                "source": words[p.source],
                "preparation": days_in_words(p.preparation_days, language),
                "service": days_in_words(p.service_days, language),
                "preparation_days": [d.isoformat() for d in p.preparation_days],
                "service_days": [d.isoformat() for d in p.service_days],
                "sent": p.sent_version == p.version,
                "result": p.result or "",
                "result_text": words["result_now"].format(
                    result=result_labels[p.result], date=days_in_words([p.result_on], language)
                )
                if p.result and p.result_on
                else None,
                "referral": words["result_referral"].format(company=p.referral_company_name)
                if p.referral_company_name
                else None,
                "result_on": p.result_on.isoformat() if p.result_on else "",
                "referral_company_id": str(p.referral_company_id or ""),
                "note": p.note or "",
            }
            for p in shown.pairings
        ],
        "cooks": [
            {
                "id": str(c.candidate_id),
                "name": f"{c.first_name} {c.last_name}",
                "home": " ".join(x for x in (c.postcode, c.city) if x),
                "cuisines": ", ".join(c.cuisines),
                "wishes": ", ".join(c.wishes),
                "areas": ", ".join(c.areas),
                "restaurant": paired[c.candidate_id].restaurant_name
                if c.candidate_id in paired
                else None,
            }
            for c in shown.cooks
        ],
        "restaurants": [
            {
                "id": str(r.company_id),
                "name": r.name,
                "place": f"{r.postcode} {r.city}",
                "cuisines": ", ".join(r.cuisines),
                "seats": r.seats,
                "taken": r.taken,
                "address": r.address or "",
                "free": r.seats > r.taken,
            }
            for r in shown.restaurants
        ],
        "results": [(code, result_labels[code]) for code in RESULTS],
        "contracts": list(contract_labels.items()),
        "service_choices": _day_choices(first, last, 0, language),
        "preparation_choices": _day_choices(first, last, PREPARATION_DAYS_SHOWN, language),
    }


# What each form sends, read into the API's body: (form key, body, shape).
Reader = Callable[[FormCtx], tuple[str, dict[str, Any], type[Any]]]
Call = Callable[[FormCtx, Any], Awaitable[tuple[Done, dict[str, int]]]]


def _refusal(error: DomainError, language: i18n.Language) -> tuple[str, str]:
    if isinstance(error, InvalidInput):
        field = re.split(r"[.\[]", str((error.extra or {}).get("field", "")))[0]
        own = WORDS[language].get(f"bad_{field}")
        reason = own or str(error.params.get(f"reason_{language}") or "")
        return field or "form", reason or error.detail(language)
    return "form", error.detail(language)


class AdminPairingsController(Controller):
    path = "/admin"
    tags = ("back office",)

    async def _act(
        self,
        request: Request[Any, Any, Any],
        public_ctx: PublicCtx,
        lang: LangQuery,
        event_id: UUID,
        read: Reader,
        call: Call,
    ) -> Response[Any]:
        """CSRF first; the form as the API's body; the domain call; POST-redirect-GET, or the
        page again with the refusal next to its form and the values kept."""
        form = await form_ctx(request, public_ctx, lang)
        key, body, shape = read(form)
        try:
            async with form.conn.transaction():
                done, figures = await call(form, msgspec.convert(body, shape))
        except msgspec.ValidationError as error:
            refusal: DomainError = InvalidInput.from_validation(
                read_validation(str(error)), shape=shape, sent=body
            )
        except (Forbidden, EventNotFound, NotAFoodFestival, PairingNotFound):
            raise
        except DomainError as error:
            refusal = error
        else:
            query = "&".join([f"done={done}", *(f"{k}={v}" for k, v in figures.items())])
            return Redirect(
                _page_path(event_id, form.language, query),
                status_code=303,
                headers={"Cache-Control": "no-store"},
            )
        place, said = _refusal(refusal, form.language)
        context = await _context(
            form.conn,
            event_id=event_id,
            by=form.actor,
            language=form.language,
            failed={"key": key, "errors": {place: said}, "values": form.form},
        )
        return admin_page(
            request,
            public_ctx.settings,
            form.language,
            "admin/pairings.html",
            context,
            words=WORDS,
            status_code=400 if isinstance(refusal, InvalidInput) else refusal.status_code,
        )

    @get(
        "/events/{event_id:uuid}/pairings",
        summary="Back office: a food festival's cook \u2013 restaurant pairs",
        description="Both sides with their forms, the suggested pairs, the pairs with their "
        "days and what followed, and the form sending the schedules. Organisers of the event's "
        "organisation and admins; others 403.",
        media_type=MediaType.HTML,
        responses=page_refusals(Forbidden, EventNotFound, NotAFoodFestival),
    )
    async def pairings_page(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
        done: DoneQuery = None,
        pairings: CountQuery = None,
        messages: CountQuery = None,
    ) -> Template:
        actor = back_office(page_ctx.actor)
        language: i18n.Language = lang or page_ctx.language
        notice = None
        if done is not None:
            notice = WORDS[language][f"done_{done}"].format(
                pairings=pairings or 0, messages=messages or 0
            )
        context = await _context(
            page_ctx.conn, event_id=event_id, by=actor, language=language, done=notice
        )
        return admin_page(
            request, page_ctx.settings, language, "admin/pairings.html", context, words=WORDS
        )

    @post(
        "/events/{event_id:uuid}/pairings/cooks/{candidate_id:uuid}",
        summary="Back office: a cook's cuisines, wishes and areas",
        description="303 back to the page; the page again with the refusal next to the form.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_REFUSALS, CookNotConfirmed),
    )
    async def set_cook(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        candidate_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            body = {n: _split(form.value(n)) for n in ("cuisines", "wishes", "areas")}
            return f"cook-{candidate_id}", body, CookIn

        async def call(form: FormCtx, side: CookIn) -> tuple[Done, dict[str, int]]:
            await board.set_cook(
                form.conn,
                event_id=event_id,
                candidate_id=candidate_id,
                side=side,
                by=form.actor,
                now=form.now,
            )
            return "saved", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings/restaurants/{company_id:uuid}",
        summary="Back office: a restaurant's cuisines, places and address",
        description="303 back to the page; the page again with the refusal next to the form.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_REFUSALS, RestaurantNotConfirmed, SeatsBelowPairings),
    )
    async def set_restaurant(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        company_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            seats = form.value("seats").strip()
            body: dict[str, Any] = {
                "cuisines": _split(form.value("cuisines")),
                "seats": int(seats) if seats.isdigit() and len(seats) < 4 else seats,
            }
            if form.value("address").strip():
                body["address"] = form.value("address").strip()
            return f"restaurant-{company_id}", body, RestaurantIn

        async def call(form: FormCtx, side: RestaurantIn) -> tuple[Done, dict[str, int]]:
            await board.set_restaurant(
                form.conn,
                event_id=event_id,
                company_id=company_id,
                side=side,
                by=form.actor,
                now=form.now,
            )
            return "saved", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings",
        summary="Back office: pair a cook with a restaurant",
        description="One suggestion accepted, or a restaurant chosen by hand for a cook. 303 "
        "back to the page; the page again with the refusal next to the form.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            *_REFUSALS,
            CookNotConfirmed,
            RestaurantNotConfirmed,
            CookAlreadyPaired,
            RestaurantFull,
        ),
    )
    async def pair(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            body = {
                "candidate_id": form.value("candidate_id"),
                "company_id": form.value("company_id"),
                "source": form.value("source") or "by_hand",
                "preparation_days": form.values("preparation_days"),
                "service_days": form.values("service_days"),
            }
            return f"pair-{form.value('candidate_id')}", body, PairingIn

        async def call(form: FormCtx, pairing: PairingIn) -> tuple[Done, dict[str, int]]:
            await board.pair(
                form.conn, event_id=event_id, pairing=pairing, by=form.actor, now=form.now
            )
            return "paired", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings/accept",
        summary="Back office: accept every suggested pair shown",
        description="The pairs the page showed (all or none). 303 back to the page; the page "
        "again with the refusal when one of them can no longer be made.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            *_REFUSALS,
            CookNotConfirmed,
            RestaurantNotConfirmed,
            CookAlreadyPaired,
            RestaurantFull,
        ),
    )
    async def accept_all(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            pairs = [
                {"candidate_id": cook, "company_id": company, "source": "suggested"}
                for cook, company in zip(
                    form.values("candidate_id"), form.values("company_id"), strict=False
                )
            ]
            return "accept", {"pairs": pairs}, PairingsIn

        async def call(form: FormCtx, pairings: PairingsIn) -> tuple[Done, dict[str, int]]:
            await board.pair_all(
                form.conn, event_id=event_id, pairings=pairings, by=form.actor, now=form.now
            )
            return "accepted", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings/{pairing_id:uuid}/change",
        summary="Back office: change a pair's restaurant or days",
        description="303 back to the page; the page again with the refusal next to the form.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(
            *_REFUSALS, PairingNotFound, RestaurantNotConfirmed, RestaurantFull
        ),
    )
    async def change(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        pairing_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            body = {
                "company_id": form.value("company_id"),
                "preparation_days": form.values("preparation_days"),
                "service_days": form.values("service_days"),
            }
            return f"change-{pairing_id}", body, PairingPatch

        async def call(form: FormCtx, patch: PairingPatch) -> tuple[Done, dict[str, int]]:
            await board.change(
                form.conn, pairing_id=pairing_id, patch=patch, by=form.actor, now=form.now
            )
            return "saved", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings/{pairing_id:uuid}/result",
        summary="Back office: what followed a pair",
        description="A hire or a training is also recorded as the person's outcome. 303 back "
        "to the page; the page again with the refusal next to the form.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_REFUSALS, PairingNotFound, UnknownCompany, OutcomesClosed),
    )
    async def record_result(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        pairing_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            result = form.value("result") or None
            body: dict[str, Any] = {"result": result}
            for name in ("happened_on", "contract", "referral_company_id", "note"):
                value = form.value(name).strip()
                if value and (result is not None or name == "note"):
                    body[name] = value
            return f"result-{pairing_id}", body, ResultIn

        async def call(form: FormCtx, result: ResultIn) -> tuple[Done, dict[str, int]]:
            await board.record_result(
                form.conn, pairing_id=pairing_id, result=result, by=form.actor, now=form.now
            )
            return "saved", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings/{pairing_id:uuid}/delete",
        summary="Back office: undo a pair",
        description="303 back to the page.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(CsrfFailed, Forbidden, PairingNotFound, PairingsClosed),
    )
    async def unpair(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        pairing_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            return f"change-{pairing_id}", {}, dict

        async def call(form: FormCtx, _: Any) -> tuple[Done, dict[str, int]]:
            await board.unpair(form.conn, pairing_id=pairing_id, by=form.actor)
            return "removed", {}

        return await self._act(request, public_ctx, lang, event_id, read, call)

    @post(
        "/events/{event_id:uuid}/pairings/send",
        summary="Back office: send the pairs' schedules",
        description="The same call as `POST /api/v1/events/{id}/pairings/send`. 303 back to "
        "the page, saying how many pairs and messages.",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(*_REFUSALS),
    )
    async def send(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[Any]:
        def read(form: FormCtx) -> tuple[str, dict[str, Any], type[Any]]:
            return "send", {}, dict

        async def call(form: FormCtx, _: Any) -> tuple[Done, dict[str, int]]:
            sent = await board.send(form.conn, event_id=event_id, by=form.actor, now=form.now)
            return "sent", {"pairings": sent.pairings, "messages": sent.messages}

        return await self._act(request, public_ctx, lang, event_id, read, call)
