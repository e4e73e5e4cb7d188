"""The pages where one chooses a password, for anyone with the link (no log-in): asking for a
reset link (``/password/forgot``, then ``/password/sent``, the same page whatever the address),
and choosing the password from a welcome or reset mail's link (``/password/{token}``), which then
sends the browser to the log-in form. Each makes the same domain call as the API beside it
(``events.api.auth``: ``passwords.request_reset``, ``passwords.set_password``).

The token is in the path: the access log writes it hidden (``events.redact``), the pages send no
referrer (``pages.PRIVATE``) and no cache keeps them. No script: every form works as it is."""

from __future__ import annotations

import math
from typing import Any, Final

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from events import i18n
from events.api.contract import page_refusals
from events.api.deps import LoginCtx, PublicCtx, language_of, settings_of
from events.directory import passwords
from events.errors import InvalidInput, InvalidLink, TooManyAttempts, read_validation
from events.fields import Password
from events.settings import Settings
from events.web.pages import PRIVATE, LangQuery, page
from events.web.passwords_texts import WORDS
from events.web.session import csrf_cookie, csrf_ok, csrf_token

_RULE: Final = msgspec.inspect.type_info(Password)
_NO_STORE: Final = {"Cache-Control": "no-store"}


def _page(
    request: Request[Any, Any, Any],
    settings: Settings,
    language: i18n.Language,
    template_name: str,
    context: dict[str, Any],
    *,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
) -> Template:
    """One of these pages, with its words and the CSRF token its form sends back."""
    token = csrf_token(request)
    return page(
        template_name,
        language=language,
        context={"t": WORDS[language], "csrf_token": token, **context},
        status_code=status_code,
        headers={**PRIVATE, **(headers or {})},
        cookies=[csrf_cookie(token, settings)],
    )


def _wait(seconds: int, language: i18n.Language) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return WORDS[language]["minute" if minutes == 1 else "minutes"].format(minutes=minutes)


def _validity(language: i18n.Language) -> str:
    hours = max(1, round(passwords.TTL["reset"].total_seconds() / 3600))
    return WORDS[language]["hour" if hours == 1 else "hours"].format(hours=hours)


def _rules(language: i18n.Language) -> str:
    assert isinstance(_RULE, msgspec.inspect.StrType)  # noqa: S101 - fields.Password is a str
    return WORDS[language]["rules"].format(min=_RULE.min_length, max=_RULE.max_length)


def _with_lang(path: str, language: i18n.Language) -> str:
    return f"{path}?lang=en" if language == "en" else path


def _form_page(
    request: Request[Any, Any, Any],
    settings: Settings,
    language: i18n.Language,
    token: str,
    email: str,
    errors: dict[str, str],
    status_code: int = 200,
) -> Template:
    return _page(
        request,
        settings,
        language,
        "password_choose.html",
        {"token": token, "email": email, "errors": errors, "rules": _rules(language)},
        status_code=status_code,
    )


def _invalid_page(
    request: Request[Any, Any, Any], settings: Settings, language: i18n.Language
) -> Template:
    return _page(
        request,
        settings,
        language,
        "password_invalid.html",
        {"code": InvalidLink.code},
        status_code=InvalidLink.status_code,
    )


