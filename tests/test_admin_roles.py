"""Every address of the back office, found in the application's route table (so that a page
added later is held to the same rule without being listed here): a browser without a log-in is
sent to the log-in form, a coach or a recruiter is refused, a form without its CSRF token is
refused even to an organiser, and none of these changes anything."""

from __future__ import annotations

import re
from typing import Any
from uuid import uuid4

import httpx
import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute

from events.settings import Settings
from tests.admin_http import client_of, csrf_of, field, log_in
from tests.factories import make_staff
from tests.factories_directory import make_recruiter
from tests.factories_events import stored_event
from tests.factories_registrations import make_published_event
from tests.factories_state import table_counts
from tests.pages import error_code

_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")


def _addresses(app: Litestar, method: str, event_id: str) -> list[str]:
    """Each back office address answering ``method``, its path parameters filled: the event's
    own id where one is named (the refusal must come from the role, not from a missing event),
    an unknown id elsewhere."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/admin"):
            continue
        if method not in route.methods:
            continue
        found.append(
            _PARAMETER.sub(
                lambda m: event_id if m.group(1) == "event_id" else str(uuid4()), route.path
            )
        )
    return sorted(set(found))


def test_the_back_office_has_pages_and_forms(app: Litestar) -> None:
    """The rule below holds for something: the route table does list the back office."""
    assert "/admin" in _addresses(app, "GET", "e") or "/admin/" in _addresses(app, "GET", "e")
    assert len(_addresses(app, "GET", "e")) >= 4
    assert len(_addresses(app, "POST", "e")) >= 4


async def test_without_a_log_in_every_address_leads_to_the_log_in_form(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    before = await table_counts(pool)
    async with client_of(app) as http:
        for path in _addresses(app, "GET", event["id"]):
            answer = await http.get(path)
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/login?next="), path
        # A form sent with a good CSRF token but no session goes there too.
        token = field((await http.get("/login")).text, "csrf_token")
        for path in _addresses(app, "POST", event["id"]):
            answer = await http.post(path, data={"csrf_token": token})
            assert answer.status_code == 303, path
            assert answer.headers["location"].startswith("/login?next="), path
    assert await table_counts(pool) == before


@pytest.mark.parametrize("who", ["recruiter", "coach"])
async def test_coaches_and_recruiters_are_refused_every_address(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings, who: str
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    async with client_of(app) as http:
        if who == "coach":
            await log_in(http, staff.coach_user.email)
        else:
            await log_in(http, (await make_recruiter(pool, settings, client)).user.email)
        for path in _addresses(app, "GET", event["id"]):
            answer = await http.get(path)
            assert answer.status_code in (403, 404), path
            assert error_code(answer) in ("forbidden", "event_not_found", "not_found"), path
        token = field((await http.get("/login")).text, "csrf_token")
        before = await table_counts(pool)
        for path in _addresses(app, "POST", event["id"]):
            answer = await http.post(path, data={"csrf_token": token, "reason": "x"})
            assert answer.status_code in (403, 404), path
        assert await table_counts(pool) == before


async def test_every_form_without_its_csrf_token_is_refused_and_changes_nothing(
    app: Litestar, client: httpx.AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    async with client_of(app) as http:
        await log_in(http, staff.organiser_user.email)
        await csrf_of(http)  # the browser holds its CSRF cookie; the forged form lacks it
        before = await table_counts(pool)
        for path in _addresses(app, "POST", event["id"]):
            for data in ({"reason": "x"}, {"reason": "x", "csrf_token": "x" * 43}):
                answer = await http.post(path, data=data)
                assert answer.status_code == 403, path
                assert error_code(answer) == "csrf_failed", path
    assert await table_counts(pool) == before
    assert (await stored_event(pool, event["id"]))["status"] == "published"
