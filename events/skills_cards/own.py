"""What a candidate sees of themselves with one of their ticket tokens (the page
``/t/{token}/moi``): their registrations, their card as recruiters see it, who saw it and when,
their consent and their CV. The token is the candidate's key, under the holder's rule
(``by_token.find_for_holder``: a replaced ticket no longer opens anything; a ticket of a
cancelled registration still speaks for its holder). A company's ticket has no candidate: its
page says so and shows nothing else.

Nothing here reads the social situation. The card is the one recruiters read, the last reviewed
version (``card.build(reviewed_only=True)`` through ``recruiter.for_recruiter``), never the
draft. Who saw the card is ``events.data_rights.views`` (every view, page by page). Changing
the consent is ``consent.change`` with the token, as the API does."""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from events import db
from events.catalog import Kind, Status
from events.cvs import render_pdf
from events.cvs.structured import StructuredCv
from events.errors import CandidateNotFound, CvNotFound
from events.i18n import Language
from events.registrations.structs import RegistrationStatus
from events.skills_cards import card, consent, recruiter
from events.tickets import by_token
from events.tickets.holder import Place

_SHOWN = 50


class OwnRegistration(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_title: str
    event_kind: Kind
    event_status: Status
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Place | None
    online_url: str | None
    status: RegistrationStatus
    checked_in_at: datetime | None


class Identity(msgspec.Struct, frozen=True, kw_only=True):
    """The candidate as recruiters may name and reach them: the initial of the last name, and
    the e-mail and phone, only when the candidate agreed to be contacted."""

    first_name: str
    last_name: str
    city: str | None
    postcode: str | None
    email: str | None
    phone: str | None


class _IdentityRow(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    last_name: str
    city: str | None
    postcode: str | None
    email: str | None
    phone: str | None


class OwnCv(msgspec.Struct, frozen=True, kw_only=True):
    kind: Literal["structured", "pdf"]
    pdf_pages: int | None
    updated_at: datetime | None


class OwnPage(msgspec.Struct, frozen=True, kw_only=True):
    """Everything the page shows; ``candidate_id`` is None for a company's ticket (and then
    everything else is empty)."""

    candidate_id: UUID | None
    registrations: list[OwnRegistration]
    identity: Identity | None
    card: recruiter.CardForRecruiter | None
    # The current card has observations that no coach reviewed yet: recruiters do not see them.
    waiting_review: bool
    recruiters: bool
    contact: bool
    consent_at: datetime | None
    cv: OwnCv | None


class _CvRow(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    last_name: str
    kind: Literal["structured", "pdf"] | None
    structured: StructuredCv | None
    pdf_pages: int | None
    updated_at: datetime | None


async def _candidate_of(conn: db.Conn, *, token: str) -> UUID | None:
    ticket = await by_token.find_for_holder(conn, token=token)
    return ticket.candidate_id


def _identity(row: _IdentityRow | None, *, contact: bool) -> Identity | None:
    if row is None:  # pragma: no cover - a ticket's candidate is never deleted
        return None
    if contact:
        return Identity(**msgspec.structs.asdict(row))
    return Identity(
        first_name=row.first_name,
        last_name=f"{row.last_name[:1]}.",
        city=row.city,
        postcode=row.postcode,
        email=None,
        phone=None,
    )


async def view(conn: db.Conn, *, token: str) -> OwnPage:
    """The candidate's own page behind ``token``; ``invalid_ticket`` or ``ticket_revoked`` as
    for the ticket page."""
    candidate_id = await _candidate_of(conn, token=token)
    if candidate_id is None:
        return OwnPage(
            candidate_id=None,
            registrations=[],
            identity=None,
            card=None,
            waiting_review=False,
            recruiters=False,
            contact=False,
            consent_at=None,
            cv=None,
        )
    registrations = await db.fetch_all(
        conn, "list_own_registrations", OwnRegistration, candidate_id=candidate_id, limit=_SHOWN
    )
    given = await db.fetch_one(conn, "get_consent", consent.ConsentRow, candidate_id=candidate_id)
    contact = given.contact if given else False
    identity = await db.fetch_one(conn, "get_own_identity", _IdentityRow, candidate_id=candidate_id)
    reviewed = await card.build(conn, candidate_id=candidate_id, reviewed_only=True)
    current = await card.current(conn, candidate_id=candidate_id)
    cv = await db.fetch_one(conn, "get_cv_for_candidate", _CvRow, candidate_id=candidate_id)
    return OwnPage(
        candidate_id=candidate_id,
        registrations=registrations,
        identity=_identity(identity, contact=contact),
        card=recruiter.for_recruiter(reviewed) if reviewed else None,
        waiting_review=current is not None and current.review.status == "draft",
        recruiters=given.recruiters if given else False,
        contact=contact,
        consent_at=given.updated_at if given else None,
        cv=(
            OwnCv(kind=cv.kind, pdf_pages=cv.pdf_pages, updated_at=cv.updated_at)
            if cv is not None and cv.kind is not None
            else None
        ),
    )


async def change_consent(
    conn: db.Conn, *, token: str, recruiters: bool, contact: bool, now: datetime
) -> consent.ConsentChange:
    """The candidate's choice, given with their ticket: ``consent.change`` with the token, as
    ``POST /api/v1/candidates/{id}/consent`` with ``X-Ticket-Token`` does. Saying no to
    recruiters says no to being contacted too."""
    candidate_id = await _candidate_of(conn, token=token)
    if candidate_id is None:  # a company's ticket: no candidate to speak for
        raise CandidateNotFound
    return await consent.change(
        conn,
        candidate_id=candidate_id,
        consent=consent.ConsentIn(recruiters=recruiters, contact=contact and recruiters),
        ticket_token=token,
        by=None,
        now=now,
    )


async def cv_pdf(conn: db.Conn, *, token: str, language: Language, now: datetime) -> bytes:
    """The candidate's own CV as one PDF, with the card recruiters see (the last reviewed one);
    ``cv_not_found`` without a CV."""
    candidate_id = await _candidate_of(conn, token=token)
    row = (
        await db.fetch_one(conn, "get_cv_for_candidate", _CvRow, candidate_id=candidate_id)
        if candidate_id is not None
        else None
    )
    if candidate_id is None or row is None or row.kind is None:
        raise CvNotFound
    uploaded = None
    if row.kind == "pdf":
        uploaded = await db.fetch_value(conn, "get_cv_pdf_file", candidate_id=candidate_id)
    reviewed = await card.build(conn, candidate_id=candidate_id, reviewed_only=True)
    return await asyncio.to_thread(
        render_pdf.document,
        name=f"{row.first_name} {row.last_name}",
        structured=row.structured,
        uploaded=uploaded,
        card=reviewed,
        language=language,
        now=now,
    )
