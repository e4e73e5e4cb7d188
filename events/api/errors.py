"""One error body for every refusal: ``{"status_code", "code", "detail", "extra"?}``.

``as_domain_error`` turns whatever a request raised into its ``DomainError``; ``handle`` answers
it as JSON, and the pages (``events.web.pages``) as an HTML page."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import MediaType, Request, Response
from litestar.exceptions import (
    HTTPException,
    InternalServerException,
    MethodNotAllowedException,
    NotAuthorizedException,
    NotFoundException,
    PermissionDeniedException,
    SerializationException,
    ValidationException,
)
from litestar.handlers import HTTPRouteHandler
from litestar.params import ParameterKwarg
from litestar.typing import FieldDefinition

from events import redact
from events.errors import (
    BadRequest,
    BodyTooLarge,
    DomainError,
    Forbidden,
    Internal,
    InvalidInput,
    MalformedBody,
    MethodNotAllowed,
    NotAuthenticated,
    NotFound,
    read_validation,
)
from events.i18n import negotiate

log = logging.getLogger("events")


class ErrorBody(msgspec.Struct, omit_defaults=True):
    status_code: int
    code: str
    detail: str
    extra: dict[str, Any] | None = None


def _respond(request: Request[Any, Any, Any], error: DomainError) -> Response[ErrorBody]:
    language = negotiate(request.headers.get("accept-language"))
    body = ErrorBody(
        status_code=error.status_code,
        code=error.code,
        detail=error.detail(language),
        extra=error.extra,
    )
    headers: dict[str, str] = {"Content-Language": language}
    retry = error.params.get("seconds")
    if error.status_code in (429, 503) and retry is not None:
        headers["Retry-After"] = str(retry)
    return Response(body, status_code=error.status_code, media_type=MediaType.JSON, headers=headers)


def _from_validation(request: Request[Any, Any, Any], exc: ValidationException) -> DomainError:
    """Litestar's refusal of a query parameter, a form or a body it read itself (JSON bodies
    are read by ``events.api.body``), in plain words naming the field."""
    problems = exc.extra if isinstance(exc.extra, list) else []
    first = problems[0] if problems and isinstance(problems[0], dict) else {}
    message = str(first.get("message", exc.detail))
    if "JSON is malformed" in message or "Input data was truncated" in message:
        return MalformedBody()
    key = str(first.get("key") or first.get("source") or "body")
    # Litestar names the body "data" (or "body"): a field at its top is named alone.
    read = read_validation(message, at="" if key in ("data", "body") else key)
    if first.get("source") == "body" or key in ("data", "body"):
        return InvalidInput.from_validation(read, shape=_declared(request, "data"))
    # A query parameter: its type is the parameter's own, and its name the one in the address.
    parameter = _parameter(request, key)
    return InvalidInput.from_validation(
        read,
        shape=parameter.annotation if parameter else None,
        path="",
        field=_written_name(parameter, key),
    )


def _parameter(request: Request[Any, Any, Any], name: str) -> FieldDefinition | None:
    handler = request.scope.get("route_handler")
    if not isinstance(handler, HTTPRouteHandler):
        return None
    return handler.parsed_fn_signature.parameters.get(name)


def _declared(request: Request[Any, Any, Any], name: str) -> Any:
    """The type the handler declares for its parameter ``name`` (``data``: the body)."""
    parameter = _parameter(request, name)
    return parameter.annotation if parameter else None


def _written_name(parameter: FieldDefinition | None, key: str) -> str:
    """A query parameter as the address names it (``starts_from`` is written ``from``)."""
    kwarg = parameter.kwarg_definition if parameter else None
    return kwarg.name if isinstance(kwarg, ParameterKwarg) and kwarg.name else key


def _from_body_named_like_a_dependency(
    request: Request[Any, Any, Any], exc: Exception
) -> DomainError | None:
    """Litestar files an invalid body field that shares its name with a dependency
    (``language``, ``now`` ...) under the dependency and answers 500; the error's path shows it
    is the body's."""
    cause = exc.__cause__
    if not isinstance(exc, InternalServerException) or not isinstance(
        cause, msgspec.ValidationError
    ):
        return None
    read = read_validation(str(cause))
    body, _, field = read.at.partition(".")
    if body != "data" or not field:
        return None
    return InvalidInput.from_validation(
        read_validation(read.words, at=field), shape=_declared(request, "data")
    )


def as_domain_error(request: Request[Any, Any, Any], exc: Exception) -> DomainError:
    """The refusal a request's exception stands for; an unexpected one is logged (with its
    trace, for us) and becomes ``Internal`` (without it, for the client)."""
    if isinstance(exc, DomainError):
        return exc
    if (
        isinstance(exc, ExceptionGroup)
        and len(exc.exceptions) == 1
        and isinstance(exc.exceptions[0], DomainError)
    ):
        # Litestar wraps what a dependency raises on its way out (``db.request_transaction``
        # turning a lost connection into ``DatabaseUnavailable``) in a group of its own.
        return exc.exceptions[0]
    if isinstance(exc, ValidationException):
        return _from_validation(request, exc)
    if isinstance(exc, NotAuthorizedException):
        return NotAuthenticated()
    if isinstance(exc, PermissionDeniedException):
        return Forbidden()
    if isinstance(exc, NotFoundException):
        return NotFound()
    if isinstance(exc, MethodNotAllowedException):
        return MethodNotAllowed()
    if isinstance(exc, HTTPException) and isinstance(exc.__cause__, SerializationException):
        return MalformedBody()
    if isinstance(exc, RecursionError):
        # msgspec gives up on JSON nested ~1000 deep; our own code does not recurse.
        return MalformedBody()
    if isinstance(exc, HTTPException) and exc.status_code == 413:
        return BodyTooLarge()
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        return BadRequest(extra={"reason": str(exc.detail)})
    body_error = _from_body_named_like_a_dependency(request, exc)
    if body_error is not None:
        return body_error
    # The path may hold a ticket's or a password link's token: written hidden (``redact``).
    path = redact.path(request.url.path)
    log.exception("unexpected error on %s %s", request.method, path, exc_info=exc)
    return Internal()


def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    return _respond(request, as_domain_error(request, exc))
