"""What the organiser sends about pairings (input structs) and what they are shown (output
structs). A restaurant is never shown these: its own view is ``parts.RestaurantCook``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from msgspec import UNSET, UnsetType

from events.errors import InvalidInput
from events.fields import TEXT_PATTERN, Name

Source = Literal["suggested", "by_hand"]
Result = Literal["hired", "training", "referral", "nothing"]
RESULTS: tuple[Result, ...] = ("hired", "training", "referral", "nothing")
# A hire is recorded among the person's outcomes with the kind of its contract.
Contract = Literal["permanent", "fixed_term_long", "fixed_term_short", "work_study"]
CONTRACTS: tuple[Contract, ...] = ("permanent", "fixed_term_long", "fixed_term_short", "work_study")
Words = Annotated[list[Name], msgspec.Meta(max_length=20)]
# Where a cook can go: a department ("93", "2A", "974") or the start of a postcode ("75011").
Area = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^(?:[0-9]{2,5}|2[ABab][0-9]{0,3})$",
        description="A department (93, 2A, 974) or a postcode (75011), or its start.",
    ),
]
Days = Annotated[list[date], msgspec.Meta(max_length=31)]
Seats = Annotated[int, msgspec.Meta(ge=1, le=20)]
Note = Annotated[str, msgspec.Meta(max_length=2000, pattern=TEXT_PATTERN)]


class _Strict(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    pass


class CookIn(_Strict, frozen=True, kw_only=True):
    """A cook's side: cuisines they cook, wishes in their own words, where they can go (empty:
    anywhere, nearer home preferred)."""

    cuisines: Words = []
    wishes: Words = []
    areas: Annotated[list[Area], msgspec.Meta(max_length=20)] = []


class RestaurantIn(_Strict, frozen=True, kw_only=True):
    """A restaurant's side: its cuisines, how many cooks it takes, the street where they go."""

    cuisines: Words = []
    seats: Seats = 1
    address: Name | None = None


class PairingIn(_Strict, frozen=True, kw_only=True):
    """A cook with a restaurant, and their days (preparation, service); ``source`` says whether
    the organiser accepted a suggestion or chose by hand."""

    candidate_id: UUID
    company_id: UUID
    preparation_days: Days = []
    service_days: Days = []
    source: Source = "by_hand"


class PairingsIn(_Strict, frozen=True, kw_only=True):
    """Several pairings at once (the suggestions accepted): all of them, or none."""

    pairs: Annotated[list[PairingIn], msgspec.Meta(min_length=1, max_length=500)]


class PairingPatch(_Strict, frozen=True, kw_only=True):
    """Another restaurant, or other days; a key left out keeps its value."""

    company_id: UUID | UnsetType = UNSET
    preparation_days: Days | UnsetType = UNSET
    service_days: Days | UnsetType = UNSET


class ResultIn(_Strict, frozen=True, kw_only=True):
    """What came of a pairing, and on which day; ``null`` clears it. A hire names its contract;
    a referral names the other establishment."""

    result: Result | None
    happened_on: date | None = None
    contract: Contract | None = None
    referral_company_id: UUID | None = None
    note: Note | None = None

    def __post_init__(self) -> None:
        if self.result is not None and self.happened_on is None:
            raise InvalidInput(
                field="happened_on",
                reason_fr="Indiquez le jour.",
                reason_en="Give the day.",
            )
        if self.result == "hired" and self.contract is None:
            raise InvalidInput(
                field="contract",
                reason_fr="Indiquez le contrat de l'embauche.",
                reason_en="Give the hire's contract.",
            )
        if (self.result == "referral") != (self.referral_company_id is not None):
            raise InvalidInput(
                field="referral_company_id",
                reason_fr="Un relais vers un autre établissement nomme cet établissement, "
                "et lui seul.",
                reason_en="A referral names the other establishment, and only a referral does.",
            )


class Cook(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    first_name: str
    last_name: str
    postcode: str | None
    city: str | None
    cuisines: list[str]
    wishes: list[str]
    areas: list[str]


class Restaurant(msgspec.Struct, frozen=True, kw_only=True):
    company_id: UUID
    name: str
    city: str
    postcode: str
    cuisines: list[str]
    seats: int
    address: str | None
    taken: int


class Pairing(msgspec.Struct, frozen=True, kw_only=True):
    """A pairing for its organisers; ``outcome_id``: the person's outcome a hire or training
    recorded; ``sent_version`` equal to ``version``: its schedule went out as it is."""

    id: UUID
    event_id: UUID
    candidate_id: UUID
    cook_name: str
    company_id: UUID
    restaurant_name: str
    preparation_days: list[date]
    service_days: list[date]
    source: Source
    score: int | None
    result: Result | None
    result_on: date | None
    referral_company_id: UUID | None
    referral_company_name: str | None
    outcome_id: UUID | None
    note: str | None
    version: int
    sent_version: int | None
    sent_at: datetime | None
    created_at: datetime
    updated_at: datetime


class PairingList(msgspec.Struct, frozen=True, kw_only=True):
    """Pairings made at once, as every list answers (one page: no cursor)."""

    items: list[Pairing]
    next_cursor: str | None = None


class Suggestion(msgspec.Struct, frozen=True, kw_only=True):
    """A suggested pairing and why (``cuisine``, ``same_postcode`` or ``same_department``,
    ``wish``), with the shared cuisines and the wishes it answers."""

    candidate_id: UUID
    company_id: UUID
    score: int
    reasons: list[str]
    cuisines: list[str]
    wishes: list[str]


class Board(msgspec.Struct, frozen=True, kw_only=True):
    """A festival's pairings page: both sides, the pairings, the suggestions for the cooks not
    paired yet, and how many pairings have a schedule not sent as it is now."""

    event_id: UUID
    cooks: list[Cook]
    restaurants: list[Restaurant]
    pairings: list[Pairing]
    suggestions: list[Suggestion]
    unsent: int


class Sent(msgspec.Struct, frozen=True, kw_only=True):
    """Schedules sent: the pairings marked sent and the messages written."""

    pairings: int
    messages: int
