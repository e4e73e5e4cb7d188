"""The reminders before each workshop and each online interview, and the word that a workshop
was called off.

The worker looks every minute (``enqueue_due``): once a workshop or an online interview starts
within its event's ``session_reminder_minutes`` (60 unless the organiser says otherwise; 0: none),
each person in it gets one message per channel they can be reached on — the candidate, and for
an interview the company's contact too (its registration's contact). The outbox's dedup key
holds "once": per workshop, start time, person and channel; per interview (candidate, company,
start), person and channel, so that a re-plan that keeps an interview does not send it twice.
An online interview is one of a sent plan, at an online or hybrid event, whose table has a
meeting link (``interview_companies.video_urls[table_no]``).

The words are written at delivery from the state then: plain words with the time and the link
(or the room); nothing is sent once the workshop was called off, the person withdrew, the
interview was re-planned away, the event was cancelled, or the time has passed.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Final

import msgspec

from events import db, i18n
from events.i18n import Language
from events.messages import mail, outbox, sms, worker
from events.messages.types import Rendered

KINDS: Final = ("workshop_reminder", "interview_reminder", "workshop_cancelled")


async def enqueue_due(conn: db.Conn, *, now: datetime) -> int:
    """Write the reminders whose time has come; return how many were written."""
    workshops: int = await db.fetch_value(conn, "enqueue_workshop_reminders", now=now)
    interviews: int = await db.fetch_value(conn, "enqueue_interview_reminders", now=now)
    return workshops + interviews


class WorkshopContext(msgspec.Struct, frozen=True, kw_only=True):
    title: str
    starts_at: datetime
    ends_at: datetime
    place: str | None
    online_url: str | None
    cancelled_at: datetime | None
    event_title: str
    timezone: str
    event_status: str
    event_url: str | None
    organisation_name: str
    registration_status: str
    signed_up: bool


class InterviewContext(msgspec.Struct, frozen=True, kw_only=True):
    starts_at: datetime
    ends_at: datetime
    table_no: int
    video_url: str | None
    company_name: str
    candidate_first_name: str
    role: str
    registration_status: str
    event_title: str
    timezone: str
    event_status: str
    organisation_name: str


_WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "workshop_subject": "Rappel : atelier « {title} »",
        "workshop": "Rappel : atelier « {title} », {when}.",
        "cancelled_subject": "Atelier annulé : « {title} »",
        "cancelled": "L'atelier « {title} » ({when}) est annulé. Vous n'avez rien à faire. "
        "Votre place à la rencontre reste la même.",
        "interview_subject": "Rappel : entretien en ligne avec {company}",
        "interview": "Rappel : entretien en ligne avec {company}, {when}.",
        "interview_recruiter_subject": "Rappel : entretien en ligne avec {name}",
        "interview_recruiter": "Rappel : entretien en ligne avec {name}, {when}, table {table}.",
        "link": "Lien : {url}",
        "room": "Salle de l'entretien : {url}",
        "place": "Lieu : {place}",
        "event": "Rencontre : « {title} », organisée par {organisation}.",
    },
    "en": {
        "workshop_subject": "Reminder: workshop '{title}'",
        "workshop": "Reminder: workshop '{title}', {when}.",
        "cancelled_subject": "Workshop cancelled: '{title}'",
        "cancelled": "The workshop '{title}' ({when}) is cancelled. You have nothing to do. "
        "Your place at the event stays the same.",
        "interview_subject": "Reminder: online interview with {company}",
        "interview": "Reminder: online interview with {company}, {when}.",
        "interview_recruiter_subject": "Reminder: online interview with {name}",
        "interview_recruiter": "Reminder: online interview with {name}, {when}, table {table}.",
        "link": "Link: {url}",
        "room": "Interview room: {url}",
        "place": "Place: {place}",
        "event": "Event: '{title}', organised by {organisation}.",
    },
}


class Message(msgspec.Struct, frozen=True, kw_only=True):
    """A message's words: its subject, its lines (the SMS is the first two) and its link."""

    subject: str
    lines: list[str]
    url: str | None


