"""What an organiser sends to create or change an event: the four formats as a tagged union on
``kind``, each with its own ``details``, and the rules that tie fields together."""

from __future__ import annotations

import functools
from datetime import timedelta
from typing import Annotated, Any, Literal, cast
from uuid import UUID
from zoneinfo import available_timezones

import msgspec
from msgspec import UNSET, UnsetType

from events.errors import InvalidInput
from events.fields import (
    AwareDatetime,
    LongText,
    Name,
    Postcode,
    Reason,
    Sector,
    TimezoneName,
    Url,
)

Kind = Literal["sport_session", "food_festival", "e_forum", "job_dating"]
Status = Literal["draft", "published", "completed", "cancelled"]
Mode = Literal["in_person", "online", "hybrid"]
# The transversal skills vocabulary of DOMAIN.md; observations and skills cards use the same codes.
SkillCode = Literal[
    "perseverance",
    "concentration",
    "self_discipline",
    "team_spirit",
    "following_instructions",
    "reactivity",
    "leadership",
    "motivation",
    "punctuality",
    "communication",
    "adaptability",
    "self_confidence",
]
Count = Annotated[int, msgspec.Meta(ge=0, le=100_000)]
Minutes = Annotated[int, msgspec.Meta(ge=1, le=240)]
# The reminder goes out this many hours before the start; 720 (thirty days) is as far ahead as
# the worker looks for reminders due.
ReminderHours = Annotated[
    int,
    msgspec.Meta(
        ge=0,
        le=720,
        description="Hours before the start at which participants get a reminder by mail or "
        "text message; 0 sends none.",
    ),
]
DEFAULT_REMINDER_HOURS = 24

# An event lasts at most this long, and happens in this century: a far-off date would make the
# time-zone rules of the calendar feed (one entry per change of offset) grow without bound.
MAX_DURATION = timedelta(days=92)
FIRST_YEAR, LAST_YEAR = 2000, 2099


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class Venue(_Strict, frozen=True, kw_only=True):
    name: Name
    address: Name
    city: Name
    postcode: Postcode


class Capacity(_Strict, frozen=True, kw_only=True):
    candidates: Count
    companies: Count


class Activity(_Strict, frozen=True, kw_only=True):
    name: Name
    skills: Annotated[list[SkillCode], msgspec.Meta(max_length=12)] = []


class SportSessionDetails(_Strict, frozen=True, kw_only=True):
    activities: Annotated[list[Activity], msgspec.Meta(max_length=30)] = []
    coach_ids: Annotated[list[UUID], msgspec.Meta(max_length=100)] = []


class FoodFestivalDetails(_Strict, frozen=True, kw_only=True):
    cuisines: Annotated[list[Name], msgspec.Meta(max_length=30)] = []
    restaurant_company_ids: Annotated[list[UUID], msgspec.Meta(max_length=200)] = []


class Workshop(_Strict, frozen=True, kw_only=True, omit_defaults=True):
    """An e-forum's workshop as its details carry it. The workshops table is their one owner
    (``events.workshops``): given on creation, they are created there; given in a change of
    the details, the list replaces the event's workshops (matched by ``id``, else by title and
    times, else by title; one with sign-ups is not removed this way); left out of a change, they
    stay as they are. ``capacity`` left out: the event's number of candidate places. Read back,
    details give each workshop's title and times (in the event's zone), as the contract says;
    ``GET /api/v1/events/{id}/workshops`` gives the rest (id, places, room, link)."""

    title: Name
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    id: UUID | None = None
    capacity: Count | None = None
    place: Name | None = None
    online_url: Url | None = None

    def __post_init__(self) -> None:
        if self.ends_at <= self.starts_at:
            raise InvalidInput(
                field="details.workshops",
                reason_fr="Un atelier doit finir après son début.",
                reason_en="A workshop must end after it starts.",
            )


class EForumDetails(_Strict, frozen=True, kw_only=True):
    mode: Mode
    interview_minutes: Minutes
    workshops: Annotated[list[Workshop], msgspec.Meta(max_length=50)] = []
    photo_shoot: bool = False


class JobDatingDetails(_Strict, frozen=True, kw_only=True):
    interview_minutes: Minutes
    mode: Literal["in_person", "online"] = "in_person"


def _refuse(field: str, fr: str, en: str) -> InvalidInput:
    return InvalidInput(field=field, reason_fr=fr, reason_en=en)


# Files of the time-zone database that are no place's zone: the machine's own setting
# ("localtime"), the rules POSIX strings fall back on, the zone of a machine not yet set up, and
# the variants counting leap seconds ("right/...", "posix/..."). An invite in one of them tells
# a wrong or meaningless time.
_NOT_PLACES = frozenset({"localtime", "posixrules", "Factory"})


@functools.cache
def _known_zones() -> frozenset[str]:
    """The IANA names of places, read once from the time-zone database (a walk of its files)."""
    return frozenset(
        name
        for name in available_timezones()
        if name not in _NOT_PLACES and not name.startswith(("right/", "posix/"))
    )


