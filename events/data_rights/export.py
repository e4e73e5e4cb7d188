"""Everything held about one person, in one struct with stable keys: the JSON export as it is,
and what the PDF (``events.data_rights.document``) prints.

What it covers, section by section, is the list ``COVERED`` of ``tests/test_data_export.py``
reads against the schema: a new table that can hold a person's data fails that test until a
section here covers it (or the test names it as left out, with the reason).

Choices: a ticket is told by its status, never its token (nor its short code: both open the
person's pages). The CV's content is exported when it was filled in on the template; an
uploaded PDF is described (pages, size, SHA-256), not copied: the person gets the file itself
from their page (« Voir mon CV ») and staff from ``GET /api/v1/candidates/{id}/cv.pdf``. The
outbox keeps no body: a message is told by its kind, channel, recipient, status and dates. The
audit log is told as what happened, when and by which role, not the facts it stored (those are
the other sections). Staff are named (who observed, who reviewed, who changed a consent):
knowing who handled one's data is part of the right of access.

Two ways in, each one audited (``data_rights.export``): the organisers of the person's
organisation (and admins) on their behalf, ``for_staff``; the person with a ticket token and
its short code, ``for_holder`` (``events.data_rights.holder`` checks the code)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.directory.candidates import Private
from events.errors import CandidateNotFound, Forbidden
from events.skills_cards import access, recruiter

FORMAT_VERSION = 1
Format = Literal["json", "pdf"]


class Person(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    organisation_name: str
    first_name: str
    last_name: str
    email: str | None
    phone: str | None
    city: str | None
    postcode: str | None
    language: str
    created_at: datetime
    updated_at: datetime


class PrivateData(msgspec.Struct, frozen=True, kw_only=True):
    """The social situation, as staff recorded it."""

    data: Private
    updated_at: datetime


class Registration(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_title: str
    event_kind: str
    event_starts_at: datetime
    event_timezone: str
    status: str
    created_at: datetime
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    checked_in_at: datetime | None


class Ticket(msgspec.Struct, frozen=True, kw_only=True):
    """A ticket: which registration, when made, and whether it still works. No token."""

    registration_id: UUID
    event_title: str
    serial: int
    created_at: datetime
    revoked_at: datetime | None


class Scan(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    event_title: str
    result: str
    scanned_at: datetime
    offline: bool


class Comment(msgspec.Struct, frozen=True, kw_only=True):
    """The person's own words beside an observation."""

    observation_id: UUID
    body: str
    created_at: datetime


class Observation(msgspec.Struct, frozen=True, kw_only=True):
    """One version of a coach's observation; ``current`` is false once corrected."""

    id: UUID
    event_title: str
    skill: str
    skill_fr: str
    skill_en: str
    level: int
    activity: str | None
    note: str | None
    observer_name: str | None
    recorded_by_name: str | None
    observed_at: datetime
    recorded_at: datetime
    version: int
    replaces: UUID | None
    reason: str | None
    current: bool


class CardReview(msgspec.Struct, frozen=True, kw_only=True):
    """A reviewed version of the skills card, as the coach reviewed it."""

    version: int
    card: dict[str, Any]
    reviewed_at: datetime
    reviewed_by_name: str | None


class CardHead(msgspec.Struct, frozen=True, kw_only=True):
    version: int
    updated_at: datetime


class ConsentChange(msgspec.Struct, frozen=True, kw_only=True):
    recruiters: bool
    contact: bool
    at: datetime
    via: str
    by_name: str | None


class Consent(msgspec.Struct, frozen=True, kw_only=True):
    """The current choice about recruiters."""

    recruiters: bool
    contact: bool
    updated_at: datetime


class RetentionWarning(msgspec.Struct, frozen=True, kw_only=True):
    """Data due to be removed by retention (``private`` or ``observations``), and when the
    person's coach was told."""

    scope: str
    due_at: datetime
    warned_at: datetime


class Erasure(msgspec.Struct, frozen=True, kw_only=True):
    reason: str
    erased_at: datetime


class Credential(msgspec.Struct, frozen=True, kw_only=True):
    """A skills card issued as a portable credential: which card version, when, how the name
    appears, and its status (valid, withdrawn, replaced, superseded, erased)."""

    id: UUID
    card_version: int
    issued_at: datetime
    revoked_at: datetime | None
    name_choice: str
    status: str


