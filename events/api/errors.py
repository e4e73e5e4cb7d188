"""One error body for every refusal: ``{"status_code", "code", "detail", "extra"?}``."""

from __future__ import annotations

import logging
import re
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
    if error.status_code == 429 and retry is not None:
        headers["Retry-After"] = str(retry)
    return Response(body, status_code=error.status_code, media_type=MediaType.JSON, headers=headers)


_NAMED_FIELD = re.compile(r"(?:missing required|contains unknown) field `(?P<name>[^`]+)`")


def _from_validation(exc: ValidationException) -> DomainError:
    problems = exc.extra if isinstance(exc.extra, list) else []
    first = problems[0] if problems and isinstance(problems[0], dict) else {}
    message = str(first.get("message", exc.detail))
    if "JSON is malformed" in message or "Input data was truncated" in message:
        return MalformedBody()
    field = str(first.get("key") or first.get("source") or "body")
    # msgspec names a missing or unknown field only in its message; name it in `field` too.
    named = _NAMED_FIELD.search(message)
    if named:
        parent = "" if field in ("data", "body") else f"{field}."
        field = f"{parent}{named['name']}"
    error = InvalidInput(field=field, reason_fr=_french(message), reason_en=message)
    error.extra = {"field": field, "problems": problems}
    return error


# Litestar files an invalid body field that shares its name with a dependency (``language``,
# ``now`` ...) under the dependency and answers 500; the error's path shows it is the body's.
_BODY_PATH = re.compile(r"^(?P<message>.*) - at `\$\.data\.(?P<field>[^`]+)`$", re.DOTALL)


def _from_body_named_like_a_dependency(exc: Exception) -> DomainError | None:
    cause = exc.__cause__
    if not isinstance(exc, InternalServerException) or not isinstance(
        cause, msgspec.ValidationError
    ):
        return None
    found = _BODY_PATH.match(str(cause))
    if found is None:
        return None
    field, message = found["field"], found["message"]
    error = InvalidInput(field=field, reason_fr=_french(message), reason_en=message)
    error.extra = {
        "field": field,
        "problems": [{"message": message, "key": field, "source": "body"}],
    }
    return error


def _french(message: str) -> str:
    """msgspec's messages in plain French, for the common cases."""
    replacements = (
        ("Object missing required field", "Champ obligatoire manquant :"),
        ("Object contains unknown field", "Champ inconnu :"),
        ("Expected `", "Attendu : `"),
        ("`, got `", "`, reçu : `"),
        ("Expected", "Attendu :"),
        ("Invalid enum value", "Valeur non prévue :"),
        ("length <=", "longueur au plus"),
        ("length >=", "longueur au moins"),
        ("matching regex", "au bon format"),
        ("Invalid RFC3339 encoded datetime", "Date et heure au mauvais format (RFC 3339)"),
        ("Invalid UUID", "Identifiant au mauvais format"),
    )
    for english, french in replacements:
        message = message.replace(english, french)
    return message


def handle(request: Request[Any, Any, Any], exc: Exception) -> Response[ErrorBody]:
    if isinstance(exc, DomainError):
        return _respond(request, exc)
    if isinstance(exc, ValidationException):
        return _respond(request, _from_validation(exc))
    if isinstance(exc, NotAuthorizedException):
        return _respond(request, NotAuthenticated())
    if isinstance(exc, PermissionDeniedException):
        return _respond(request, Forbidden())
    if isinstance(exc, NotFoundException):
        return _respond(request, NotFound())
    if isinstance(exc, MethodNotAllowedException):
        return _respond(request, MethodNotAllowed())
    if isinstance(exc, HTTPException) and isinstance(exc.__cause__, SerializationException):
        return _respond(request, MalformedBody())
    if isinstance(exc, RecursionError):
        # msgspec gives up on JSON nested ~1000 deep; our own code does not recurse.
        return _respond(request, MalformedBody())
    if isinstance(exc, HTTPException) and exc.status_code == 413:
        return _respond(request, BodyTooLarge())
    if isinstance(exc, HTTPException) and exc.status_code < 500:
        return _respond(request, BadRequest(extra={"reason": str(exc.detail)}))
    body_error = _from_body_named_like_a_dependency(exc)
    if body_error is not None:
        return _respond(request, body_error)
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return _respond(request, Internal())
