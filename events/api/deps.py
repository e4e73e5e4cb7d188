"""What a controller gets from a request: ONE dependency, a context holding the connection, the
actor, the settings, the instant and the language.

One dependency, not five, because Litestar resolves a handler's independent dependencies in an
anyio task group (litestar#4563), which cost a check-in 0.1 to 0.2 ms of CPU; a single generator is
awaited directly. ``tests/test_dependencies.py`` keeps every handler at one.

Who is acting: the ``Authorization: Bearer`` header, or, for GET and HEAD only, the browser's
``rencontres_session`` cookie (the same signed token). A cookie is sent by the browser whatever
page started the request, so it never authorises a change: every other method needs the header,
and the HTML forms that change something check their own CSRF token (``events.web.session``).
The actor is decoded before a pool connection is taken: a request without a log-in takes none.
Then, first thing in the request's transaction, the token's session is looked up (one
primary-key read, ``accounts.check_session``): a log-out or a deactivation ends a token at once,
in every process.

Five contexts, five types, each with its own provider and parameter name. Litestar picks a
provider by the parameter's name only (``NamedDependency``), so ``check_handlers`` refuses, when
the app is built, a handler whose context name and type disagree (``page_ctx: Ctx``) or whose
context does not fit what it answers: an HTML page takes ``page_ctx`` (no log-in sends the
browser to the log-in form) or ``public_ctx``, never ``ctx`` or ``maybe_ctx`` (a JSON 401); a
JSON handler never takes ``page_ctx`` (a redirect to a form).

This module stays in ``api/``: every API controller needs it, and the pages in ``events.web``
import it from here (web → api); nothing in ``api/`` imports ``web/``."""

from __future__ import annotations

from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any, TypeAlias
from urllib.parse import quote

import msgspec
from litestar import MediaType, Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide
from litestar.exceptions import ImproperlyConfiguredException
from litestar.routes import BaseRoute, HTTPRoute

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


class PageContext(msgspec.Struct, frozen=True, kw_only=True):
    """An HTML page for a logged-in browser, inside its one transaction: the same fields as
    ``Context``, but a distinct type, so that a page cannot be given the API's context (which
    answers a missing log-in with JSON 401 instead of the log-in form)."""

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


class LoginContext(msgspec.Struct, frozen=True, kw_only=True):
    """A log-in, which holds NO connection: checking a password costs Argon2 time that must not
    keep a pool connection from other requests, so ``accounts.log_in`` takes one from ``pool``
    only for its short reads and writes. ``client`` is the address the request came from (the
    reverse proxy's, unless uvicorn was told to trust it: see the README)."""

    pool: Any
    client: str
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


def bearer_token(request: Request[Any, Any, Any]) -> str:
    """The token of the ``Authorization: Bearer`` header; "" when there is none."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


def bearer_of(
    request: Request[Any, Any, Any], settings: Settings, now: datetime
) -> accounts.Bearer:
    """The bearer header when there is one; else the session cookie, on GET and HEAD only."""
    if request.headers.get("authorization") is not None:
        token = bearer_token(request)
    elif request.method in _SAFE_METHODS:
        token = request.cookies.get(SESSION_COOKIE, "").strip()
    else:
        token = ""
    if not token:
        raise NotAuthenticated
    return accounts.bearer_from_token(token, settings=settings, now=now)


def page_bearer_of(
    request: Request[Any, Any, Any], settings: Settings, now: datetime
) -> accounts.Bearer:
    """As ``bearer_of``, but a page sends a browser without a valid log-in to the log-in form
    (see ``LoginRequired``), to come back here afterwards."""
    try:
        return bearer_of(request, settings, now)
    except NotAuthenticated as error:
        raise LoginRequired(next_path=_here(request)) from error


def _here(request: Request[Any, Any, Any]) -> str:
    """This request's path and query as the browser sent them (still percent-encoded)."""
    raw = request.scope.get("raw_path") or quote(request.scope["path"]).encode()
    query = request.scope.get("query_string", b"")
    path = bytes(raw).decode("latin-1")
    return f"{path}?{bytes(query).decode('latin-1')}" if query else path


async def provide_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[Context, None]:
    """The actor first (a refused request takes no pool connection), then the transaction,
    whose first read is the token's session."""
    settings: Settings = state.settings
    now: datetime = state.clock()
    bearer = bearer_of(request, settings, now)
    # ``async with`` around the yield: an error thrown in at the yield must reach the
    # transaction, which commits or rolls back on it.
    async with db.request_transaction(state.pool) as conn:
        await accounts.check_session(conn, bearer=bearer, now=now)
        yield Context(
            conn=conn, actor=bearer.actor, settings=settings, now=now, language=language_of(request)
        )


async def provide_page_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[PageContext, None]:
    """As ``provide_context``, but a browser without a valid log-in goes to the log-in form."""
    settings: Settings = state.settings
    now: datetime = state.clock()
    bearer = page_bearer_of(request, settings, now)
    async with db.request_transaction(state.pool) as conn:
        try:
            await accounts.check_session(conn, bearer=bearer, now=now)
        except NotAuthenticated as error:
            raise LoginRequired(next_path=_here(request)) from error
        yield PageContext(
            conn=conn, actor=bearer.actor, settings=settings, now=now, language=language_of(request)
        )


