"""Keyset pagination: an opaque cursor holding the sort key of the last item shown."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

import msgspec

from events.errors import InvalidCursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
T = TypeVar("T")
Limit = Annotated[int, msgspec.Meta(ge=1, le=MAX_LIMIT)]


def encode_cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(key)).decode().rstrip("=")


def decode_cursor(cursor: str | None, shape: type[Any]) -> Any:
    """The key a cursor holds, checked against ``shape`` (e.g. ``tuple[datetime, UUID]``)."""
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        return msgspec.json.decode(raw, type=shape)
    except (binascii.Error, ValueError, msgspec.DecodeError) as error:
        raise InvalidCursor from error


def split_page(
    rows: list[T], limit: int, key: Callable[[T], list[Any]]
) -> tuple[list[T], str | None]:
    """The first ``limit`` rows and the cursor after them; queries fetch ``limit + 1`` rows so
    that a cursor is given only when another page exists."""
    if len(rows) <= limit:
        return rows, None
    shown = rows[:limit]
    return shown, encode_cursor(key(shown[-1]))
