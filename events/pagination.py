"""Keyset pagination: an opaque cursor holding the sort key of the last item shown."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

import msgspec

from events.errors import InvalidCursor

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
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