async def provide_maybe_actor_context(
    request: Request[Any, Any, Any], state: State
) -> AsyncGenerator[MaybeActorContext, None]:
    settings: Settings = state.settings
    now: datetime = state.clock()
    bearer = bearer_of(request, settings, now) if request.headers.get("authorization") else None
    async with db.request_transaction(state.pool) as conn:
        if bearer is not None:
            await accounts.check_session(conn, bearer=bearer, now=now)
        yield MaybeActorContext(
            conn=conn,
            actor=bearer.actor if bearer else None,
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


async def provide_login_context(request: Request[Any, Any, Any], state: State) -> LoginContext:
    client = request.client.host if request.client else ""
    return LoginContext(
        pool=state.pool,
        client=client,
        settings=state.settings,
        now=state.clock(),
        language=language_of(request),
    )


# A handler takes exactly one of these, by name: ``ctx: Ctx`` (log-in required, JSON 401),
# ``page_ctx: PageCtx`` (an HTML page or its download: no log-in sends the browser to the form),
# ``maybe_ctx: MaybeCtx``, ``public_ctx: PublicCtx`` or ``login_ctx: LoginCtx`` (a log-in,
# which holds no connection); none when it needs no database.
DEPENDENCIES = {
    "ctx": Provide(provide_context),
    "page_ctx": Provide(provide_page_context),
    "maybe_ctx": Provide(provide_maybe_actor_context),
    "public_ctx": Provide(provide_public_context),
    "login_ctx": Provide(provide_login_context),
}
# The type each name's provider yields: ``check_handlers`` holds every handler to it.
CONTEXT_TYPES: dict[str, type] = {
    "ctx": Context,
    "page_ctx": PageContext,
    "maybe_ctx": MaybeActorContext,
    "public_ctx": PublicContext,
    "login_ctx": LoginContext,
}

Ctx: TypeAlias = NamedDependency[Context]
PageCtx: TypeAlias = NamedDependency[PageContext]
MaybeCtx: TypeAlias = NamedDependency[MaybeActorContext]
PublicCtx: TypeAlias = NamedDependency[PublicContext]
LoginCtx: TypeAlias = NamedDependency[LoginContext]


def context_mistakes(routes: Iterable[BaseRoute]) -> list[str]:
    """Each handler whose context is not the one its name provides, or not one for what it
    answers (see the module's docstring)."""
    by_type = {kind: name for name, kind in CONTEXT_TYPES.items()}
    mistakes = []
    for route in routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method, (handler, _) in route.route_handler_map.items():
            where = f"{method} {route.path} ({handler.handler_name})"
            page = handler.media_type == MediaType.HTML
            for name, parameter in handler.parsed_fn_signature.parameters.items():
                kind = parameter.annotation
                if name in CONTEXT_TYPES and kind is not CONTEXT_TYPES[name]:
                    expected = CONTEXT_TYPES[name].__name__
                    mistakes.append(f"{where}: `{name}` must be a {expected}")
                elif kind in by_type and name != by_type[kind]:
                    mistakes.append(f"{where}: a {kind.__name__} is named `{by_type[kind]}`")
                elif page and name in ("ctx", "maybe_ctx"):
                    mistakes.append(f"{where}: a page takes page_ctx or public_ctx, not `{name}`")
                elif name == "page_ctx" and handler.media_type == MediaType.JSON:
                    mistakes.append(f"{where}: `page_ctx` is for pages and their downloads")
    return mistakes


def check_handlers(routes: Iterable[BaseRoute]) -> None:
    """Refuse to build an app with a handler given the wrong context."""
    mistakes = context_mistakes(routes)
    if mistakes:
        raise ImproperlyConfiguredException("wrong request context: " + "; ".join(mistakes))


# --- the hot routes: one statement alone ---------------------------------------------------


class StatementContext(msgspec.Struct, frozen=True, kw_only=True):
    """A request whose work is one statement run alone (``db.statement_alone``: a scan at the
    door, a registration): the pool rather than a connection, and the bearer, whose session
    that statement checks itself, so the request makes one round trip in all. What it cannot
    do alone runs in the request's usual transaction (``in_transaction``)."""

    pool: Any
    bearer: accounts.Bearer
    settings: Settings
    now: datetime
    language: Language


async def provide_statement_context(request: Request[Any, Any, Any]) -> StatementContext:
    """The actor first (a refused request takes no pool connection), as ``provide_context``;
    the session is checked by the statement. The app's state is read from the request: a
    provider that takes ``state: State`` is handed a new copy of it on every request."""
    state = request.app.state
    settings: Settings = state.settings
    now: datetime = state.clock()
    return StatementContext(
        pool=state.pool,
        bearer=bearer_of(request, settings, now),
        settings=settings,
        now=now,
        language=language_of(request),
    )


@asynccontextmanager
async def in_transaction(statement_ctx: StatementContext) -> AsyncIterator[Context]:
    """The request's usual context, for what a hot route's statement does not do alone: its
    transaction (``db.request_transaction``), whose first read is the token's session, as
    ``provide_context`` opens it."""
    async with db.request_transaction(statement_ctx.pool) as conn:
        await accounts.check_session(conn, bearer=statement_ctx.bearer, now=statement_ctx.now)
        yield Context(
            conn=conn,
            actor=statement_ctx.bearer.actor,
            settings=statement_ctx.settings,
            now=statement_ctx.now,
            language=statement_ctx.language,
        )


DEPENDENCIES["statement_ctx"] = Provide(provide_statement_context)
CONTEXT_TYPES["statement_ctx"] = StatementContext
StatementCtx: TypeAlias = NamedDependency[StatementContext]
