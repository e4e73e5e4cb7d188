"""Whose invite says what: the UID, SEQUENCE, method and attendee of each participant's invite.

UID: one per registration (``registration-<x>@<host>``), one per staff member and event
(``staff-<x>@<host>``), one per recruiter and company registration (``recruiter-<x>@<host>``),
where ``host`` is the host of the public URL and ``x`` a UUIDv5 of the ids: stable, yet no
internal id is printed. A re-registration after a cancellation is a new registration, hence a new
UID.

SEQUENCE is derived, nothing is stored: the event's sequence (which the catalog raises on every
change of time, place or online link, and on cancellation) plus one once the registration is
cancelled. Both terms only grow (a cancelled registration never comes back), so the SEQUENCE of
an invite never goes down. A change that moves neither (a waiting-list place confirmed, a title
changed) keeps the SEQUENCE and gets a DTSTAMP no earlier (whole seconds: two changes within
one second share it), which orders messages of equal SEQUENCE (RFC 5546, 2.1.5).

DTSTAMP is the time of the latest change the invite reflects (the event's ``updated_at``, the
registration's creation, confirmation or cancellation), so rebuilding an invite gives the same
bytes.

METHOD: a mailed invite is an iTIP REQUEST or CANCEL (``for_registration``, ``for_staff``, by
the outbox); a downloaded one (``for_ticket``, ``own_staff_invite``) is a PUBLISH without
attendee, which no calendar answers to (the ORGANIZER is the sending address, not a mailbox).
"""

from __future__ import annotations

from datetime import datetime
from typing import Final, Literal
from urllib.parse import urlsplit
from uuid import UUID, uuid5

import msgspec

from events import db, i18n, links
from events.actors import Actor
from events.errors import EventNotFound, Forbidden, RegistrationNotFound
from events.i18n import Language
from events.invites import texts
from events.invites.build import (
    Attendee,
    Download,
    Draft,
    EventFacts,
    Invite,
    PartStat,
    render,
    render_download,
)
from events.settings import DEFAULT_MAIL_FROM
from events.tickets import by_token

# Fixed for good: changing it changes every UID, and calendars would then hold every meeting
# twice.
UID_NAMESPACE: Final = UUID("6f1d0c4e-52a8-4c43-9d0e-2f7f3a0b6c11")
PARTSTAT: Final[dict[str, PartStat]] = {
    "confirmed": "ACCEPTED",
    # Someone marked absent after the event had a confirmed place: the invite stays as it was.
    "no_show": "ACCEPTED",
    "waitlisted": "TENTATIVE",
    "cancelled": "DECLINED",
}


