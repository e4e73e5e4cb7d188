"""Reading an HTML page a test got: its error code and its words."""

from __future__ import annotations

import html
import re

import httpx

_CODE = re.compile(r'<main data-code="(?P<code>[a-z_]+)"')


def text_of(page: str) -> str:
    """The words a reader sees: tags dropped, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def error_code(response: httpx.Response) -> str:
    """The stable code of an HTML error page (its ``<main data-code>``), after checking that it
    is one: HTML, not JSON."""
    assert response.headers["content-type"].startswith("text/html"), response.headers
    found = _CODE.search(response.text)
    assert found is not None, response.text
    return found["code"]
