"""Ticket tokens and door codes: no database, real Ed25519 from ``cryptography``."""

from __future__ import annotations

import base64
import random
import struct
from uuid import UUID, uuid4

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from events.errors import InvalidTicket
from events.tickets import codes, tokens

EVENT = UUID("0b5e8c1e-5f0a-4d39-9a53-7f3d6c2b9e41")
OTHER_EVENT = UUID("6a1f2d3c-4b5a-4678-9abc-def012345678")


@pytest.fixture(scope="module")
def keys() -> tuple[bytes, bytes]:
    return tokens.generate_event_keypair()


def _token(keys: tuple[bytes, bytes], *, ticket_id: UUID | None = None, serial: int = 1) -> str:
    return tokens.sign(
        keys[0], event_id=EVENT, ticket_id=ticket_id or tokens.new_ticket_id(), serial=serial
    )


def test_token_is_132_url_safe_characters_verified_with_the_public_key_alone(
    keys: tuple[bytes, bytes],
) -> None:
    ticket_id = tokens.new_ticket_id()
    token = _token(keys, ticket_id=ticket_id, serial=3)
    assert len(token) == tokens.TOKEN_LENGTH == 132
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
    claims = tokens.verify(keys[1], token)
    assert claims == tokens.TicketClaims(event_id=EVENT, ticket_id=ticket_id, serial=3)


def test_token_holds_only_version_event_ticket_serial_and_signature(
    keys: tuple[bytes, bytes],
) -> None:
    ticket_id = tokens.new_ticket_id()
    raw = base64.urlsafe_b64decode(_token(keys, ticket_id=ticket_id, serial=513))
    assert len(raw) == 1 + 16 + 16 + 2 + 64
    assert raw[0] == tokens.VERSION
    assert raw[1:17] == EVENT.bytes
    assert raw[17:33] == ticket_id.bytes
    assert raw[33:35] == struct.pack(">H", 513)
    # The last 64 bytes are nothing but the Ed25519 signature of the 35 before them.
    Ed25519PublicKey.from_public_bytes(keys[1]).verify(
        raw[35:], b"rencontres/ticket\x00" + raw[:35]
    )


def test_reissued_ticket_has_a_different_token_and_same_issue_the_same(
    keys: tuple[bytes, bytes],
) -> None:
    ticket_id = tokens.new_ticket_id()
    first = _token(keys, ticket_id=ticket_id, serial=1)
    assert _token(keys, ticket_id=ticket_id, serial=1) == first
    second = _token(keys, ticket_id=ticket_id, serial=2)
    assert second != first
    assert tokens.verify(keys[1], second).serial == 2


def test_serial_outside_two_bytes_is_a_programming_error(keys: tuple[bytes, bytes]) -> None:
    for serial in (-1, tokens.MAX_SERIAL + 1):
        with pytest.raises(ValueError, match="serial"):
            _token(keys, serial=serial)


def test_every_single_bit_flip_is_refused(keys: tuple[bytes, bytes]) -> None:
    raw = base64.urlsafe_b64decode(_token(keys))
    for position in range(len(raw)):
        for bit in (0x01, 0x80):
            altered = bytearray(raw)
            altered[position] ^= bit
            with pytest.raises(InvalidTicket):
                tokens.verify(keys[1], base64.urlsafe_b64encode(altered).decode())


def test_token_of_another_event_is_refused_by_this_events_key(
    keys: tuple[bytes, bytes],
) -> None:
    other_private, other_public = tokens.generate_event_keypair()
    foreign = tokens.sign(
        other_private, event_id=OTHER_EVENT, ticket_id=tokens.new_ticket_id(), serial=1
    )
    assert tokens.verify(other_public, foreign).event_id == OTHER_EVENT
    with pytest.raises(InvalidTicket):
        tokens.verify(keys[1], foreign)
    # Claiming this event with another key does not help either.
    forged = tokens.sign(other_private, event_id=EVENT, ticket_id=uuid4(), serial=1)
    with pytest.raises(InvalidTicket):
        tokens.verify(keys[1], forged)


def test_correctly_signed_token_of_an_unknown_version_is_refused(
    keys: tuple[bytes, bytes],
) -> None:
    raw = bytearray(base64.urlsafe_b64decode(_token(keys)))
    raw[0] = 2
    signature = Ed25519PrivateKey.from_private_bytes(keys[0]).sign(
        b"rencontres/ticket\x00" + bytes(raw[:35])
    )
    with pytest.raises(InvalidTicket):
        tokens.verify(keys[1], base64.urlsafe_b64encode(bytes(raw[:35]) + signature).decode())


def _malformed(token: str) -> list[str]:
    return [
        "",
        token[:-1],
        token[:100],
        token + "A",
        token + "=",
        token[:-2] + "==",
        token[:-4] + "====",
        " " + token[1:],
        token[:-1] + "\n",
        "A" * 132,
        "=" * 132,
        "é" * 132,
        "\x00" * 132,
        "\udc80" * 132,
        "🎫" * 132,
        "A" * 10_000,
        "é€🎫\x00" * 2_500,
        token * 2,
    ]


