"""Rendering one participant's invite (RFC 5545 and RFC 5546), with one VEVENT.

Mailed (``render``, an ``Invite``), it is an iTIP message: a REQUEST, or a CANCEL once it is
withdrawn, naming only its own attendee. Downloaded (``render_download``, a ``Download``: the
ticket's ``invite.ics``, one's own staff invite), it is a PUBLISH, the calendar data alone: no
ATTENDEE (a PUBLISH carries none), so a calendar that imports it asks nobody to answer; a
withdrawn one is a PUBLISH with STATUS:CANCELLED and the higher SEQUENCE. Both come from the
same ``Draft`` and share its UID and SEQUENCE, so a calendar holding one recognises the other
as the same meeting.

Rendering adds nothing that the rules did not decide: the same ``Draft`` always gives the same
bytes, so a message can be rebuilt and compared, and DTSTAMP is the time of the change that made
this version, not the time of rendering.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final, Literal
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from icalendar import Alarm, Calendar, Conference, Event, vCalAddress
from icalendar.enums import STATUS

from events import catalog
from events.i18n import Language
from events.invites import texts

PRODID: Final = "-//Rencontres//Rencontres de recrutement//FR"
PartStat = Literal["ACCEPTED", "TENTATIVE", "DECLINED"]


class Invite(msgspec.Struct, frozen=True):
    """An invite ready to mail (``text/calendar; method=<method>``)."""

    method: Literal["REQUEST", "CANCEL"]
    uid: str
    sequence: int
    ics: bytes
    summary: str


class Download(msgspec.Struct, frozen=True):
    """The same meeting, ready to serve as a file to import."""

    method: Literal["PUBLISH"]
    uid: str
    sequence: int
    ics: bytes
    summary: str


class EventFacts(msgspec.Struct, frozen=True, kw_only=True):
    """The event as every invite of it tells it."""

    id: UUID
    organisation_id: UUID
    kind: catalog.Kind
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: catalog.Venue | None
    online_url: str | None
    details: dict[str, Any]
    status: catalog.Status
    sequence: int
    updated_at: datetime
    reminder_hours_before: int
    organisation_name: str


class Attendee(msgspec.Struct, frozen=True, kw_only=True):
    """The one person (or company) the invite is for. Without an e-mail, ``anonymous`` makes
    their calendar address: RFC 5545 wants a URI, and a made-up mailto would route somewhere."""

    name: str
    email: str | None
    anonymous: UUID
    partstat: PartStat
    role: Literal["CHAIR", "REQ-PARTICIPANT"] = "REQ-PARTICIPANT"
    cutype: Literal["INDIVIDUAL", "GROUP"] = "INDIVIDUAL"


class Draft(msgspec.Struct, frozen=True, kw_only=True):
    """Everything one invite says, as the rules decided it."""

    uid: str
    sequence: int
    cancelled: bool
    tentative: bool
    stamp: datetime
    event: EventFacts
    attendee: Attendee
    organizer_email: str
    url: str
    description: str
    # The attendee's language: the reminder's words and the online link's label follow it.
    language: Language = "fr"


def location(event: EventFacts) -> str | None:
    """The venue as a postal line, or else the online link."""
    if event.venue is not None:
        venue = event.venue
        return f"{venue.name}, {venue.address}, {venue.postcode} {venue.city}"
    return event.online_url


def _address(attendee: Attendee) -> vCalAddress:
    if attendee.email:
        address = vCalAddress.new(attendee.email)
    else:
        address = vCalAddress(f"urn:uuid:{attendee.anonymous}")
    address.params["CN"] = attendee.name
    address.params["CUTYPE"] = attendee.cutype
    address.params["ROLE"] = attendee.role
    address.params["PARTSTAT"] = attendee.partstat
    # The organiser answered for them (they registered through staff): no reply is awaited.
    address.params["RSVP"] = "FALSE"
    return address


def _status(draft: Draft) -> STATUS:
    if draft.cancelled:
        return STATUS.CANCELLED
    return STATUS.TENTATIVE if draft.tentative else STATUS.CONFIRMED


def render(draft: Draft) -> Invite:
    """The invite to mail: a REQUEST naming its attendee, or a CANCEL once withdrawn."""
    method: Literal["REQUEST", "CANCEL"] = "CANCEL" if draft.cancelled else "REQUEST"
    ics = _calendar(draft, method, attendee=True)
    return Invite(
        method=method, uid=draft.uid, sequence=draft.sequence, ics=ics, summary=draft.event.title
    )


def render_download(draft: Draft) -> Download:
    """The file to download: a PUBLISH without attendee, STATUS:CANCELLED once withdrawn."""
    ics = _calendar(draft, "PUBLISH", attendee=False)
    return Download(
        method="PUBLISH", uid=draft.uid, sequence=draft.sequence, ics=ics, summary=draft.event.title
    )


def _calendar(draft: Draft, method: str, *, attendee: bool) -> bytes:
    """The VCALENDAR of one invite, with the VTIMEZONE its times need; a withdrawn invite has
    no reminder (a reminder of a cancelled meeting would only mislead)."""
    event = draft.event
    zone = ZoneInfo(event.timezone)
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    stamp = draft.stamp.astimezone(UTC)
    vevent = Event.new(
        uid=draft.uid,
        sequence=draft.sequence,
        stamp=stamp,
        last_modified=stamp,
        start=start,
        end=end,
        summary=event.title,
        description=draft.description,
        location=location(event),
        url=draft.url,
        status=_status(draft),
        organizer=vCalAddress.new(draft.organizer_email, cn=event.organisation_name),
        attendees=[_address(draft.attendee)] if attendee else None,
        conferences=(
            [
                Conference(
                    event.online_url, feature=["VIDEO"], label=texts.online_label(draft.language)
                )
            ]
            if event.online_url
            else None
        ),
    )
    # The calendar's own reminder comes when our message does (0: the event wants none).
    if not draft.cancelled and event.reminder_hours_before > 0:
        alarm = Alarm.new(description=texts.alarm(event.title, draft.language))
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(hours=-event.reminder_hours_before))
        vevent.add_component(alarm)
    # Not Calendar.new: it would draw a random calendar UID, and the same draft must give the
    # same bytes.
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    calendar.add_component(vevent)
    # A day on each side: the zone's local dates can differ from the UTC ones. A bounded range
    # keeps the VTIMEZONE to the rules in force then, not decades of transitions.
    calendar.add_missing_timezones(
        first_date=start.date() - timedelta(days=1), last_date=end.date() + timedelta(days=1)
    )
    ics: bytes = calendar.to_ical()
    return ics
