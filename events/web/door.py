"""The door scanner, ``/door/{event_id}``: for the staff who work an event's door (the same rule
as the API's check-in: ``events.checkins``, organisers and coaches of the event's organisation,
and admins). A counter of arrivals per role; a form to type a ticket's short code, which works
without JavaScript; with JavaScript, the phone's camera reads the tickets' QR codes
(``static/js/door.js``, the npm ``barcode-detector`` polyfill over ZXing's WebAssembly where the
browser has no ``BarcodeDetector`` of its own) and sends each to ``/door/{event_id}/scan``.

Someone who lost ticket and phone is found by name (``?q=``, ``checkins.door.people_at_door``:
confirmed candidates by first name and last initial, confirmed companies by their name, which
their representatives come in under; with the short code) and let in with "Faire entrer"
(``checkins.check_in_registration``, as ``POST /api/v1/registrations/{id}/checkin``; the scan
is kept as made ``by_name``).

Both make the API's check-in call (``checkins.check_in``); a refused ticket is an answer of the
page, not an error: the page (or the JSON) says it in plain words, and the refused scan is kept
in the scan history, as an offline batch keeps it.

Without network the page keeps working after one visit (``door.js``, and its service worker
``/door/sw.js``): it checks tickets' signatures itself with the event's public key, queues the
scans in the browser's IndexedDB (kept through a reload or a closed tab), recognises a typed
short code from the list of names and short codes it keeps (``/door/{event_id}/people``), and
sends them to ``/door/{event_id}/batch`` (``checkins.check_in_batch``, first scan wins) when the
network is back.

The page is usable from its own few files (well under 200 kB): the QR reader's ZXing
WebAssembly (≈1.1 MB, ≈450 kB compressed) is fetched only by a browser without a
``BarcodeDetector`` that reads QR codes, once the page is up: kept for the network failing in
the background, or when the camera starts.

The page can be put on the phone's home screen: its web app manifest
(``/door/{event_id}/manifest.webmanifest``, public, opens that door) and the icons drawn for it
(``static/img/door_icon.svg``, and the same drawing as PNG by Pillow, ``/door/icon/{size}``).

The session cookie is trusted on a POST only after the form's CSRF token
(``events.web.session``'s double-submit rule), as on the back office's forms; the back office's
``form_ctx`` is not reused because it lets organisers only (a coach works the door)."""

from __future__ import annotations

import functools
import io
import secrets
from datetime import datetime
from typing import Annotated, Any, Final, Literal
from uuid import UUID

import msgspec
from litestar import Controller, MediaType, Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, JSONBody, QueryParameter
from litestar.response import Template
from PIL import Image, ImageDraw

from events import catalog, checkins, db
from events.actors import Actor
from events.api.contract import SESSION, page_refusals
from events.api.deps import PageCtx, PublicContext, PublicCtx
from events.checkins.door import people_at_door
from events.errors import (
    AlreadyCheckedIn,
    CsrfFailed,
    EventNotFound,
    Forbidden,
    InvalidTicket,
    NotConfirmed,
    RegistrationAlreadyCancelled,
    RegistrationNotFound,
    TicketRevoked,
    WrongEvent,
)
from events.i18n import Language
from events.settings import Settings
from events.web.door_texts import ANSWERS, WORDS
from events.web.pages import PRIVATE, STATIC, LangQuery, page
from events.web.session import csrf_cookie, csrf_token, form_actor
from events.web.vendor import url as vendor_url

# The refusals of a scan, said on the page: anything else (no access, no such event) is the
# error page.
_TICKET_REFUSALS: Final = (
    AlreadyCheckedIn,
    WrongEvent,
    RegistrationAlreadyCancelled,
    NotConfirmed,
    InvalidTicket,
    TicketRevoked,
)
SearchQuery = Annotated[
    str | None,
    QueryParameter(
        required=False,
        max_length=100,
        pattern=r"^[^\x00]*$",
        description="Part of a confirmed person's name, whatever the accents, case or punctuation.",
    ),
]
# The most names one search shows: the staff type more letters rather than scroll.
_FOUND_MAX: Final = 20


class OfflinePerson(msgspec.Struct, frozen=True, kw_only=True):
    """What the door page keeps for the network failing: a ticket's short code and the name it
    is shown with (a candidate's first name and last initial, or a company's name), nothing
    else."""

    role: Literal["candidate", "company"]
    name: str
    short_code: str


