"""Ticket tokens: opaque, signed with the event's Ed25519 key, holding no personal data.

A token is 99 bytes written as 132 URL-safe base64 characters (99 = 3 * 33, so no padding and no
spare bits: each ticket has exactly one spelling):

    version (1) | event id (16) | ticket id (16) | serial (2, big-endian) | signature (64)

The ticket id is 16 random bytes stored beside the registration, not the registration's own id:
a token is signed, not encrypted, so whoever holds it can read it, and internal ids stay out of
what candidates carry (and out of reach of anything an id might reveal, such as a time of
creation). The serial grows when a ticket is issued again, so an old copy can be told apart.

The signature covers a fixed context string and the first 35 bytes, so the event key cannot be
made to vouch for anything but a ticket. Verifying needs only the public key: a scanner can check
tickets offline after fetching the event's key once.
"""

from __future__ import annotations

import base64
import functools
import re
import struct
from uuid import UUID, uuid4

import msgspec
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from events.errors import InvalidTicket

VERSION = 1
MAX_SERIAL = 0xFFFF
TOKEN_LENGTH = 132

_CONTEXT = b"rencontres/ticket\x00"
_PAYLOAD = struct.Struct(">B16s16sH")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{132}")
# A scanned ticket link ends with the token: ".../t/<token>" or ".../tickets/<token>".
_LINK_TAIL = re.compile(r"/(?:t|tickets)/([A-Za-z0-9_-]{132})/?$")
_MAX_SCAN = 2048


class TicketClaims(msgspec.Struct, frozen=True, kw_only=True):
    """What a valid token states; nothing in it names or describes a person."""

    event_id: UUID
    ticket_id: UUID
    serial: int


def generate_event_keypair() -> tuple[bytes, bytes]:
    """A new signing key for one event: (private raw 32 bytes, public raw 32 bytes).

    The private half is a secret of the service: it never leaves the database in any output.
    """
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes_raw(),
        private.public_key().public_bytes_raw(),
    )


def new_ticket_id() -> UUID:
    """A fresh random ticket id (122 random bits), unrelated to any person or row."""
    return uuid4()


def public_key_of(private_key: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).public_key().public_bytes_raw()


def public_key_base64url(public_key: bytes) -> str:
    """The raw 32-byte public key as 43 URL-safe base64 characters, for scanner apps."""
    Ed25519PublicKey.from_public_bytes(public_key)  # refuses anything that is not a key
    return base64.urlsafe_b64encode(public_key).decode("ascii").rstrip("=")


def public_key_pem(public_key: bytes) -> str:
    """The public key as a SubjectPublicKeyInfo PEM, for tools such as openssl."""
    key = Ed25519PublicKey.from_public_bytes(public_key)
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")


def sign(private_key: bytes, *, event_id: UUID, ticket_id: UUID, serial: int) -> str:
    """The token for this ticket issue; Ed25519 is deterministic, so the same input gives the
    same token."""
    if not 0 <= serial <= MAX_SERIAL:
        raise ValueError(f"serial must be within 0..{MAX_SERIAL}, got {serial}")
    payload = _PAYLOAD.pack(VERSION, event_id.bytes, ticket_id.bytes, serial)
    signature = _signing_key(private_key).sign(_CONTEXT + payload)
    return base64.urlsafe_b64encode(payload + signature).decode("ascii")


def verify(public_key: bytes, token: str) -> TicketClaims:
    """The claims of a token signed by the key matching ``public_key``.

    Anything else (forged, altered, truncated, padded, another event's, garbage of any length or
    alphabet) raises ``InvalidTicket`` and nothing else; the length is checked before any work.
    """
    key = _verifying_key(public_key)
    payload, signature = _split(token)
    try:
        key.verify(signature, _CONTEXT + payload)
    except InvalidSignature:
        raise InvalidTicket from None
    return _claims(payload)


# An event's key never changes once made, and a key object is the same whatever its user: each
# process keeps the objects it has built (about 20 µs each), by the raw key they are made of.
@functools.lru_cache(maxsize=1024)
def _signing_key(private_key: bytes) -> Ed25519PrivateKey:
    return Ed25519PrivateKey.from_private_bytes(private_key)


@functools.lru_cache(maxsize=1024)
def _verifying_key(public_key: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(public_key)


def unverified_event_id(token: str) -> UUID:
    """The event a token says it belongs to, to find the key that verifies it.

    Not a proof of anything until ``verify`` accepts the token with that event's key.
    """
    payload, _ = _split(token)
    return _claims(payload).event_id


def token_from_scan(text: str) -> str:
    """The token inside what a scanner read: the bare token, or a ticket link ending with it.

    Whatever is returned still has to pass ``verify``.
    """
    if len(text) > _MAX_SCAN:
        raise InvalidTicket
    text = text.strip()
    if _TOKEN.fullmatch(text):
        return text
    found = _LINK_TAIL.search(text.split("?", 1)[0].split("#", 1)[0])
    if found is None:
        raise InvalidTicket
    return found.group(1)


def _split(token: str) -> tuple[bytes, bytes]:
    # The length test comes first so that a huge string costs nothing; the alphabet test refuses
    # the '+' and '/' that urlsafe_b64decode would otherwise accept as a second spelling.
    if len(token) != TOKEN_LENGTH or not _TOKEN.fullmatch(token):
        raise InvalidTicket
    raw = base64.urlsafe_b64decode(token)
    if raw[0] != VERSION:
        raise InvalidTicket
    return raw[: _PAYLOAD.size], raw[_PAYLOAD.size :]


def _claims(payload: bytes) -> TicketClaims:
    _, event_id, ticket_id, serial = _PAYLOAD.unpack(payload)
    return TicketClaims(
        event_id=UUID(bytes=event_id), ticket_id=UUID(bytes=ticket_id), serial=serial
    )
