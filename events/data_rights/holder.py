"""The person's way to their own data: a ticket token (the holder's key, as on ``/t/{token}``)
AND the ticket's short code typed in a form, as a second factor. A token in an address can be
seen in a history, a forwarded message or over a shoulder; the code must be typed.

Wrong codes are kept (``data_access_failures``, the ticket and when, never what was typed) and,
after ``MOST_WRONG`` within ``WINDOW``, the ticket waits (``too_many_attempts``), whatever is
typed. A right code gives a *pass*: a short-lived value signed with the app's secret key, bound
to that ticket, that the page keeps in an HttpOnly cookie. With it the person downloads their
export and comments their observations without typing the code again, for ``PASS_TTL``.

Nothing personal is ever put in an address: the code goes in a POST body, the pass in a
cookie."""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta
from typing import Final
from uuid import UUID

import msgspec

from events import db
from events.errors import (
    CandidateNotFound,
    InvalidTicket,
    ShortCodeRequired,
    TooManyAttempts,
    WrongShortCode,
)
from events.tickets import by_token, codes

MOST_WRONG: Final = 5
WINDOW: Final = timedelta(minutes=15)
PASS_TTL: Final = timedelta(minutes=20)


class Holder(msgspec.Struct, frozen=True, kw_only=True):
    """Whose data the pass opens, and with which ticket."""

    ticket_id: UUID
    candidate_id: UUID


class Opened(Holder, frozen=True, kw_only=True):
    pass_value: str
    expires_at: datetime


async def _holder(conn: db.Conn, *, token: str) -> Holder:
    ticket = await by_token.find_for_holder(conn, token=token)
    if ticket.candidate_id is None:  # a company's ticket: nobody's personal data behind it
        raise CandidateNotFound
    return Holder(ticket_id=ticket.ticket_id, candidate_id=ticket.candidate_id)


def _signature(secret: str, ticket_id: UUID, expires: int) -> str:
    message = f"data-rights:{ticket_id.hex}:{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def make_pass(secret: str, ticket_id: UUID, expires_at: datetime) -> str:
    expires = int(expires_at.timestamp())
    return f"{ticket_id.hex}.{expires}.{_signature(secret, ticket_id, expires)}"


async def open_with_code(
    conn: db.Conn, *, token: str, code: str, secret: str, now: datetime
) -> Opened:
    """The pass for the ticket behind ``token`` when ``code`` is its short code (typed as the
    ticket shows it, dashes and case aside). A wrong code is recorded, and refused with
    ``wrong_short_code``; once ``MOST_WRONG`` were recorded within ``WINDOW`` the ticket waits
    (``too_many_attempts``), even for the right code."""
    holder = await _holder(conn, token=token)
    wrong = await db.fetch_value(
        conn, "count_data_access_failures", ticket_id=holder.ticket_id, since=now - WINDOW
    )
    if wrong >= MOST_WRONG:
        raise TooManyAttempts(seconds=int(WINDOW.total_seconds()))
    expected = await db.fetch_value(conn, "get_ticket_short_code", ticket_id=holder.ticket_id)
    try:
        typed = codes.parse_code(code)
    except InvalidTicket:
        typed = ""
    if not (expected and hmac.compare_digest(typed.encode(), str(expected).encode())):
        refusal = WrongShortCode(left=max(0, MOST_WRONG - wrong - 1))
        await db.keep_refusal_record(
            conn,
            refusal,
            lambda c: db.execute(
                c, "insert_data_access_failure", ticket_id=holder.ticket_id, now=now
            ),
        )
        raise refusal
    expires_at = now + PASS_TTL
    return Opened(
        ticket_id=holder.ticket_id,
        candidate_id=holder.candidate_id,
        pass_value=make_pass(secret, holder.ticket_id, expires_at),
        expires_at=expires_at,
    )


async def check_pass(
    conn: db.Conn, *, token: str, pass_value: str, secret: str, now: datetime
) -> Holder:
    """The holder behind ``token`` when ``pass_value`` is a live pass of that very ticket;
    ``short_code_required`` otherwise (none, expired, forged, or another ticket's)."""
    holder = await _holder(conn, token=token)
    ticket_hex, _, rest = pass_value.partition(".")
    expires_text, _, signature = rest.partition(".")
    if not (expires_text.isdigit() and len(expires_text) < 12):
        raise ShortCodeRequired
    expires = int(expires_text)
    if ticket_hex != holder.ticket_id.hex or expires <= now.timestamp():
        raise ShortCodeRequired
    if not hmac.compare_digest(signature, _signature(secret, holder.ticket_id, expires)):
        raise ShortCodeRequired
    return holder
