"""Dependencies every controller can ask for by name: ``conn``, ``actor``, ``settings``, ``now``.

Who is acting: the ``Authorization: Bearer`` header, or, for GET and HEAD only, the browser's
``rencontres_session`` cookie (the same signed token). A cookie is sent by the browser whatever
page started the request, so it never authorises a change: every other method needs the header,
and the HTML forms that change something check their own CSRF token (``events.web.session``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeAlias
from urllib.parse import quote

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from events import accounts, db
from events.actors import Actor
from events.errors import LoginRequired, NotAuthenticated
from events.i18n import Language, negotiate
from events.settings import Settings


def provide_settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


SESSION_COOKIE = "rencontres_session"
_SAFE_METHODS = frozenset({"GET", "HEAD"})


def provide_actor(request: Request[Any, Any, Any], state: State) -> Actor:
    """The bearer header when there is one; else the session cookie, on GET and HEAD only."""
    header = request.headers.get("authorization")
    if header is None and request.method in _SAFE_METHODS:
        header = f"Bearer {request.cookies.get(SESSION_COOKIE, '')}"
    scheme, _, token = (header or "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated
    return accounts.actor_from_token(token.strip(), settings=state.settings)


def provide_page_actor(request: Request[Any, Any, Any], state: State) -> Actor:
    """As ``provide_actor``, but a page sends a browser without a valid log-in to the log-in
    form (see ``LoginRequired``), to come back here afterwards."""
    try:
        return provide_actor(request, state)
    except NotAuthenticated as error:
        raise LoginRequired(next_path=_here(request)) from error


def _here(request: Request[Any, Any, Any]) -> str:
    """This request's path and query as the browser sent them (still percent-encoded)."""
    raw = request.scope.get("raw_path") or quote(request.scope["path"]).encode()
    query = request.scope.get("query_string", b"")
    path = bytes(raw).decode("latin-1")
    return f"{path}?{bytes(query).decode('latin-1')}" if query else path


def provide_now() -> datetime:
    return datetime.now(UTC)


def provide_language(request: Request[Any, Any, Any]) -> Language:
    return negotiate(request.headers.get("accept-language"))


# A controller of HTML pages sets ``dependencies = PAGE_DEPENDENCIES``: same ``actor`` name.
PAGE_DEPENDENCIES = {"actor": Provide(provide_page_actor, sync_to_thread=False)}

DEPENDENCIES = {
    "conn": Provide(db.provide_connection),
    "actor": Provide(provide_actor, sync_to_thread=False),
    "settings": Provide(provide_settings, sync_to_thread=False),
    "now": Provide(provide_now, sync_to_thread=False),
    "language": Provide(provide_language, sync_to_thread=False),
}

# Handlers name what they need with these, e.g. ``conn: Conn, actor: CurrentActor``.
Conn: TypeAlias = NamedDependency[Any]
CurrentActor: TypeAlias = NamedDependency[Actor]
CurrentSettings: TypeAlias = NamedDependency[Settings]
Now: TypeAlias = NamedDependency[datetime]
Lang: TypeAlias = NamedDependency[Language]
