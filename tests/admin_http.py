"""A browser-like HTTP client of the back office: its own cookie jar, the log-in form, and the
CSRF token a page carries for its forms. For tests of ``events/web/`` pages over HTTP."""

from __future__ import annotations

import html
import re

import httpx
from litestar import Litestar

from tests.factories import PASSWORD


def client_of(app: Litestar) -> httpx.AsyncClient:
    """A client with its own cookie jar, as one browser is."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver")


def field(page: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert found, f"no field {name}"
    return html.unescape(found.group(1))


async def log_in(http: httpx.AsyncClient, email: str) -> None:
    form = await http.get("/login")
    answer = await http.post(
        "/login",
        data={
            "email": email,
            "password": PASSWORD,
            "next": "/",
            "csrf_token": field(form.text, "csrf_token"),
        },
    )
    assert answer.status_code == 303, answer.text


async def csrf_of(http: httpx.AsyncClient, path: str = "/admin/") -> str:
    page = await http.get(path)
    assert page.status_code == 200, page.text
    return field(page.text, "csrf_token")
