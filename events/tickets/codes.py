"""The short code printed beside the QR, for typing at the door or reading out over the phone.

Eight characters shown as ``ABCD-EFGH``: seven random ones and a check character. The alphabet
leaves out 0, O, 1, I and L, which people confuse. It has 31 symbols, a prime, so a weighted sum
modulo 31 (weights 1 to 8) catches every single wrong character and every swap of two characters.
31^7 (about 27 billion) codes: the code is random, stored beside the ticket, unique per event (a
collision is retried by the caller), and not derived from the token, so it reveals nothing.

What people type is forgiven: lower case, spaces, dashes, dots, full-width characters. A typed
0, O, 1, I or L is refused rather than guessed (an O could be a D or a Q); the check character
would catch a wrong guess anyway.
"""

from __future__ import annotations

import secrets
import unicodedata

from events.errors import InvalidTicket

ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LENGTH = 8
_BASE = len(ALPHABET)
_VALUE = {symbol: value for value, symbol in enumerate(ALPHABET)}
_CHECK_WEIGHT_INVERSE = pow(LENGTH, -1, _BASE)
_SEPARATORS = str.maketrans("", "", " -._\t\n\r")
# Longer than any sensible typing of 8 characters with separators; refused before any work.
_MAX_TYPED = 40


def new_code() -> str:
    """A random code in canonical form (8 characters, no dash)."""
    body = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH - 1))
    return body + _check_character(body)


def format_code(code: str) -> str:
    """The code as it is shown anywhere a person or a client reads it (the ticket page and its
    JSON, the registration answer, mails and text messages): ``ABCD-EFGH``, always with its
    dash. Only the database and ``parse_code`` hold the canonical form without it."""
    return f"{code[:4]}-{code[4:]}"


def parse_code(typed: str) -> str:
    """The canonical code a person meant, or ``InvalidTicket`` when a character is wrong,
    missing or extra."""
    if len(typed) > _MAX_TYPED:
        raise InvalidTicket
    code = unicodedata.normalize("NFKC", typed).upper().translate(_SEPARATORS)
    if len(code) != LENGTH or any(symbol not in _VALUE for symbol in code):
        raise InvalidTicket
    if _weighted_sum(code) % _BASE != 0:
        raise InvalidTicket
    return code


def _check_character(body: str) -> str:
    # Chosen so that the weighted sum of all eight, the check's weight being 8, is 0 modulo 31.
    return ALPHABET[(-_weighted_sum(body) * _CHECK_WEIGHT_INVERSE) % _BASE]


def _weighted_sum(code: str) -> int:
    return sum(weight * _VALUE[symbol] for weight, symbol in enumerate(code, start=1))
