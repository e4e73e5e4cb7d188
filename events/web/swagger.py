"""The API's documentation in a browser, at ``/schema/swagger``: Litestar's Swagger UI render
plugin, its files from this site's own copy of the npm package ``swagger-ui-dist``
(``events.web.vendor``), never from a CDN.

Litestar's page starts Swagger UI with an inline script holding the whole schema, and its icon
comes from a CDN. This page is its own: the same three files, then ``static/js/swagger.js``,
which reads the schema from ``/schema/openapi.json``; so the policy of every answer under
``/schema`` lets the browser run this site's files and nothing else, like the other pages
(``events.web.pages``). Swagger UI's style sheet draws its icons as ``data:`` images, and sets
styles from its script (which a policy does not stop); its "Try it out" asks this site only."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, Final

from litestar import Request, Router
from litestar.datastructures import ResponseHeader
from litestar.openapi.plugins import SwaggerRenderPlugin

from events.web.vendor import url

PACKAGE: Final = "swagger-ui-dist"
# For the documentation page and the schema files beside it.
POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)


class LocalSwagger(SwaggerRenderPlugin):
    """Swagger UI from ``/static/vendor/swagger-ui-dist/``, started by a file of ours."""

    def __init__(
        self,
        *,
        js_url: str = url(PACKAGE, "swagger-ui-bundle.js"),
        css_url: str = url(PACKAGE, "swagger-ui.css"),
        standalone_preset_js_url: str = url(PACKAGE, "swagger-ui-standalone-preset.js"),
        path: str | Sequence[str] = "/swagger",
    ) -> None:
        super().__init__(
            js_url=js_url,
            css_url=css_url,
            standalone_preset_js_url=standalone_preset_js_url,
            path=path,
            favicon="",
            style="",
        )

    def render(self, request: Request[Any, Any, Any], openapi_schema: dict[str, Any]) -> bytes:
        """The page: no inline script or style, no other site's address."""
        title = html.escape(f"{openapi_schema['info']['title']} — API")
        schema = html.escape(self.get_openapi_json_route(request))
        return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{html.escape(self.css_url)}">
<link rel="stylesheet" href="/static/css/swagger.css">
<script src="{html.escape(self.js_url)}"></script>
<script src="{html.escape(self.standalone_preset_js_url)}"></script>
<script type="module" src="/static/js/swagger.js"></script>
</head>
<body>
<main id="swagger-ui" data-url="{schema}">
<noscript><p>This page needs JavaScript. The schema itself: <a href="{schema}">{schema}</a>.</p>
</noscript>
</main>
</body>
</html>
""".encode()

    def receive_router(self, router: Router) -> None:
        """Every answer under ``/schema`` gets the policy; no OAuth2 redirect page (the API
        takes bearer tokens, and that page is an inline script)."""
        router.response_headers = [
            *(router.response_headers or ()),
            ResponseHeader(name="Content-Security-Policy", value=POLICY),
            ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
        ]
