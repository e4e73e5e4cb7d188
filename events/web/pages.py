"""What every page shares: the templates and their scripts, the language switch, the headers
every page carries, and the HTML error page.

Every page goes through ``page``, which sets the headers no page may go without: a
Content-Security-Policy that lets a page run only this site's own script files (no inline
script, no other site's code, no framing by another site; its one ``<style>`` is let through
by a nonce drawn for this answer) and ``X-Content-Type-Options: nosniff``. The error page is a
page too. Scripts live in ``static/js/``, one ES module per page, served from the package.

A refusal on a page is answered by a page in plain words, in the reader's language (``?lang=``,
else the browser's), with the status the JSON API gives for it: ``events.api.errors`` decides
which refusal an exception stands for, once for both. The stable code is in the page's
``data-code`` for support and tests, never in the words; no trace is ever shown."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Annotated, Any, Final, Literal

from litestar import Request, Response, Router
from litestar.datastructures import CacheControlHeader, Cookie
from litestar.params import QueryParameter
from litestar.response import Template
from litestar.static_files import create_static_files_router

from events.api.errors import as_domain_error
from events.i18n import Language, negotiate
from events.web.texts import ERROR

TEMPLATES: Final = Path(__file__).resolve().parent / "templates"
STATIC: Final = Path(__file__).resolve().parent / "static"

LangQuery = Annotated[
    Literal["fr", "en"] | None,
    QueryParameter(name="lang", required=False, description="`en` for English; French by default."),
]
# A page may hold the holder's key (a ticket token) or a person's name: kept out of the referrer
# sent to the next site, and out of caches by the app's default (``events.api.contract``).
PRIVATE: Final = {"Referrer-Policy": "no-referrer"}
# Scripts: this site's files only. Styles: the page's own ``<style>``, by its nonce. Images and
# requests from a script: this site's (a QR is inline SVG, part of the page). Forms: to this
# site only. Framing: by no one. Anything else: nothing.
_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'nonce-{nonce}'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


def other(language: Language) -> Language:
    return "en" if language == "fr" else "fr"


def page(
    template_name: str,
    *,
    language: Language,
    context: dict[str, Any],
    headers: dict[str, str],
    status_code: int = 200,
    cookies: list[Cookie] | None = None,
) -> Template:
    """A page in ``language``, with what ``base.html`` needs (the language and the other one,
    the nonce of its style) and the headers every page carries, which ``headers`` cannot
    override."""
    nonce = secrets.token_urlsafe(18)
    return Template(
        template_name=template_name,
        # The page's own words come first and ours last: a context key named like one of ours
        # (a "nonce" of the page's own) must not replace the nonce the policy lets through.
        context={**context, "language": language, "other": other(language), "nonce": nonce},
        status_code=status_code,
        headers={
            **headers,
            "Content-Language": language,
            "Content-Security-Policy": _POLICY.format(nonce=nonce),
            "X-Content-Type-Options": "nosniff",
        },
        cookies=cookies,
    )


def static_files() -> Router:
    """The pages' script files, from the package (nothing is loaded from another site). A
    browser asks again before using its copy (``no-cache``), so a new version is seen at once."""
    return create_static_files_router(
        path="/static", directories=[STATIC], cache_control=CacheControlHeader(no_cache=True)
    )


def reader_language(request: Request[Any, Any, Any]) -> Language:
    """``?lang=`` when it is one we speak, else the browser's choice, else French."""
    asked = request.query_params.get("lang")
    if asked == "en":
        return "en"
    if asked == "fr":
        return "fr"
    return negotiate(request.headers.get("accept-language"))


def error_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    """Any refusal on a page, as a page: what went wrong and what to do, in plain words."""
    error = as_domain_error(request, exc)
    language = reader_language(request)
    words = ERROR[language]
    if error.status_code >= 500:
        heading, advice = words["title_server"], words["help_server"]
    elif error.status_code == 404:
        heading, advice = words["title_not_found"], words["help"]
    else:
        heading, advice = words["title"], words["help"]
    # An exception handler's answer gets none of the handlers' headers: the default is said here.
    headers = {**PRIVATE, "Cache-Control": "no-store"}
    retry = error.params.get("seconds")
    if error.status_code in (429, 503) and retry is not None:
        headers["Retry-After"] = str(retry)
    return page(
        "error.html",
        language=language,
        status_code=error.status_code,
        headers=headers,
        context={
            "t": words,
            "heading": heading,
            "detail": error.detail(language),
            "advice": advice,
            "code": error.code,
            # The switch reloads this address: only a page that was read (GET) can be.
            "switch": request.method in ("GET", "HEAD"),
        },
    )
