"""Each side's schedule of a pairing, in plain words: the cook's (restaurant, address,
preparation and service days) on their ticket page, by mail and by text message; the
restaurant's (its cooks' first name and initial, cuisines and days) on its recruiter's event page
and by mail to its contact. Nothing of a cook's situation, contact or last name reaches a
restaurant: its query (``list_restaurant_schedule``) does not select them.

Shown and sent once the organiser sent the schedules (``board.send``); a message is written
from the state at delivery (``hand_over``), and not sent once its pairing is gone.
"""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Final
from uuid import UUID

import msgspec

from events import db, i18n, links
from events.i18n import Language
from events.messages import mail, outbox, sms, worker
from events.messages.types import Rendered

WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "cook_title": "Votre restaurant pour le festival",
        "restaurant_title_one": "La personne qui cuisine chez vous pendant le festival",
        "restaurant_title": "Les personnes qui cuisinent chez vous pendant le festival",
        "restaurant": "Restaurant",
        "address": "Adresse",
        "preparation": "Préparation",
        "service": "Service",
        "cook": "Cuisinier ou cuisinière",
        "cuisines": "Cuisines",
        "none": "pas encore fixé",
        "and": " et ",
        "hello": "Bonjour {name},",
        "cook_intro": "Pour le festival « {title} », vous cuisinez au restaurant {restaurant}.",
        "restaurant_intro_one": "Pour le festival « {title} », voici la personne qui vient "
        "cuisiner chez vous.",
        "restaurant_intro": "Pour le festival « {title} », voici les personnes qui viennent "
        "cuisiner chez vous.",
        "cook_line": "{cook} ({cuisines})\u00a0: préparation {preparation}\u00a0; service "
        "{service}.",
        "ticket": "Votre billet : {url}",
        "signed": "Festival organisé par {organisation}.",
        "subject_cook": "Votre restaurant : {title}",
        "subject_restaurant_one": "Qui cuisine chez vous : {title}",
        "subject_restaurant": "Qui cuisine chez vous : {title}",
        "sms": "{name}, festival {title} : vous cuisinez chez {restaurant}, {address}. "
        "Préparation : {preparation}. Service : {service}.",
        "sms_ticket": " Billet : {url}",
    },
    "en": {
        "cook_title": "Your restaurant for the festival",
        "restaurant_title_one": "Your cook for the festival",
        "restaurant_title": "Your cooks for the festival",
        "restaurant": "Restaurant",
        "address": "Address",
        "preparation": "Preparation",
        "service": "Service",
        "cook": "Cook",
        "cuisines": "Cuisines",
        "none": "not set yet",
        "and": " and ",
        "hello": "Hello {name},",
        "cook_intro": "For the festival '{title}', you cook at the restaurant {restaurant}.",
        "restaurant_intro_one": "For the festival '{title}', here is the cook coming to you.",
        "restaurant_intro": "For the festival '{title}', here are the cooks coming to you.",
        "cook_line": "{cook} ({cuisines}): preparation {preparation}; service {service}.",
        "ticket": "Your ticket: {url}",
        "signed": "Festival organised by {organisation}.",
        "subject_cook": "Your restaurant: {title}",
        "subject_restaurant_one": "Your cook: {title}",
        "subject_restaurant": "Your cooks: {title}",
        "sms": "{name}, festival {title}: you cook at {restaurant}, {address}. "
        "Preparation: {preparation}. Service: {service}.",
        "sms_ticket": " Ticket: {url}",
    },
}
_DAYS: Final[dict[Language, tuple[str, ...]]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
# Plain spaces in text messages (as ``notifications``): a no-break space is not in the GSM
# alphabet and would shorten every part of the message.
SMS_LIMIT: Final = 480


class CookSchedule(msgspec.Struct, frozen=True, kw_only=True):
    first_name: str
    title: str
    timezone: str
    event_status: str
    restaurant: str
    address: str
    postcode: str
    city: str
    preparation_days: list[date]
    service_days: list[date]
    token: str | None
    organisation_name: str


class RestaurantCook(msgspec.Struct, frozen=True, kw_only=True):
    """A cook as a restaurant sees them: first name and initial, cuisines, days."""

    cook: str
    cuisines: list[str]
    preparation_days: list[date]
    service_days: list[date]


class _RestaurantContext(msgspec.Struct, frozen=True, kw_only=True):
    restaurant: str
    contact_name: str
    title: str
    timezone: str
    event_status: str
    organisation_name: str


class _Party(msgspec.Struct, frozen=True, kw_only=True):
    event_id: UUID
    role: str
    candidate_id: UUID | None
    company_id: UUID | None
    status: str
    event_status: str


def day(value: date, language: Language) -> str:
    """« mardi 4 mars 2027 »."""
    month = i18n.MONTHS[language][value.month - 1]
    return f"{_DAYS[language][value.weekday()]} {value.day} {month} {value.year}"


def days(values: list[date], language: Language) -> str:
    words = WORDS[language]
    if not values:
        return words["none"]
    named = [day(v, language) for v in values]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + words["and"] + named[-1]


def where(schedule: CookSchedule) -> str:
    place = f"{schedule.postcode} {schedule.city}"
    return f"{schedule.address}, {place}" if schedule.address else place


# --- the messages ------------------------------------------------------------------------------


def _html(subject: str, lines: list[str], language: Language) -> str:
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f"<title>{escape(subject)}</title></head><body>{body}</body></html>"
    )


