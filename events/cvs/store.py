"""Who may write and read a candidate's CV, and with which skills card.

Staff of the candidate's organisation (and admins) write the CV for the candidate and read it
with the current card; a recruiter reads it only when the skills card rules let their company see
the candidate, and then with the last reviewed card; to anyone else the candidate does not exist.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.cvs import render_pdf, upload
from events.cvs.structured import StructuredCv
from events.erasure.tombstone import refuse_if_erased
from events.errors import CandidateNotFound, CvNotFound
from events.fields import Postcode, Sector
from events.i18n import Language
from events.skills_cards import card as skills_card
from events.skills_cards import recruiter

Audience = Literal["staff", "recruiter"]
Channel = Literal["json", "pdf", "page"]


class PdfUpload(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """An uploaded CV file, with the wished sectors and postcode that searches need and that a
    PDF does not tell."""

    content: bytes
    sectors: Annotated[list[Sector], msgspec.Meta(max_length=10)] = []
    postcode: Postcode | None = None


CvInput = StructuredCv | PdfUpload


class _Candidate(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_id: UUID


class CvRow(msgspec.Struct, frozen=True, kw_only=True):
    """A candidate's names and their CV's description (all CV fields null without a CV)."""

    candidate_id: UUID
    organisation_id: UUID
    first_name: str
    last_name: str
    kind: Literal["structured", "pdf"] | None
    structured: StructuredCv | None
    pdf_pages: int | None
    pdf_size: int | None
    pdf_sha256: str | None
    sectors: list[str] | None
    postcode: str | None
    version: int | None
    updated_at: datetime | None

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class RecruiterIdentity(msgspec.Struct, frozen=True, kw_only=True):
    """How a recruiter may name and reach the candidate: ``last_name`` is an initial and the
    contact details are null unless the candidate agreed to be contacted. ``shared_events``:
    the events the recruiter's company attends with the candidate, the only ones the card may
    name to them."""

    first_name: str
    last_name: str
    city: str | None
    postcode: str | None
    contact: bool
    email: str | None
    phone: str | None
    shared_events: list[UUID]


class CvView(msgspec.Struct, frozen=True, kw_only=True):
    """What one reader may see: the CV and the card their audience is entitled to (for a
    recruiter, naming only the events their company attended), and for a recruiter, the
    candidate as recruiters may name them."""

    audience: Audience
    cv: CvRow
    card: skills_card.SkillsCard | None
    identity: RecruiterIdentity | None = None

    @property
    def name(self) -> str:
        if self.identity is not None:
            return f"{self.identity.first_name} {self.identity.last_name}"
        return self.cv.name


async def put(conn: db.Conn, *, candidate_id: UUID, cv: CvInput, by: Actor, now: datetime) -> CvRow:
    """Staff of the candidate's organisation (or an admin) set the candidate's one current CV,
    replacing any other, on the candidate's behalf. An upload must be a real PDF (``upload``)."""
    candidate = await _staff_candidate(conn, candidate_id, by)
    if isinstance(cv, StructuredCv):
        version = await db.fetch_value(
            conn,
            "upsert_structured_cv",
            candidate_id=candidate.id,
            structured=cv,
            sectors=[s.strip() for s in cv.sectors],
            postcode=cv.postcode,
            updated_by=by.id,
            now=now,
        )
        facts: dict[str, Any] = {"kind": "structured"}
    else:
        checked = await asyncio.to_thread(upload.check_pdf, cv.content)
        version = await db.fetch_value(
            conn,
            "upsert_pdf_cv",
            candidate_id=candidate.id,
            pdf=cv.content,
            pdf_sha256=checked.sha256,
            pdf_pages=checked.pages,
            sectors=[s.strip() for s in cv.sectors],
            postcode=cv.postcode,
            updated_by=by.id,
            now=now,
        )
        facts = {"kind": "pdf", "sha256": checked.sha256, "pages": checked.pages}
    await audit.record(
        conn,
        by=by,
        action="cv.put",
        subject_type="candidate",
        subject_id=candidate.id,
        on_behalf_of=candidate.id,
        data={**facts, "version": version},
    )
    return await _row(conn, candidate.id)


