"""Choosing a password through a link sent by mail: the welcome link of an account opened
without a password, and the reset link of a forgotten one (or one an organiser has sent).

A link's token is ``<id>.<mac>``: the link's id and HMAC-SHA256(secret key, id and purpose),
both base64url. The database keeps the id only, so whoever reads it cannot make a working link;
the worker that writes the mail after commit makes the token again from the id. A token is
checked by recomputing the HMAC (a forged one costs no database read), then against the link's
row: one use, before it expires (``TTL``), while it is its account's newest link and the account
is active. Choosing the password marks the link used and ends every session of the account, in
the one transaction.

Asking for a reset answers the same whatever the address, and does the same work: the same
statements run, and the mail is written in the outbox, to be sent by the worker after commit.
Requests are counted per client address (past ``RESET_MAX_PER_ADDRESS`` in ``RESET_WINDOW``,
refused for a while, as log-ins are), and an account is sent at most ``RESET_MAX_PER_ACCOUNT``
reset links in that window: nobody can use the form to probe addresses or flood a mailbox."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from datetime import datetime, timedelta
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec

from events import audit, db
from events.actors import Actor
from events.directory import accounts
from events.errors import AccountDeactivated, InvalidLink, TooManyAttempts
from events.fields import LINE_PATTERN, Email, Password
from events.messages.outbox import Kind
from events.settings import Settings

Purpose = Literal["welcome", "reset"]
_PURPOSES: Final[tuple[Purpose, ...]] = ("welcome", "reset")
# How long a link works: a new account's owner may read their mail days later; a reset is
# asked for by someone who is waiting for it.
TTL: Final[dict[Purpose, timedelta]] = {"welcome": timedelta(days=7), "reset": timedelta(hours=1)}
KINDS: Final[dict[Purpose, Kind]] = {"welcome": "account_welcome", "reset": "password_reset"}
RESET_WINDOW: Final = timedelta(hours=1)
RESET_MAX_PER_ADDRESS: Final = 20
RESET_MAX_PER_ACCOUNT: Final = 3

_TOKEN: Final = re.compile(r"(?P<id>[A-Za-z0-9_-]{22})\.(?P<mac>[A-Za-z0-9_-]{43})")

# Any text of one line: a token that is not ours is ``InvalidLink``, never a shape error.
LinkToken = Annotated[str, msgspec.Meta(max_length=200, pattern=LINE_PATTERN)]


class ResetIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    email: Email


class NewPasswordIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """The password is held to the rules of every account's (``fields.Password``)."""

    token: LinkToken
    password: Password


class Link(msgspec.Struct, frozen=True, kw_only=True):
    """A link that works, and the account it is for."""

    id: UUID
    user_id: UUID
    purpose: Purpose
    expires_at: datetime
    email: str
    name: str


