"""The slots of an interview grid: ``minutes`` long, one after another from the event's start,
never starting inside a break (a slot that would overlap a break starts when the break ends)
and never ending after the event's end."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

import msgspec


class Slot(msgspec.Struct, frozen=True, kw_only=True):
    index: int
    starts_at: datetime
    ends_at: datetime


def slots_of(
    starts_at: datetime,
    ends_at: datetime,
    minutes: int,
    breaks: list[tuple[datetime, datetime]],
) -> list[Slot]:
    """The slots from ``starts_at`` to ``ends_at``: each ``minutes`` long, none overlapping a
    break (the next slot starts at the end of the break it would overlap)."""
    if minutes <= 0:
        raise ValueError("minutes must be positive")
    length = timedelta(minutes=minutes)
    pauses = sorted((start, end) for start, end in breaks if end > start)
    slots: list[Slot] = []
    at = starts_at
    while at + length <= ends_at:
        clash = next((end for start, end in pauses if start < at + length and at < end), None)
        if clash is not None:
            at = clash
            continue
        slots.append(Slot(index=len(slots), starts_at=at, ends_at=at + length))
        at += length
    return slots


def slots_within(
    slots: Iterable[Slot], arrives_at: datetime | None, leaves_at: datetime | None
) -> frozenset[int]:
    """The indices of the slots that lie wholly between ``arrives_at`` and ``leaves_at`` (None:
    from the start, until the end)."""
    return frozenset(
        slot.index
        for slot in slots
        if (arrives_at is None or slot.starts_at >= arrives_at)
        and (leaves_at is None or slot.ends_at <= leaves_at)
    )