class CardView(msgspec.Struct, frozen=True, kw_only=True):
    """A look at the card (alone or with the CV), by which company."""

    at: datetime
    company_name: str | None
    via: str | None


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    happened_on: date
    company_name: str | None
    note: str | None
    follow_up_month: int | None
    event_title: str
    recorded_by_name: str | None
    recorded_at: datetime


class Interest(msgspec.Struct, frozen=True, kw_only=True):
    """A recruiter's « I'd like to meet this person »."""

    company_name: str
    event_title: str | None
    created_at: datetime
    withdrawn_at: datetime | None


class Cv(msgspec.Struct, frozen=True, kw_only=True):
    """The CV: the template's content, or the description of the uploaded file."""

    kind: str
    structured: dict[str, Any] | None
    pdf_pages: int | None
    pdf_size: int | None
    pdf_sha256: str | None
    sectors: list[str]
    postcode: str | None
    version: int
    created_at: datetime
    updated_at: datetime


class Message(msgspec.Struct, frozen=True, kw_only=True):
    kind: str
    event_title: str
    channel: str
    recipient: str | None
    status: str
    reason: str | None
    created_at: datetime
    sent_at: datetime | None


class ImportRow(msgspec.Struct, frozen=True, kw_only=True):
    """A spreadsheet row the person was imported from."""

    filename: str
    created_at: datetime
    line: int
    cells: list[str | None]
    outcome: str | None
    done_at: datetime | None


class HistoryLine(msgspec.Struct, frozen=True, kw_only=True):
    at: datetime
    action: str
    actor_role: str | None


class Profile(msgspec.Struct, frozen=True, kw_only=True):
    """The anonymous attributes frozen for funders' figures."""

    registration_id: UUID
    event_title: str
    under_26: bool | None
    woman: bool | None
    qpv: bool | None
    rsa_ass_aah: bool | None
    rqth: bool | None
    refugee: bool | None
    diploma_level: str | None
    frozen_at: datetime


class BibLine(msgspec.Struct, frozen=True, kw_only=True):
    """A bib number at an anonymous session (issue 14)."""

    event_title: str
    number: int
    allocated_at: datetime


class BibInterestLine(msgspec.Struct, frozen=True, kw_only=True):
    """A company's interest in the person's bib, and their answer (``by_proxy``: given by a
    coach or organiser for them)."""

    event_title: str
    company_name: str
    created_at: datetime
    answer: str | None
    answered_at: datetime | None
    by_proxy: bool


class WorkshopSignupLine(msgspec.Struct, frozen=True, kw_only=True):
    """An e-forum workshop the person signed up to (``by_proxy``: signed up by a coach or
    organiser for them; ``cancelled_at``: the workshop was called off)."""

    event_title: str
    workshop_title: str
    starts_at: datetime
    ends_at: datetime
    cancelled_at: datetime | None
    created_at: datetime
    by_proxy: bool


class InterviewSentLine(msgspec.Struct, frozen=True, kw_only=True):
    """An interview of a job dating's schedule as it was sent (issue 14): each send kept."""

    event_title: str
    company_name: str
    starts_at: datetime
    ends_at: datetime
    table_no: int
    sent_at: datetime


class InterviewFrameLine(msgspec.Struct, frozen=True, kw_only=True):
    """The person's hours and wished sectors for a job dating's interview grid (issue 14)."""

    event_title: str
    arrives_at: datetime | None
    leaves_at: datetime | None
    sectors: list[str]
    updated_at: datetime


class InterviewWishLine(msgspec.Struct, frozen=True, kw_only=True):
    """A wish "must meet" / "prefer not" between the person and a company, and who said it."""

    event_title: str
    company_name: str
    wish: str
    said_by: str
    source: str
    created_at: datetime


class InterviewLine(msgspec.Struct, frozen=True, kw_only=True):
    """An interview of the person in a job dating's current grid (issue 14)."""

    event_title: str
    company_name: str
    starts_at: datetime
    ends_at: datetime
    table_no: int


