"""What a controller gets from a request: ONE dependency, a context holding the connection, the
actor, the settings, the instant and the language.

One dependency, not five, because Litestar resolves a handler's independent dependencies in an
anyio task group (litestar#4563), which cost a check-in 0.1 to 0.2 ms of CPU; a single generator is
awaited directly. ``tests/test_dependencies.py`` keeps every handler at one.

Who is acting: the ``Authorization: Bearer`` header, or, for GET and HEAD only, the browser's
``rencontres_session`` cookie (the same signed token). A cookie is sent by the browser whatever
page started the request, so it never authorises a change: every other method needs the header,
and the HTML forms that change something check their own CSRF token (``events.web.session``).
The actor is decoded before a pool connection is taken: a request without a log-in takes none."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeAlias
from urllib.parse import quote

import msgspec
from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from events import db
from events.actors import Actor
from events.directory import accounts
from events.errors import LoginRequired, NotAuthenticated
from events.i18n import Language, negotiate
from events.settings import Settings

SESSION_COOKIE = "rencontres_session"
_SAFE_METHODS = frozenset({"GET", "HEAD"})


class Context(msgspec.Struct, frozen=True, kw_only=True):
    """A request by a logged-in actor, inside its one transaction (``db.request_transaction``)."""

    conn: db.Conn
    actor: Actor
    settings: Settings
    now: datetime
    language: Language


class PublicContext(msgspec.Struct, frozen=True, kw_only=True):
    """A request that needs no log-in (a ticket holder, the log-in form), in its transaction."""

    conn: db.Conn
    settings: Settings
    now: datetime
    language: Language


class MaybeActorContext(msgspec.Struct, frozen=True, kw_only=True):
    """A request with an actor when a bearer header is sent: a candidate holding a ticket token
    acts without an account."""

    conn: db.Conn
    actor: Actor | None
    settings: Settings
    now: datetime
    language: Language


def settings_of(request: Request[Any, Any, Any]) -> Settings:
    """The app's settings, for a handler that takes no context (it needs no database)."""
    settings: Settings = request.app.state.settings
    return settings


def language_of(request: Request[Any, Any, Any]) -> Language:
    return negotiate(request.headers.get("accept-language"))


def actor_of(request: Request[Any, Any, Any], settings: Settings, now: datetime) -> Actor:
    """The bearer header when there is one; else the session cookie, on GET and HEAD only."""
    header = request.headers.get("authorization")
    if header is None and request.method in _SAFE_METHODS:
        header = f"Bearer {request.cookies.get(SESSION_COOKIE, '')}"
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated
    return accounts.actor_from_token(token.strip(), settings=settings, now=now)


def page_actor_of(request: Request[Any, Any, Any], settings: Settings, now: datetime) -> Actor:
    """As ``actor_of``, but a page sends a browser without a valid log-in to the log-in form
    (see ``LoginRequired``), to come back here afterwards."""
    try:
        return actor_of(request, settings, now)
    except NotAuthenticated as error:
        raise LoginRequired(next_path=_here(request)) from error


def _here(request: Request[Any, Any, Any]) -> str:
    """This request's path and query as the browser sent them (still percent-encoded)."""
    raw = request.scope.get("raw_path") or quote(request.scope["path"]).encode()
    query = request.scope.get("query_string", b"")
    path = bytes(raw).decode("latin-1")
    return f"{path}?{bytes(query).decode('latin-1')}" if query else path


@asynccontextmanager
async def _context(
    request: Request[Any, Any, Any],
    state: State,
    who: Callable[[Request[Any, Any, Any], Settings, datetime], Actor],
) -> AsyncIterator[Context]:
    """The actor first (a refused request takes no pool connection), then the transaction."""
    settings: Settings = state.settings
    now: datetime = state.clock()
    actor = who(request, settings, now)
    async with db.request_transaction(state.pool) as conn:
        yield Context(
            conn=conn,
            actor=actor,
            settings=settings,
            now=now,
            language=language_of(request),
        )


async def provide_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[Context, None]:
    # A context manager, not a nested generator: an error thrown in at the yield must reach
    # the transaction, which commits or rolls back on it.
    async with _context(request, state, actor_of) as context:
        yield context


async def provide_page_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[Context, None]:
    async with _context(request, state, page_actor_of) as context:
        yield context


async def provide_maybe_actor_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[MaybeActorContext, None]:
    settings: Settings = state.settings
    now: datetime = state.clock()
    actor = actor_of(request, settings, now) if request.headers.get("authorization") else None
    async with db.request_transaction(state.pool) as conn:
        yield MaybeActorContext(
            conn=conn,
            actor=actor,
            settings=settings,
            now=now,
            language=language_of(request),
        )


async def provide_public_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[PublicContext, None]:
    settings: Settings = state.settings
    async with db.request_transaction(state.pool) as conn:
        yield PublicContext(
            conn=conn, settings=settings, now=state.clock(), language=language_of(request)
        )


# A handler takes exactly one of these, by name: ``ctx: Ctx`` (log-in required, JSON 401),
# ``page_ctx: PageCtx`` (an HTML page: no log-in sends the browser to the form),
# ``maybe_ctx: MaybeCtx`` or ``public_ctx: PublicCtx``; none when it needs no database.
DEPENDENCIES = {
    "ctx": Provide(provide_context),
    "page_ctx": Provide(provide_page_context),
    "maybe_ctx": Provide(provide_maybe_actor_context),
    "public_ctx": Provide(provide_public_context),
}

Ctx: TypeAlias = NamedDependency[Context]
PageCtx: TypeAlias = NamedDependency[Context]
MaybeCtx: TypeAlias = NamedDependency[MaybeActorContext]
PublicCtx: TypeAlias = NamedDependency[PublicContext]
