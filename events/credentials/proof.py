"""Data Integrity proofs with the ``eddsa-rdfc-2022`` cryptosuite (W3C vc-di-eddsa): the
credential and the proof's options are each canonicalised as RDF (RDFC-1.0, which pyld names
URDNA2015), each hashed with SHA-256, and the two hashes (options first) signed with Ed25519.
The verification method is a ``did:key`` made from the public key, so that a verifier needs
nothing from us but the credential."""

from __future__ import annotations

import copy
import hashlib
from datetime import UTC, datetime
from typing import Any, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from pyld import jsonld  # type: ignore[import-untyped]

from events.credentials.contexts import ContextMissing, document_loader

CRYPTOSUITE: Final = "eddsa-rdfc-2022"
# The multicodec prefix of an Ed25519 public key (0xed, as an unsigned varint) in a did:key.
_ED25519_PUB: Final = b"\xed\x01"
_BASE58: Final = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"


def base58btc(data: bytes) -> str:
    """Multibase base58btc, with its ``z`` prefix."""
    number = int.from_bytes(data, "big")
    digits = ""
    while number:
        number, rest = divmod(number, 58)
        digits = _BASE58[rest] + digits
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "z" + _BASE58[0] * zeros + digits


def from_base58btc(text: str) -> bytes:
    if not text.startswith("z"):
        raise ValueError("not multibase base58btc")
    body = text[1:]
    number = 0
    for char in body:
        number = number * 58 + _BASE58.index(char)
    zeros = len(body) - len(body.lstrip(_BASE58[0]))
    return b"\0" * zeros + number.to_bytes((number.bit_length() + 7) // 8, "big")


def did_key(public_key: bytes) -> str:
    return "did:key:" + base58btc(_ED25519_PUB + public_key)


def verification_method(public_key: bytes) -> str:
    """The key's id inside its did:key document: the DID, then the key's fragment."""
    multikey = base58btc(_ED25519_PUB + public_key)
    return f"did:key:{multikey}#{multikey}"


def public_key_of(method: str) -> bytes:
    """The Ed25519 public key a did:key verification method names."""
    did, _, fragment = method.partition("#")
    multikey = did.removeprefix("did:key:")
    if not did.startswith("did:key:") or (fragment and fragment != multikey):
        raise ValueError("not a did:key verification method")
    raw = from_base58btc(multikey)
    if not raw.startswith(_ED25519_PUB) or len(raw) != 34:
        raise ValueError("not an Ed25519 did:key")
    return raw[2:]


def canonical(document: dict[str, Any]) -> str:
    """The document as canonical N-Quads (RDFC-1.0), with the shipped contexts only."""
    nquads: str = jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": document_loader,
        },
    )
    return nquads


def _hash_data(unsecured: dict[str, Any], options: dict[str, Any]) -> bytes:
    config = {**options, "@context": unsecured["@context"]}
    return (
        hashlib.sha256(canonical(config).encode()).digest()
        + hashlib.sha256(canonical(unsecured).encode()).digest()
    )


def sign(unsecured: dict[str, Any], *, private_key: bytes, created: datetime) -> dict[str, Any]:
    """The document with its proof (an assertion by the key's did:key)."""
    key = Ed25519PrivateKey.from_private_bytes(private_key)
    options = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method(key.public_key().public_bytes_raw()),
        "proofPurpose": "assertionMethod",
    }
    signature = key.sign(_hash_data(unsecured, options))
    return {**copy.deepcopy(unsecured), "proof": {**options, "proofValue": base58btc(signature)}}


def issuer_of(document: dict[str, Any]) -> str | None:
    """The issuer's id, whether ``issuer`` is a string or an object."""
    issuer = document.get("issuer")
    if isinstance(issuer, dict):
        issuer = issuer.get("id")
    return issuer if isinstance(issuer, str) else None


def verify(secured: dict[str, Any]) -> bool:
    """Whether the proof is ours to accept: the cryptosuite, an assertion by the issuer's own
    did:key, and an Ed25519 signature by it over the document as it is."""
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        return False
    method = str(proof.get("verificationMethod", ""))
    if issuer_of(secured) != method.partition("#")[0]:
        return False
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        return False
    if proof.get("proofPurpose") != "assertionMethod":
        return False
    try:
        public_key = Ed25519PublicKey.from_public_bytes(public_key_of(method))
        signature = from_base58btc(str(proof.get("proofValue", "")))
        unsecured = {k: v for k, v in secured.items() if k != "proof"}
        options = {k: v for k, v in proof.items() if k != "proofValue"}
        public_key.verify(signature, _hash_data(unsecured, options))
    except (
        ValueError,
        KeyError,
        TypeError,
        RecursionError,
        InvalidSignature,
        ContextMissing,
        jsonld.JsonLdError,
    ):
        return False
    return True
