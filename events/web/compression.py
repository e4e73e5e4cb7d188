"""The pages' static files (scripts, styles, the QR reader's WebAssembly) as light as they can
go: gzip-compressed to a browser that accepts it (the door page's QR reader weighs ≈1.1 MB as it
is, ≈460 kB compressed), and a file the browser already holds answered ``304 Not Modified``
without its body (the files are sent ``no-cache``: a browser asks again at each use, with the
file's ETag; Litestar's static files would send the whole file again).

Only the static files: never a page. A page holds a CSRF token and personal data next to what
its reader typed (a search), and compressing such a page lets an eavesdropper who can make the
browser send requests guess the secret from the compressed sizes (BREACH). The JSON API is left
as it is for the same reason. Brotli would need a new dependency: gzip only."""

from __future__ import annotations

from typing import Final

from litestar import Router
from litestar.config.compression import CompressionConfig
from litestar.datastructures import Headers
from litestar.middleware.base import DefineMiddleware
from litestar.middleware.compression import CompressionMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

# Level 6: within 1 % of level 9's size on these files, in two thirds of its time (the
# WebAssembly: 57 ms instead of 80 ms, at each full download).
_GZIP: Final = CompressionConfig(backend="gzip", gzip_compress_level=6, minimum_size=500)
# What a 304 keeps of the answer it stands for.
_KEPT_ON_304: Final = (b"etag", b"cache-control", b"vary", b"last-modified")


def _matches(asked: str, etag: str) -> bool:
    """``If-None-Match``'s weak comparison: any listed tag equal to the file's, ``W/`` aside."""
    if asked.strip() == "*":
        return True
    wanted = etag.strip().removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in asked.split(","))


class NotModified:
    """A GET whose ``If-None-Match`` names the ETag of the file it is answered with gets a
    bodiless 304 instead (the file's body, already on its way, is dropped)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Static files answer GET and HEAD only: nothing else reaches this far.
        asked = Headers.from_scope(scope).get("if-none-match")
        if not asked:
            await self.app(scope, receive, send)
            return
        answered = False

        async def send_or_304(message: Message) -> None:
            nonlocal answered
            if answered:
                return
            if message["type"] == "http.response.start" and message["status"] == 200:
                etag = next((v for k, v in message["headers"] if k.lower() == b"etag"), None)
                if etag is not None and _matches(asked, etag.decode("latin-1")):
                    answered = True
                    headers = [(k, v) for k, v in message["headers"] if k.lower() in _KEPT_ON_304]
                    await send({"type": "http.response.start", "status": 304, "headers": headers})
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                    return
            await send(message)

        await self.app(scope, receive, send_or_304)


def compressed(static: Router) -> Router:
    """``static`` (``events.web.pages.static_files``) behind gzip compression and 304 answers,
    and nothing else behind them. The 304 is decided first: a file the browser holds is not
    compressed for nothing."""
    return Router(
        path="/",
        route_handlers=[static],
        middleware=[DefineMiddleware(CompressionMiddleware, config=_GZIP), NotModified],
    )
