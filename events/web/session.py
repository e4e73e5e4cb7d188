"""Browser log-in: a form, a session cookie holding the signed bearer token, log-out (which
ends that token's session: the cookie no longer works, even if kept), and a small home page.

CSRF rule. The ``rencontres_session`` cookie authenticates GET and HEAD only
(``events.api.deps.bearer_of``): the JSON API's POST, PATCH, PUT and DELETE keep requiring the
``Authorization`` header, which another site cannot make a browser send. The forms that POST
here carry a double-submit token: a random value in the ``rencontres_csrf`` cookie
(HttpOnly, SameSite=Strict) that the form sends back in its hidden ``csrf_token`` field; another
site can neither read that cookie nor make the browser send it with its own form. A future staff
form follows the same rule (``csrf_ok``) before it trusts the session cookie on a POST."""

from __future__ import annotations

import hmac
import math
import re
import secrets
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.params import QueryParameter, URLEncodedBody
from litestar.response import Redirect, Template

from events import i18n
from events.actors import Actor
from events.api.deps import (
    SESSION_COOKIE,
    LoginCtx,
    PageCtx,
    PublicContext,
    PublicCtx,
    language_of,
    settings_of,
)
from events.directory import accounts
from events.errors import (
    CsrfFailed,
    InvalidCredentials,
    LoginRequired,
    NotAuthenticated,
    TooManyAttempts,
)
from events.settings import Settings
from events.web.pages import PRIVATE, LangQuery, page
from events.web.texts import LOGIN

CSRF_COOKIE = "rencontres_csrf"
_CSRF_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
_NEXT_MAX = 2000

NextQuery = Annotated[
    str | None,
    QueryParameter(
        name="next",
        required=False,
        description="Where to go after logging in: a path of this site; anything else is ignored.",
    ),
]


NoticeQuery = Annotated[
    Literal["password_set"] | None,
    QueryParameter(
        required=False,
        description="`password_set`: the form says the new password is saved "
        "(after `/password/{token}`).",
    ),
]


class LoginForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    email: Annotated[str, msgspec.Meta(max_length=254)] = ""
    password: Annotated[str, msgspec.Meta(max_length=200)] = ""
    next: Annotated[str, msgspec.Meta(max_length=_NEXT_MAX)] = ""
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


