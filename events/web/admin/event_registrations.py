"""The back office's forms for an event's registrations, on the event's page (``event_page``):
register a candidate of the organisation or a company; create a person and register them in
one step; cancel a registration (the first waitlisted takes the place); replace a ticket (the
old one stops working) or send it again as it is.

Each makes the same domain call as the API controller beside it (``events.api.registrations``,
``events.api.candidates``), then goes back to the page (303), which says what was done. A choice
missing, or a person's name or contact that cannot be read, is shown at its form with the values
kept (nothing was written yet); any other refusal is the HTML error page, the request's
transaction rolled back: a person the one-step form created is not kept when their registration
is refused."""

from __future__ import annotations

from typing import Any, Final
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, post
from litestar.params import FromPath

from events import registrations
from events.api.contract import page_refusals
from events.api.deps import PublicCtx
from events.directory import candidates
from events.errors import (
    AlreadyCheckedIn,
    AlreadyRegistered,
    CandidateNotFound,
    CompanyNotFound,
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidInput,
    RegistrationAlreadyCancelled,
    RegistrationClosed,
    RegistrationNotFound,
)
from events.web.admin.common import form_ctx
from events.web.admin.event_form import EventForm, as_refusal
from events.web.admin.event_texts import WORDS
from events.web.admin.event_view import EventId, back_saying, own_event, page_again, sent_back
from events.web.pages import LangQuery

RegistrationId = FromPath[UUID]
_FORM = MediaType.HTML
_PAGE_REFUSALS: Final = (CsrfFailed, Forbidden, InvalidInput, EventNotFound)


class AdminEventRegistrationsController(Controller):
    path = "/admin/events/{event_id:uuid}"
    tags = ("back office",)

    @post(
        "/registrations",
        summary="Back office: register a candidate of the organisation, or a company",
        description="The form sends `candidate_id` or `company_id`, as "
        "`POST /api/v1/events/{id}/registrations` takes them.",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(
            *_PAGE_REFUSALS,
            CandidateNotFound,
            CompanyNotFound,
            RegistrationClosed,
            AlreadyRegistered,
        ),
    )
    async def register(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        which = "company" if "company_id" in form.form else "candidate"
        field = f"{which}_id"
        try:
            chosen = msgspec.convert({field: form.value(field)}, registrations.RegistrationIn)
        except msgspec.ValidationError:
            reader = EventForm(form, "")
            reader.errors[field] = WORDS[form.language]["choose_one"]
            return await page_again(
                request, public_ctx.settings, form, event_id, sent_back(which, reader, 400)
            )
        await registrations.register(
            form.conn,
            event_id=event_id,
            registration=chosen,
            by=form.actor,
            now=form.now,
            public_url=form.public_url,
            idempotency_key=None,
        )
        done = "company_registered" if which == "company" else "registered"
        return back_saying(event_id, form, done)

    @post(
        "/candidates",
        summary="Back office: create a person and register them in one step",
        description="For someone not yet known (often registered by the organiser for them): "
        "`candidates.create` then `registrations.register`, as `POST /api/v1/candidates` and "
        "`POST /api/v1/events/{id}/registrations`, in the request's one transaction: a refused "
        "registration leaves no person behind. A name or contact that cannot be read: the page "
        "again (400), values kept.",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(
            *_PAGE_REFUSALS, CandidateNotFound, RegistrationClosed, AlreadyRegistered
        ),
    )
    async def create_and_register(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        event = await own_event(form.conn, event_id=event_id, by=form.actor)
        reader = EventForm(form, "")
        body: dict[str, Any] = {
            "first_name": reader.text("first_name") or "",
            "last_name": reader.text("last_name") or "",
        }
        for name in ("phone", "email", "postcode"):
            if (value := reader.text(name)) is not None:
                body[name] = value
        if form.actor.is_admin:  # an admin names the organisation: the event's
            body["organisation_id"] = str(event.organisation_id)
        try:
            person = msgspec.convert(body, candidates.CandidateIn)
        except (msgspec.ValidationError, InvalidInput) as error:
            reader.refuse(as_refusal(body, error, candidates.CandidateIn))
            return await page_again(
                request, public_ctx.settings, form, event_id, sent_back("proxy", reader, 400)
            )
        created = await candidates.create(form.conn, candidate=person, by=form.actor, now=form.now)
        await registrations.register(
            form.conn,
            event_id=event_id,
            registration=registrations.RegistrationIn(candidate_id=created.id),
            by=form.actor,
            now=form.now,
            public_url=form.public_url,
            idempotency_key=None,
        )
        return back_saying(event_id, form, "proxy_registered")

    # --- one registration -----------------------------------------------------------------

    @post(
        "/registrations/{registration_id:uuid}/cancel",
        summary="Back office: cancel a registration (the first waitlisted takes the place)",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(
            CsrfFailed,
            Forbidden,
            InvalidInput,
            RegistrationNotFound,
            AlreadyCheckedIn,
            RegistrationAlreadyCancelled,
        ),
    )
    async def cancel_registration(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        registration_id: RegistrationId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        cancelled = await registrations.cancel(
            form.conn, registration_id=registration_id, by=form.actor, now=form.now
        )
        return back_saying(
            event_id, form, "registration_cancelled", cancelled.promoted_registration_id
        )

    @post(
        "/registrations/{registration_id:uuid}/reissue",
        summary="Back office: replace a lost or shared ticket (the old one stops working)",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, Forbidden, InvalidInput, RegistrationNotFound, RegistrationAlreadyCancelled
        ),
    )
    async def reissue(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        registration_id: RegistrationId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        await registrations.reissue_ticket(
            form.conn,
            registration_id=registration_id,
            by=form.actor,
            now=form.now,
            public_url=form.public_url,
        )
        return back_saying(event_id, form, "reissued")

    @post(
        "/registrations/{registration_id:uuid}/resend",
        summary="Back office: send the ticket again, without replacing it",
        media_type=_FORM,
        status_code=303,
        responses=page_refusals(
            CsrfFailed, Forbidden, InvalidInput, RegistrationNotFound, RegistrationAlreadyCancelled
        ),
    )
    async def resend(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: EventId,
        registration_id: RegistrationId,
        lang: LangQuery = None,
    ) -> Response[Any]:
        form = await form_ctx(request, public_ctx, lang)
        resent = await registrations.resend_ticket(
            form.conn, registration_id=registration_id, by=form.actor, now=form.now
        )
        done = "resent_none" if resent.channels == ["none"] else "resent"
        return back_saying(event_id, form, done)