async def remove(conn: db.Conn, *, candidate_id: UUID, by: Actor) -> None:
    """Same writers as ``put``: a CV is never mandatory, and can be taken away."""
    candidate = await _staff_candidate(conn, candidate_id, by)
    version = await db.fetch_value(conn, "delete_cv", candidate_id=candidate.id)
    if version is None:
        raise CvNotFound
    await audit.record(
        conn,
        by=by,
        action="cv.delete",
        subject_type="candidate",
        subject_id=candidate.id,
        on_behalf_of=candidate.id,
        data={"version": version},
    )


async def view(conn: db.Conn, *, candidate_id: UUID, by: Actor, channel: Channel) -> CvView:
    """Staff of the candidate's organisation and admins see the CV with the current card.
    A recruiter sees it, with the last reviewed card, only when ``recruiter_may_see`` allows
    (their company attends the candidate's event, the candidate consents, the card was
    reviewed), named as recruiters may name the candidate, the card naming only the events
    their company attended (``recruiter.card_for_company``): the JSON, the page and the PDF
    all show this view. Each such view is written to the audit log as ``cv.view`` (which the
    card's list of views shows). To anyone else the candidate does not exist (404)."""
    row = await _row_or_none(conn, candidate_id)
    if row is None:
        raise CandidateNotFound
    if by.is_staff_of(row.organisation_id):
        await refuse_if_erased(conn, candidate_id=row.candidate_id)
        card = await skills_card.build(conn, candidate_id=row.candidate_id, reviewed_only=False)
        return CvView(audience="staff", cv=row, card=card)
    if by.role != "recruiter" or not await skills_card.recruiter_may_see(
        conn, candidate_id=row.candidate_id, by=by
    ):
        raise CandidateNotFound
    identity = await db.fetch_one(
        conn,
        "get_cv_identity_for_recruiter",
        RecruiterIdentity,
        candidate_id=row.candidate_id,
        company_id=by.company_id,
    )
    if identity is None:  # consent withdrawn since recruiter_may_see, in another transaction
        raise CandidateNotFound
    card = await skills_card.build(conn, candidate_id=row.candidate_id, reviewed_only=True)
    if card is not None:
        card = recruiter.card_for_company(card, shared_events=identity.shared_events)
    await audit.record(
        conn,
        by=by,
        action="cv.view",
        subject_type="candidate",
        subject_id=row.candidate_id,
        data={
            "channel": channel,
            "company_id": str(by.company_id),
            "card_version": card.version if card else None,
            "cv_version": row.version,
        },
    )
    return CvView(audience="recruiter", cv=row, card=card, identity=identity)


async def pdf(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, language: Language, now: datetime
) -> bytes:
    """The one PDF of ``view``'s reader: the CV pages, then the card page of their audience."""
    seen = await view(conn, candidate_id=candidate_id, by=by, channel="pdf")
    uploaded = None
    if seen.cv.kind == "pdf":
        uploaded = await db.fetch_value(conn, "get_cv_pdf_file", candidate_id=seen.cv.candidate_id)
    return await asyncio.to_thread(
        render_pdf.document,
        name=seen.name,
        structured=seen.cv.structured,
        uploaded=uploaded,
        card=seen.card,
        language=language,
        now=now,
    )


async def _staff_candidate(conn: db.Conn, candidate_id: UUID, by: Actor) -> _Candidate:
    candidate = await db.fetch_one(
        conn, "lock_candidate_for_cv", _Candidate, candidate_id=candidate_id
    )
    if candidate is None or not by.is_staff_of(candidate.organisation_id):
        raise CandidateNotFound
    await refuse_if_erased(conn, candidate_id=candidate.id, writing=True)
    return candidate


async def _row_or_none(conn: db.Conn, candidate_id: UUID) -> CvRow | None:
    return await db.fetch_one(conn, "get_cv_for_candidate", CvRow, candidate_id=candidate_id)


async def _row(conn: db.Conn, candidate_id: UUID) -> CvRow:
    row = await _row_or_none(conn, candidate_id)
    if row is None:  # pragma: no cover - locked in this same transaction
        raise CandidateNotFound
    return row