class _Issued(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    user_id: UUID


class _Used(msgspec.Struct, frozen=True, kw_only=True):
    user_id: UUID
    email: str


class _Requests(msgspec.Struct, frozen=True, kw_only=True):
    requests: int
    oldest: datetime | None


# --- tokens --------------------------------------------------------------------------------


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _mac(secret_key: str, link_id: UUID, purpose: Purpose) -> bytes:
    message = f"rencontres password link {link_id} {purpose}".encode()
    return hmac.new(secret_key.encode(), message, hashlib.sha256).digest()


def link_token(secret_key: str, link_id: UUID, purpose: Purpose) -> str:
    """The token of a link, as its mail carries it (``links.password_url``)."""
    return f"{_b64(link_id.bytes)}.{_b64(_mac(secret_key, link_id, purpose))}"


def read_token(token: str, secret_key: str) -> tuple[UUID, Purpose]:
    """The link a token names and its purpose, if its HMAC is ours (compared in constant time);
    anything else is ``InvalidLink``, before any database read."""
    shape = _TOKEN.fullmatch(token)
    if shape is None:
        raise InvalidLink
    raw = base64.urlsafe_b64decode(shape["id"] + "==")
    link_id = UUID(bytes=raw)
    found: Purpose | None = None
    for purpose in _PURPOSES:  # both compared, whichever matches
        if hmac.compare_digest(link_token(secret_key, link_id, purpose), token):
            found = purpose
    if found is None:
        raise InvalidLink
    return link_id, found


# --- issuing -------------------------------------------------------------------------------


async def _insert_link(
    conn: db.Conn,
    *,
    purpose: Purpose,
    by: Actor | None,
    now: datetime,
    user_id: UUID | None = None,
    email: str | None = None,
    max_recent: int | None = None,
) -> _Issued | None:
    """The link and its mail (``insert_password_link``); ``None`` when the account is not
    there, not active, or was sent ``max_recent`` reset links in the window."""
    return await db.fetch_one(
        conn,
        "insert_password_link",
        _Issued,
        user_id=user_id,
        email=email,
        purpose=purpose,
        kind=KINDS[purpose],
        now=now,
        expires_at=now + TTL[purpose],
        created_by=by.id if by else None,
        since=now - RESET_WINDOW,
        max_recent=max_recent,
    )


async def _issue(
    conn: db.Conn, *, user: accounts.UserRow, purpose: Purpose, by: Actor, now: datetime
) -> UUID:
    await db.execute(conn, "lock_password_links", email=user.email)
    issued = await _insert_link(conn, purpose=purpose, by=by, now=now, user_id=user.id)
    if issued is None:
        raise AccountDeactivated
    await audit.record(
        conn,
        by=by,
        action="user.password_link",
        subject_type="user",
        subject_id=user.id,
        data={"purpose": purpose, "link_id": str(issued.id)},
    )
    return issued.id


async def issue_welcome(conn: db.Conn, *, user: accounts.UserRow, by: Actor, now: datetime) -> UUID:
    """A new account's link to choose its password, mailed to it (valid ``TTL["welcome"]``)."""
    return await _issue(conn, user=user, purpose="welcome", by=by, now=now)


async def create_account(
    conn: db.Conn, *, user: accounts.UserIn, settings: Settings, by: Actor, now: datetime
) -> accounts.UserRow:
    """An account as ``accounts.create_user`` opens it (who may, for whom); one opened without
    a password is mailed a welcome link to choose it."""
    row = await accounts.create_user(conn, user=user, settings=settings, by=by)
    if user.password is None:
        await issue_welcome(conn, user=row, by=by, now=now)
    return row


async def send_reset(conn: db.Conn, *, user_id: UUID, by: Actor, now: datetime) -> UUID:
    """An organiser or admin has a reset link mailed to an account they look after
    (``accounts.get_user_in_reach``: another account is not found). A deactivated account is
    sent nothing (``AccountDeactivated``). Earlier links of the account stop working."""
    user = await accounts.get_user_in_reach(conn, user_id=user_id, by=by)
    if user.deactivated_at is not None:
        raise AccountDeactivated
    return await _issue(conn, user=user, purpose="reset", by=by, now=now)


def _retry_after(counted: _Requests, now: datetime) -> int:
    wait = (counted.oldest or now) + RESET_WINDOW - now
    return max(1, int(wait.total_seconds()) + 1)


async def request_reset(pool: Any, *, request: ResetIn, client: str, now: datetime) -> None:
    """Someone who forgot their password asks for a link. Whether the address is an active
    account's or not, the same statements run and nothing different is answered; only an
    active account gets a mail (at most ``RESET_MAX_PER_ACCOUNT`` in the window). Past
    ``RESET_MAX_PER_ADDRESS`` requests from one client address in the window,
    ``TooManyAttempts`` until the oldest leaves it."""
    since = now - RESET_WINDOW
    async with db.request_transaction(pool) as conn:
        await db.execute(conn, "lock_password_reset", address=client, email=request.email)
        counted = await db.fetch_one(
            conn, "count_password_reset_requests", _Requests, address=client, since=since
        )
        assert counted is not None  # noqa: S101 - an aggregate always answers one row
        if counted.requests >= RESET_MAX_PER_ADDRESS:
            raise TooManyAttempts(seconds=_retry_after(counted, now))
        await db.execute(
            conn, "insert_password_reset_request", address=client, now=now, since=since
        )
        issued = await _insert_link(
            conn,
            purpose="reset",
            by=None,
            now=now,
            email=request.email,
            max_recent=RESET_MAX_PER_ACCOUNT,
        )
        await audit.record(
            conn,
            by=None,
            action="user.password_reset_requested",
            subject_type="user",
            subject_id=issued.user_id if issued else None,
            data={"link_id": str(issued.id) if issued else None},
        )


# --- using ---------------------------------------------------------------------------------


async def check_link(conn: db.Conn, *, token: str, settings: Settings, now: datetime) -> Link:
    """The link a token names while it works; ``InvalidLink`` for a forged, used, replaced or
    expired one, or one whose account was deactivated (one answer for all)."""
    link_id, purpose = read_token(token, settings.secret_key)
    link = await db.fetch_one(conn, "get_password_link", Link, id=link_id, purpose=purpose, now=now)
    if link is None:
        raise InvalidLink
    return link


async def set_password(
    conn: db.Conn, *, new: NewPasswordIn, settings: Settings, now: datetime
) -> UUID:
    """The account of a working link gets its new password; the link is used up, every session
    of the account ends (a token stolen before stops working) and its failed log-ins are
    forgotten, all in the caller's one transaction. Returns the account's id."""
    link = await check_link(conn, token=new.token, settings=settings, now=now)
    password_hash = await accounts.hash_password(settings, new.password)
    used = await db.fetch_one(
        conn, "mark_password_link_used", _Used, id=link.id, purpose=link.purpose, now=now
    )
    if used is None:  # used by another request while the password was being hashed
        raise InvalidLink
    await db.execute(conn, "set_password_hash", id=used.user_id, password_hash=password_hash)
    await accounts.revoke_sessions(conn, user_id=used.user_id, now=now)
    await db.execute(conn, "delete_account_login_failures", email=used.email)
    await audit.record(
        conn,
        by=None,
        action="user.password_set",
        subject_type="user",
        subject_id=used.user_id,
        data={"purpose": link.purpose, "link_id": str(link.id)},
    )
    return used.user_id