class LogoutForm(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    csrf_token: Annotated[str, msgspec.Meta(max_length=100)] = ""


def safe_next(value: str | None) -> str:
    """Where to send the browser after log-in: a path of this site (one leading "/", printable
    ASCII, no backslash, no scheme or host), never the log-in pages themselves; anything else,
    which could lead to another site, is the home page."""
    if not value or len(value) > _NEXT_MAX or not value.startswith("/") or value.startswith("//"):
        return "/"
    # Browsers read "\" as "/" and drop tabs and newlines: "/\evil" and "/\t/evil" lead away.
    if any(not ("!" <= char <= "~") or char == "\\" for char in value):
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or parts.path in ("/login", "/logout"):
        return "/"
    return value


def csrf_ok(request: Request[Any, Any, Any], sent: str) -> bool:
    """The form's token is the one in this browser's CSRF cookie."""
    kept = request.cookies.get(CSRF_COOKIE, "")
    return bool(_CSRF_SHAPE.fullmatch(kept)) and hmac.compare_digest(kept, sent)


async def form_actor(
    request: Request[Any, Any, Any], public_ctx: PublicContext, sent_token: str, *, next_path: str
) -> Actor:
    """Who sent a page's form: its CSRF token first (the double-submit rule above), and only
    then the session cookie, checked as on a GET (``accounts.check_session``); without a live
    session the browser goes to the log-in form and back to ``next_path``. What this person may
    do is the domain call's to say, made next."""
    if not csrf_ok(request, sent_token):
        raise CsrfFailed
    try:
        bearer = accounts.bearer_from_token(
            request.cookies.get(SESSION_COOKIE, "").strip(),
            settings=public_ctx.settings,
            now=public_ctx.now,
        )
        await accounts.check_session(public_ctx.conn, bearer=bearer, now=public_ctx.now)
    except NotAuthenticated as error:
        raise LoginRequired(next_path=next_path) from error
    return bearer.actor


def csrf_token(request: Request[Any, Any, Any]) -> str:
    kept = request.cookies.get(CSRF_COOKIE, "")
    return kept if _CSRF_SHAPE.fullmatch(kept) else secrets.token_urlsafe(32)


def _secure(settings: Settings) -> bool:
    return settings.public_url.lower().startswith("https://")


def csrf_cookie(token: str, settings: Settings) -> Cookie:
    return Cookie(
        key=CSRF_COOKIE,
        value=token,
        path="/",
        max_age=settings.token_ttl_seconds,
        httponly=True,
        samesite="strict",
        secure=_secure(settings),
    )


def _session_cookie(token: str, max_age: int, settings: Settings) -> Cookie:
    # Lax, not Strict: a recruiter following a link from an e-mail arrives logged in.
    return Cookie(
        key=SESSION_COOKIE,
        value=token,
        path="/",
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=_secure(settings),
    )


def _login_page(
    request: Request[Any, Any, Any],
    settings: Settings,
    language: i18n.Language,
    *,
    next_path: str,
    email: str = "",
    error: str | None = None,
    notice: str | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    token = csrf_token(request)
    return page(
        "login.html",
        language=language,
        context={
            "t": LOGIN[language],
            "next": next_path,
            "email": email,
            "error": error,
            "notice": notice,
            "csrf_token": token,
        },
        status_code=status_code,
        headers={**PRIVATE, **(headers or {})},
        cookies=[csrf_cookie(token, settings)],
    )


def _wait(seconds: int, language: i18n.Language) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return LOGIN[language]["minute" if minutes == 1 else "minutes"].format(minutes=minutes)


def to_login(request: Request[Any, Any, Any], exc: LoginRequired) -> Response[Any]:
    """A page without a valid log-in sends the browser to the form, to come back afterwards."""
    query = {"next": str(exc.params.get("next_path", "/"))}
    lang = request.query_params.get("lang")
    if lang in ("fr", "en"):
        query["lang"] = lang
    return Redirect(
        "/login", query_params=query, status_code=303, headers={"Cache-Control": "no-store"}
    )


class SessionController(Controller):
    tags = ("session",)

    @get(
        "/login",
        summary="The log-in form for browsers",
        description="French unless `lang=en` or the browser asks for English. `next`: the page "
        "of this site to go back to after logging in.",
        media_type=MediaType.HTML,
    )
    async def form(
        self,
        request: Request[Any, Any, Any],
        next_path: NextQuery = None,
        notice: NoticeQuery = None,
        lang: LangQuery = None,
    ) -> Template:
        language: i18n.Language = lang or language_of(request)
        return _login_page(
            request,
            settings_of(request),
            language,
            next_path=safe_next(next_path),
            notice=LOGIN[language][notice] if notice else None,
        )

    @post(
        "/login",
        summary="Log in from the form: sets the session cookie",
        description="Form fields `email`, `password`, `next`, `csrf_token` (from the form). "
        "303 to `next` with the `rencontres_session` cookie; the form again with a plain "
        "error otherwise: 401 wrong address or password (the same answer for both), 429 too "
        "many attempts (with `Retry-After`), 403 expired form.",
        media_type=MediaType.HTML,
        status_code=303,
    )
    async def submit(
        self,
        login_ctx: LoginCtx,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[LoginForm],
        lang: LangQuery = None,
    ) -> Response[Any]:
        chosen: i18n.Language = lang or login_ctx.language
        texts = LOGIN[chosen]
        target = safe_next(data.next)
        email = data.email.strip()

        def again(error: str, status_code: int, **headers: str) -> Template:
            return _login_page(
                request,
                login_ctx.settings,
                chosen,
                next_path=target,
                email=email,
                error=error,
                status_code=status_code,
                headers=headers,
            )

        if not csrf_ok(request, data.csrf_token):
            return again(texts["expired"], CsrfFailed.status_code)
        if not email or not data.password or "\x00" in email + data.password:
            return again(texts["missing"], 400)
        try:
            token = await accounts.log_in(
                login_ctx.pool,
                credentials=accounts.LoginIn(email=email, password=data.password),
                client=login_ctx.client,
                settings=login_ctx.settings,
                now=login_ctx.now,
            )
        except InvalidCredentials:
            # The failure was recorded, and committed, before the password was checked.
            return again(texts["wrong"], InvalidCredentials.status_code)
        except TooManyAttempts as refusal:
            seconds = int(str(refusal.params["seconds"]))
            return again(
                texts["too_many"].format(wait=_wait(seconds, chosen)),
                TooManyAttempts.status_code,
                **{"Retry-After": str(seconds)},
            )
        max_age = max(1, int((token.expires_at - login_ctx.now).total_seconds()))
        return Redirect(
            target,
            status_code=303,
            headers={"Cache-Control": "no-store"},
            cookies=[_session_cookie(token.access_token, max_age, login_ctx.settings)],
        )

    @post(
        "/logout",
        summary="Log out: ends the session and clears its cookie",
        description="Form field `csrf_token` (from the home page's form); 303 to the log-in form. "
        "The session's token stops working at once, even where the cookie was kept.",
        status_code=303,
    )
    async def log_out(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        data: URLEncodedBody[LogoutForm],
    ) -> Response[Any]:
        if not csrf_ok(request, data.csrf_token):
            raise CsrfFailed
        await accounts.log_out(
            public_ctx.conn,
            token=request.cookies.get(SESSION_COOKIE, ""),
            settings=public_ctx.settings,
            now=public_ctx.now,
        )
        return Redirect(
            "/login",
            status_code=303,
            headers={"Cache-Control": "no-store"},
            cookies=[_session_cookie("", 0, public_ctx.settings)],
        )

    @get(
        "/",
        summary="Home page of a logged-in browser",
        description="Who is logged in, and the log-out button. Without a log-in: 303 to `/login`.",
        media_type=MediaType.HTML,
    )
    async def home(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        lang: LangQuery = None,
    ) -> Template:
        chosen: i18n.Language = lang or page_ctx.language
        user = await accounts.get_user(page_ctx.conn, user_id=page_ctx.actor.id)
        token = csrf_token(request)
        return page(
            "home.html",
            language=chosen,
            context={
                "t": LOGIN[chosen],
                "user": user,
                "role": LOGIN[chosen][f"role_{user.role}"],
                "csrf_token": token,
            },
            headers=PRIVATE,
            cookies=[csrf_cookie(token, page_ctx.settings)],
        )
