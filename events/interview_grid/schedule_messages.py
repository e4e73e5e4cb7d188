"""The schedule's mail and SMS (outbox kind ``interview_schedule``), written at delivery.

A candidate gets their interviews in time order — company, table, time (and the meeting-room
link of an online table) — with their ticket link; by SMS in one short text. A recruiter gets
their company's interviews table by table, each candidate by first name and initial only, and
the link to their page (the printable sheet, the calendar); a company without a recruiter
account, the same through its contact, with its ticket link. Nothing about anyone's situation.

What a message tells is what the event's last send told that person (``interviews_sent``): a
message written for an older send that a newer one replaced is not sent (``superseded``), nor
one for an event over or cancelled, nor for a place given up.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Final, Literal
from uuid import UUID

import msgspec

from events import db, i18n, links
from events.i18n import Language
from events.interview_grid import schedule_sheet, schedule_texts, schedules
from events.messages import mail, outbox, sms, worker
from events.messages.types import Rendered, Venue

_SMS_TITLE_MAX: Final = 40


class Context(msgspec.Struct, frozen=True, kw_only=True):
    registration_id: UUID
    user_id: UUID | None
    role: Literal["candidate", "company"]
    registration_status: str
    candidate_id: UUID | None
    company_id: UUID | None
    name: str | None
    company_name: str | None
    event_id: UUID
    kind: str
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    event_status: str
    organisation_name: str
    token: str | None
    takes_part: bool
    superseded: bool


def stale_reason(context: Context, *, now: datetime) -> str | None:
    """Why the message should no longer go out, or ``None``."""
    if now >= context.ends_at:
        return "too_late"
    if context.event_status != "published" or context.registration_status != "confirmed":
        return "superseded"
    if not context.takes_part:
        return "not_taking_part"
    if context.superseded:
        return "superseded"
    return None


def recruiter_page(event_id: UUID, public_url: str) -> str:
    """The recruiter's printable sheet of their interviews (``events.web.interview_schedules``)."""
    return f"{public_url.rstrip('/')}/recruiter/events/{event_id}/interviews"


def _where(context: Context) -> str | None:
    if context.venue is None:
        return None
    venue = context.venue
    return f"{venue.name}, {venue.address}, {venue.postcode} {venue.city}"


def _lines(
    context: Context,
    interviews: list[schedules.Interview],
    language: Language,
    public_url: str,
) -> list[str | list[str]]:
    """Paragraphs of plain text; a list is a list of lines (a table's interviews)."""
    words = schedule_texts.WORDS[language]
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, language)
    out: list[str | list[str]] = [
        words["hello"].format(name=context.name) if context.name else words["hello_nobody"]
    ]
    if context.role == "candidate":
        out.append(words["mail_intro"].format(title=context.title, when=when))
        out.append(
            [
                (
                    words["mail_line_video"].format(
                        time=line.time, company=line.company, url=line.video_url
                    )
                    if line.video_url
                    else words["mail_line"].format(
                        time=line.time, company=line.company, table=line.table_no
                    )
                )
                for line in schedule_sheet.lines(interviews, language)
            ]
        )
    else:
        company = context.company_name or ""
        out.append(
            words["mail_company_intro"].format(company=company, title=context.title, when=when)
        )
        for table in schedule_sheet.tables(interviews, language):
            out.append(words["table_n"].format(n=table.table_no))
            out.append(
                [
                    words["mail_company_line"].format(time=line.time, name=line.person)
                    for line in table.lines
                ]
            )
    where = _where(context)
    if where is not None:
        out.append(words["mail_where"].format(where=where))
    elif all(i.video_url for i in interviews):
        out.append(words["mail_online"])
    if context.role == "candidate":
        out.append(words["mail_early"])
    out.append(words["mail_changed"])
    if context.user_id is not None:
        out.append(words["mail_page"].format(url=recruiter_page(context.event_id, public_url)))
    elif context.token is not None:
        out.append(words["mail_ticket"].format(url=links.ticket_url(context.token, public_url)))
    out.append(words["signed"].format(organisation=context.organisation_name))
    return out


