"""The OpenAPI document clients generate code from: who may call each operation (its security)
and what it refuses (its 4xx answers, in the one error body with their codes), held against the
handlers themselves and against refusals the service really gives."""

from __future__ import annotations

from typing import Any
from uuid import uuid4

import pytest
from httpx import AsyncClient
from litestar import Litestar, MediaType
from litestar.handlers import HTTPRouteHandler
from litestar.routes import HTTPRoute

from events.errors import all_codes
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, make_published_event, register

ERROR_BODY = "#/components/schemas/ErrorBody"
CODES = {error.code: error.status_code for error in all_codes()}


@pytest.fixture(scope="module")
async def schema(client: AsyncClient) -> dict[str, Any]:
    response = await client.get("/schema/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def _operations(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    """Every operation of ours: method, path as the schema writes it, handler."""
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for method, (handler, _) in route.route_handler_map.items():
            if method == "OPTIONS" or not handler.fn.__module__.startswith("events."):
                continue
            if handler.include_in_schema is False:
                continue
            path = route.path_format or "/"
            found.append((method, path, handler))
    return found


def _api(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    return [op for op in _operations(app) if op[1].startswith("/api/")]


def _takes(handler: HTTPRouteHandler, name: str) -> bool:
    return name in handler.parsed_fn_signature.parameters


def declared(schema: dict[str, Any], method: str, path: str) -> dict[int, set[str]]:
    """The refusals an operation declares: status → codes (its examples' ids)."""
    operation = schema["paths"][path][method.lower()]
    refusals: dict[int, set[str]] = {}
    for status, answer in operation["responses"].items():
        if not 400 <= int(status) < 500:
            continue
        content = answer.get("content", {})
        examples = content.get(MediaType.JSON, {}).get("examples", {})
        codes = {example["value"]["code"] for example in examples.values()}
        refusals[int(status)] = codes or {line.split("`")[1] for line in _coded(answer)}
    return refusals


def _coded(answer: dict[str, Any]) -> list[str]:
    return [line for line in answer["description"].splitlines() if line.startswith("- `")]


def test_the_schema_declares_how_to_log_in_and_each_operation_says_what_it_needs(
    app: Litestar, schema: dict[str, Any]
) -> None:
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearer"] == {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "signed token",
        "description": schemes["bearer"]["description"],
    }
    assert schemes["session"]["type"] == "apiKey"
    assert (schemes["session"]["in"], schemes["session"]["name"]) == (
        "cookie",
        "rencontres_session",
    )
    wrong = {}
    for method, path, handler in _operations(app):
        security = schema["paths"][path][method.lower()].get("security")
        if _takes(handler, "ctx") or _takes(handler, "statement_ctx"):
            expected: Any = [{"bearer": []}]
        elif _takes(handler, "page_ctx"):
            expected = [{"session": []}]
        elif _takes(handler, "maybe_ctx"):
            expected = [{"bearer": []}, {}]
        else:
            expected = None
        if path.startswith("/api/") or path.startswith("/cards/"):
            if security != expected:
                wrong[f"{method} {path}"] = security
    assert wrong == {}


def test_every_api_operation_declares_its_refusals_in_the_one_error_body(
    app: Litestar, schema: dict[str, Any]
) -> None:
    """No operation keeps Litestar's own 400 (without ``code``); every group its kind of
    operation shares is there; every code is one the service has, under its own status."""
    assert set(schema["components"]["schemas"]["ErrorBody"]["required"]) >= {
        "status_code",
        "code",
        "detail",
    }
    missing: dict[str, list[str]] = {}
    for method, path, handler in _api(app):
        where = f"{method} {path}"
        operation = schema["paths"][path][method.lower()]
        refusals = declared(schema, method, path)
        others = [
            status
            for status, answer in operation["responses"].items()
            if 400 <= int(status) < 500
            and answer["content"][MediaType.JSON]["schema"] != {"$ref": ERROR_BODY}
        ]
        if others:
            missing[where] = [f"{status}: not the one error body" for status in others]
            continue
        for status, codes in refusals.items():
            for code in codes:
                assert CODES.get(code) == status, f"{where}: {code} under {status}"
        wanted = []
        if _takes(handler, "ctx"):
            wanted.append((401, "not_authenticated"))
        if _takes(handler, "data"):
            wanted += [(400, "invalid_input"), (400, "malformed_body"), (413, "body_too_large")]
        if _takes(handler, "cursor"):
            wanted += [(400, "invalid_input"), (400, "invalid_cursor")]
        if any(_takes(handler, name) for name in ("event_id", "candidate_id", "registration_id")):
            assert any(status == 404 for status in refusals), f"{where}: no 404"
        if _takes(handler, "token"):
            wanted.append((422, "invalid_ticket"))
        lacking = [code for status, code in wanted if code not in refusals.get(status, set())]
        if lacking:
            missing[where] = lacking
    assert missing == {}


def test_html_pages_declare_their_refusals_as_pages(schema: dict[str, Any]) -> None:
    for path, status, code in (
        ("/t/{token}", 422, "invalid_ticket"),
        ("/t/{token}", 409, "ticket_revoked"),
        ("/events/{event_id}", 404, "event_not_found"),
        ("/cards/{candidate_id}", 404, "candidate_not_found"),
    ):
        answer = schema["paths"][path]["get"]["responses"][str(status)]
        assert list(answer["content"]) == ["text/html"], path
        assert f"- `{code}`" in answer["description"], path
        assert "data-code" in answer["description"]


async def _refusal(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["code"] == code


async def test_refusals_the_service_gives_are_declared_for_their_operation(
    client: AsyncClient, pool: Any, settings: Settings, schema: dict[str, Any]
) -> None:
    """A client generated from the schema knows each answer below: its status and its code."""
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser, candidates=5)
    candidate_id = await make_candidate(client, staff.organiser)
    registration = await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    token = registration["ticket"]["token"]
    checkin = f"/api/v1/events/{event['id']}/checkins"
    assert (
        await client.post(checkin, headers=staff.coach, json={"token": token})
    ).status_code == 201
    seen: list[tuple[str, str, int, str]] = []

    async def refused(
        method: str, template: str, url: str, status: int, code: str, **kwargs: Any
    ) -> None:
        response = await client.request(method, url, **kwargs)
        await _refusal(response, status, code)
        seen.append((method, template, status, code))

    await refused("GET", "/api/v1/candidates", "/api/v1/candidates", 401, "not_authenticated")
    await refused(
        "POST",
        "/api/v1/events",
        "/api/v1/events",
        400,
        "malformed_body",
        headers={**staff.organiser, "Content-Type": "application/json"},
        content=b'{"kind": ',
    )
    await refused(
        "POST",
        "/api/v1/events/{event_id}/publish",
        f"/api/v1/events/{event['id']}/publish",
        409,
        "invalid_status_transition",
        headers=staff.organiser,
    )
    await refused(
        "POST",
        "/api/v1/events/{event_id}/publish",
        f"/api/v1/events/{event['id']}/publish",
        403,
        "forbidden",
        headers=staff.coach,
    )
    await refused(
        "GET",
        "/api/v1/events/{event_id}",
        f"/api/v1/events/{uuid4()}",
        404,
        "event_not_found",
        headers=staff.coach,
    )
    await refused(
        "GET",
        "/api/v1/events",
        "/api/v1/events?cursor=not-a-cursor",
        400,
        "invalid_cursor",
        headers=staff.coach,
    )
    await refused(
        "POST",
        "/api/v1/events/{event_id}/registrations",
        f"/api/v1/events/{event['id']}/registrations",
        409,
        "already_registered",
        headers=staff.organiser,
        json={"candidate_id": candidate_id},
    )
    await refused(
        "POST",
        "/api/v1/events/{event_id}/checkins",
        checkin,
        409,
        "already_checked_in",
        headers=staff.coach,
        json={"token": token},
    )
    await refused(
        "POST",
        "/api/v1/events/{event_id}/checkins",
        checkin,
        422,
        "invalid_ticket",
        headers=staff.coach,
        json={"token": "ABCD-EFGH"},
    )
    await refused("GET", "/api/v1/tickets/{token}", "/api/v1/tickets/abc", 422, "invalid_ticket")
    await refused(
        "POST",
        "/api/v1/auth/token",
        "/api/v1/auth/token",
        401,
        "invalid_credentials",
        json={"email": staff.coach_user.email, "password": "not the password"},
    )
    await refused(
        "GET",
        "/api/v1/events/{event_id}/invite.ics",
        f"/api/v1/events/{event['id']}/invite.ics",
        401,
        "not_authenticated",
    )
    undeclared = [
        f"{method} {template}: {status} {code}"
        for method, template, status, code in seen
        if code not in declared(schema, method, template).get(status, set())
    ]
    assert undeclared == []