def check_timezone(name: str) -> None:
    """The zone must be a place's zone in the IANA database ("Europe/Paris", "UTC")."""
    if name not in _known_zones():
        raise _refuse(
            "timezone",
            "Fuseau horaire inconnu. Exemples : « Europe/Paris », « Indian/Reunion ».",
            "Unknown time zone. Examples: 'Europe/Paris', 'Indian/Reunion'.",
        )


class EventIn(
    msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="kind"
):
    """Fields every format shares. ``organisation_id``: an admin names it; an organiser's own
    organisation is used when it is left out."""

    title: Name
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    timezone: TimezoneName
    capacity: Capacity
    description: LongText | None = None
    venue: Venue | None = None
    online_url: Url | None = None
    sectors: Annotated[list[Sector], msgspec.Meta(max_length=20)] = []
    reminder_hours_before: ReminderHours = DEFAULT_REMINDER_HOURS
    organisation_id: UUID | None = None

    @property
    def kind(self) -> Kind:
        return cast(Kind, self.__struct_config__.tag)

    @property
    def mode(self) -> Mode:
        """Where it happens; sport sessions and food festivals happen on site."""
        return "in_person"

    def __post_init__(self) -> None:
        check_timezone(self.timezone)
        if self.ends_at <= self.starts_at:
            raise _refuse(
                "ends_at",
                "La fin doit venir après le début.",
                "The end must come after the start.",
            )
        if self.ends_at - self.starts_at > MAX_DURATION:
            raise _refuse(
                "ends_at",
                f"Une rencontre dure au plus {MAX_DURATION.days} jours.",
                f"An event lasts {MAX_DURATION.days} days at most.",
            )
        if not (FIRST_YEAR <= self.starts_at.year and self.ends_at.year <= LAST_YEAR):
            raise _refuse(
                "starts_at",
                f"La date doit être entre {FIRST_YEAR} et {LAST_YEAR}.",
                f"The date must be between {FIRST_YEAR} and {LAST_YEAR}.",
            )
        if self.mode in ("in_person", "hybrid") and self.venue is None:
            raise _refuse(
                "venue",
                "Une rencontre sur place a besoin d'un lieu.",
                "An event on site needs a venue.",
            )
        if self.mode in ("online", "hybrid") and self.online_url is None:
            raise _refuse(
                "online_url",
                "Une rencontre en ligne a besoin d'un lien.",
                "An online event needs a link.",
            )


class SportSessionIn(EventIn, frozen=True, kw_only=True, tag="sport_session"):
    details: SportSessionDetails


class FoodFestivalIn(EventIn, frozen=True, kw_only=True, tag="food_festival"):
    details: FoodFestivalDetails


class EForumIn(EventIn, frozen=True, kw_only=True, tag="e_forum"):
    details: EForumDetails

    @property
    def mode(self) -> Mode:
        return self.details.mode

    def __post_init__(self) -> None:
        super().__post_init__()
        for workshop in self.details.workshops:
            if workshop.starts_at < self.starts_at or workshop.ends_at > self.ends_at:
                raise _refuse(
                    "details.workshops",
                    "Chaque atelier doit avoir lieu pendant la rencontre.",
                    "Every workshop must take place during the event.",
                )


class JobDatingIn(EventIn, frozen=True, kw_only=True, tag="job_dating"):
    details: JobDatingDetails

    @property
    def mode(self) -> Mode:
        return self.details.mode


NewEvent = SportSessionIn | FoodFestivalIn | EForumIn | JobDatingIn


class EventPatch(_Strict, frozen=True, kw_only=True):
    """Any common field, and ``details`` whole (checked against the event's kind); ``null``
    clears an optional field. The kind and the organisation never change."""

    title: Name | UnsetType = UNSET
    description: LongText | UnsetType | None = UNSET
    starts_at: AwareDatetime | UnsetType = UNSET
    ends_at: AwareDatetime | UnsetType = UNSET
    timezone: TimezoneName | UnsetType = UNSET
    venue: Venue | UnsetType | None = UNSET
    online_url: Url | UnsetType | None = UNSET
    capacity: Capacity | UnsetType = UNSET
    sectors: Annotated[list[Sector], msgspec.Meta(max_length=20)] | UnsetType = UNSET
    reminder_hours_before: ReminderHours | UnsetType = UNSET
    # Typed once the event's kind is known: see ``catalog.rules.update``.
    details: (
        Annotated[
            dict[str, Any],
            msgspec.Meta(description="The whole details of the event's kind, as on creation."),
        ]
        | UnsetType
    ) = UNSET


class Cancellation(_Strict, frozen=True, kw_only=True):
    """Why the event is called off, in a sentence: every participant is told, by mail and text
    message, with the cancellation."""

    reason: Reason | None = None
