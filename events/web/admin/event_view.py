"""What the back office's event page shows (``event_page`` and ``event_registrations`` serve
it): the event's facts in words, its registrations and waiting list as the domain lists them, who
came, the candidates and companies one may still register, and each form's values (the event's
own, or those of a form sent back refused); and how a form goes back to the page, saying what it
did (``back_saying``) or showing its refusal (``page_again``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo

import msgspec
from litestar import Request
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events import catalog, checkins, db, i18n, registrations
from events.actors import Actor
from events.directory import accounts, candidates, companies
from events.errors import CompanyNotFound, EventNotFound
from events.settings import Settings
from events.web.admin.common import FormCtx, admin_page, back_to
from events.web.admin.event_form import EventForm
from events.web.admin.event_texts import WORDS
from events.web.admin.events import event_line
from events.web.admin.texts import MODES, SKILLS, TIMEZONES
from events.web.admin.texts import WORDS as SHARED
from events.web.pages import other

# Offered in the selects of the page (a search narrows them).
CHOICES: Final = 200
REGISTRATIONS_SHOWN: Final = 500
# The forms of the page that may come back refused, with their values.
FORMS: Final = ("move", "capacity", "cancel", "candidate", "company", "proxy")
# What a redirect back to the page may say was done: its words are ``done_<key>``.
DONE_COOKIE: Final = "rencontres_done"
DONE: Final = frozenset(
    {
        "published",
        "moved",
        "capacity",
        "cancelled",
        "completed",
        "registered",
        "company_registered",
        "proxy_registered",
        "registration_cancelled",
        "reissued",
        "resent",
        "resent_none",
        "edited",
    }
)
EventId = FromPath[UUID]
_DETAILS: Final[dict[str, type[msgspec.Struct]]] = {
    "sport_session": catalog.SportSessionDetails,
    "food_festival": catalog.FoodFestivalDetails,
    "e_forum": catalog.EForumDetails,
    "job_dating": catalog.JobDatingDetails,
}


@dataclass(frozen=True, kw_only=True)
class Sent:
    """A form of the page sent back refused: which one, what was typed, each refusal by field
    name, and the answer's status."""

    form: str
    values: dict[str, Any]
    errors: dict[str, str]
    status_code: int


async def own_event(conn: db.Conn, *, event_id: UUID, by: Actor) -> catalog.EventRow:
    """The event in full, for those who run it; another organisation's published event, which
    they see in its public view, is not theirs to run: missing, as the domain says of drafts."""
    row = await catalog.get(conn, event_id=event_id, by=by)
    if not isinstance(row, catalog.EventRow):
        raise EventNotFound
    return row


def _words(language: i18n.Language) -> dict[str, str]:
    return {**SHARED[language], **WORDS[language]}


def local_input(moment: datetime, zone: str) -> str:
    """A ``datetime-local`` field's value, in the event's zone."""
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M")


def _clock(moment: datetime, row: catalog.EventRow, language: i18n.Language) -> str:
    """The time someone came, in the event's zone: "9 h 05" (with the day when it is not the
    event's first)."""
    zone = ZoneInfo(row.timezone)
    local = moment.astimezone(zone)
    text = f"{local:%H:%M}" if language == "en" else f"{local.hour}\u00a0h\u00a0{local:%M}"
    if local.date() != row.starts_at.astimezone(zone).date():
        text = f"{local:%d/%m/%Y} {text}"
    return text


async def _names_of_coaches(
    conn: db.Conn, by: Actor, ids: list[UUID], language: i18n.Language
) -> list[str]:
    if not ids:
        return []
    found = await accounts.list_users(conn, by=by, role="coach", limit=CHOICES, cursor=None)
    names = {user.id: user.name or user.email for user in found.items}
    return [names.get(i, WORDS[language]["unknown_person"]) for i in ids]


async def _names_of_companies(conn: db.Conn, by: Actor, ids: list[UUID]) -> list[str]:
    names = []
    for company_id in ids:
        try:
            names.append((await companies.get(conn, company_id=company_id, by=by)).name)
        except CompanyNotFound:
            continue
    return names