class PasswordPagesController(Controller):
    path = "/password"
    tags = ("session",)

    @get(
        "/forgot",
        summary="The form asking for a link to choose a new password",
        description="French unless `lang=en` or the browser asks for English.",
        media_type=MediaType.HTML,
    )
    async def forgot(self, request: Request[Any, Any, Any], lang: LangQuery = None) -> Template:
        language: i18n.Language = lang or language_of(request)
        return _page(request, settings_of(request), language, "password_forgot.html", {})

    @post(
        "/forgot",
        summary="Ask for a link to choose a new password, from the form",
        description="Form fields `email`, `csrf_token`. 303 to `/password/sent` whether the "
        "address is an account's or not (`POST /api/v1/auth/password-reset` behind); the form "
        "again with a plain error otherwise: 400 not an e-mail address, 403 expired form, 429 "
        "too many requests from this address (with `Retry-After`).",
        media_type=MediaType.HTML,
        status_code=303,
    )
    async def ask(
        self, login_ctx: LoginCtx, request: Request[Any, Any, Any], lang: LangQuery = None
    ) -> Response[Any]:
        language: i18n.Language = lang or login_ctx.language
        words = WORDS[language]
        form = await request.form()
        email = str(form.get("email") or "").strip()

        def again(error: str, status_code: int, **headers: str) -> Template:
            return _page(
                request,
                login_ctx.settings,
                language,
                "password_forgot.html",
                {"email": email, "error": error},
                status_code=status_code,
                headers=headers,
            )

        if not csrf_ok(request, str(form.get("csrf_token") or "")):
            return again(words["forgot_expired"], 403)
        try:
            asked = msgspec.convert({"email": email}, passwords.ResetIn)
        except msgspec.ValidationError:
            return again(words["bad_email"], 400)
        try:
            await passwords.request_reset(
                login_ctx.pool, request=asked, client=login_ctx.client, now=login_ctx.now
            )
        except TooManyAttempts as refusal:
            seconds = int(str(refusal.params["seconds"]))
            return again(
                words["too_many"].format(wait=_wait(seconds, language)),
                TooManyAttempts.status_code,
                **{"Retry-After": str(seconds)},
            )
        return Redirect(_with_lang("/password/sent", language), status_code=303, headers=_NO_STORE)

    @get(
        "/sent",
        summary="Said after asking for a link: the same whatever the address",
        media_type=MediaType.HTML,
    )
    async def sent(self, request: Request[Any, Any, Any], lang: LangQuery = None) -> Template:
        language: i18n.Language = lang or language_of(request)
        return _page(
            request,
            settings_of(request),
            language,
            "password_sent.html",
            {"validity": _validity(language)},
        )

    @get(
        "/{token:str}",
        summary="The form choosing a password, from a welcome or reset mail's link",
        description="Two fields and the rules in plain words. A link that no longer works "
        "(used, replaced, expired, or not ours) is a page that says so, with the way to ask "
        "for a new one (422, `invalid_link` in `<main data-code>`).",
        media_type=MediaType.HTML,
        responses=page_refusals(InvalidLink),
    )
    async def choose(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        lang: LangQuery = None,
    ) -> Template:
        language: i18n.Language = lang or public_ctx.language
        try:
            link = await passwords.check_link(
                public_ctx.conn, token=token, settings=public_ctx.settings, now=public_ctx.now
            )
        except InvalidLink:
            return _invalid_page(request, public_ctx.settings, language)
        return _form_page(request, public_ctx.settings, language, token, link.email, {})

    @post(
        "/{token:str}",
        summary="Choose a password from the form",
        description="Form fields `password`, `confirm` (the same again), `csrf_token`. 303 to "
        "`/login?notice=password_set`: the password is set, the link used up, every session "
        "of the account ended (`POST /api/v1/auth/password` behind). The form again with a "
        "plain error next to its field otherwise (400; 403 expired form); a link that no "
        "longer works is the page that says so (422).",
        media_type=MediaType.HTML,
        status_code=303,
        responses=page_refusals(InvalidLink),
    )
    async def save(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        token: FromPath[str],
        lang: LangQuery = None,
    ) -> Response[Any]:
        language: i18n.Language = lang or public_ctx.language
        words = WORDS[language]
        settings, now = public_ctx.settings, public_ctx.now
        form = await request.form()
        password = str(form.get("password") or "")
        try:
            link = await passwords.check_link(
                public_ctx.conn, token=token, settings=settings, now=now
            )
        except InvalidLink:
            return _invalid_page(request, settings, language)
        errors: dict[str, str] = {}
        if not csrf_ok(request, str(form.get("csrf_token") or "")):
            errors["form"] = words["choose_expired"]
        elif password != str(form.get("confirm") or ""):
            errors["confirm"] = words["mismatch"]
        else:
            sent = {"token": token, "password": password}
            try:
                new = msgspec.convert(sent, passwords.NewPasswordIn)
                await passwords.set_password(public_ctx.conn, new=new, settings=settings, now=now)
            except msgspec.ValidationError as error:
                refusal = InvalidInput.from_validation(
                    read_validation(str(error)), shape=passwords.NewPasswordIn, sent=sent
                )
                errors["password"] = str(refusal.params["reason_" + language])
            except InvalidLink:
                return _invalid_page(request, settings, language)
            else:
                query = "?notice=password_set" + ("&lang=en" if language == "en" else "")
                return Redirect(f"/login{query}", status_code=303, headers=_NO_STORE)
        status = 403 if "form" in errors else 400
        return _form_page(request, settings, language, token, link.email, errors, status)
