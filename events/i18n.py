"""Which language to answer in: French unless the client asks for English first."""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from zoneinfo import ZoneInfo

Language = Literal["fr", "en"]


def negotiate(accept_language: str | None) -> Language:
    """The first of French or English in the client's preference order; French by default."""
    if not accept_language:
        return "fr"
    ranked: list[tuple[float, int, str]] = []
    for index, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        ranked.append((-quality, index, tag.strip().lower()))
    for _, _, tag in sorted(ranked):
        if tag.startswith("en"):
            return "en"
        if tag.startswith("fr") or tag == "*":
            return "fr"
    return "fr"


_DAYS = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def when(starts_at: datetime, ends_at: datetime, zone: str, language: Language) -> str:
    """The time of an event in its own zone, in words: « samedi 5 décembre 2026, de 9 h 30 à
    12 h »."""
    start = starts_at.astimezone(ZoneInfo(zone))
    end = ends_at.astimezone(ZoneInfo(zone))
    day = _DAYS[language][start.weekday()]
    month = MONTHS[language][start.month - 1]
    if language == "en":
        text = f"{day} {start.day} {month} {start.year}, {start:%H:%M} to "
        text += f"{end:%H:%M}" if end.date() == start.date() else f"{end:%d/%m/%Y %H:%M}"
        return text
    text = f"{day} {start.day} {month} {start.year}, de {_hour(start)} à "
    text += _hour(end) if end.date() == start.date() else f"{end:%d/%m/%Y} {_hour(end)}"
    return text


def _hour(moment: datetime) -> str:
    # No-break spaces: "18 h 36" must not break across lines on a printed ticket.
    if moment.minute == 0:
        return f"{moment.hour}\u00a0h"
    return f"{moment.hour}\u00a0h\u00a0{moment.minute:02d}"
