"""The form of an event, each format's own (``/admin/events/new``, and the event page's edit
form, which shows the same fields but the date, place and places): the sent form read as the
API's body (``EventForm``), a refusal placed next to its field, and what the form offers to tick
(the organisation's coaches, the companies that may be a festival's restaurants)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Final
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from events import db, i18n
from events.actors import Actor
from events.directory import accounts, companies
from events.errors import (
    CompanyNotFound,
    InvalidInput,
    UnknownCoach,
    UnknownCompany,
    read_validation,
)
from events.web.admin.common import FormCtx
from events.web.admin.event_texts import WORDS as EVENT_WORDS
from events.web.admin.texts import MODES, SKILLS, TIMEZONES, WORDS

# Empty rows the sport session form offers for its activities; an event may hold more (the API
# takes 30), which its edit form shows, one empty row after them.
ACTIVITY_ROWS: Final = 4
MAX_ACTIVITY_ROWS: Final = 31
# The same for an e-forum's workshops (the API takes 50): three empty rows, or those an event
# holds and two more.
WORKSHOP_ROWS: Final = 3
MAX_WORKSHOP_ROWS: Final = 50
WORKSHOP_PARTS: Final = ("title", "starts_at", "ends_at")
# Coaches and restaurants offered as boxes to tick.
CHOICES: Final = 200


def local_moment(value: str, zone: str) -> datetime | None:
    """A ``datetime-local`` field in the event's zone (UTC while the zone is unknown: the
    event's own check then names the zone)."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    try:
        tz = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        tz = ZoneInfo("UTC")
    return moment if moment.tzinfo else moment.replace(tzinfo=tz)


