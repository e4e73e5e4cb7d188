"""Idempotency keys: a write sent again with the same ``Idempotency-Key`` (a retry on a bad
network) gets the first answer and has no second effect.

The key belongs to the actor who sent it. The first request claims it, does its work and stores
its answer in the same transaction; a later one with the same request gets that answer back; a
different request under the same key (another body, address or operation) is refused with
``idempotency_key_reused`` and does nothing. A duplicate sent while the first is still running
waits for the first to commit and then gets its answer (if the first fails, nothing was kept
and the duplicate runs as a first request). A failed request stores no answer, so its retry
runs again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar
from uuid import UUID

import msgspec

from events import db
from events.actors import Actor
from events.errors import IdempotencyKeyReused, InvalidInput

T = TypeVar("T", bound=msgspec.Struct)


class _Stored(msgspec.Struct, frozen=True):
    request_hash: str
    status_code: int | None
    response: Any


def _request_hash(operation: str, subject: UUID, body: msgspec.Struct) -> str:
    """What makes two requests the same: the operation, the resource in the address and the
    decoded body (so spacing or key order in the JSON do not matter)."""
    return hashlib.sha256(
        operation.encode() + b":" + subject.bytes + msgspec.json.encode(body)
    ).hexdigest()


async def _claim(conn: db.Conn, *, by: Actor, key: str, request_hash: str) -> Any:
    """Claim the key, or return the stored answer of the request that claimed it first. A
    concurrent first request holds the key's row until it commits, so this waits for it."""
    if not 1 <= len(key) <= 200 or "\x00" in key:
        raise InvalidInput(
            field="Idempotency-Key",
            reason_fr="La clé doit faire de 1 à 200 caractères.",
            reason_en="The key must be 1 to 200 characters long.",
        )
    claimed = await db.fetch_value(
        conn, "claim_idempotency_key", actor_id=by.id, key=key, request_hash=request_hash
    )
    if claimed is not None:
        return None
    stored = await db.fetch_one(conn, "get_idempotency_key", _Stored, actor_id=by.id, key=key)
    if stored is None or stored.request_hash != request_hash or stored.response is None:
        raise IdempotencyKeyReused
    return stored.response


async def once(
    conn: db.Conn,
    *,
    key: str | None,
    by: Actor,
    operation: str,
    subject: UUID,
    body: msgspec.Struct,
    answer: type[T],
    status_code: int,
    write: Callable[[], Awaitable[T]],
) -> T:
    """Run ``write`` once per actor and key: without a key it simply runs; with one, a repeat of
    the same request (``operation`` on ``subject`` with ``body``) answers what the first
    answered, and another request under the key is refused. ``status_code`` is the status the
    first answer was sent with, kept beside it."""
    if key is None:
        return await write()
    request_hash = _request_hash(operation, subject, body)
    replay = await _claim(conn, by=by, key=key, request_hash=request_hash)
    if replay is not None:
        return msgspec.convert(replay, answer)
    result = await write()
    await db.execute(
        conn,
        "store_idempotent_response",
        actor_id=by.id,
        key=key,
        status_code=status_code,
        response=msgspec.to_builtins(result),
    )
    return result
