"""Which messages a change causes, and what they say.

The causes write outbox rows in the transaction of the change (never a send from a request).
The words are written when the message is delivered, from the registration and the event as
they are then: a message held up by a failing server never tells an old time or place.

Plain words for people who read little: short sentences, the time in full, where to go, the
ticket link and its short code, who to call. French first; English for those who asked.

Organisers, coaches and recruiters take part too: they are mailed their own invite when the event
is published, moved or cancelled, and recruiters when their company's place is confirmed or
cancelled (their words are in ``staff_mail``).
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Final, Literal
from uuid import UUID

import msgspec

from events import db, i18n, links
from events.db import Conn
from events.i18n import Language
from events.messages import outbox
from events.messages.types import Rendered, Venue
from events.tickets import codes

# --- causes: one call per state change, in its transaction -----------------------------------


async def registered(conn: Conn, *, registration_id: UUID, role: str, status: str) -> None:
    """A new registration: its place confirmed, or its rank on the waiting list; a company's
    recruiters once its place is confirmed."""
    if status == "confirmed":
        await _registration(conn, registration_id, role, "registration_confirmed")
    else:
        await outbox.enqueue_for_registration(
            conn, registration_id=registration_id, kind="registration_waitlisted"
        )


async def registration_promoted(conn: Conn, *, registration_id: UUID, role: str) -> None:
    await _registration(conn, registration_id, role, "registration_promoted")


async def registration_cancelled(conn: Conn, *, registration_id: UUID, role: str) -> None:
    await _registration(conn, registration_id, role, "registration_cancelled")


async def _registration(conn: Conn, registration_id: UUID, role: str, kind: outbox.Kind) -> None:
    await outbox.enqueue_for_registration(conn, registration_id=registration_id, kind=kind)
    if role == "company":  # a candidate's registration concerns no recruiter
        await outbox.enqueue_for_recruiters(conn, registration_id=registration_id, kind=kind)


class _Written(msgspec.Struct, frozen=True):
    channel: outbox.Channel


async def ticket_resent(
    conn: Conn, *, registration_id: UUID, now: datetime
) -> list[outbox.Channel]:
    """The live ticket sent again to the registration's party (never to recruiters: the ticket
    is the company's contact's), one message per way to reach them; each request at its own
    instant is a message of its own. The channels written, ``none`` when there is no way."""
    written = await db.fetch_all(
        conn, "enqueue_resent_message", _Written, registration_id=registration_id, now=now
    )
    return [row.channel for row in written]


async def event_published(conn: Conn, *, event_id: UUID) -> None:
    """A published event is its staff's meeting: they get the invite (nobody is registered to a
    draft)."""
    await outbox.enqueue_for_staff(conn, event_id=event_id, kind="event_published")


async def event_changed(conn: Conn, *, event_id: UUID) -> None:
    """Time, place or online link changed: every live registration hears of it, and so do the
    staff of a published event and the recruiters of the companies confirmed at it."""
    await _event(conn, event_id, "event_changed")


async def event_cancelled(conn: Conn, *, event_id: UUID) -> None:
    await _event(conn, event_id, "event_cancelled")


async def _event(conn: Conn, event_id: UUID, kind: outbox.Kind) -> None:
    await outbox.enqueue_for_event(conn, event_id=event_id, kind=kind)
    await outbox.enqueue_for_staff(conn, event_id=event_id, kind=kind)
    await outbox.enqueue_for_recruiters_of_event(conn, event_id=event_id, kind=kind)


# --- what a message says -------------------------------------------------------------------


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """The registration and its event at delivery time."""

    registration_status: str
    was_confirmed: bool
    role: Literal["candidate", "company"]
    first_name: str | None
    title: str
    description: str | None
    starts_at: datetime
    ends_at: datetime
    timezone: str
    venue: Venue | None
    online_url: str | None
    event_status: str
    event_sequence: int
    organisation_name: str
    token: str | None
    short_code: str | None
    waitlist_position: int | None
    # Why the event was called off, as its organiser wrote it (none given: None).
    cancellation_reason: str | None = None


_WITHDRAWALS: Final = ("registration_cancelled", "event_cancelled")
_LIVE_STATUSES: Final = ("confirmed", "waitlisted")


def stale_reason(
    kind: outbox.Kind, *, sequence: int, context: Context, now: datetime
) -> str | None:
    """Why a message should no longer go out, or ``None``: the event is over; or a later message
    already says what this one would (a place withdrawn, a later change, a promotion)."""
    if now >= context.ends_at:
        return "too_late"
    if kind in _WITHDRAWALS:
        return None
    if context.event_status == "cancelled" or context.registration_status not in _LIVE_STATUSES:
        return "superseded"
    if kind == "event_changed" and sequence < context.event_sequence:
        return "superseded"
    if kind == "registration_waitlisted" and context.registration_status != "waitlisted":
        return "superseded"
    return None


def wants_invite(kind: outbox.Kind) -> bool:
    """Every mail carries the calendar invite as it now stands (tentative on the waiting list,
    accepted once confirmed, cancelled once withdrawn), except the reminder, which would only
    repeat it."""
    return kind != "reminder"


_WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "hello": "Bonjour {name},",
        "hello_anonymous": "Bonjour,",
        "registration_confirmed": "Votre place est confirmée pour « {title} ».",
        "registration_waitlisted": "La rencontre « {title} » est complète. Vous êtes sur liste "
        "d'attente (place n° {position}). Nous vous prévenons si une place se libère.",
        "registration_promoted": "Bonne nouvelle : une place s'est libérée. Votre place est "
        "confirmée pour « {title} ».",
        "registration_cancelled": "Votre inscription à « {title} » est annulée. "
        "Votre billet ne marche plus.",
        "event_changed": "La rencontre « {title} » change. Voici l'heure et le lieu à jour.",
        "event_cancelled": "La rencontre « {title} » est annulée. Vous n'avez pas à venir.",
        "why": "Pourquoi : {reason}",
        "reminder": "Petit rappel : la rencontre « {title} » arrive bientôt.",
        "ticket_resent": "Voici à nouveau votre billet pour « {title} ».",
        "subject_registration_confirmed": "Place confirmée : {title}",
        "subject_registration_waitlisted": "Liste d'attente : {title}",
        "subject_registration_promoted": "Une place pour vous : {title}",
        "subject_registration_cancelled": "Inscription annulée : {title}",
        "subject_event_changed": "Changement d'heure ou de lieu : {title}",
        "subject_event_cancelled": "Rencontre annulée : {title}",
        "subject_reminder": "Rappel : {title}, {when}",
        "subject_ticket_resent": "Votre billet : {title}",
        "when": "Quand : {when}",
        "where": "Où : {where}",
        "online": "En ligne : {url}",
        "ticket": "Votre billet : {url}",
        "code": "Votre code (si vous n'avez pas le billet) : {code}",
        "bring": "À apporter : votre billet, sur papier ou sur votre téléphone. Votre CV si "
        "vous en avez un : ce n'est pas obligatoire.",
        "bring_company": "À apporter : votre billet, sur papier ou sur votre téléphone.",
        "question": "Une question ? Appelez votre conseiller ou votre coach. "
        "Rencontre organisée par {organisation}.",
        "question_company": "Une question ? Rencontre organisée par {organisation}.",
        "sms_registration_confirmed": "votre place est confirmée : {title}, {when}, {where}.",
        "sms_registration_waitlisted": "vous êtes sur liste d'attente (n° {position}) pour "
        "{title}. Nous vous prévenons si une place se libère.",
        "sms_registration_promoted": "une place s'est libérée pour vous : {title}, {when}, "
        "{where}.",
        "sms_registration_cancelled": "votre inscription à {title} ({when}) est annulée.",
        "sms_event_changed": "changement pour {title}. Maintenant : {when}, {where}.",
        "sms_event_cancelled": "{title} ({when}) est annulé. Vous n'avez pas à venir.",
        "sms_why": "Pourquoi : {reason}",
        "sms_reminder": "rappel : {title}, {when}, {where}.",
        "sms_ticket_resent": "voici à nouveau votre billet pour {title}, {when}, {where}.",
        "sms_ticket": "Billet : {url} Code : {code}",
        "sms_online": "en ligne",
    },
    "en": {
        "hello": "Hello {name},",
        "hello_anonymous": "Hello,",
        "registration_confirmed": "Your place is confirmed for '{title}'.",
        "registration_waitlisted": "The event '{title}' is full. You are on the waiting list "
        "(number {position}). We will tell you if a place becomes free.",
        "registration_promoted": "Good news: a place became free. Your place is confirmed "
        "for '{title}'.",
        "registration_cancelled": "Your registration for '{title}' is cancelled. "
        "Your ticket no longer works.",
        "event_changed": "The event '{title}' has changed. Here are the new time and place.",
        "event_cancelled": "The event '{title}' is cancelled. You do not need to come.",
        "why": "Why: {reason}",
        "reminder": "A reminder: the event '{title}' is coming soon.",
        "ticket_resent": "Here is your ticket again for '{title}'.",
        "subject_registration_confirmed": "Place confirmed: {title}",
        "subject_registration_waitlisted": "Waiting list: {title}",
        "subject_registration_promoted": "A place for you: {title}",
        "subject_registration_cancelled": "Registration cancelled: {title}",
        "subject_event_changed": "New time or place: {title}",
        "subject_event_cancelled": "Event cancelled: {title}",
        "subject_reminder": "Reminder: {title}, {when}",
        "subject_ticket_resent": "Your ticket: {title}",
        "when": "When: {when}",
        "where": "Where: {where}",
        "online": "Online: {url}",
        "ticket": "Your ticket: {url}",
        "code": "Your code (if you do not have the ticket): {code}",
        "bring": "What to bring: your ticket, on paper or on your phone. Your CV if you have "
        "one: it is not required.",
        "bring_company": "What to bring: your ticket, on paper or on your phone.",
        "question": "A question? Call your adviser or your coach. "
        "Event organised by {organisation}.",
        "question_company": "A question? Event organised by {organisation}.",
        "sms_registration_confirmed": "your place is confirmed: {title}, {when}, {where}.",
        "sms_registration_waitlisted": "you are on the waiting list (number {position}) for "
        "{title}. We will tell you if a place becomes free.",
        "sms_registration_promoted": "a place became free for you: {title}, {when}, {where}.",
        "sms_registration_cancelled": "your registration for {title} ({when}) is cancelled.",
        "sms_event_changed": "{title} has changed. Now: {when}, {where}.",
        "sms_event_cancelled": "{title} ({when}) is cancelled. You do not need to come.",
        "sms_why": "Why: {reason}",
        "sms_reminder": "reminder: {title}, {when}, {where}.",
        "sms_ticket_resent": "here is your ticket again for {title}, {when}, {where}.",
        "sms_ticket": "Ticket: {url} Code: {code}",
        "sms_online": "online",
    },
}
_SMS_TITLE_MAX: Final = 60
_SMS_SENDER_MAX: Final = 30
_SMS_REASON_MAX: Final = 120


def _short(text: str, limit: int) -> str:
    """Cut for a text message, with dots the phones' basic alphabet has (not "…")."""
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