# The QR reader for browsers without their own (Linux Chromium, iPhones): ≈1.1 MB, loaded once
# the page is usable, never with it.
_DECODER_FILES: Final = (
    vendor_url("barcode-detector", "dist/es/ponyfill.js"),
    vendor_url("barcode-detector", "dist/es/zxing-exported.js"),
    vendor_url("zxing-wasm", "dist/reader/zxing_reader.wasm"),
)
# ZXing's WebAssembly needs compiling in the page: only this page's policy allows it, and it
# allows nothing else more than every page's (``events.web.pages``).
_SCRIPTS: Final = "script-src 'self'"
_SCRIPTS_WITH_WASM: Final = "script-src 'self' 'wasm-unsafe-eval'"
# The page's web app manifest (to put the door on the phone's home screen), from this site.
_MANIFEST_SRC: Final = "; manifest-src 'self'"


class ScanAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """What the door says of one scan: ``ok`` and the outcome's ``code`` (``checked_in`` or a
    refusal's code), the name shown at the door (first name and initial, or the company's name,
    when the ticket let someone in), and the answer in plain words."""

    ok: bool
    code: str
    name: str | None
    heading: str
    message: str


class BatchAnswer(msgspec.Struct, frozen=True, kw_only=True):
    """What the server decided for one scan made offline (``checkins.BatchResult``), with the
    answer in plain words: ``duplicate`` when another scan of the ticket got in first."""

    nonce: str
    ok: bool
    code: str
    duplicate: bool
    heading: str
    message: str


class _Form(msgspec.Struct, frozen=True, kw_only=True):
    conn: db.Conn
    actor: Actor
    settings: Settings
    language: Language
    code: str
    nonce: str


async def _trusted_actor(
    request: Request[Any, Any, Any], public_ctx: PublicContext, sent_token: str
) -> Actor:
    """Whether this person may work this door is the domain's call, made next."""
    return await form_actor(request, public_ctx, sent_token, next_path=request.url.path)


async def _door_form(
    request: Request[Any, Any, Any], public_ctx: PublicContext, lang: Language | None
) -> _Form:
    raw = await request.form()
    fields = {key: str(raw.get(key) or "") for key in ("csrf_token", "code", "nonce")}
    actor = await _trusted_actor(request, public_ctx, fields["csrf_token"])
    return _Form(
        conn=public_ctx.conn,
        actor=actor,
        settings=public_ctx.settings,
        language=lang or public_ctx.language,
        code=fields["code"],
        nonce=fields["nonce"],
    )


def _answer(code: str, language: Language, name: str | None = None) -> ScanAnswer:
    words = ANSWERS[language]
    heading, message = words.get(code, words["refused"])
    return ScanAnswer(
        ok=code == "checked_in", code=code, name=name, heading=heading, message=message
    )


async def _scan(form: _Form, *, event_id: UUID, now: datetime) -> ScanAnswer:
    """The API's check-in (``checkins.check_in``) of what was typed or read; a refused ticket is
    an answer, any other refusal (no access, no such event) goes on as it is."""
    if not form.code.strip():
        # The access is checked all the same: a refused person learns nothing of the event.
        await checkins.summary(form.conn, event_id=event_id, by=form.actor)
        return _answer("empty", form.language)
    try:
        scan = msgspec.convert(
            {"token": form.code, "nonce": form.nonce or None}, checkins.CheckinIn
        )
    except msgspec.ValidationError:
        await checkins.summary(form.conn, event_id=event_id, by=form.actor)
        return _answer(InvalidTicket.code, form.language)
    try:
        done = await checkins.check_in(
            form.conn, event_id=event_id, checkin=scan, by=form.actor, now=now
        )
    except _TICKET_REFUSALS as refusal:
        return _answer(refusal.code, form.language)
    return _answer("checked_in", form.language, done.display_name)


