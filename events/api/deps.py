"""Dependencies every controller can ask for by name: ``conn``, ``actor``, ``settings``, ``now``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, TypeAlias

from litestar import Request
from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from events import accounts, db
from events.actors import Actor
from events.errors import NotAuthenticated
from events.i18n import Language, negotiate
from events.settings import Settings


def provide_settings(state: State) -> Settings:
    settings: Settings = state.settings
    return settings


def provide_actor(request: Request[Any, Any, Any], state: State) -> Actor:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise NotAuthenticated
    return accounts.actor_from_token(token.strip(), settings=state.settings)


def provide_now() -> datetime:
    return datetime.now(UTC)


def provide_language(request: Request[Any, Any, Any]) -> Language:
    return negotiate(request.headers.get("accept-language"))


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
