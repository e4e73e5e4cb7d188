"""The headers every page carries (a Content-Security-Policy that allows no inline script and no
framing, ``nosniff``) and the rule that no cache keeps an answer naming people, holding contact
details or a ticket's key."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import httpx
from httpx import AsyncClient
from litestar import Litestar
from litestar.routes import HTTPRoute

from events.settings import Settings
from tests.factories import PASSWORD, make_staff
from tests.factories_cvs import make_card_world
from tests.factories_events import make_event
from tests.factories_registrations import make_candidate, make_published_event, register

TEMPLATES = Path(__file__).resolve().parent.parent / "events" / "web" / "templates"
# Public data, which any cache may keep a little while; everything else is kept by none.
PUBLIC = {"GET /api/v1/skills", "GET /api/v1/calendar.ics", "GET /events/{event_id:uuid}"}


def _policy(response: httpx.Response) -> dict[str, str]:
    header = response.headers["content-security-policy"]
    return {
        name: value.strip()
        for name, _, value in (part.strip().partition(" ") for part in header.split(";"))
    }


def assert_page_is_locked_down(response: httpx.Response) -> None:
    """Scripts from this site's files only, no inline script, the one style by its nonce, no
    framing; and the browser takes the answer for what it says it is."""
    assert response.headers["content-type"].startswith("text/html"), response.headers
    assert response.headers["x-content-type-options"] == "nosniff"
    policy = _policy(response)
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["base-uri"] == "'none'"
    assert policy["form-action"] == "'self'"
    assert "unsafe-inline" not in response.headers["content-security-policy"]
    nonce = re.fullmatch(r"'nonce-([A-Za-z0-9_-]{20,})'", policy["style-src"])
    assert nonce is not None, policy
    assert f'<style nonce="{nonce[1]}">' in response.text
    scripts = re.findall(r"<script\b[^>]*>", response.text)
    assert all(re.search(r'src="/static/js/[a-z]+\.js"', tag) for tag in scripts), scripts
    assert "javascript:" not in response.text
    assert not re.search(r"<[^>]+\son[a-z]+=", response.text), "an inline event handler"


async def test_every_kind_of_page_carries_the_policy_and_nosniff(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    world = await make_card_world(client, pool, settings)
    pages = {
        "ticket": await client.get(f"/t/{registration['ticket']['token']}"),
        "event": await client.get(f"/events/{event['id']}"),
        "login": await client.get("/login"),
        "home": await client.get("/", headers=staff.coach),
        "card": await client.get(f"/cards/{world.candidate_id}", headers=world.staff.coach),
        "error": await client.get("/t/not-a-ticket"),
        "missing event": await client.get(f"/events/{candidate_id}"),
    }
    statuses = {name: response.status_code for name, response in pages.items()}
    assert statuses == {
        "ticket": 200,
        "event": 200,
        "login": 200,
        "home": 200,
        "card": 200,
        "error": 422,
        "missing event": 404,
    }
    for response in pages.values():
        assert_page_is_locked_down(response)
    # A fresh nonce for every answer: one seen in a page is of no use for the next.
    again = await client.get("/login")
    assert _policy(again)["style-src"] != _policy(pages["login"])["style-src"]


async def test_the_scripts_pages_load_are_served_from_this_site_as_javascript(
    client: AsyncClient,
) -> None:
    for name in ("ticket", "card", "event", "login", "print"):
        response = await client.get(f"/static/js/{name}.js")
        assert response.status_code == 200, name
        assert response.headers["content-type"].split(";")[0] in (
            "text/javascript",
            "application/javascript",
        )
        assert "no-cache" in response.headers["cache-control"]
    assert (await client.get("/static/js/nothing.js")).status_code == 404


def test_no_template_holds_an_inline_script_or_a_javascript_link() -> None:
    for template in TEMPLATES.glob("*.html"):
        text = template.read_text(encoding="utf-8")
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert 'src="/static/js/' in tag and 'type="module"' in tag, (template.name, tag)
        assert "javascript:" not in text, template.name
        assert not re.search(r"<[^>]+\son[a-z]+=", text), template.name
        assert "style=" not in text, template.name


def test_every_answer_is_kept_by_no_cache_unless_its_handler_says_it_is_public(
    app: Litestar,
) -> None:
    """The rule lives in the app's default; a new handler is private until someone decides."""
    headers = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method, (handler, _) in route.route_handler_map.items():
            if not handler.fn.__module__.startswith("events.") or method == "OPTIONS":
                continue
            resolved = {h.name: h.value for h in handler.resolve_response_headers()}
            headers[f"{method} {route.path}"] = resolved.get("cache-control")
    assert {where for where, value in headers.items() if value != "no-store"} == PUBLIC
    assert {headers[where] for where in PUBLIC} == {"max-age=300, public"}


async def test_json_answers_with_people_or_contacts_are_no_store(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    event = await make_event(client, staff.organiser, status="published")
    candidate_id = await make_candidate(
        client, staff.organiser, email="zoe@example.org", phone="+33612345678"
    )
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    companies = await client.get("/api/v1/companies", headers=staff.organiser)
    answers = {
        "token": await client.post(
            "/api/v1/auth/token",
            json={"email": staff.coach_user.email, "password": PASSWORD},
        ),
        "me": await client.get("/api/v1/auth/me", headers=staff.coach),
        "candidate": await client.get(f"/api/v1/candidates/{candidate_id}", headers=staff.coach),
        "candidates": await client.get("/api/v1/candidates", headers=staff.coach),
        "companies": companies,
        "users": await client.get("/api/v1/users", headers=staff.organiser),
        "registrations": await client.get(
            f"/api/v1/events/{event['id']}/registrations", headers=staff.coach
        ),
        "ticket": await client.get(f"/api/v1/tickets/{registration['ticket']['token']}"),
    }
    statuses = {name: response.status_code for name, response in answers.items()}
    assert set(statuses.values()) == {200}, statuses
    assert {name: response.headers.get("cache-control") for name, response in answers.items()} == {
        "token": "no-store",
        "me": "no-store",
        "candidate": "no-store",
        "candidates": "no-store",
        "companies": "no-store",
        "users": "no-store",
        "registrations": "no-store",
        "ticket": "no-store",
    }
    assert "zoe@example.org" in answers["candidate"].text
    public = await client.get("/api/v1/skills")
    assert public.headers["cache-control"] == "max-age=300, public"
