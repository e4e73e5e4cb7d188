"""A recruiter's interviews as an RFC 5545 ``METHOD:PUBLISH`` calendar: one VEVENT per
interview of their company, with no attendee (a PUBLISH carries none).

Each meeting of a candidate and a company keeps one UID (it is made from the event, the company
and the candidate, none of them readable in it), so that a calendar updates it in place; its
SEQUENCE rises each time a send moves it (``interviews_sent.sequence``), and DTSTAMP is the time
of the send that made this version. The candidate is named by first name and initial only.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, timedelta
from urllib.parse import urlsplit
from uuid import UUID
from zoneinfo import ZoneInfo

from icalendar import Calendar, Conference, Event
from icalendar.enums import STATUS

from events.i18n import Language
from events.interview_grid import schedule_texts
from events.interview_grid.schedule_messages import recruiter_page
from events.interview_grid.schedules import CompanySchedule
from events.invites.build import PRODID


def interview_uid(event_id: UUID, company_id: UUID, candidate_id: UUID, public_url: str) -> str:
    """Stable for one candidate meeting one company at one event (they meet once:
    ``interviews_pair_key``), whatever the time or table."""
    digest = hashlib.sha256(f"{event_id}:{company_id}:{candidate_id}".encode()).hexdigest()
    host = urlsplit(public_url).hostname or "localhost"
    return f"interview-{digest[:32]}@{host}"


def render(schedule: CompanySchedule, *, language: Language, public_url: str) -> bytes:
    """The calendar of the company's interviews (empty until a plan was sent)."""
    event = schedule.event
    words = schedule_texts.WORDS[language]
    zone = ZoneInfo(event.timezone)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", words["ics_calendar"].format(company=event.company_name))
    stamp = (event.sent_at or event.starts_at).astimezone(UTC)
    place = None
    if event.venue is not None:
        venue = event.venue
        place = f"{venue.name}, {venue.address}, {venue.postcode} {venue.city}"
    for interview in schedule.interviews:
        name = schedule_texts.person(interview.first_name, interview.initial)
        table = interview.table_no
        vevent = Event.new(
            uid=interview_uid(event.id, schedule.company_id, interview.candidate_id, public_url),
            sequence=interview.sequence,
            stamp=stamp,
            start=interview.starts_at.astimezone(zone),
            end=interview.ends_at.astimezone(zone),
            summary=words["ics_summary"].format(name=name, table=table),
            description=words["ics_description"].format(name=name, table=table, title=event.title),
            location=(
                f"{words['table_n'].format(n=table)} — {place}" if place else interview.video_url
            ),
            url=recruiter_page(event.id, public_url),
            status=STATUS.CONFIRMED,
            conferences=(
                [Conference(interview.video_url, feature=["VIDEO"], label=words["video_short"])]
                if interview.video_url
                else None
            ),
        )
        calendar.add_component(vevent)
    if schedule.interviews:
        calendar.add_missing_timezones(
            first_date=min(i.starts_at for i in schedule.interviews).date() - timedelta(days=1),
            last_date=max(i.ends_at for i in schedule.interviews).date() + timedelta(days=1),
        )
    ics: bytes = calendar.to_ical()
    return ics
