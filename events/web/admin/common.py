"""What every back office page shares: who may enter, the form's CSRF check before the session
cookie is trusted on a POST, and the page with the back office's words and CSRF token."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlencode

from litestar import Request
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from events import db
from events.actors import Actor
from events.api.deps import PublicContext
from events.errors import Forbidden
from events.i18n import Language
from events.settings import Settings
from events.web.admin.texts import WORDS
from events.web.pages import PRIVATE, page
from events.web.session import csrf_cookie, csrf_token, form_actor


def back_office(actor: Actor) -> Actor:
    """The back office is for organisers and admins; a coach or a recruiter is refused (403),
    whatever the page (the domain call behind it decides the rest)."""
    if actor.role not in ("organiser", "admin"):
        raise Forbidden
    return actor


@dataclass(frozen=True, kw_only=True)
class FormCtx:
    """A back office form sent by a logged-in browser: its fields, and who sent it."""

    conn: db.Conn
    actor: Actor
    now: datetime
    public_url: str
    language: Language
    form: dict[str, list[str]]
    # The files of a multipart form (an upload), kept apart from its text fields.
    files: dict[str, list[UploadFile]]

    def value(self, name: str) -> str:
        values = self.form.get(name) or [""]
        return values[0]

    def values(self, name: str) -> list[str]:
        return list(self.form.get(name) or [])


def _path(request: Request[Any, Any, Any]) -> str:
    query = request.url.query
    return f"{request.url.path}?{query}" if query else request.url.path


async def form_ctx(
    request: Request[Any, Any, Any], public_ctx: PublicContext, lang: Language | None
) -> FormCtx:
    """The form's CSRF token first (``events.web.session``'s double-submit rule): only then is
    the session cookie trusted, as on a GET (``check_session``)."""
    raw = await request.form()
    form = {key: [str(v) for v in raw.getall(key) if not isinstance(v, UploadFile)] for key in raw}
    files = {key: [v for v in raw.getall(key) if isinstance(v, UploadFile)] for key in raw}
    actor = await form_actor(
        request, public_ctx, (form.get("csrf_token") or [""])[0], next_path=_path(request)
    )
    return FormCtx(
        conn=public_ctx.conn,
        actor=back_office(actor),
        now=public_ctx.now,
        public_url=public_ctx.settings.public_url,
        language=lang or public_ctx.language,
        form=form,
        files=files,
    )


def admin_page(
    request: Request[Any, Any, Any],
    settings: Settings,
    language: Language,
    template_name: str,
    context: dict[str, Any],
    *,
    words: Mapping[Language, Mapping[str, str]] | None = None,
    status_code: int = 200,
) -> Template:
    """A back office page: its words (the shared ones of ``texts.WORDS`` and the page's own
    ``words``, kept in the page module's own texts file), the language switch to this same
    address, and the CSRF token its forms send back (kept in the browser's cookie)."""
    token = csrf_token(request)
    query = {k: v for k, v in request.query_params.items() if k != "lang"}
    query["lang"] = "en" if language == "fr" else "fr"
    switch = f"{request.url.path}?{urlencode(query)}"
    return page(
        template_name,
        language=language,
        context={
            "t": {**WORDS[language], **(words[language] if words else {})},
            "csrf_token": token,
            "switch": switch,
            "lang_query": "?lang=en" if language == "en" else "",
            **context,
        },
        status_code=status_code,
        headers={**PRIVATE},
        cookies=[csrf_cookie(token, settings)],
    )


def back_to(path: str, language: Language) -> Redirect:
    """POST, then redirect, then GET (303), in the language the form was in."""
    target = f"{path}?lang=en" if language == "en" else path
    return Redirect(target, status_code=303, headers={"Cache-Control": "no-store"})
