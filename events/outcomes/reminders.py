"""The mail telling an event's organisers that its follow-ups fall due.

The worker looks every minute (``enqueue_due``): once a follow-up month of an event falls due and
someone who came is not followed up yet, each organiser of its organisation gets one mail for
that event and month (the outbox's dedup key: written once however often the worker looks). The
words are written at delivery from the state then: how many follow-ups wait, with the link to
the event's "what happened next" page; a mail is not sent once nothing waits any more, the event
was cancelled, or its addressee no longer organises there.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Final
from uuid import UUID

import msgspec

from events import db, i18n
from events.i18n import Language
from events.messages import mail, outbox, worker
from events.messages.types import Rendered

# Follow-ups that fell due longer ago than this are not mailed (on the first run after an
# outage, or the first ever, years of past events are not mailed at once).
WINDOW_DAYS: Final = 7


async def enqueue_due(conn: db.Conn, *, now: datetime) -> int:
    """Write the mails of the follow-ups that fell due; return how many were written."""
    added: int = await db.fetch_value(
        conn, "enqueue_follow_up_reminders", now=now, window_days=WINDOW_DAYS
    )
    return added


class Context(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    organises: bool
    title: str
    starts_at: datetime
    ends_at: datetime
    timezone: str
    event_status: str
    organisation_name: str
    waiting: int


_WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "subject": "Suivis à faire : {title}",
        "hello": "Bonjour {name},",
        "news": "Il est temps de prendre des nouvelles des participants de la rencontre "
        "« {title} ». Que s'est-il passé pour eux depuis ?",
        "waiting": "Suivis à noter : {n}.",
        "when": "La rencontre : {when}",
        "link": "Noter les suites : {url}",
        "signed": "Rencontre organisée par {organisation}.",
    },
    "en": {
        "subject": "Follow-ups to do: {title}",
        "hello": "Hello {name},",
        "news": "It is time to hear from the participants of the event '{title}'. What "
        "happened for them since?",
        "waiting": "Follow-ups to record: {n}.",
        "when": "The event: {when}",
        "link": "Record what happened next: {url}",
        "signed": "Event organised by {organisation}.",
    },
}


def outcomes_url(event_id: UUID, public_url: str) -> str:
    """The event's "what happened next" page in the back office."""
    return f"{public_url.rstrip('/')}/admin/events/{event_id}/outcomes"


def stale_reason(context: Context) -> str | None:
    """Why the mail should no longer go out, or ``None``."""
    if not context.organises:
        return "not_taking_part"
    if context.event_status == "cancelled":
        return "superseded"
    if context.waiting == 0:
        return "answered"
    return None


def render(context: Context, *, event_id: UUID, language: Language, public_url: str) -> Rendered:
    """Subject, plain text and HTML of the mail."""
    words = _WORDS[language]
    sep = ": " if language == "en" else " : "
    url = outcomes_url(event_id, public_url)
    lines = [
        words["hello"].format(name=context.name),
        words["news"].format(title=context.title),
        words["waiting"].format(n=context.waiting),
        words["when"].format(
            when=i18n.when(context.starts_at, context.ends_at, context.timezone, language)
        ),
        words["link"].format(url=url),
        words["signed"].format(organisation=context.organisation_name),
    ]
    subject = words["subject"].format(title=context.title)
    paragraphs = []
    for line in lines:
        label, found, rest = line.partition(sep)
        if found and rest == url:
            paragraphs.append(
                f'<p>{escape(label)}{escape(sep)}<a href="{escape(url)}">{escape(url)}</a></p>'
            )
        else:
            paragraphs.append(f"<p>{escape(line)}</p>")
    html = (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(paragraphs)}</body></html>"
    )
    return Rendered(subject=subject, text="\n\n".join(lines) + "\n", html=html)


async def hand_over(
    conn: db.Conn, message: outbox.Claimed, *, channels: worker.Channels, now: datetime
) -> worker.Sent | worker.Skipped:
    """Deliver one follow-up mail (called by the worker for its kind)."""
    if message.event_id is None or message.user_id is None:  # pragma: no cover - written so
        return worker.Skipped("no_addressee")
    context = await db.fetch_one(
        conn,
        "get_follow_up_mail_context",
        Context,
        event_id=message.event_id,
        user_id=message.user_id,
        now=now,
    )
    if context is None:  # pragma: no cover - events and users are never deleted
        return worker.Skipped("user_gone")
    stale = stale_reason(context)
    if stale is not None:
        return worker.Skipped(stale)
    smtp = channels.smtp
    if smtp is None:
        return worker.Skipped("mail_disabled")
    settings = channels.settings
    rendered = render(
        context,
        event_id=message.event_id,
        language=message.language,
        public_url=settings.public_url,
    )
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
    await mail.send(email, config=smtp, limit_seconds=settings.delivery_timeout_seconds)
    return worker.Sent()