async def _door_page(
    request: Request[Any, Any, Any],
    *,
    conn: db.Conn,
    actor: Actor,
    settings: Settings,
    language: Language,
    event_id: UUID,
    answer: ScanAnswer | None = None,
    status_code: int = 200,
    q: str | None = None,
) -> Template:
    summary = await checkins.summary(conn, event_id=event_id, by=actor)
    found = (
        await people_at_door(conn, event_id=event_id, by=actor, q=q, limit=_FOUND_MAX + 1)
        if q is not None and q.strip()
        else None
    )
    event = await catalog.get(conn, event_id=event_id, by=actor)
    token = csrf_token(request)
    words = WORDS[language]
    counts = [
        (words["candidates"], summary.candidates),
        (words["companies"], summary.companies),
    ]
    template = page(
        "door.html",
        language=language,
        context={
            "t": words,
            "event": event,
            "counts": [
                {
                    "role": role,
                    "key": key,
                    "text": words["count"].format(arrived=c.checked_in, expected=c.confirmed),
                }
                for key, (role, c) in zip(("candidates", "companies"), counts, strict=True)
            ],
            "answer": answer,
            "q": q or "",
            "found": found[:_FOUND_MAX] if found is not None else None,
            "found_more": found is not None and len(found) > _FOUND_MAX,
            "people_url": f"/door/{event_id}/people",
            "csrf_token": token,
            # A fresh nonce per form: sending the same form twice is answered as the first time.
            "scan_nonce": secrets.token_urlsafe(18),
            "lang_query": "?lang=en" if language == "en" else "",
            "summary_url": f"/api/v1/events/{event_id}/checkins/summary",
            "key_url": f"/api/v1/events/{event_id}/checkin-key",
            "batch_url": f"/door/{event_id}/batch",
            # The page's script answers without network in the page's words.
            "answers": msgspec.json.encode(
                {code: {"heading": h, "message": m} for code, (h, m) in ANSWERS[language].items()}
            ).decode(),
            # What the page needs without network (the service worker keeps it); the QR
            # reader only where the browser has none of its own, once the page is up.
            "offline_files": "/static/js/door.js",
            "decoder_files": " ".join(_DECODER_FILES),
            "scan_url": f"/door/{event_id}/scan",
            "detector_url": _DECODER_FILES[0],
            "wasm_url": _DECODER_FILES[2],
        },
        status_code=status_code,
        headers={**PRIVATE},
        cookies=[csrf_cookie(token, settings)],
    )
    policy = template.headers["Content-Security-Policy"]
    template.headers["Content-Security-Policy"] = (
        policy.replace(_SCRIPTS, _SCRIPTS_WITH_WASM, 1) + _MANIFEST_SRC
    )
    return template


# The door's colours (``base.html``'s blue, the page's white), for the installed app.
_BLUE: Final = "#0a3a8c"
_WHITE: Final = "#ffffff"
_ICON_SVG: Final = STATIC / "img" / "door_icon.svg"
_ICON_SIZES: Final = (192, 512)
_MANIFEST_WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {"name": "Rencontres — Porte", "short_name": "Porte"},
    "en": {"name": "Rencontres — Door", "short_name": "Door"},
}


@functools.cache
def icon_png(size: int) -> bytes:
    """The door's icon as a PNG of ``size`` pixels: the shapes of ``static/img/door_icon.svg``
    (drawn on a 512 grid), drawn again by Pillow, as Chromium wants PNG icons to install."""
    scale = size / 512
    image = Image.new("RGB", (size, size), _BLUE)
    draw = ImageDraw.Draw(image)

    def box(x0: float, y0: float, x1: float, y1: float, fill: str) -> None:
        draw.rectangle(
            [round(x0 * scale), round(y0 * scale), round(x1 * scale) - 1, round(y1 * scale) - 1],
            fill=fill,
        )

    box(160, 104, 352, 392, _WHITE)
    box(184, 128, 328, 392, _BLUE)
    draw.polygon(
        [(x * scale, y * scale) for x, y in ((184, 128), (296, 160), (296, 408), (184, 392))],
        fill=_WHITE,
    )
    draw.ellipse([(264 * scale, 260 * scale), (288 * scale, 284 * scale)], fill=_BLUE)
    box(112, 392, 400, 412, _WHITE)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def manifest(event_id: UUID, language: Language) -> dict[str, Any]:
    """The web app manifest of an event's door: opens on that door, stays under /door/."""
    lang_query = "?lang=en" if language == "en" else ""
    return {
        "id": f"/door/{event_id}",
        "name": _MANIFEST_WORDS[language]["name"],
        "short_name": _MANIFEST_WORDS[language]["short_name"],
        "lang": language,
        "dir": "ltr",
        "start_url": f"/door/{event_id}{lang_query}",
        "scope": "/door/",
        "display": "standalone",
        "theme_color": _BLUE,
        "background_color": _WHITE,
        "icons": [
            {"src": "/door/icon.svg", "sizes": "any", "type": "image/svg+xml"},
            *(
                {"src": f"/door/icon/{size}", "sizes": f"{size}x{size}", "type": "image/png"}
                for size in _ICON_SIZES
            ),
        ],
    }