def _lines(kind: outbox.Kind, context: Context, language: Language, public_url: str) -> list[str]:
    """The message as paragraphs of plain text; links are whole paragraphs."""
    words = _WORDS[language]
    title = context.title
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, language)
    name = context.first_name
    lines = [words["hello"].format(name=name) if name else words["hello_anonymous"]]
    lines.append(words[kind].format(title=title, position=context.waitlist_position or "?"))
    if kind == "event_cancelled" and context.cancellation_reason:
        lines.append(words["why"].format(reason=context.cancellation_reason))
    lines.append(words["when"].format(when=when))
    if kind in _WITHDRAWALS:
        lines.append(
            words["question_company" if context.role == "company" else "question"].format(
                organisation=context.organisation_name
            )
        )
        return lines
    if context.venue is not None:
        venue = context.venue
        place = f"{venue.name}, {venue.address}, {venue.postcode} {venue.city}"
        lines.append(words["where"].format(where=place))
    if context.online_url:
        lines.append(words["online"].format(url=context.online_url))
    if context.token is not None:
        lines.append(words["ticket"].format(url=links.ticket_url(context.token, public_url)))
    if context.short_code is not None:
        lines.append(words["code"].format(code=codes.format_code(context.short_code)))
    if context.registration_status == "confirmed":
        lines.append(words["bring_company" if context.role == "company" else "bring"])
    if context.description:
        lines.append(context.description)
    lines.append(
        words["question_company" if context.role == "company" else "question"].format(
            organisation=context.organisation_name
        )
    )
    return lines