async def _format_facts(
    conn: db.Conn, row: catalog.EventRow, by: Actor, language: i18n.Language
) -> list[tuple[str, str]]:
    """The format's details as (label, words) pairs."""
    t = _words(language)
    details = msgspec.convert(row.details, _DETAILS[row.kind])
    facts: list[tuple[str, str]] = []
    if isinstance(details, catalog.SportSessionDetails):
        for activity in details.activities:
            skills = ", ".join(SKILLS[language][s] for s in activity.skills)
            facts.append((t["fact_activity"], f"{activity.name}{' — ' + skills if skills else ''}"))
        coaches = await _names_of_coaches(conn, by, details.coach_ids, language)
        facts.append((t["fact_coaches"], ", ".join(coaches) or t["none_named"]))
    elif isinstance(details, catalog.FoodFestivalDetails):
        facts.append((t["fact_cuisines"], ", ".join(details.cuisines) or t["none_named"]))
        restaurants = await _names_of_companies(conn, by, details.restaurant_company_ids)
        facts.append((t["fact_restaurants"], ", ".join(restaurants) or t["none_named"]))
    elif isinstance(details, (catalog.EForumDetails, catalog.JobDatingDetails)):
        facts.append((t["fact_mode"], MODES[language][details.mode]))
        minutes = t["minutes"].format(n=details.interview_minutes)
        facts.append((t["fact_interview"], minutes))
    if isinstance(details, catalog.EForumDetails):
        for workshop in details.workshops:
            when = i18n.when(workshop.starts_at, workshop.ends_at, row.timezone, language)
            facts.append((t["fact_workshop"], f"{workshop.title}, {when}"))
        facts.append((t["fact_photo_shoot"], t["yes"] if details.photo_shoot else t["no"]))
    return facts


def _line_of(
    item: registrations.RegistrationListItem, row: catalog.EventRow, language: i18n.Language
) -> dict[str, Any]:
    t = _words(language)
    return {
        "id": str(item.id),
        "name": item.display_name,
        "role": t[f"role_{item.role}"],
        "role_code": item.role,
        "status": item.status,
        "status_label": i18n.REGISTRATION_STATUSES[language][item.status],
        "short_code": item.short_code,
        "checked_in": _clock(item.checked_in_at, row, language) if item.checked_in_at else None,
        "registered_by": item.registered_by,
        "position": item.waitlist_position,
        "live": item.status in ("confirmed", "waitlisted"),
        "may_cancel": item.status in ("confirmed", "waitlisted") and item.checked_in_at is None,
    }


def _event_values(row: catalog.EventRow) -> dict[str, dict[str, Any]]:
    """Each form's fields as the event now holds them."""
    venue = row.venue
    return {
        "move": {
            "starts_at": local_input(row.starts_at, row.timezone),
            "ends_at": local_input(row.ends_at, row.timezone),
            "timezone": row.timezone,
            "venue.name": venue.name if venue else "",
            "venue.address": venue.address if venue else "",
            "venue.city": venue.city if venue else "",
            "venue.postcode": venue.postcode if venue else "",
            "online_url": row.online_url or "",
        },
        "capacity": {
            "capacity.candidates": str(row.capacity.candidates),
            "capacity.companies": str(row.capacity.companies),
        },
    }


