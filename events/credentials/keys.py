"""Each organisation signs its credentials with its own Ed25519 key, made at its first
credential and kept for good: a credential issued once must verify for as long as its holder
keeps it, so a key is never replaced here (rotation, with the old key still published, is for
later)."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from events import db


class IssuingKey(msgspec.Struct, frozen=True, kw_only=True):
    organisation_id: UUID
    private_key: bytes
    public_key: bytes


async def by_public_key(conn: db.Conn, *, public_key: bytes) -> IssuingKey | None:
    return await db.fetch_one(
        conn, "get_issuing_key_by_public_key", IssuingKey, public_key=public_key
    )


async def for_organisation(conn: db.Conn, *, organisation_id: UUID, now: datetime) -> IssuingKey:
    """The organisation's key, made now if it has none (two first credentials at once get the
    same key: the second insert waits for the first and takes its row), locked until the end
    of the transaction: the organisation's credentials are issued one at a time, each taking
    the next bit of its status list."""
    found = await db.fetch_one(
        conn, "lock_issuing_key", IssuingKey, organisation_id=organisation_id
    )
    if found is not None:
        return found
    private = Ed25519PrivateKey.generate()
    made = await db.fetch_one(
        conn,
        "insert_issuing_key",
        IssuingKey,
        organisation_id=organisation_id,
        private_key=private.private_bytes_raw(),
        public_key=private.public_key().public_bytes_raw(),
        now=now,
    )
    if made is not None:
        return made
    kept = await db.fetch_one(conn, "lock_issuing_key", IssuingKey, organisation_id=organisation_id)
    if kept is None:  # pragma: no cover - the conflicting row is committed when we get here
        raise RuntimeError(f"no issuing key for organisation {organisation_id}")
    return kept