class _Registration(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    event_id: UUID
    role: Literal["candidate", "company"]
    status: Literal["confirmed", "waitlisted", "cancelled", "no_show"]
    created_at: datetime
    confirmed_at: datetime | None
    cancelled_at: datetime | None
    name: str
    email: str | None
    token: str | None
    # A candidate's reading language; a company's invite is in French.
    language: Language = "fr"


class _User(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    role: str
    name: str
    email: str
    organisation_id: UUID | None
    company_id: UUID | None


def opaque(*ids: UUID) -> UUID:
    """A stable stand-in for ``ids`` that does not reveal them."""
    return uuid5(UID_NAMESPACE, "/".join(str(i) for i in ids))


def _host(public_url: str) -> str:
    return urlsplit(public_url).hostname or "localhost"


def _stamp(event: EventFacts, registration: _Registration | None) -> datetime:
    times: list[datetime | None] = [event.updated_at]
    if registration is not None:
        times += [registration.created_at, registration.confirmed_at, registration.cancelled_at]
    return max(t for t in times if t is not None)


def _standing(event: EventFacts, registration: _Registration | None) -> texts.Standing:
    if event.status == "cancelled":
        return "event_cancelled"
    if registration is None or registration.status == "no_show":
        return "confirmed"
    return registration.status


async def _event(conn: db.Conn, event_id: UUID) -> EventFacts:
    event = await db.fetch_one(conn, "get_event_for_invite", EventFacts, event_id=event_id)
    if event is None:
        raise EventNotFound
    return event


def _when(event: EventFacts, language: Language = "fr") -> str:
    return i18n.when(event.starts_at, event.ends_at, event.timezone, language)


async def for_registration(
    conn: db.Conn, *, registration_id: UUID, public_url: str, mail_from: str = DEFAULT_MAIL_FROM
) -> Invite:
    """The registration's invite, as mailed: a REQUEST while the registration and the event
    stand, a CANCEL with a higher SEQUENCE once either is cancelled; the attendee is the
    candidate (or the company), PARTSTAT following the registration, its words in the
    candidate's language."""
    return render(
        await _registration_draft(
            conn, registration_id=registration_id, public_url=public_url, mail_from=mail_from
        )
    )


async def _registration_draft(
    conn: db.Conn, *, registration_id: UUID, public_url: str, mail_from: str
) -> Draft:
    registration = await db.fetch_one(
        conn, "get_registration_for_invite", _Registration, registration_id=registration_id
    )
    if registration is None:
        raise RegistrationNotFound
    event = await _event(conn, registration.event_id)
    base = public_url.rstrip("/")
    anonymous = opaque(registration.id)
    ticket_url = links.ticket_url(registration.token, base) if registration.token else None
    withdrawn = registration.status == "cancelled"
    standing = _standing(event, registration)
    return Draft(
        uid=f"registration-{anonymous}@{_host(public_url)}",
        sequence=event.sequence + int(withdrawn),
        cancelled=withdrawn or event.status == "cancelled",
        tentative=registration.status == "waitlisted",
        stamp=_stamp(event, registration),
        event=event,
        attendee=Attendee(
            name=registration.name,
            email=registration.email,
            anonymous=anonymous,
            partstat=PARTSTAT[registration.status],
            cutype="INDIVIDUAL" if registration.role == "candidate" else "GROUP",
        ),
        organizer_email=mail_from,
        url=ticket_url or links.event_page(event.id, public_url),
        language=registration.language,
        description=texts.for_participant(
            audience=registration.role,
            standing=standing,
            kind=event.kind,
            title=event.title,
            description=event.description,
            details=event.details,
            when=_when(event, registration.language),
            venue=event.venue,
            online_url=event.online_url,
            organisation_name=event.organisation_name,
            ticket_url=ticket_url,
            language=registration.language,
        ),
    )


async def for_ticket(
    conn: db.Conn, *, token: str, public_url: str, mail_from: str = DEFAULT_MAIL_FROM
) -> Download:
    """The ticket's download (``invite.ics``): its registration's invite as a PUBLISH, under the
    ticket page's rule (``by_token.find_for_holder``): a replaced ticket is ``ticket_revoked``
    but a cancelled registration's ticket still fetches the cancelled meeting; otherwise
    ``invalid_ticket``."""
    ticket = await by_token.find_for_holder(conn, token=token)
    return render_download(
        await _registration_draft(
            conn, registration_id=ticket.registration_id, public_url=public_url, mail_from=mail_from
        )
    )


async def for_staff(
    conn: db.Conn,
    *,
    event_id: UUID,
    user_id: UUID,
    public_url: str,
    mail_from: str = DEFAULT_MAIL_FROM,
    registration_id: UUID | None = None,
) -> Invite:
    """A staff member's or recruiter's invite, as mailed. Organisers and coaches of the
    organising organisation take part in its events (a draft's invite is TENTATIVE); a
    recruiter takes part while their company is registered, and gets a CANCEL once that
    registration is cancelled. Anyone else is refused: ``forbidden`` for a published event,
    ``event_not_found`` otherwise. A recruiter's invite is that of their company's live
    registration (else its last one), or of ``registration_id`` when given: a mail about an
    earlier registration carries that one's invite."""
    return render(
        await _staff_draft(
            conn,
            event_id=event_id,
            user_id=user_id,
            public_url=public_url,
            mail_from=mail_from,
            registration_id=registration_id,
        )
    )


async def _staff_draft(
    conn: db.Conn,
    *,
    event_id: UUID,
    user_id: UUID,
    public_url: str,
    mail_from: str,
    registration_id: UUID | None = None,
) -> Draft:
    event = await _event(conn, event_id)
    user = await db.fetch_one(conn, "get_staff_user_for_invite", _User, user_id=user_id)
    if user is None:
        raise EventNotFound
    registration = None
    if user.role in ("organiser", "coach") and user.organisation_id == event.organisation_id:
        part: texts.StaffPart = "organiser" if user.role == "organiser" else "coach"
        anonymous = opaque(event.id, user.id)
        uid = f"staff-{anonymous}@{_host(public_url)}"
    elif user.role == "recruiter" and user.company_id is not None:
        registration = await db.fetch_one(
            conn,
            "get_company_registration_for_invite",
            _Registration,
            event_id=event.id,
            company_id=user.company_id,
            registration_id=registration_id,
        )
        if registration is None:
            raise Forbidden if event.status == "published" else EventNotFound
        part = "recruiter"
        anonymous = opaque(registration.id, user.id)
        uid = f"recruiter-{anonymous}@{_host(public_url)}"
    else:
        raise Forbidden if event.status == "published" else EventNotFound
    withdrawn = registration is not None and registration.status == "cancelled"
    event_url = links.event_page(event.id, public_url)
    return Draft(
        uid=uid,
        sequence=event.sequence + int(withdrawn),
        cancelled=withdrawn or event.status == "cancelled",
        tentative=event.status == "draft"
        or (registration is not None and registration.status == "waitlisted"),
        stamp=_stamp(event, registration),
        event=event,
        attendee=Attendee(
            name=user.name,
            email=user.email,
            anonymous=anonymous,
            partstat=PARTSTAT[registration.status] if registration else "ACCEPTED",
            role="CHAIR" if part == "organiser" else "REQ-PARTICIPANT",
        ),
        organizer_email=mail_from,
        url=event_url,
        description=texts.for_staff(
            part=part,
            standing=_standing(event, registration),
            kind=event.kind,
            title=event.title,
            description=event.description,
            when=_when(event),
            venue=event.venue,
            online_url=event.online_url,
            organisation_name=event.organisation_name,
            event_url=event_url,
        ),
    )


async def own_staff_invite(
    conn: db.Conn, *, event_id: UUID, by: Actor, public_url: str, mail_from: str
) -> Download:
    """Staff and recruiters download their own invite to an event they take part in: a
    PUBLISH, as every download."""
    by.require("organiser", "coach", "recruiter")
    return render_download(
        await _staff_draft(
            conn, event_id=event_id, user_id=by.id, public_url=public_url, mail_from=mail_from
        )
    )