class PairingSideLine(msgspec.Struct, frozen=True, kw_only=True):
    """What the person cooks, wishes and where they can go, for a food festival (issue 14)."""

    event_title: str
    cuisines: list[str]
    wishes: list[str]
    areas: list[str]
    updated_at: datetime


class PairingLine(msgspec.Struct, frozen=True, kw_only=True):
    """The person's pairing with a restaurant at a food festival, its days and what followed."""

    event_title: str
    restaurant: str
    preparation_days: list[date]
    service_days: list[date]
    result: str | None
    result_on: date | None
    referral_company: str | None
    note: str | None
    created_at: datetime
    sent_at: datetime | None


class PersonExport(msgspec.Struct, frozen=True, kw_only=True):
    """Everything held about the person; every section is present, empty when nothing."""

    format_version: int
    exported_at: datetime
    person: Person
    private: PrivateData | None
    registrations: list[Registration]
    tickets: list[Ticket]
    scans: list[Scan]
    observations: list[Observation]
    observation_comments: list[Comment]
    card: CardHead | None
    card_reviews: list[CardReview]
    credentials: list[Credential]
    consent: Consent | None
    consent_history: list[ConsentChange]
    card_views: list[CardView]
    outcomes: list[Outcome]
    recruiter_interests: list[Interest]
    cv: Cv | None
    messages: list[Message]
    imports: list[ImportRow]
    statistical_profiles: list[Profile]
    retention_warnings: list[RetentionWarning]
    erasure: Erasure | None
    history: list[HistoryLine]
    bibs: list[BibLine]
    bib_interests: list[BibInterestLine]
    workshop_signups: list[WorkshopSignupLine]
    interviews_sent: list[InterviewSentLine]
    interview_frames: list[InterviewFrameLine]
    interview_wishes: list[InterviewWishLine]
    interviews: list[InterviewLine]
    pairing_sides: list[PairingSideLine]
    pairings: list[PairingLine]


class _PrivateRow(msgspec.Struct, frozen=True, kw_only=True):
    data: Private
    updated_at: datetime


# Every look at a card ever kept; the query pages, the export takes them all.
_ALL_VIEWS = 1_000_000


