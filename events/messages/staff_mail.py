"""What organisers, coaches and recruiters are mailed about the events they take part in: a short
French mail (staff have no language preference) with their own calendar invite.

Like participants' mails, the words are written at delivery from the event as it is then, and a
mail that a later one makes pointless is not sent: each change of time or place writes a new
mail to everyone concerned, so an older invite is never worth sending once the sequence moved.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from typing import Final, Literal
from uuid import UUID

import msgspec

from events import i18n, links
from events.messages import outbox
from events.messages.types import Rendered, Venue


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """The user and the event (and, for a recruiter, their company's registration) at delivery
    time."""

    name: str
    role: Literal["admin", "organiser", "coach", "recruiter"]
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
    registration_status: str | None
    company_name: str | None
    cancellation_reason: str | None = None


_WITHDRAWALS: Final = ("registration_cancelled", "event_cancelled")

_SUBJECTS: Final[dict[str, str]] = {
    "event_published": "Invitation : {title}, {when}",
    "event_changed": "Changement d'heure ou de lieu : {title}",
    "event_cancelled": "Rencontre annulée : {title}",
    "registration_confirmed": "Inscription confirmée : {title}",
    "registration_promoted": "Inscription confirmée : {title}",
    "registration_cancelled": "Inscription annulée : {title}",
}
_NEWS: Final[dict[str, str]] = {
    "event_published": "La rencontre « {title} » est publiée. Voici l'invitation pour votre "
    "agenda.",
    "event_changed": "La rencontre « {title} » change. Voici l'heure et le lieu à jour.",
    "event_cancelled": "La rencontre « {title} » est annulée. Elle est retirée de votre agenda.",
    "registration_confirmed": "Votre entreprise, {company}, est inscrite à la rencontre "
    "« {title} ». Voici l'invitation pour votre agenda.",
    "registration_promoted": "Une place s'est libérée : votre entreprise, {company}, est "
    "inscrite à la rencontre « {title} ». Voici l'invitation pour votre agenda.",
    "registration_cancelled": "L'inscription de votre entreprise, {company}, à la rencontre "
    "« {title} » est annulée. Elle est retirée de votre agenda.",
}
_PART: Final[dict[str, str]] = {
    "organiser": "Vous organisez cette rencontre.",
    "coach": "Vous y participez comme coach.",
    "recruiter": "Vous y participez pour votre entreprise.",
}


def stale_reason(
    kind: outbox.Kind, *, sequence: int, context: Context, now: datetime
) -> str | None:
    """Why a user's mail should no longer go out, or ``None``: the event is over; the event or
    the company's place was called off since (that cancellation is mailed); or the time or place
    changed since (that change is mailed)."""
    if now >= context.ends_at:
        return "too_late"
    if kind in _WITHDRAWALS:
        return None
    if context.event_status == "cancelled":
        return "superseded"
    if context.role == "recruiter" and context.registration_status != "confirmed":
        return "superseded"
    if sequence < context.event_sequence:
        return "superseded"
    return None


def _lines(kind: outbox.Kind, context: Context, link: str) -> list[str]:
    """The mail as paragraphs of plain text; links are whole paragraphs."""
    lines = [
        f"Bonjour {context.name},",
        _NEWS[kind].format(title=context.title, company=context.company_name or ""),
    ]
    if kind == "event_cancelled" and context.cancellation_reason:
        lines.append(f"Pourquoi : {context.cancellation_reason}")
    if kind not in _WITHDRAWALS and context.role in _PART:
        lines.append(_PART[context.role])
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, "fr")
    lines.append(f"Quand : {when}")
    if kind not in _WITHDRAWALS:
        if context.venue is not None:
            venue = context.venue
            lines.append(f"Où : {venue.name}, {venue.address}, {venue.postcode} {venue.city}")
        if context.online_url:
            lines.append(f"En ligne : {context.online_url}")
        lines.append(f"Page de la rencontre : {link}")
    lines.append(f"Rencontre organisée par {context.organisation_name}.")
    return lines


def mail(kind: outbox.Kind, context: Context, *, event_id: UUID, public_url: str) -> Rendered:
    """Subject, plain text and HTML of a staff member's or recruiter's mail, in French."""
    when = i18n.when(context.starts_at, context.ends_at, context.timezone, "fr")
    subject = _SUBJECTS[kind].format(title=context.title, when=when)
    lines = _lines(kind, context, links.event_page(event_id, public_url))
    paragraphs = []
    for line in lines:
        label, sep, rest = line.partition(" : ")
        if sep and rest.startswith(("https://", "http://")):
            url = escape(rest)
            paragraphs.append(f'<p>{escape(label)}{escape(sep)}<a href="{url}">{url}</a></p>')
        else:
            paragraphs.append(f"<p>{escape(line)}</p>")
    html = (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{''.join(paragraphs)}</body></html>"
    )
    return Rendered(subject=subject, text="\n\n".join(lines) + "\n", html=html)
