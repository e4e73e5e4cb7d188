"""Accounts: who may log in, with which role, the signed bearer tokens they get, and the
sessions those tokens name (revoked by a log-out or a deactivation)."""

from __future__ import annotations

import asyncio
import functools
import os
import secrets
import sys
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from datetime import datetime, timedelta
from typing import Any, Final, TypeVar
from uuid import UUID

import argon2
import jwt
import msgspec

from events import audit, db, pagination
from events.actors import Actor
from events.errors import (
    CompanyNotFound,
    DatabaseUnavailable,
    EmailTaken,
    Forbidden,
    InvalidCredentials,
    InvalidInput,
    NotAuthenticated,
    OrganisationNotFound,
    TooManyAttempts,
    UserNotFound,
)
from events.fields import Email, LoginEmail, LoginPassword, Name, Password, Role
from events.settings import Settings

_ALGORITHM = "HS256"
T = TypeVar("T")


class UserRow(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    email: str
    name: str
    role: Role
    organisation_id: UUID | None
    company_id: UUID | None
    deactivated_at: datetime | None


class _LoginRow(UserRow, frozen=True, kw_only=True):
    password_hash: str


class UserListRow(UserRow, frozen=True, kw_only=True):
    """An account in a list: with its company's name (a recruiter's) and its last log-in."""

    company_name: str | None
    last_login_at: datetime | None


class UserIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """Without a password, the account gets a welcome link to choose one
    (``events.directory.passwords.create_account``)."""

    email: Email
    role: Role
    password: Password | None = None
    name: Name | None = None
    organisation_id: UUID | None = None
    company_id: UUID | None = None


class UserPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[UserListRow]
    next_cursor: str | None


class LoginIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    email: LoginEmail
    password: LoginPassword


class Token(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    token_type: str
    expires_at: datetime
    role: Role


class Bearer(msgspec.Struct, frozen=True, kw_only=True):
    """What a good bearer token says: who acts, and the session (one log-in) it belongs to."""

    actor: Actor
    session_id: UUID


class _LoginFailures(msgspec.Struct, frozen=True, kw_only=True):
    pair: int
    pair_oldest: datetime | None
    account: int
    account_oldest: datetime | None
    per_address: int
    per_address_oldest: datetime | None


def _argon2_slots() -> int:
    """Argon2 computations at once. Each holds argon2_memory_kib (64 MiB by default): two at a
    time keep a process under 250 MB however many people log in at once (16 at once peaked at
    485 MB). And never on every core: one is left to the other requests (on two cores, one
    slot kept the door summary's p99 under a log-in flood at twice its usual, two slots at
    three times)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(2, (cores or 1) - 1))


def _yield_the_cores() -> None:
    """Run this thread at the lowest priority (Linux sets it per thread): Argon2 gets what the
    rest of the service leaves, and when nothing else runs that is all of it. At normal
    priority, a flood of log-ins took the door summary's p99 from about 20 ms to 200 ms on two
    cores (``tests/test_login_flood.py``)."""
    if sys.platform == "linux":
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)


_ARGON2_SLOTS = asyncio.Semaphore(_argon2_slots())
_ARGON2_THREADS = ThreadPoolExecutor(
    max_workers=_argon2_slots(), thread_name_prefix="argon2", initializer=_yield_the_cores
)
# Log-ins take a pool connection only for their short reads and writes (never while Argon2
# runs), and at most this many at once: a burst of log-ins queues here, without connections,
# and leaves the rest of the pool to every other request.
_LOGIN_CONNECTIONS = asyncio.Semaphore(4)


async def _argon2(function: Callable[..., T], *args: Any) -> T:
    async with _ARGON2_SLOTS:
        return await asyncio.get_running_loop().run_in_executor(_ARGON2_THREADS, function, *args)


def hasher(settings: Settings) -> argon2.PasswordHasher:
    return argon2.PasswordHasher(
        time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
    )


async def hash_password(settings: Settings, password: str) -> str:
    """The Argon2 hash of a password (already held to ``fields.Password``), computed beside
    the event loop in the few Argon2 slots."""
    return await _argon2(hasher(settings).hash, password)


def _allowed_account(user: UserIn, by: Actor) -> UserIn:
    """Admins create any account; organisers create organiser and coach accounts of their own
    organisation (theirs when none is named) and recruiter accounts for a company their
    organisation works with (``create_user`` checks that against the database); nobody else
    creates accounts."""
    if by.is_admin:
        return user
    by.require("organiser")
    if user.role == "recruiter":
        return user
    if user.role not in ("organiser", "coach") or by.organisation_id is None:
        raise Forbidden
    if user.organisation_id is None:
        return msgspec.structs.replace(user, organisation_id=by.organisation_id)
    if user.organisation_id != by.organisation_id:
        raise Forbidden
    return user


_ROLES: Final[tuple[Role, ...]] = ("admin", "organiser", "coach", "recruiter")


def roles_allowed(by: Actor) -> list[Role]:
    """The roles of the accounts ``by`` may create (``_allowed_account`` decides), for a form
    that offers only those."""
    allowed = []
    for role in _ROLES:
        try:
            _allowed_account(UserIn(email="someone@example.org", role=role), by)
        except Forbidden:
            continue
        allowed.append(role)
    return allowed


async def create_user(
    conn: db.Conn, *, user: UserIn, settings: Settings, by: Actor | None
) -> UserRow:
    """An organiser or coach belongs to an organisation, a recruiter to a company, an admin to
    neither; an e-mail address is unique whatever its case. ``by`` None is the command line."""
    if by is not None:
        user = _allowed_account(user, by)
    if user.role in ("organiser", "coach"):
        if user.organisation_id is None or user.company_id is not None:
            raise InvalidInput(
                field="organisation_id",
                reason_fr="Un compte organisateur ou coach appartient à une structure.",
                reason_en="An organiser or coach account belongs to an organisation.",
            )
        if not await db.fetch_value(conn, "check_organisation_exists", id=user.organisation_id):
            raise OrganisationNotFound
    elif user.role == "recruiter":
        if user.company_id is None or user.organisation_id is not None:
            raise InvalidInput(
                field="company_id",
                reason_fr="Un compte recruteur appartient à une entreprise.",
                reason_en="A recruiter account belongs to a company.",
            )
        if not await db.fetch_value(conn, "check_company_exists", id=user.company_id):
            raise CompanyNotFound
        # A recruiter account reads the consenting candidates of every event its company
        # attends: an organiser may open one only for a company registered at one of their own
        # events. To them, another organisation's partner does not exist.
        if by is not None and not by.is_admin:
            works_with = await db.fetch_value(
                conn,
                "check_company_works_with_organisation",
                company_id=user.company_id,
                organisation_id=by.organisation_id,
            )
            if not works_with:
                raise CompanyNotFound
    elif user.organisation_id is not None or user.company_id is not None:
        raise InvalidInput(
            field="role",
            reason_fr="Un compte admin n'appartient à aucune structure.",
            reason_en="An admin account belongs to no organisation or company.",
        )
    # Without a password, the hash of a random one nobody knows: the account cannot log in until
    # its owner chooses one through a link, and a log-in to it costs what any other does.
    password_hash = await hash_password(settings, user.password or secrets.token_urlsafe(32))
    row = await db.fetch_one(
        conn,
        "insert_user",
        UserRow,
        email=user.email,
        name=user.name or user.email.split("@", 1)[0],
        role=user.role,
        organisation_id=user.organisation_id,
        company_id=user.company_id,
        password_hash=password_hash,
    )
    if row is None:
        raise EmailTaken
    await audit.record(
        conn,
        by=by,
        action="user.create",
        subject_type="user",
        subject_id=row.id,
        data={
            "role": row.role,
            "email": row.email,
            "organisation_id": str(row.organisation_id) if row.organisation_id else None,
            "company_id": str(row.company_id) if row.company_id else None,
        },
    )
    return row


# Verified when the address is unknown, so that a wrong address costs as long as a wrong password.
_DUMMY_HASH_CACHE: dict[tuple[int, int], str] = {}


async def _dummy_hash(settings: Settings) -> str:
    key = (settings.argon2_time_cost, settings.argon2_memory_kib)
    if key not in _DUMMY_HASH_CACHE:  # hashed once per process, beside the event loop
        _DUMMY_HASH_CACHE[key] = await _argon2(hasher(settings).hash, "not a password of anyone")
    return _DUMMY_HASH_CACHE[key]


def _verify(settings: Settings, password_hash: str, password: str) -> bool:
    try:
        return hasher(settings).verify(password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


@asynccontextmanager
async def _login_transaction(pool: Any) -> AsyncIterator[db.Conn]:
    # The queue is bounded as the pool's own wait is: log-ins piling up while the database is
    # down answer 503 like every other request, instead of waiting their turn for ever.
    try:
        async with asyncio.timeout(getattr(pool, "wait_seconds", None) or 5.0):
            await _LOGIN_CONNECTIONS.acquire()
    except TimeoutError:
        raise DatabaseUnavailable() from None
    try:
        async with db.request_transaction(pool) as conn:
            yield conn
    finally:
        _LOGIN_CONNECTIONS.release()


def _retry_after(failures: _LoginFailures, settings: Settings, now: datetime) -> int | None:
    """Seconds until every limit reached lets a failure leave the window; None when none is."""
    reached = [
        oldest
        for count, oldest, limit in (
            (failures.pair, failures.pair_oldest, settings.login_max_failures),
            (failures.account, failures.account_oldest, settings.login_max_failures_per_account),
            (
                failures.per_address,
                failures.per_address_oldest,
                settings.login_max_failures_per_address,
            ),
        )
        if count >= limit
    ]
    if not reached:
        return None
    last = max(oldest or now for oldest in reached)
    wait = last + timedelta(seconds=settings.login_window_seconds) - now
    return max(1, int(wait.total_seconds()) + 1)


async def log_in(
    pool: Any, *, credentials: LoginIn, client: str, settings: Settings, now: datetime
) -> Token:
    """Same answer whether the address exists (and is active) or not. Failed log-ins in the
    window are limited per client address and account (``login_max_failures``: a guesser
    elsewhere does not lock the owner out), per account from any address and per address on
    any account (higher ceilings); past a limit the log-in is refused, without a password check,
    until the oldest failure leaves the window.

    Each attempt is counted before its password is checked, under a lock of its address and of
    its account (``lock_login_attempts``), so that a burst of guesses checks no more passwords
    than the limits allow; a right password deletes the attempt again, with the earlier failures
    of its address on its account. Argon2 runs with no connection held: a connection is taken
    (``_login_transaction``) only for the short reads and writes before and after it."""
    since = now - timedelta(seconds=settings.login_window_seconds)
    email = credentials.email
    async with _login_transaction(pool) as conn:
        row = await db.fetch_one(conn, "get_user_for_login", _LoginRow, email=email)
        await db.execute(conn, "lock_login_attempts", address=client, email=email)
        failures = await db.fetch_one(
            conn, "count_login_failures", _LoginFailures, address=client, email=email, since=since
        )
        assert failures is not None  # noqa: S101 - an aggregate always answers one row
        seconds = _retry_after(failures, settings, now)
        if seconds is not None:
            raise TooManyAttempts(seconds=seconds)
        # Committed before the check: the failure's record is kept whatever happens next.
        await db.execute(conn, "insert_login_failure", email=email, address=client, failed_at=now)
    stored = row.password_hash if row else await _dummy_hash(settings)
    ok = await _argon2(_verify, settings, stored, credentials.password)
    if row is None or not ok:
        raise InvalidCredentials
    new_hash = None
    if hasher(settings).check_needs_rehash(row.password_hash):
        new_hash = await _argon2(hasher(settings).hash, credentials.password)
    expires_at = now + timedelta(seconds=settings.token_ttl_seconds)
    async with _login_transaction(pool) as conn:
        if new_hash is not None:
            await db.execute(conn, "set_password_hash", id=row.id, password_hash=new_hash)
        await db.execute(conn, "delete_login_failures", email=email, address=client)
        await db.execute(conn, "delete_expired_sessions", user_id=row.id, now=now)
        session_id = await db.fetch_value(
            conn, "insert_session", user_id=row.id, now=now, expires_at=expires_at
        )
        if session_id is None:  # deactivated while its password was being checked
            raise InvalidCredentials
    claims = {
        "sub": str(row.id),
        "jti": str(session_id),
        "role": row.role,
        "org": str(row.organisation_id) if row.organisation_id else None,
        "company": str(row.company_id) if row.company_id else None,
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }
    token = jwt.encode(claims, settings.secret_key, algorithm=_ALGORITHM)
    return Token(
        access_token=token,
        token_type="bearer",  # noqa: S106 - the scheme name, not a secret
        expires_at=expires_at,
        role=row.role,
    )


def bearer_from_token(token: str, *, settings: Settings, now: datetime) -> Bearer:
    """The actor and session a bearer token names; expired (at ``now``), altered or foreign
    tokens, and tokens that name no session, are refused. Whether the session still stands
    (no log-out, no deactivation) is ``check_session``'s question, asked of the database."""
    try:
        actor, session_id, expires_at = _verified_token(token, settings.secret_key)
    except (jwt.PyJWTError, KeyError, ValueError, TypeError) as error:
        raise NotAuthenticated from error
    if expires_at <= now.timestamp() or session_id is None:
        raise NotAuthenticated
    return Bearer(actor=actor, session_id=session_id)


def actor_from_token(token: str, *, settings: Settings, now: datetime) -> Actor:
    """The actor a bearer token names (see ``bearer_from_token``)."""
    return bearer_from_token(token, settings=settings, now=now).actor


# A door scanner sends the same token with every scan, and PyJWT costs ~40 µs a decode: a good
# signature is checked once per process. Only what the signature proves is kept, and that never
# changes; whether the session was since revoked is read from the database on every request
# (``check_session``), so that every process sees a log-out at once. Refused tokens are not
# cached (exceptions never are), and expiry is checked on every call above, at the request's
# instant (PyJWT's own check would read the wall clock).
@functools.lru_cache(maxsize=1024)
def _verified_token(token: str, secret_key: str) -> tuple[Actor, UUID | None, int]:
    claims = jwt.decode(
        token,
        secret_key,
        algorithms=[_ALGORITHM],
        options={"require": ["exp", "sub"], "verify_exp": False, "verify_iat": False},
    )
    actor = Actor(
        id=UUID(claims["sub"]),
        role=claims["role"],
        organisation_id=UUID(claims["org"]) if claims.get("org") else None,
        company_id=UUID(claims["company"]) if claims.get("company") else None,
    )
    session_id = UUID(claims["jti"]) if claims.get("jti") else None
    return actor, session_id, int(claims["exp"])


async def check_session(conn: db.Conn, *, bearer: Bearer, now: datetime) -> None:
    """A token works while its session stands: not logged out, not revoked by a deactivation
    (or a password change), not expired, its account not deleted."""
    if not await db.fetch_value(
        conn, "check_session_active", id=bearer.session_id, user_id=bearer.actor.id, now=now
    ):
        raise NotAuthenticated


async def log_out(conn: db.Conn, *, token: str, settings: Settings, now: datetime) -> None:
    """The session of ``token`` ends: the token no longer works, anywhere. A token that is
    not good (altered, expired, already logged out) changes nothing."""
    try:
        bearer = bearer_from_token(token, settings=settings, now=now)
    except NotAuthenticated:
        return
    await db.execute(conn, "revoke_session", id=bearer.session_id, now=now)


async def revoke_sessions(conn: db.Conn, *, user_id: UUID, now: datetime) -> None:
    """Every token of the account stops working at once. Called by a deactivation and by a
    password chosen through a link (``events.directory.passwords.set_password``)."""
    await db.execute(conn, "revoke_user_sessions", user_id=user_id, now=now)


async def get_user_in_reach(conn: db.Conn, *, user_id: UUID, by: Actor) -> UserRow:
    """An account ``by`` looks after: admins any; organisers those of their own organisation
    and the recruiters of a company their organisation works with (the companies whose
    recruiter accounts they may open). Any other account is not found; coaches and recruiters
    look after none."""
    by.require("organiser")
    row = await db.fetch_one(conn, "get_user", UserRow, id=user_id)
    if row is None:
        raise UserNotFound
    if by.is_admin or (
        by.organisation_id is not None and row.organisation_id == by.organisation_id
    ):
        return row
    if row.role == "recruiter" and row.company_id is not None and by.organisation_id is not None:
        works_with = await db.fetch_value(
            conn,
            "check_company_works_with_organisation",
            company_id=row.company_id,
            organisation_id=by.organisation_id,
        )
        if works_with:
            return row
    raise UserNotFound


async def deactivate_user(conn: db.Conn, *, user_id: UUID, by: Actor, now: datetime) -> UserRow:
    """Who may: ``get_user_in_reach`` (another account is not found). A deactivated account
    logs in no more and its tokens stop working at once; deactivating it again changes
    nothing."""
    row = await get_user_in_reach(conn, user_id=user_id, by=by)
    deactivated = await db.fetch_one(conn, "update_user_deactivated", UserRow, id=user_id, now=now)
    if deactivated is None:  # already deactivated
        return row
    await revoke_sessions(conn, user_id=user_id, now=now)
    await audit.record(
        conn,
        by=by,
        action="user.deactivate",
        subject_type="user",
        subject_id=user_id,
        data={"role": row.role, "email": row.email},
    )
    return deactivated


async def get_user(conn: db.Conn, *, user_id: UUID) -> UserRow:
    row = await db.fetch_one(conn, "get_user", UserRow, id=user_id)
    if row is None:
        raise NotAuthenticated
    return row


async def list_users(
    conn: db.Conn, *, by: Actor, role: Role | None, limit: int, cursor: str | None
) -> UserPage:
    """Admins list every account; organisers the accounts they look after
    (``get_user_in_reach``): their organisation's, and the recruiters of the companies it works
    with; nobody else lists accounts."""
    by.require("organiser")
    after = pagination.decode_cursor(cursor, tuple[UUID])
    rows = await db.fetch_all(
        conn,
        "list_users",
        UserListRow,
        organisation_id=None if by.is_admin else by.organisation_id,
        role=role,
        after_id=after[0] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [str(r.id)])
    return UserPage(items=items, next_cursor=next_cursor)
