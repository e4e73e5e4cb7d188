"""Every handler takes at most one dependency (one of ``events.api.deps.DEPENDENCIES``):
Litestar resolves two or more independent ones in an anyio task group (litestar#4563), which
cost a check-in 0.1 to 0.2 ms of CPU. And it is the right one: the context its name provides
has the type it declares, and fits what it answers (a page never gets the API's JSON 401).

No database here: the app is built, never started."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from litestar import Litestar, MediaType, Request, get
from litestar.exceptions import ImproperlyConfiguredException
from litestar.routes import HTTPRoute

from events.api import deps
from events.app import create_app
from events.errors import LoginRequired, NotAuthenticated
from events.settings import Settings

OURS = frozenset(deps.DEPENDENCIES)


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Litestar:
    return create_app(
        Settings(
            database_url="postgresql://nobody@127.0.0.1:1/never",
            data_dir=Path(tmp_path_factory.mktemp("data")),
            secret_key="test-secret-" + "x" * 40,
        )
    )


def _handlers(app: Litestar) -> Iterator[tuple[str, str, Any, Any]]:
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            for method, (handler, kwargs_model) in route.route_handler_map.items():
                yield route.path, method, handler, kwargs_model


def test_every_handler_takes_at_most_one_dependency(app: Litestar) -> None:
    too_many = {}
    for path, method, handler, _ in _handlers(app):
        available = handler.resolve_dependencies().keys()
        taken = set(handler.parsed_fn_signature.parameters) & available
        if len(taken) > 1:
            too_many[f"{method} {path}"] = sorted(taken)
    assert too_many == {}


def test_no_handler_resolves_its_dependencies_in_a_task_group(app: Litestar) -> None:
    # The batches are Litestar's own (private) plan: a batch of two or more is the task group.
    grouped = {
        f"{method} {path}": [sorted(d.key for d in batch) for batch in model.dependency_batches]
        for path, method, _, model in _handlers(app)
        if any(len(batch) > 1 for batch in model.dependency_batches)
    }
    assert grouped == {}


def test_the_check_sees_the_handlers_that_take_a_context(app: Litestar) -> None:
    taken = {
        f"{method} {path}": OURS & set(handler.parsed_fn_signature.parameters)
        for path, method, handler, _ in _handlers(app)
    }
    assert taken["POST /api/v1/events/{event_id:uuid}/checkins/batch"] == {"ctx"}
    assert taken["POST /api/v1/events/{event_id:uuid}/checkins"] == {"statement_ctx"}
    assert taken["GET /t/{token:str}"] == {"public_ctx"}
    assert taken["GET /cards/{candidate_id:uuid}"] == {"page_ctx"}
    assert taken["POST /api/v1/candidates/{candidate_id:uuid}/consent"] == {"maybe_ctx"}
    assert taken["GET /login"] == set()


class _PoolNeverUsed:
    def acquire(self) -> Any:
        raise AssertionError("a request without a log-in took a pool connection")


def _request(app: Litestar, method: str, path: str) -> Request[Any, Any, Any]:
    scope = {
        "type": "http",
        "method": method,
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [],
        "app": app,
        "state": {},
    }
    return Request(scope)  # type: ignore[arg-type]


async def test_a_request_without_log_in_is_refused_before_taking_a_connection(
    app: Litestar,
) -> None:
    state = app.state.copy()
    state.pool = _PoolNeverUsed()
    with pytest.raises(NotAuthenticated):
        await anext(deps.provide_context(_request(app, "POST", "/api/v1/events"), state))
    with pytest.raises(LoginRequired):
        await anext(deps.provide_page_context(_request(app, "GET", "/cards/x"), state))


def test_a_page_gets_a_page_context_distinct_from_the_api_context() -> None:
    assert deps.PageContext is not deps.Context
    assert not issubclass(deps.PageContext, deps.Context)
    assert not issubclass(deps.Context, deps.PageContext)
    assert deps.CONTEXT_TYPES["page_ctx"] is deps.PageContext
    assert deps.CONTEXT_TYPES["ctx"] is deps.Context


def test_every_handler_of_the_app_takes_the_right_context(app: Litestar) -> None:
    assert deps.context_mistakes(app.routes) == []


@get("/wrong/page-typed-as-api", media_type=MediaType.HTML)
async def _page_typed_as_api(page_ctx: deps.Ctx) -> str:
    return ""


@get("/wrong/page-named-as-api", media_type=MediaType.HTML)
async def _page_named_as_api(ctx: deps.PageCtx) -> str:
    return ""


@get("/wrong/page-with-the-api-context", media_type=MediaType.HTML)
async def _page_with_the_api_context(ctx: deps.Ctx) -> str:
    return ""


@get("/wrong/api-with-the-page-context")
async def _api_with_the_page_context(page_ctx: deps.PageCtx) -> dict[str, str]:
    return {}


@pytest.mark.parametrize(
    ("handler", "says"),
    [
        (_page_typed_as_api, "`page_ctx` must be a PageContext"),
        (_page_named_as_api, "`ctx` must be a Context"),
        (_page_with_the_api_context, "a page takes page_ctx or public_ctx, not `ctx`"),
        (_api_with_the_page_context, "`page_ctx` is for pages and their downloads"),
    ],
)
def test_an_app_with_a_handler_given_the_wrong_context_is_refused(handler: Any, says: str) -> None:
    wrong = Litestar(route_handlers=[handler], dependencies=deps.DEPENDENCIES)
    with pytest.raises(ImproperlyConfiguredException, match=re.escape(says)):
        deps.check_handlers(wrong.routes)
