"""Keyset pagination: an opaque cursor holding the sort key of the last item shown."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar

import msgspec

from events.errors import InvalidCursor
from events.fields import has_utc_time

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
T = TypeVar("T")
Limit = Annotated[int, msgspec.Meta(ge=1, le=MAX_LIMIT)]


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(key)).decode().rstrip("=")


# A key held in an ``integer`` column; a plain ``int`` in a shape is a ``bigint``.
Int4 = Annotated[int, msgspec.Meta(ge=-(2**31), le=2**31 - 1)]
_BIGINT = range(-(2**63), 2**63)


def decode_cursor(cursor: str | None, shape: type[Any]) -> Any:
    """The key a cursor holds, checked against ``shape`` (e.g. ``tuple[datetime, UUID]``).

    A cursor comes back from the client, who may have written it: each value must also be one
    the database can compare with, or the cursor is refused like any other bad one: a number
    within ``bigint``, an instant with a UTC time, a text without NUL."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = msgspec.json.decode(raw, type=shape)
    except (binascii.Error, ValueError, msgspec.DecodeError) as error:
        raise InvalidCursor from error
    if not all(_storable(value) for value in key):
        raise InvalidCursor
    return key


def _storable(value: object) -> bool:
    if isinstance(value, int):
        return value in _BIGINT
    if isinstance(value, datetime):
        return value.tzinfo is not None and has_utc_time(value)
    if isinstance(value, str):
        return "\x00" not in value
    return True


def split_page(
    rows: list[T], limit: int, key: Callable[[T], list[Any]]
) -> tuple[list[T], str | None]:
    """The first ``limit`` rows and the cursor after them; queries fetch ``limit + 1`` rows so
    that a cursor is given only when another page exists."""
    if len(rows) <= limit:
        return rows, None
    shown = rows[:limit]
    return shown, encode_cursor(key(shown[-1]))