def cook_mail(schedule: CookSchedule, language: Language, public_url: str) -> Rendered:
    words = WORDS[language]
    sep = ": " if language == "en" else "\u00a0: "
    lines = [
        words["hello"].format(name=schedule.first_name),
        words["cook_intro"].format(title=schedule.title, restaurant=schedule.restaurant),
        f"{words['address']}{sep}{where(schedule)}",
        f"{words['preparation']}{sep}{days(schedule.preparation_days, language)}",
        f"{words['service']}{sep}{days(schedule.service_days, language)}",
    ]
    if schedule.token:
        lines.append(words["ticket"].format(url=links.ticket_url(schedule.token, public_url)))
    lines.append(words["signed"].format(organisation=schedule.organisation_name))
    subject = words["subject_cook"].format(title=schedule.title)
    return Rendered(
        subject=subject, text="\n\n".join(lines) + "\n", html=_html(subject, lines, language)
    )


def cook_sms(schedule: CookSchedule, language: Language, public_url: str) -> str:
    words = WORDS[language]
    text = words["sms"].format(
        name=schedule.first_name,
        title=schedule.title,
        restaurant=schedule.restaurant,
        address=where(schedule),
        preparation=days(schedule.preparation_days, language),
        service=days(schedule.service_days, language),
    )
    # The ticket's link is never cut: the words before it give way first.
    link = ""
    if schedule.token:
        link = words["sms_ticket"].format(url=links.ticket_url(schedule.token, public_url))
    return text[: max(SMS_LIMIT - len(link), 0)] + link


def restaurant_mail(
    context: _RestaurantContext, cooks: list[RestaurantCook], language: Language
) -> Rendered:
    words = WORDS[language]
    lines = [
        words["hello"].format(name=context.contact_name),
        i18n.plural(words, "restaurant_intro", len(cooks), title=context.title),
        *(
            words["cook_line"].format(
                cook=c.cook,
                cuisines=", ".join(c.cuisines) or "—",
                preparation=days(c.preparation_days, language),
                service=days(c.service_days, language),
            )
            for c in cooks
        ),
        words["signed"].format(organisation=context.organisation_name),
    ]
    subject = i18n.plural(words, "subject_restaurant", len(cooks), title=context.title)
    return Rendered(
        subject=subject, text="\n\n".join(lines) + "\n", html=_html(subject, lines, language)
    )


async def hand_over(
    conn: db.Conn, message: outbox.Claimed, *, channels: worker.Channels, now: datetime
) -> worker.Sent | worker.Skipped:
    """Deliver one schedule (called by the worker for the kind ``pairing_schedule``)."""
    if message.registration_id is None:  # pragma: no cover - written with a registration
        return worker.Skipped("no_addressee")
    party = await db.fetch_one(
        conn, "get_pairing_party", _Party, registration_id=message.registration_id
    )
    if party is None or party.status != "confirmed" or party.event_status == "cancelled":
        return worker.Skipped("superseded")
    settings = channels.settings
    if party.candidate_id is not None:
        schedule = await db.fetch_one(
            conn,
            "get_cook_schedule",
            CookSchedule,
            event_id=party.event_id,
            candidate_id=party.candidate_id,
        )
        if schedule is None:
            return worker.Skipped("superseded")
        if message.channel == "sms":
            if channels.sms is None:
                return worker.Skipped("sms_disabled")
            text = cook_sms(schedule, message.language, settings.public_url)
            number = sms.normalise_number(message.recipient or "")
            await channels.sms.send(number=number, text=text, message_id=message.id, now=now)
            return worker.Sent()
        rendered = cook_mail(schedule, message.language, settings.public_url)
    else:
        context = await db.fetch_one(
            conn,
            "get_restaurant_schedule_context",
            _RestaurantContext,
            event_id=party.event_id,
            company_id=party.company_id,
        )
        cooks = await db.fetch_all(
            conn,
            "list_restaurant_schedule",
            RestaurantCook,
            event_id=party.event_id,
            company_id=party.company_id,
        )
        if context is None or not cooks:
            return worker.Skipped("superseded")
        rendered = restaurant_mail(context, cooks, message.language)
    smtp = channels.smtp
    if smtp is None:
        return worker.Skipped("mail_disabled")
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