def test_truncated_padded_empty_and_garbage_tokens_are_refused(
    keys: tuple[bytes, bytes],
) -> None:
    token = _token(keys)
    for candidate in _malformed(token):
        with pytest.raises(InvalidTicket):
            tokens.verify(keys[1], candidate)
        with pytest.raises(InvalidTicket):
            tokens.unverified_event_id(candidate)


def test_standard_base64_spelling_of_a_valid_token_is_refused(keys: tuple[bytes, bytes]) -> None:
    token = next(
        t for t in (_token(keys, serial=s) for s in range(1, 1000)) if "-" in t or "_" in t
    )
    assert tokens.verify(keys[1], token)
    with pytest.raises(InvalidTicket):
        tokens.verify(keys[1], token.replace("-", "+").replace("_", "/"))


def test_random_strings_of_any_length_raise_only_invalid_ticket(
    keys: tuple[bytes, bytes],
) -> None:
    rng = random.Random(20240603)
    alphabets = [
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_",
        "+/=-_ .~%\\\n\t\x00",
        "éàçÉ€🎫\u200b\ufeff",
    ]
    for _ in range(2_000):
        length = rng.choice([rng.randrange(0, 300), 132, 131, 133])
        text = "".join(rng.choice(rng.choice(alphabets)) for _ in range(length))
        with pytest.raises(InvalidTicket):
            tokens.verify(keys[1], text)


def test_unverified_event_id_reads_the_event_to_find_its_key(keys: tuple[bytes, bytes]) -> None:
    assert tokens.unverified_event_id(_token(keys)) == EVENT


def test_public_key_exports_verify_tokens_for_a_scanner(keys: tuple[bytes, bytes]) -> None:
    token = _token(keys)
    raw = base64.urlsafe_b64decode(token)
    exported = tokens.public_key_base64url(keys[1])
    assert len(exported) == 43 and "=" not in exported
    from_base64 = base64.urlsafe_b64decode(exported + "=")
    assert from_base64 == keys[1] == tokens.public_key_of(keys[0])
    assert tokens.verify(from_base64, token).event_id == EVENT
    pem = tokens.public_key_pem(keys[1])
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n")
    loaded = load_pem_public_key(pem.encode())
    assert isinstance(loaded, Ed25519PublicKey)
    loaded.verify(raw[35:], b"rencontres/ticket\x00" + raw[:35])


def test_token_is_found_in_a_scanned_bare_token_or_ticket_link(keys: tuple[bytes, bytes]) -> None:
    token = _token(keys)
    for scanned in (
        token,
        f" {token}\n",
        f"https://rencontres.example/t/{token}",
        f"https://rencontres.example/t/{token}/",
        f"https://rencontres.example/api/v1/tickets/{token}?lang=fr#top",
    ):
        assert tokens.token_from_scan(scanned) == token
    for scanned in (
        "",
        "https://rencontres.example/t/",
        f"https://rencontres.example/t/{token}x",
        f"https://rencontres.example/t/{token}/qr.png",
        f"https://rencontres.example/{token}",
        "x" * 100_000,
    ):
        with pytest.raises(InvalidTicket):
            tokens.token_from_scan(scanned)


def test_generated_codes_use_only_the_alphabet_and_pass_their_own_check() -> None:
    generated = [codes.new_code() for _ in range(2_000)]
    for code in generated:
        assert len(code) == 8
        assert set(code) <= set(codes.ALPHABET)
        assert codes.parse_code(code) == code
    assert {code[0] for code in generated} == set(codes.ALPHABET)
    assert not set("0O1IL") & set(codes.ALPHABET)


def test_every_single_character_typo_in_a_code_is_detected() -> None:
    for _ in range(30):
        code = codes.new_code()
        for position in range(len(code)):
            for symbol in codes.ALPHABET:
                if symbol == code[position]:
                    continue
                typo = code[:position] + symbol + code[position + 1 :]
                with pytest.raises(InvalidTicket):
                    codes.parse_code(typo)


def test_every_swap_of_two_different_characters_in_a_code_is_detected() -> None:
    for _ in range(30):
        code = codes.new_code()
        for i in range(len(code)):
            for j in range(i + 1, len(code)):
                if code[i] == code[j]:
                    continue
                swapped = list(code)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                with pytest.raises(InvalidTicket):
                    codes.parse_code("".join(swapped))


def test_typed_code_is_accepted_in_lower_case_with_spaces_dashes_and_wide_characters() -> None:
    code = codes.new_code()
    shown = codes.format_code(code)
    assert shown == f"{code[:4]}-{code[4:]}"
    wide = "".join(chr(ord(c) + 0xFEE0) for c in code)  # a phone keyboard's full-width forms
    for typed in (shown, shown.lower(), f"  {code[:4].lower()} {code[4:]} ", code, wide):
        assert codes.parse_code(typed) == code


def test_confusable_missing_extra_or_overlong_input_is_refused_not_guessed() -> None:
    code = codes.new_code()
    for typed in (
        *(code[:3] + confusable + code[4:] for confusable in "0O1IlLo"),
        code[:-1],
        code + code[-1],
        "",
        "----",
        "A" * 41,
        code + " " * 40,
    ):
        with pytest.raises(InvalidTicket):
            codes.parse_code(typed)