_SERVICE_WORKER: Final = STATIC / "js" / "door_sw.js"
# The header a page's script sends its CSRF token in, with a JSON body.
CSRF_HEADER: Final = "X-CSRF-Token"


class DoorPageController(Controller):
    path = "/door"
    tags = ("door",)

    @get(
        "/sw.js",
        summary="The door scanner's service worker",
        description="Served under /door/ so that it controls the door pages: keeps what they "
        "read online, for use when the network fails.",
        media_type="text/javascript",
        include_in_schema=False,
    )
    async def service_worker(self) -> Response[bytes]:
        return Response(_SERVICE_WORKER.read_bytes(), media_type="text/javascript")

    @get(
        "/{event_id:uuid}/manifest.webmanifest",
        summary="The door scanner's web app manifest",
        description="Lets the staff put an event's door page on their phone's home screen: "
        "opens `/door/{event_id}`, in its own window, under `/door/`. Public (a browser asks "
        "for it without cookies); it holds the event's id and nothing else of it. French "
        "unless `lang=en`.",
        media_type="application/manifest+json",
    )
    async def web_manifest(
        self, event_id: FromPath[UUID], lang: LangQuery = None
    ) -> Response[bytes]:
        return Response(
            msgspec.json.encode(manifest(event_id, lang or "fr")),
            media_type="application/manifest+json",
        )

    @get(
        "/icon.svg",
        summary="The door scanner's icon (SVG)",
        description="For the door's web app manifest: an open door, drawn for Rencontres.",
        media_type="image/svg+xml",
    )
    async def icon_svg(self) -> Response[bytes]:
        return Response(_ICON_SVG.read_bytes(), media_type="image/svg+xml")

    @get(
        "/icon/{size:int}",
        summary="The door scanner's icon (PNG, 192 or 512 px)",
        description="For the door's web app manifest: the SVG icon's drawing, square, `size` "
        "192 or 512 pixels; any other size is not found.",
        media_type="image/png",
    )
    async def icon(self, size: FromPath[int]) -> Response[bytes]:
        if size not in _ICON_SIZES:
            raise NotFoundException
        return Response(icon_png(size), media_type="image/png")

    @get(
        "/{event_id:uuid}",
        summary="The door scanner of an event",
        description="For those who may check tickets in at this event's door (as `POST "
        "/api/v1/events/{event_id}/checkins`): arrivals per role, a form to type a ticket's "
        "short code and, with JavaScript, the camera reading QR codes. French unless `lang=en` "
        "(or the browser asks for English).",
        media_type=MediaType.HTML,
        security=SESSION,
        responses=page_refusals(Forbidden, EventNotFound),
    )
    async def door(
        self,
        page_ctx: PageCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
        q: SearchQuery = None,
    ) -> Template:
        return await _door_page(
            request,
            conn=page_ctx.conn,
            actor=page_ctx.actor,
            settings=page_ctx.settings,
            language=lang or page_ctx.language,
            event_id=event_id,
            q=q,
        )

    @get(
        "/{event_id:uuid}/people",
        summary="The door page's list for the network failing",
        description="For the door page's script, before the doors open: each confirmed "
        "registration's ticket short code with the name the door shows (`role` `candidate`: "
        "first name and last initial; `company`: the company's name), nothing else, so that a "
        "short code typed without network is recognised. The page's CSRF token in the "
        "`X-CSRF-Token` header (as the batch upload); the same access as the door.",
        media_type=MediaType.JSON,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound),
    )
    async def people(
        self, public_ctx: PublicCtx, request: Request[Any, Any, Any], event_id: FromPath[UUID]
    ) -> Response[list[OfflinePerson]]:
        actor = await _trusted_actor(request, public_ctx, request.headers.get(CSRF_HEADER, ""))
        people = await people_at_door(public_ctx.conn, event_id=event_id, by=actor)
        return Response(
            [OfflinePerson(role=p.role, name=p.name, short_code=p.short_code) for p in people],
            headers={**PRIVATE},
        )

    @post(
        "/{event_id:uuid}/people/{registration_id:uuid}",
        summary="Let a confirmed candidate or company in by name, from the door's search",
        description="Form field `csrf_token`. For someone who lost ticket and phone: the same "
        "call as `POST /api/v1/registrations/{registration_id}/checkin`; the door page again "
        "with the answer in large (200 whether let in or refused, the code in `data-code`).",
        media_type=MediaType.HTML,
        status_code=200,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound, RegistrationNotFound),
    )
    async def let_in_by_name(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        registration_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        form = await _door_form(request, public_ctx, lang)
        try:
            done = await checkins.check_in_registration(
                form.conn,
                registration_id=registration_id,
                event_id=event_id,
                by=form.actor,
                now=public_ctx.now,
            )
            answer = _answer("checked_in", form.language, done.display_name)
        except _TICKET_REFUSALS as refusal:
            answer = _answer(refusal.code, form.language)
        return await _door_page(
            request,
            conn=form.conn,
            actor=form.actor,
            settings=form.settings,
            language=form.language,
            event_id=event_id,
            answer=answer,
        )

    @post(
        "/{event_id:uuid}",
        summary="Check in a ticket by its typed short code, from the door's form",
        description="Form fields `code`, `csrf_token`, `nonce` (the form's own: the same form "
        "sent twice is answered as the first time). The door page again with the answer in "
        "large: 200 whether the ticket let someone in or was refused (its reason in plain "
        "words, the refusal's code in `data-code`); 400 when no code was typed.",
        media_type=MediaType.HTML,
        status_code=200,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound),
    )
    async def type_code(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Template:
        form = await _door_form(request, public_ctx, lang)
        answer = await _scan(form, event_id=event_id, now=public_ctx.now)
        return await _door_page(
            request,
            conn=form.conn,
            actor=form.actor,
            settings=form.settings,
            language=form.language,
            event_id=event_id,
            answer=answer,
            status_code=400 if answer.code == "empty" else 200,
        )

    @post(
        "/{event_id:uuid}/scan",
        summary="Check in a ticket read by the door page's camera",
        description="For the door page's script: form fields `code` (the QR's text, a ticket "
        "link or a short code), `nonce` (one per scan: a retried scan is answered as the "
        "first) and `csrf_token`. JSON `{ok, code, name, heading, message}`, 200 whether the "
        "ticket let someone in or was refused; `name` is the name shown at the door (first "
        "name and initial, or the company). The JSON API's check-in does the same for clients "
        "with a bearer token.",
        media_type=MediaType.JSON,
        status_code=200,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound),
    )
    async def scan(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        lang: LangQuery = None,
    ) -> Response[ScanAnswer]:
        form = await _door_form(request, public_ctx, lang)
        answer = await _scan(form, event_id=event_id, now=public_ctx.now)
        return Response(
            answer,
            status_code=400 if answer.code == "empty" else 200,
            headers={"Cache-Control": "no-store"},
        )

    @post(
        "/{event_id:uuid}/batch",
        summary="Upload the door page's scans made offline",
        description="For the door page's script, once the network is back: the body of `POST "
        "/api/v1/events/{event_id}/checkins/batch` (`{scans: [{token, scanned_at, nonce}]}`), "
        "the page's CSRF token in the `X-CSRF-Token` header. The first scan of a ticket wins; "
        "for each scan, in the order they were made: `{nonce, ok, code, duplicate, heading, "
        "message}`, the outcome in plain words.",
        media_type=MediaType.JSON,
        status_code=200,
        responses=page_refusals(CsrfFailed, Forbidden, EventNotFound),
    )
    async def batch(
        self,
        public_ctx: PublicCtx,
        request: Request[Any, Any, Any],
        event_id: FromPath[UUID],
        data: JSONBody[checkins.CheckinBatchIn],
        lang: LangQuery = None,
    ) -> Response[list[BatchAnswer]]:
        actor = await _trusted_actor(request, public_ctx, request.headers.get(CSRF_HEADER, ""))
        language = lang or public_ctx.language
        done = await checkins.check_in_batch(
            public_ctx.conn, event_id=event_id, batch=data, by=actor
        )
        answers = []
        for result in done:
            said = _answer(result.result, language)
            answers.append(
                BatchAnswer(
                    nonce=result.nonce,
                    ok=said.ok,
                    code=result.result,
                    duplicate=result.duplicate,
                    heading=said.heading,
                    message=said.message,
                )
            )
        return Response(answers, headers={"Cache-Control": "no-store"})