class EventForm:
    """A sent form read as the API's body: ``shown`` holds the values to show again, ``errors``
    the fields that could not even be read (a date, a number), by field name."""

    def __init__(self, form: FormCtx, kind: str) -> None:
        self.form = form
        self.kind = kind
        self.words = WORDS[form.language]
        self.shown: dict[str, Any] = {"kind": kind}
        self.errors: dict[str, str] = {}
        self.status_code = 400

    def text(self, name: str) -> str | None:
        value = self.form.value(name).strip()
        self.shown[name] = value
        return value or None

    def number(self, name: str) -> int | None:
        value = self.text(name)
        if value is None:
            self.errors[name] = self.words["required"]
            return None
        try:
            return int(value)
        except ValueError:
            self.errors[name] = self.words["bad_number"]
            return None

    def moment(self, name: str, zone: str) -> datetime | None:
        moment = local_moment(self.text(name) or "", zone)
        if moment is None:
            self.errors[name] = self.words["bad_datetime"]
        return moment

    def essentials(self) -> dict[str, Any]:
        """Title, presentation, sectors and reminder: what the edit form changes besides the
        format's details."""
        body: dict[str, Any] = {"title": self.text("title") or ""}
        body["description"] = self.text("description")
        sectors = self.text("sectors") or ""
        body["sectors"] = [s.strip() for s in sectors.split(",") if s.strip()]
        reminder = self.number("reminder_hours_before")
        if reminder is not None:
            body["reminder_hours_before"] = reminder
        return body

    def ticked(self, name: str) -> list[str] | None:
        """The boxes ticked in a group the form shows (its empty hidden field says it is
        shown), or ``None`` when the form does not show it."""
        if name not in self.form.form:
            return None
        ticked = [value for value in self.form.values(name) if value]
        self.shown[name] = ticked
        return ticked

    def workshops(self, zone: str) -> list[dict[str, Any]] | None:
        """An e-forum's workshops, one per row with anything typed (``None`` when the form
        shows no workshop row); start and end in the event's zone."""
        workshops: list[dict[str, Any]] | None = None
        for n in range(1, MAX_WORKSHOP_ROWS + 1):
            if f"workshop_{n}_title" not in self.form.form:
                continue
            workshops = workshops if workshops is not None else []
            title, start, end = (self.text(f"workshop_{n}_{part}") for part in WORKSHOP_PARTS)
            if not (title or start or end):
                continue
            workshop: dict[str, Any] = {"title": title or ""}
            for part in ("starts_at", "ends_at"):
                moment = self.moment(f"workshop_{n}_{part}", zone)
                if moment is not None:
                    workshop[part] = moment.isoformat()
            workshops.append(workshop)
        return workshops

    def details(self, stored: dict[str, Any] | None = None, *, zone: str) -> dict[str, Any]:
        """The format's details the form holds, over the ``stored`` ones it does not show
        (``zone``: the event's, in which the workshops' times are typed)."""
        details: dict[str, Any] = dict(stored or {})
        if self.kind == "sport_session":
            activities = []
            for n in range(1, MAX_ACTIVITY_ROWS + 1):
                if f"activity_{n}" not in self.form.form:
                    continue
                activity = self.text(f"activity_{n}")
                skills = [s for s in self.form.values(f"activity_{n}_skills") if s]
                self.shown[f"activity_{n}_skills"] = skills
                if activity or skills:
                    activities.append({"name": activity or "", "skills": skills})
            details["activities"] = activities
            if (coaches := self.ticked("details.coach_ids")) is not None:
                details["coach_ids"] = coaches
        elif self.kind == "food_festival":
            cuisines = self.text("details.cuisines") or ""
            details["cuisines"] = [c.strip() for c in cuisines.split(",") if c.strip()]
            if (restaurants := self.ticked("details.restaurant_company_ids")) is not None:
                details["restaurant_company_ids"] = restaurants
        else:
            details["mode"] = self.text("details.mode") or "in_person"
            details["interview_minutes"] = self.number("details.interview_minutes")
            if self.kind == "e_forum":
                details["photo_shoot"] = self.form.value("details.photo_shoot") == "yes"
                self.shown["details.photo_shoot"] = details["photo_shoot"]
                if (workshops := self.workshops(zone)) is not None:
                    details["workshops"] = workshops
        return details

    def new_event(self) -> dict[str, Any]:
        """The whole creation form, as the API's ``catalog.NewEvent``."""
        zone = self.text("timezone") or ""
        body: dict[str, Any] = {"kind": self.kind, "timezone": zone, **self.essentials()}
        if body["description"] is None:
            del body["description"]
        for name in ("starts_at", "ends_at"):
            moment = self.moment(name, zone)
            if moment is not None:
                body[name] = moment.isoformat()
        venue = {
            part: self.text(f"venue.{part}") for part in ("name", "address", "city", "postcode")
        }
        if any(venue.values()):
            body["venue"] = {part: value or "" for part, value in venue.items()}
        if (online_url := self.text("online_url")) is not None:
            body["online_url"] = online_url
        body["capacity"] = {
            "candidates": self.number("capacity.candidates"),
            "companies": self.number("capacity.companies"),
        }
        body["details"] = self.details(zone=zone)
        return body

    def refuse(self, refusal: InvalidInput) -> None:
        """The domain's refusal, next to the field it names (or the group holding it)."""
        reason = refusal.params["reason_" + self.form.language]
        self.errors[placed(str(refusal.params["field"]), self.shown)] = str(reason)

    def refuse_reference(self, refusal: UnknownCoach | UnknownCompany) -> None:
        """A coach who is not one of the organisation's, or a restaurant that is no company:
        next to the boxes."""
        field = (
            "details.coach_ids"
            if isinstance(refusal, UnknownCoach)
            else "details.restaurant_company_ids"
        )
        self.errors[field] = refusal.detail(self.form.language)
        self.status_code = refusal.status_code


def as_refusal(body: dict[str, Any], error: Exception, shape: Any) -> InvalidInput:
    """msgspec's refusal of ``body`` in plain words, naming its field (a domain refusal as it
    is)."""
    if isinstance(error, InvalidInput):
        return error
    return InvalidInput.from_validation(read_validation(str(error)), shape=shape, sent=body)


# Where a refusal about a field is shown: the form field of that name, else the group holding it.
_GROUPS: Final = (
    "venue",
    "online_url",
    "details.activities",
    "details.workshops",
    "details.coach_ids",
    "details.restaurant_company_ids",
    "details",
    "capacity",
    "sectors",
)


def placed(field: str, fields: dict[str, Any]) -> str:
    field = field.split("[", 1)[0]
    if field in fields:
        return field
    for group in _GROUPS:
        if field == group or field.startswith(group + "."):
            return group
    return "form"


class Choices(msgspec.Struct, frozen=True, kw_only=True):
    """The boxes the form offers: the organisation's coaches, the companies that may be a
    festival's restaurants (id and label each)."""

    coaches: list[tuple[str, str]] = []
    restaurants: list[tuple[str, str]] = []


