"""Accounts: who may log in, with which role, and the signed bearer tokens they get."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Annotated, Any, TypeVar
from uuid import UUID

import argon2
import jwt
import msgspec

from events import audit, db, pagination
from events.actors import Actor
from events.errors import (
    CompanyNotFound,
    EmailTaken,
    Forbidden,
    InvalidCredentials,
    InvalidInput,
    NotAuthenticated,
    OrganisationNotFound,
    TooManyAttempts,
)
from events.fields import Email, Name, Password, Role
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


class _LoginRow(UserRow, frozen=True, kw_only=True):
    password_hash: str


class UserIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    email: Email
    role: Role
    password: Password
    name: Name | None = None
    organisation_id: UUID | None = None
    company_id: UUID | None = None


class UserPage(msgspec.Struct, frozen=True, kw_only=True):
    items: list[UserRow]
    next_cursor: str | None


class LoginIn(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=254)]
    password: Annotated[str, msgspec.Meta(max_length=200)]


class Token(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    token_type: str
    expires_at: datetime
    role: Role


# Each Argon2 computation holds argon2_memory_kib (64 MiB by default): two at a time keep a
# process under 250 MB however many people log in at once (16 at once peaked at 485 MB).
_ARGON2_SLOTS = asyncio.Semaphore(2)


async def _argon2(function: Callable[..., T], *args: Any) -> T:
    async with _ARGON2_SLOTS:
        return await asyncio.to_thread(function, *args)


def hasher(settings: Settings) -> argon2.PasswordHasher:
    return argon2.PasswordHasher(
        time_cost=settings.argon2_time_cost, memory_cost=settings.argon2_memory_kib
    )


def _allowed_account(user: UserIn, by: Actor) -> UserIn:
    """Admins create any account; organisers create organiser and coach accounts of their own
    organisation (theirs when none is named) and recruiter accounts for a company; nobody else
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
    elif user.organisation_id is not None or user.company_id is not None:
        raise InvalidInput(
            field="role",
            reason_fr="Un compte admin n'appartient à aucune structure.",
            reason_en="An admin account belongs to no organisation or company.",
        )
    password_hash = await _argon2(hasher(settings).hash, user.password)
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
        data={"role": row.role, "email": row.email},
    )
    return row


# Verified when the address is unknown, so that a wrong address costs as long as a wrong password.
_DUMMY_HASH_CACHE: dict[tuple[int, int], str] = {}


def _dummy_hash(settings: Settings) -> str:
    key = (settings.argon2_time_cost, settings.argon2_memory_kib)
    if key not in _DUMMY_HASH_CACHE:
        _DUMMY_HASH_CACHE[key] = hasher(settings).hash("not a password of anyone")
    return _DUMMY_HASH_CACHE[key]


def _verify(settings: Settings, password_hash: str, password: str) -> bool:
    try:
        return hasher(settings).verify(password_hash, password)
    except (argon2.exceptions.VerificationError, argon2.exceptions.InvalidHashError):
        return False


async def log_in(
    conn: db.Conn, *, credentials: LoginIn, settings: Settings, now: datetime
) -> Token:
    """Same answer whether the address exists or not; after ``login_max_failures`` failures in
    the window, the address is refused until the oldest failure leaves the window."""
    since = now - timedelta(seconds=settings.login_window_seconds)
    failures = await db.fetch_value(
        conn, "count_recent_login_failures", email=credentials.email, since=since
    )
    if failures >= settings.login_max_failures:
        oldest: datetime = await db.fetch_value(
            conn, "get_oldest_recent_login_failure", email=credentials.email, since=since
        )
        wait = oldest + timedelta(seconds=settings.login_window_seconds) - now
        raise TooManyAttempts(seconds=max(1, int(wait.total_seconds()) + 1))
    row = await db.fetch_one(conn, "get_user_for_login", _LoginRow, email=credentials.email)
    stored = row.password_hash if row else _dummy_hash(settings)
    ok = await _argon2(_verify, settings, stored, credentials.password)
    if row is None or not ok:
        await db.execute(conn, "insert_login_failure", email=credentials.email, failed_at=now)
        raise InvalidCredentials
    if hasher(settings).check_needs_rehash(row.password_hash):
        new_hash = await _argon2(hasher(settings).hash, credentials.password)
        await db.execute(conn, "set_password_hash", id=row.id, password_hash=new_hash)
    await db.execute(conn, "delete_login_failures", email=credentials.email)
    expires_at = now + timedelta(seconds=settings.token_ttl_seconds)
    claims = {
        "sub": str(row.id),
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


def actor_from_token(token: str, *, settings: Settings, now: datetime) -> Actor:
    """The actor a bearer token names; expired (at ``now``), altered or foreign tokens are
    refused."""
    try:
        actor, expires_at = _verified_token(token, settings.secret_key)
    except (jwt.PyJWTError, KeyError, ValueError, TypeError) as error:
        raise NotAuthenticated from error
    if expires_at <= now.timestamp():
        raise NotAuthenticated
    return actor


# A door scanner sends the same token with every scan, and PyJWT costs ~40 µs a decode: a good
# signature is checked once per process. Refused tokens are not cached (exceptions never are),
# and expiry is checked on every call above, at the request's instant (PyJWT's own check would
# read the wall clock).
@functools.lru_cache(maxsize=1024)
def _verified_token(token: str, secret_key: str) -> tuple[Actor, int]:
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
    return actor, int(claims["exp"])


async def get_user(conn: db.Conn, *, user_id: UUID) -> UserRow:
    row = await db.fetch_one(conn, "get_user", UserRow, id=user_id)
    if row is None:
        raise NotAuthenticated
    return row


async def list_users(
    conn: db.Conn, *, by: Actor, role: Role | None, limit: int, cursor: str | None
) -> UserPage:
    """Admins list every account; organisers the accounts of their own organisation; nobody
    else lists accounts."""
    by.require("organiser")
    after = pagination.decode_cursor(cursor, tuple[UUID])
    rows = await db.fetch_all(
        conn,
        "list_users",
        UserRow,
        organisation_id=None if by.is_admin else by.organisation_id,
        role=role,
        after_id=after[0] if after else None,
        limit=limit + 1,
    )
    items, next_cursor = pagination.split_page(rows, limit, lambda r: [str(r.id)])
    return UserPage(items=items, next_cursor=next_cursor)
