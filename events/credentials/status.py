"""Revocation, published as a W3C Bitstring Status List: one list per issuing organisation, at
``/credentials/status/{multikey}.json`` (the multikey of its did:key, so that no internal id is
shown), a credential signed like the others. Each credential owns one bit (``status_index``,
taken in order at issuing); the bit is set while the credential is revoked:

- staff who follow the candidate withdrew it (``revoke``);
- a newer version of the card was reviewed: the credential no longer says what the card says;
- its holder was erased.

The list is made from those facts when asked, so nothing else has to remember to flip a bit."""

from __future__ import annotations

import base64
import gzip
from datetime import datetime
from typing import Any, Final
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.credentials import achievement, contexts, keys, proof
from events.errors import CandidateNotFound, CredentialNotFound
from events.skills_cards import access

# The spec's minimum: 16 KB uncompressed, so that one bit hides among many.
LENGTH: Final = 131072
PURPOSE: Final = "revocation"


def list_url(public_key: bytes, public_url: str) -> str:
    multikey = proof.did_key(public_key).removeprefix("did:key:")
    return f"{public_url.rstrip('/')}/credentials/status/{multikey}.json"


def entry(index: int, *, public_key: bytes, public_url: str) -> dict[str, Any]:
    """A credential's ``credentialStatus``: its bit in its issuer's list."""
    url = list_url(public_key, public_url)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": PURPOSE,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def encoded_list(indexes: list[int]) -> str:
    """The bits, index 0 the left-most bit of the first byte, gzipped, as multibase base64url
    without padding."""
    bits = bytearray(LENGTH // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0))
    return "u" + packed.decode().rstrip("=")


def revoked_in(encoded: str, index: int) -> bool:
    """Whether bit ``index`` is set in an encoded list."""
    raw = encoded.removeprefix("u")
    bits = gzip.decompress(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


async def status_list(
    conn: db.Conn, *, name: str, now: datetime, public_url: str
) -> dict[str, Any]:
    """The signed status list of the organisation whose key ``name`` (a multikey) is."""
    try:
        public_key = proof.public_key_of("did:key:" + name)
    except ValueError:
        raise CredentialNotFound from None
    key = await keys.by_public_key(conn, public_key=public_key)
    if key is None:
        raise CredentialNotFound
    indexes: list[int] = await db.fetch_value(
        conn, "list_revoked_status_indexes", organisation_id=key.organisation_id
    )
    url = list_url(public_key, public_url)
    unsigned = {
        "@context": [contexts.VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": proof.did_key(public_key),
        "validFrom": achievement.instant(now),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": encoded_list(indexes),
        },
    }
    return proof.sign(unsigned, private_key=key.private_key, created=now)


class _Status(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    candidate_id: UUID
    revoked_at: datetime | None
    erased: bool
    superseded: bool
    # Revoked by the holder's choice of another name form: a newer credential replaces it.
    replaced: bool = False


class Revoked(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    revoked_at: datetime


async def revoke(conn: db.Conn, *, credential_id: UUID, by: Actor, now: datetime) -> Revoked:
    """Withdraw a credential, by someone who follows its holder (``access.require_follower``):
    its bit is set in the status list from now on, for good. Withdrawing it again changes
    nothing."""
    found = await db.fetch_one(conn, "get_credential_status", _Status, id=credential_id)
    if found is None:
        raise CredentialNotFound
    try:
        await access.require_follower(conn, candidate_id=found.candidate_id, by=by)
    except CandidateNotFound:  # to whom the holder does not exist, nor does the credential
        raise CredentialNotFound from None
    if found.revoked_at is not None:
        return Revoked(id=found.id, revoked_at=found.revoked_at)
    done = await db.fetch_one(
        conn, "revoke_issued_credential", Revoked, id=credential_id, now=now, revoked_by=by.id
    )
    if done is None:  # withdrawn meanwhile by someone else
        return await revoke(conn, credential_id=credential_id, by=by, now=now)
    await audit.record(
        conn,
        by=by,
        action="credential.revoke",
        subject_type="candidate",
        subject_id=found.candidate_id,
        on_behalf_of=found.candidate_id,
        data={"credential_id": str(credential_id)},
    )
    return done