async def gather(conn: db.Conn, *, candidate_id: UUID, now: datetime) -> PersonExport:
    """Everything held about the candidate, read in the caller's transaction (no access rule:
    ``for_staff`` and ``for_holder`` are the ways in)."""
    person = await db.fetch_one(conn, "get_export_person", Person, candidate_id=candidate_id)
    if person is None:
        raise CandidateNotFound
    private = await db.fetch_one(conn, "get_export_private", _PrivateRow, candidate_id=candidate_id)

    views = await db.fetch_all(
        conn,
        "list_card_views",
        recruiter.CardView,
        candidate_id=candidate_id,
        after_id=None,
        limit=_ALL_VIEWS,
    )
    return PersonExport(
        format_version=FORMAT_VERSION,
        exported_at=now,
        person=person,
        private=PrivateData(data=private.data, updated_at=private.updated_at) if private else None,
        registrations=await db.fetch_all(
            conn, "list_export_registrations", Registration, candidate_id=candidate_id
        ),
        tickets=await db.fetch_all(conn, "list_export_tickets", Ticket, candidate_id=candidate_id),
        scans=await db.fetch_all(conn, "list_export_scans", Scan, candidate_id=candidate_id),
        observations=await db.fetch_all(
            conn, "list_export_observations", Observation, candidate_id=candidate_id
        ),
        observation_comments=await db.fetch_all(
            conn, "list_export_comments", Comment, candidate_id=candidate_id
        ),
        card=await db.fetch_one(conn, "get_export_card_head", CardHead, candidate_id=candidate_id),
        card_reviews=await db.fetch_all(
            conn, "list_export_card_reviews", CardReview, candidate_id=candidate_id
        ),
        credentials=await db.fetch_all(
            conn, "list_export_credentials", Credential, candidate_id=candidate_id
        ),
        consent=await db.fetch_one(conn, "get_export_consent", Consent, candidate_id=candidate_id),
        consent_history=await db.fetch_all(
            conn, "list_export_consent_history", ConsentChange, candidate_id=candidate_id
        ),
        card_views=[
            CardView(at=v.at, company_name=v.company_name, via=v.via) for v in reversed(views)
        ],
        outcomes=await db.fetch_all(
            conn, "list_export_outcomes", Outcome, candidate_id=candidate_id
        ),
        recruiter_interests=await db.fetch_all(
            conn, "list_export_interests", Interest, candidate_id=candidate_id
        ),
        cv=await db.fetch_one(conn, "get_export_cv", Cv, candidate_id=candidate_id),
        messages=await db.fetch_all(
            conn, "list_export_messages", Message, candidate_id=candidate_id
        ),
        imports=await db.fetch_all(
            conn, "list_export_import_rows", ImportRow, candidate_id=candidate_id
        ),
        statistical_profiles=await db.fetch_all(
            conn, "list_export_profiles", Profile, candidate_id=candidate_id
        ),
        retention_warnings=await db.fetch_all(
            conn, "list_export_retention_warnings", RetentionWarning, candidate_id=candidate_id
        ),
        erasure=await db.fetch_one(conn, "get_export_erasure", Erasure, candidate_id=candidate_id),
        history=await db.fetch_all(
            conn, "list_export_history", HistoryLine, candidate_id=candidate_id
        ),
        bibs=await db.fetch_all(conn, "list_export_bibs", BibLine, candidate_id=candidate_id),
        bib_interests=await db.fetch_all(
            conn, "list_export_bib_interests", BibInterestLine, candidate_id=candidate_id
        ),
        workshop_signups=await db.fetch_all(
            conn, "list_export_workshop_signups", WorkshopSignupLine, candidate_id=candidate_id
        ),
        interviews_sent=await db.fetch_all(
            conn, "list_export_interviews_sent", InterviewSentLine, candidate_id=candidate_id
        ),
        interview_frames=await db.fetch_all(
            conn, "list_export_interview_frames", InterviewFrameLine, candidate_id=candidate_id
        ),
        interview_wishes=await db.fetch_all(
            conn, "list_export_interview_wishes", InterviewWishLine, candidate_id=candidate_id
        ),
        interviews=await db.fetch_all(
            conn, "list_export_interviews", InterviewLine, candidate_id=candidate_id
        ),
        pairing_sides=await db.fetch_all(
            conn, "list_export_pairing_sides", PairingSideLine, candidate_id=candidate_id
        ),
        pairings=await db.fetch_all(
            conn, "list_export_pairings", PairingLine, candidate_id=candidate_id
        ),
    )


async def _record(
    conn: db.Conn,
    *,
    candidate_id: UUID,
    by: Actor | None,
    fmt: Format,
    via: Literal["staff", "ticket"],
    ticket_id: UUID | None = None,
) -> None:
    data: dict[str, Any] = {"format": fmt, "via": via}
    if ticket_id is not None:
        data["ticket_id"] = str(ticket_id)
    await audit.record(
        conn,
        by=by,
        action="data_rights.export",
        subject_type="candidate",
        subject_id=candidate_id,
        on_behalf_of=candidate_id,
        data=data,
    )


async def for_staff(
    conn: db.Conn, *, candidate_id: UUID, by: Actor, fmt: Format, now: datetime
) -> PersonExport:
    """The export made by staff on the person's behalf: admins and the organisers of the
    person's organisation. To those who do not follow the person, the person does not exist
    (404); a coach who follows them is refused (403). Audited."""
    scope = await access.require_follower(conn, candidate_id=candidate_id, by=by)
    if not (
        by.is_admin or (by.role == "organiser" and by.organisation_id == scope.organisation_id)
    ):
        raise Forbidden
    await _record(conn, candidate_id=candidate_id, by=by, fmt=fmt, via="staff")
    return await gather(conn, candidate_id=candidate_id, now=now)


async def for_holder(
    conn: db.Conn, *, candidate_id: UUID, ticket_id: UUID, fmt: Format, now: datetime
) -> PersonExport:
    """The export the person makes themselves, once ``holder`` has checked their ticket and its
    short code. Audited with the ticket that opened it."""
    await _record(
        conn, candidate_id=candidate_id, by=None, fmt=fmt, via="ticket", ticket_id=ticket_id
    )
    return await gather(conn, candidate_id=candidate_id, now=now)