def workshop_message(kind: str, context: WorkshopContext, language: Language) -> Message:
    words = _WORDS[language]
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, language)
    event = words["event"].format(title=context.event_title, organisation=context.organisation_name)
    if kind == "workshop_cancelled":
        return Message(
            subject=words["cancelled_subject"].format(title=context.title),
            lines=[words["cancelled"].format(title=context.title, when=when), event],
            url=None,
        )
    url = context.online_url or (None if context.place else context.event_url)
    lines = [words["workshop"].format(title=context.title, when=when)]
    if url:
        lines.append(words["link"].format(url=url))
    if context.place:
        lines.append(words["place"].format(place=context.place))
    lines.append(event)
    return Message(
        subject=words["workshop_subject"].format(title=context.title), lines=lines, url=url
    )


def interview_message(context: InterviewContext, language: Language) -> Message:
    words = _WORDS[language]
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, language)
    if context.role == "company":
        name = context.candidate_first_name
        first = words["interview_recruiter"].format(name=name, when=when, table=context.table_no)
        subject = words["interview_recruiter_subject"].format(name=name)
    else:
        first = words["interview"].format(company=context.company_name, when=when)
        subject = words["interview_subject"].format(company=context.company_name)
    url = context.video_url
    lines = [first, words["room"].format(url=url)] if url else [first]
    lines.append(
        words["event"].format(title=context.event_title, organisation=context.organisation_name)
    )
    return Message(subject=subject, lines=lines, url=url)


def render(message: Message, language: Language) -> Rendered:
    """Subject, plain text and HTML of the mail: the link is a link."""
    paragraphs = []
    for line in message.lines:
        if message.url and line.endswith(message.url):
            label = line[: -len(message.url)]
            paragraphs.append(
                f'<p>{escape(label)}<a href="{escape(message.url)}">{escape(message.url)}</a></p>'
            )
        else:
            paragraphs.append(f"<p>{escape(line)}</p>")
    html = (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(message.subject)}</title></head><body>{''.join(paragraphs)}</body></html>"
    )
    return Rendered(subject=message.subject, text="\n\n".join(message.lines) + "\n", html=html)


def sms_text(message: Message) -> str:
    """The text message: what, when, and the link (or the room), in plain words."""
    return " ".join(message.lines[:2])


def workshop_stale(kind: str, context: WorkshopContext, now: datetime) -> str | None:
    if context.event_status == "cancelled":
        return "superseded"
    if context.registration_status != "confirmed":
        return "not_taking_part"
    if kind == "workshop_cancelled":
        return None if context.cancelled_at is not None else "superseded"
    if context.cancelled_at is not None:
        return "superseded"
    if not context.signed_up:
        return "withdrawn"
    if context.starts_at <= now:
        return "too_late"
    return None


def interview_stale(context: InterviewContext, now: datetime) -> str | None:
    if context.event_status == "cancelled":
        return "superseded"
    if context.registration_status != "confirmed":
        return "not_taking_part"
    if context.starts_at <= now:
        return "too_late"
    return None


async def hand_over(
    conn: db.Conn, message: outbox.Claimed, *, channels: worker.Channels, now: datetime
) -> worker.Sent | worker.Skipped:
    """Deliver one reminder or cancellation (called by the worker for these kinds)."""
    language: Language = message.language
    if message.kind == "interview_reminder":
        interview = await db.fetch_one(
            conn, "get_interview_message_context", InterviewContext, message_id=message.id
        )
        if interview is None:
            return worker.Skipped("superseded")
        stale = interview_stale(interview, now)
        words = interview_message(interview, language)
    else:
        workshop = await db.fetch_one(
            conn, "get_workshop_message_context", WorkshopContext, message_id=message.id
        )
        if workshop is None:
            return worker.Skipped("superseded")
        stale = workshop_stale(message.kind, workshop, now)
        words = workshop_message(message.kind, workshop, language)
    if stale is not None:
        return worker.Skipped(stale)
    settings = channels.settings
    if message.channel == "email":
        smtp = channels.smtp
        if smtp is None:
            return worker.Skipped("mail_disabled")
        email = mail.build(
            message_id=message.id,
            sender=settings.mail_from,
            recipient=mail.check_address(message.recipient or ""),
            rendered=render(words, language),
            language=language,
            domain=channels.domain,
            invite=None,
            now=now,
        )
        await mail.send(email, config=smtp, limit_seconds=settings.delivery_timeout_seconds)
        return worker.Sent()
    if channels.sms is None:
        return worker.Skipped("sms_disabled")
    number = sms.normalise_number(message.recipient or "")
    await channels.sms.send(number=number, text=sms_text(words), message_id=message.id, now=now)
    return worker.Sent()
