"""What the API promises beyond its bodies, in one place: who may call an operation (the security
schemes), what each operation refuses (its 4xx answers in the OpenAPI schema), and which
answers no cache may keep.

Refusals are built from the ``DomainError`` classes themselves, so that a status, a code and its
words cannot drift from ``events.errors``: an operation lists the classes it may raise in its
decorator, ``responses=refusals(*LOGGED_IN, *JSON_BODY, EventNotFound)``, and each status gets
one answer in the one error body (``events.api.errors.ErrorBody``) with an example per code.
The groups below are the refusals every operation of a kind shares; ``tests/test_openapi.py``
holds every operation to them (behind a log-in: ``LOGGED_IN``; reading a JSON body:
``JSON_BODY``; a list: ``PAGED``; any other parameter: ``PARAMETERS``).

Caching: every answer is ``Cache-Control: no-store`` unless its handler says otherwise
(``PRIVATE_ANSWERS`` is the app's default, set in ``events.app``): nearly every answer names
people, holds contact details or a ticket's key, and a new endpoint is then private until
someone decides it is not. The few public ones (the skills vocabulary, the calendar feed, an
event's public page) say ``cache_control=PUBLIC_ANSWERS``."""

from __future__ import annotations

from typing import Final

from litestar.datastructures import CacheControlHeader
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example, SecurityRequirement, SecurityScheme

from events.api.deps import SESSION_COOKIE
from events.api.errors import ErrorBody
from events.errors import (
    BodyTooLarge,
    DomainError,
    InvalidCursor,
    InvalidInput,
    JsonRequired,
    MalformedBody,
    NotAuthenticated,
    UnknownParameter,
)

# --- who may call ---------------------------------------------------------------------------

SECURITY_SCHEMES: Final[dict[str, SecurityScheme]] = {
    "bearer": SecurityScheme(
        type="http",
        scheme="bearer",
        bearer_format="signed token",
        description="The `access_token` of `POST /api/v1/auth/token`, sent as "
        "`Authorization: Bearer <token>`. A browser logged in through `/login` may read "
        "(GET, HEAD) with its session cookie instead; every change needs the header.",
    ),
    "session": SecurityScheme(
        type="apiKey",
        name=SESSION_COOKIE,
        security_scheme_in="cookie",
        description="Set by the log-in form (`POST /login`); HttpOnly, accepted on GET and HEAD "
        "only. Pages without it send the browser to `/login`.",
    ),
}
# An operation behind a log-in (``ctx``).
BEARER: Final[list[SecurityRequirement]] = [{"bearer": []}]
# A page behind a log-in (``page_ctx``).
SESSION: Final[list[SecurityRequirement]] = [{"session": []}]
# An operation anyone may call, acting as someone when a bearer token is sent (``maybe_ctx``).
OPTIONAL_BEARER: Final[list[SecurityRequirement]] = [{"bearer": []}, {}]

# --- what they refuse -----------------------------------------------------------------------

# Behind a log-in: no token, or one that is forged or expired (401). A refusal of one's role or
# of an object that is not one's own is ``Forbidden`` (403), listed by the operations that give
# it (many answer 404 instead, where existence itself is private).
LOGGED_IN: Final = (NotAuthenticated,)
# Reading a JSON body: not JSON at all, malformed, invalid (a field named), too large.
JSON_BODY: Final = (InvalidInput, JsonRequired, MalformedBody, BodyTooLarge)
# A list: a bad or unknown filter, a bad ``limit``, a cursor this list did not give.
PAGED: Final = (InvalidInput, UnknownParameter, InvalidCursor)
# Any other operation with a parameter (in the path, the query or a header): one it cannot read
# is ``invalid_input``. Litestar gives every such operation a 400 in its own shape, even for a
# path id (a malformed one matches no route, and answers 404): this puts that 400 in ours.
PARAMETERS: Final = (InvalidInput,)

_HTML_NOTE = (
    "Answered as an HTML page in plain words, in the reader's language; the stable code is in "
    "its `<main data-code>`."
)


def _unique(errors: tuple[type[DomainError], ...]) -> list[type[DomainError]]:
    return sorted(set(errors), key=lambda error: error.code)


def _by_status(errors: tuple[type[DomainError], ...]) -> dict[int, list[type[DomainError]]]:
    grouped: dict[int, list[type[DomainError]]] = {}
    for error in _unique(errors):
        grouped.setdefault(error.status_code, []).append(error)
    return dict(sorted(grouped.items()))


def _description(errors: list[type[DomainError]]) -> str:
    return "\n".join(f"- `{error.code}`: {error.en} / {error.fr}" for error in errors)


def refusals(*errors: type[DomainError]) -> dict[int, ResponseSpec]:
    """The 4xx answers of a JSON operation that may raise ``errors``: one per status, in the one
    error body, its codes listed and each given as an example (``detail`` in French, the
    default; ``{…}`` marks what the refusal fills in)."""
    return {
        status: ResponseSpec(
            data_container=ErrorBody,
            generate_examples=False,
            description=_description(group),
            examples=[
                Example(
                    id=error.code,
                    summary=error.en,
                    value={"status_code": status, "code": error.code, "detail": error.fr},
                )
                for error in group
            ],
        )
        for status, group in _by_status(errors).items()
    }


def page_refusals(*errors: type[DomainError]) -> dict[int, ResponseSpec]:
    """The 4xx answers of an HTML page that may raise ``errors`` (``events.web.pages``)."""
    return {
        status: ResponseSpec(
            data_container=str,
            generate_examples=False,
            media_type="text/html",
            description=f"{_HTML_NOTE}\n\n{_description(group)}",
        )
        for status, group in _by_status(errors).items()
    }


# --- what no cache may keep -----------------------------------------------------------------

# The app's default: the answer is not stored anywhere, by the browser or on the way.
PRIVATE_ANSWERS: Final = CacheControlHeader(no_store=True)
# Public data (no person, no key in it): any cache may keep it for five minutes.
PUBLIC_ANSWERS: Final = CacheControlHeader(public=True, max_age=300)