def render_mail(
    context: Context,
    interviews: list[schedules.Interview],
    language: Language,
    public_url: str,
) -> Rendered:
    """Subject, plain text and HTML of the mail."""
    words = schedule_texts.WORDS[language]
    key = "subject" if context.role == "candidate" else "subject_company"
    subject = words[key].format(title=context.title)
    paragraphs = _lines(context, interviews, language, public_url)
    text_parts: list[str] = []
    html_parts: list[str] = []
    sep = ": " if language == "en" else " : "
    for paragraph in paragraphs:
        if isinstance(paragraph, list):
            text_parts.append("\n".join(f"- {line}" for line in paragraph))
            items = "".join(f"<li>{_linked(line, sep)}</li>" for line in paragraph)
            html_parts.append(f"<ul>{items}</ul>")
        else:
            text_parts.append(paragraph)
            html_parts.append(f"<p>{_linked(paragraph, sep)}</p>")
    html = (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(html_parts)}</body></html>"
    )
    return Rendered(subject=subject, text="\n\n".join(text_parts) + "\n", html=html)


def _linked(line: str, sep: str) -> str:
    """A line whose end is a link, with that link clickable."""
    label, found, rest = line.rpartition(sep)
    if found and rest.startswith(("https://", "http://")) and " " not in rest:
        url = escape(rest)
        return f'{escape(label)}{escape(sep)}<a href="{url}">{url}</a>'
    return escape(line)


def render_sms(
    context: Context,
    interviews: list[schedules.Interview],
    language: Language,
    public_url: str,
) -> str:
    """One short text in the phones' basic alphabet (plain spaces): « Job dating du 12 mars :
    vos entretiens à 14 h 10 (Boulangerie Martin, table 2) et 14 h 40 (…). Votre ticket : … »"""
    words = schedule_texts.WORDS[language]
    label = i18n.KINDS[language].get(context.kind, context.title[:_SMS_TITLE_MAX])
    on = schedule_texts.day(context.starts_at, context.timezone, language)
    found = schedule_sheet.lines(interviews, language)
    if context.role == "candidate":
        each = [
            words["sms_one"].format(time=line.starts, company=line.company, table=line.table_no)
            for line in found
        ]
        listed = ", ".join(each[:-1]) + words["sms_and"] + each[-1] if len(each) > 1 else each[0]
        text = words["sms"].format(kind=label, day=on, list=listed)
    else:
        text = words["sms_company"].format(
            kind=label, day=on, n=len(found), first=found[0].starts, last=found[-1].starts
        )
    if context.token is not None:
        ticket = words["sms_ticket"].format(url=links.ticket_url(context.token, public_url))
        text = f"{text} {ticket}"
    return text.replace("\u00a0", " ")


async def hand_over(
    conn: db.Conn, message: outbox.Claimed, *, channels: worker.Channels, now: datetime
) -> worker.Sent | worker.Skipped:
    """Deliver one schedule message (called by the worker for its kind)."""
    context = await db.fetch_one(
        conn, "get_interview_schedule_message_context", Context, message_id=message.id
    )
    if context is None:  # pragma: no cover - written with a registration, never deleted
        return worker.Skipped("no_addressee")
    stale = stale_reason(context, now=now)
    if stale is not None:
        return worker.Skipped(stale)
    interviews = await schedules.sent_to(
        conn,
        event_id=context.event_id,
        candidate_id=context.candidate_id,
        company_id=context.company_id,
    )
    if not interviews:
        return worker.Skipped("superseded")
    settings = channels.settings
    if message.channel == "email":
        if channels.smtp is None:
            return worker.Skipped("mail_disabled")
        rendered = render_mail(context, interviews, message.language, settings.public_url)
        email = mail.build(
            message_id=message.id,
            sender=settings.mail_from,
            recipient=mail.check_address(message.recipient or ""),
            rendered=rendered,
            language=message.language,
            domain=channels.domain,
            invite=None,
            now=now,
        )
        await mail.send(
            email, config=channels.smtp, limit_seconds=settings.delivery_timeout_seconds
        )
        return worker.Sent()
    if channels.sms is None:
        return worker.Skipped("sms_disabled")
    text = render_sms(context, interviews, message.language, settings.public_url)
    number = sms.normalise_number(message.recipient or "")
    await channels.sms.send(number=number, text=text, message_id=message.id, now=now)
    return worker.Sent()
