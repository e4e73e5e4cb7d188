"""The uniform CV template: every structured CV has the same parts, so that recruiters read them
alike and searches compare them (the LinkedOut practice). Every field is bounded."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

import msgspec

from events.errors import InvalidInput
from events.fields import Name, Postcode, Sector

# "2021" or "2021-03": people far from employment often remember the year, not the month.
Period = Annotated[str, msgspec.Meta(pattern=r"^(?:19|20)[0-9]{2}(?:-(?:0[1-9]|1[0-2]))?$")]
Description = Annotated[str, msgspec.Meta(max_length=2000, pattern=r"^[^\x00]*$")]
# Common European Framework levels, which French-as-a-foreign-language courses use, or native.
LanguageLevel = Literal["native", "C2", "C1", "B2", "B1", "A2", "A1"]
Licence = Literal["AM", "A1", "A2", "A", "B", "BE", "C1", "C", "CE", "D"]
Transport = Literal["car", "motorbike", "bicycle", "public_transport", "on_foot"]


class Experience(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    title: Name
    employer: Name | None = None
    place: Name | None = None
    start: Period
    end: Period | None = None
    description: Description | None = None


class Training(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    title: Name
    organisation: Name | None = None
    place: Name | None = None
    start: Period | None = None
    end: Period | None = None
    description: Description | None = None


class SpokenLanguage(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    language: Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=r"^[^\x00]*\S")]
    level: LanguageLevel


class Mobility(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    transport: Annotated[list[Transport], msgspec.Meta(max_length=5)] = []
    # How far the person can travel to work, in km from home.
    radius_km: Annotated[int, msgspec.Meta(ge=0, le=500)] | None = None


class StructuredCv(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A CV on the uniform template: a headline, then experiences, trainings, languages,
    driving licences and mobility, wished sectors and the postcode where the person lives."""

    headline: Name
    experiences: Annotated[list[Experience], msgspec.Meta(max_length=30)] = []
    trainings: Annotated[list[Training], msgspec.Meta(max_length=30)] = []
    languages: Annotated[list[SpokenLanguage], msgspec.Meta(max_length=15)] = []
    driving_licences: Annotated[list[Licence], msgspec.Meta(max_length=10)] = []
    mobility: Mobility | None = None
    sectors: Annotated[list[Sector], msgspec.Meta(max_length=10)] = []
    postcode: Postcode | None = None

    def __post_init__(self) -> None:
        _in_order("experiences", [(e.start, e.end) for e in self.experiences])
        _in_order("trainings", [(t.start, t.end) for t in self.trainings])
        _no_twins("driving_licences", self.driving_licences)
        _no_twins("sectors", [s.strip().casefold() for s in self.sectors])
        _no_twins("languages", [entry.language.strip().casefold() for entry in self.languages])
        if self.mobility is not None:
            _no_twins("mobility.transport", self.mobility.transport)


def _month(period: str, *, last: bool) -> str:
    # A bare year spans it all: "2021-05" to "2021" and "2021" to "2021-03" are both fine.
    if len(period) == 7:
        return period
    return f"{period}-12" if last else f"{period}-01"


def _in_order(part: str, periods: Sequence[tuple[str | None, str | None]]) -> None:
    for position, (start, end) in enumerate(periods):
        if start and end and _month(end, last=True) < _month(start, last=False):
            raise InvalidInput(
                field=f"{part}[{position}].end",
                reason_fr="La fin est avant le début.",
                reason_en="The end is before the start.",
            )


def _no_twins(field: str, values: Sequence[str]) -> None:
    if len(set(values)) != len(values):
        raise InvalidInput(
            field=field,
            reason_fr="Une valeur est en double.",
            reason_en="A value is listed twice.",
        )