async def _coaches(
    conn: db.Conn,
    by: Actor,
    organisation_id: UUID | None,
    stored: list[UUID],
    language: i18n.Language,
) -> list[tuple[str, str]]:
    """The organisation's active coach accounts, as the accounts list gives them (an admin's
    list holds every organisation's, read until ``CHOICES`` of this one are found); then the
    event's coaches not among them (an account since closed), so that the form shows them."""
    found: list[accounts.UserListRow] = []
    cursor: str | None = None
    for _ in range(10):
        page = await accounts.list_users(conn, by=by, role="coach", limit=CHOICES, cursor=cursor)
        found += [user for user in page.items if user.organisation_id == organisation_id]
        cursor = page.next_cursor
        if cursor is None or len(found) >= CHOICES:
            break
    t = EVENT_WORDS[language]
    offered = [(str(u.id), u.name or u.email) for u in found if u.deactivated_at is None]
    known = {u.id: u for u in found}
    for coach_id in dict.fromkeys(stored):
        user = known.get(coach_id)
        if user is not None and user.deactivated_at is None:
            continue
        closed = f"{user.name or user.email} ({t['closed_account']})" if user else None
        offered.append((str(coach_id), closed or t["unknown_person"]))
    return offered


async def _restaurants(conn: db.Conn, by: Actor, stored: list[UUID]) -> list[tuple[str, str]]:
    """The first ``CHOICES`` companies by name, then the event's restaurants not among them."""
    listed = await companies.list_all(
        conn, by=by, where=companies.CompanyFilter(), limit=CHOICES, cursor=None
    )
    rows = list(listed.items)
    for company_id in dict.fromkeys(stored):
        if all(row.id != company_id for row in rows):
            try:
                rows.append(await companies.get(conn, company_id=company_id, by=by))
            except CompanyNotFound:
                continue
    return [(str(row.id), f"{row.name} ({row.city})") for row in rows]


async def choices_for(
    conn: db.Conn,
    *,
    kind: str,
    by: Actor,
    organisation_id: UUID | None,
    language: i18n.Language,
    details: dict[str, Any] | None = None,
) -> Choices:
    """What the form of ``kind`` offers to tick; the event's own ``details`` are offered even
    when no list holds them any more."""
    details = details or {}
    if kind == "sport_session":
        stored = _ids(details.get("coach_ids"))
        return Choices(coaches=await _coaches(conn, by, organisation_id, stored, language))
    if kind == "food_festival":
        stored = _ids(details.get("restaurant_company_ids"))
        return Choices(restaurants=await _restaurants(conn, by, stored))
    return Choices()


def _ids(values: Any) -> list[UUID]:
    """The ids of a list (a form sent back may hold anything: what is not one is left out)."""
    ids = []
    for value in values if isinstance(values, list) else []:
        try:
            ids.append(UUID(str(value)))
        except ValueError:
            continue
    return ids


def form_context(
    kind: str,
    language: i18n.Language,
    values: dict[str, Any],
    errors: dict[str, str],
    *,
    choices: Choices,
    activity_rows: int = ACTIVITY_ROWS,
    workshop_rows: int = WORKSHOP_ROWS,
) -> dict[str, Any]:
    # A form sent back shows every activity and workshop row it was sent.
    sent = [int(n[len("activity_") :]) for n in values if re.fullmatch(r"activity_\d+", n)]
    rows = min(max([activity_rows, ACTIVITY_ROWS, *sent]), MAX_ACTIVITY_ROWS)
    sent_workshops = [
        int(found[1]) for n in values if (found := re.fullmatch(r"workshop_(\d+)_title", n))
    ]
    workshops = min(max([workshop_rows, WORKSHOP_ROWS, *sent_workshops]), MAX_WORKSHOP_ROWS)
    return {
        "kind": kind,
        "kind_label": i18n.KINDS[language][kind],
        "values": values,
        "errors": errors,
        "timezones": TIMEZONES[language],
        "skills": SKILLS[language],
        "modes": MODES[language],
        "activity_rows": range(1, rows + 1),
        "workshop_rows": range(1, workshops + 1),
        "coaches": choices.coaches,
        "restaurants": choices.restaurants,
    }
