"""Query parameters: ``limit`` (1 to 200, 50 by default) and ``cursor``, which every list takes;
``from`` and ``to``, the time window of the event lists and the calendar feed; and the rule that
an API address refuses a query parameter it does not take.

Constraints are given through ``QueryParameter``: Litestar checks those on query strings, not
``msgspec.Meta``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

import msgspec
from litestar import Request
from litestar.constants import RESERVED_KWARGS
from litestar.enums import ParamType
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg, QueryParameter

from events.errors import InvalidInput, UnknownParameter
from events.fields import AwareDatetime, has_utc_time
from events.pagination import MAX_LIMIT

Limit = Annotated[
    int,
    QueryParameter(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT})."),
]
Cursor = Annotated[
    str | None,
    QueryParameter(max_length=500, description="The `next_cursor` of the previous page."),
]
# Read as text and parsed here, so that a refusal names the parameter as the client wrote it.
From = Annotated[
    str | None,
    QueryParameter(
        name="from",
        format="date-time",
        max_length=64,
        description="Events starting at or after this instant (RFC 3339, with its offset).",
    ),
]
To = Annotated[
    str | None,
    QueryParameter(
        name="to",
        format="date-time",
        max_length=64,
        description="Events starting before this instant (RFC 3339, with its offset).",
    ),
]


def instant(value: str | None, name: str) -> datetime | None:
    """A query bound: an RFC 3339 date and time with its UTC offset, whose time in UTC exists
    (``0001-01-01T00:00:00+14:00`` is before the first instant there is)."""
    if value is None:
        return None
    try:
        parsed: datetime = msgspec.convert(value, AwareDatetime)
    except msgspec.ValidationError as error:
        raise _not_an_instant(name) from error
    if not has_utc_time(parsed):
        raise _not_an_instant(name)
    return parsed


def _not_an_instant(name: str) -> InvalidInput:
    return InvalidInput(
        field=name,
        reason_fr=f"Le paramètre « {name} » doit être une date et une heure avec le décalage "
        "horaire, par exemple 2026-05-04T09:00:00+02:00 (le + s'écrit %2B dans une adresse).",
        reason_en=f"The parameter '{name}' must be a date and time with its UTC offset, for "
        "example 2026-05-04T09:00:00+02:00 (write + as %2B in an address).",
    )


def query_names(handler: HTTPRouteHandler, path_names: set[str]) -> set[str]:
    """The query parameters a handler takes, as they are written in the address (``from``)."""
    dependencies = handler.resolve_dependencies()
    names = set()
    for name, parameter in handler.parsed_fn_signature.parameters.items():
        if name in RESERVED_KWARGS or name in dependencies or name in path_names:
            continue
        kwarg = parameter.kwarg_definition
        if isinstance(kwarg, ParameterKwarg):
            if kwarg.param_type is ParamType.QUERY:
                names.add(kwarg.name or name)
        elif kwarg is None:
            names.add(name)
    return names


async def refuse_unknown_parameters(request: Request[Any, Any, Any]) -> None:
    """Before every API handler: a query parameter it does not take is refused, naming it and
    those it takes; dropped, a misspelt or unsupported filter would answer the whole list as if
    it were the filtered one. Pages keep their lenient query strings. A coroutine although it
    awaits nothing: Litestar runs a plain function hook in a worker thread, a thread hop on
    every request (17 % of a check-in's samples under load, py-spy)."""
    if not request.scope.get("query_string") or not request.scope["path"].startswith("/api/"):
        return
    known = query_names(request.route_handler, set(request.path_params))
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise UnknownParameter(unknown=unknown, known=sorted(known))