async def event_page_context(
    conn: db.Conn,
    *,
    event_id: UUID,
    by: Actor,
    now: datetime,
    language: i18n.Language,
    q: str | None = None,
    cq: str | None = None,
    done: str | None = None,
    promoted: UUID | None = None,
    sent: Sent | None = None,
) -> dict[str, Any]:
    """Everything the page shows, read through the domain as the API reads it."""
    t = _words(language)
    row = await own_event(conn, event_id=event_id, by=by)
    listed = await registrations.list_for_event(
        conn, event_id=event_id, by=by, status=None, limit=REGISTRATIONS_SHOWN, cursor=None
    )
    door = await checkins.summary(conn, event_id=event_id, by=by)
    items = listed.items
    lines = [_line_of(item, row, language) for item in items]
    waiting = [line for line in lines if line["status"] == "waitlisted"]
    came = sorted(
        (item for item in items if item.checked_in_at is not None),
        key=lambda item: (item.checked_in_at or now, item.display_name),
    )
    choices: list[candidates.CandidateRow] = []
    offered: list[companies.CompanyRow] = []
    if row.status == "published":
        live = [item for item in items if item.status in ("confirmed", "waitlisted")]
        found = await candidates.list_for_staff(
            conn,
            by=by,
            q=q,
            organisation_id=row.organisation_id if by.is_admin else None,
            limit=CHOICES,
            cursor=None,
        )
        taken = {item.candidate_id for item in live}
        choices = [c for c in found.items if c.id not in taken]
        listed_companies = await companies.list_all(
            conn, by=by, where=companies.CompanyFilter(q=cq or None), limit=CHOICES, cursor=None
        )
        booked = {item.company_id for item in live}
        offered = [c for c in listed_companies.items if c.id not in booked]
    forms: dict[str, dict[str, Any]] = {name: {"values": {}, "errors": {}} for name in FORMS}
    for name, values in _event_values(row).items():
        forms[name]["values"] = values
    if sent is not None:
        forms[sent.form] = {"values": sent.values, "errors": sent.errors}
    notice = t[f"done_{done}"] if done else None
    if done == "registration_cancelled" and promoted is not None:
        taker = next((item for item in items if item.id == promoted), None)
        if taker is not None:
            notice = t["done_promoted"].format(name=taker.display_name)
    timezones = dict(TIMEZONES[language])
    timezones.setdefault(row.timezone, row.timezone)
    return {
        "event": row,
        "line": event_line(row, language),
        "over": row.ends_at <= now,
        "editable": row.status in ("draft", "published"),
        "open": row.status == "published",
        "door": {"candidate": door.candidates, "company": door.companies},
        "format_facts": await _format_facts(conn, row, by, language),
        "registrations": [line for line in lines if line["status"] != "waitlisted"],
        "waiting": {
            role: [line for line in waiting if line["role_code"] == role]
            for role in ("candidate", "company")
        },
        "came": [
            {
                "name": item.display_name,
                "role": t[f"role_{item.role}"],
                "at": _clock(item.checked_in_at, row, language) if item.checked_in_at else "",
            }
            for item in came
        ],
        "choices": choices,
        "companies": offered,
        "q": q or "",
        "cq": cq or "",
        "forms": forms,
        "refused": sent.form if sent else None,
        "notice": notice,
        "timezones": timezones,
        "truncated": listed.next_cursor is not None,
    }


# --- a form's way back to the page ------------------------------------------------------------


def back_saying(event_id: UUID, form: FormCtx, done: str, promoted: UUID | None = None) -> Redirect:
    """POST, then redirect (303), then GET the event's page, which says what was done: a word
    (one of ``DONE``) kept for that page in a short-lived cookie, so that a reload or a bookmark
    does not say it again; with who took the place a cancellation freed."""
    response = back_to(f"/admin/events/{event_id}", form.language)
    response.set_cookie(
        key=DONE_COOKIE,
        value=done if promoted is None else f"{done}:{promoted}",
        path=f"/admin/events/{event_id}",
        max_age=120,
        httponly=True,
        samesite="strict",
        secure=form.public_url.lower().startswith("https://"),
    )
    return response


def said(request: Request[Any, Any, Any]) -> tuple[str | None, UUID | None]:
    """What the redirect said was done (one of ``DONE``), and who took a freed place."""
    done, _, promoted = request.cookies.get(DONE_COOKIE, "").partition(":")
    try:
        taker = UUID(promoted) if promoted else None
    except ValueError:
        taker = None
    return (done if done in DONE else None), taker


def sent_back(name: str, reader: EventForm, status_code: int) -> Sent:
    """The form ``name`` as it was sent, with the refusals ``reader`` gathered."""
    return Sent(form=name, values=reader.shown, errors=reader.errors, status_code=status_code)


async def page_again(
    request: Request[Any, Any, Any],
    settings: Settings,
    form: FormCtx,
    event_id: UUID,
    sent: Sent,
) -> Template:
    """The page again, the refused form at its place with its values and refusals; nothing
    the form asked was written."""
    context = await event_page_context(
        form.conn, event_id=event_id, by=form.actor, now=form.now, language=form.language, sent=sent
    )
    # The language switch reads the page again: its address, not the form's.
    context["switch"] = f"/admin/events/{event_id}?lang={other(form.language)}"
    return admin_page(
        request,
        settings,
        form.language,
        "admin/event.html",
        context,
        words=WORDS,
        status_code=sent.status_code,
    )