def mail(kind: outbox.Kind, context: Context, language: Language, public_url: str) -> Rendered:
    """Subject, plain text and HTML of a mail."""
    words = _WORDS[language]
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, language)
    subject = words[f"subject_{kind}"].format(title=context.title, when=when)
    lines = _lines(kind, context, language, public_url)
    paragraphs = []
    for line in lines:
        label, sep, rest = line.partition(": ") if language == "en" else line.partition(" : ")
        if sep and rest.startswith(("https://", "http://")):
            url = escape(rest)
            paragraphs.append(f'<p>{escape(label)}{escape(sep)}<a href="{url}">{url}</a></p>')
        else:
            paragraphs.append(f"<p>{escape(line)}</p>")
    html = (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(paragraphs)}</body></html>"
    )
    return Rendered(subject=subject, text="\n\n".join(lines) + "\n", html=html)


def sms(kind: outbox.Kind, context: Context, language: Language, public_url: str) -> str:
    """One short text: who writes, what changed, when and where, the ticket link and code.
    Plain spaces and quotes only, so that the text fits the phones' basic alphabet."""
    words = _WORDS[language]
    where = words["sms_online"]
    if context.venue is not None:
        where = f"{context.venue.name}, {context.venue.city}"
    body = words[f"sms_{kind}"].format(
        title=_short(context.title, _SMS_TITLE_MAX),
        when=i18n.when(context.starts_at, context.ends_at, context.timezone, language),
        where=where,
        position=context.waitlist_position or "?",
    )
    text = f"{_short(context.organisation_name, _SMS_SENDER_MAX)} : {body}"
    if language == "en":
        text = f"{_short(context.organisation_name, _SMS_SENDER_MAX)}: {body}"
    if kind == "event_cancelled" and context.cancellation_reason:
        reason = _short(context.cancellation_reason, _SMS_REASON_MAX)
        text = f"{text} {words['sms_why'].format(reason=reason)}"
    if kind not in _WITHDRAWALS and context.token and context.short_code:
        ticket = words["sms_ticket"].format(
            url=links.ticket_url(context.token, public_url),
            code=codes.format_code(context.short_code),
        )
        text = f"{text} {ticket}"
    return text.replace("\u00a0", " ")
