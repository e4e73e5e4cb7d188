"""Every HTML page lives in ``events/web/`` and extends the one base template; imports go from
``web/`` to ``api/``, never back."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from litestar import Litestar, MediaType
from litestar.routes import HTTPRoute

from events.app import create_app
from events.settings import Settings

EVENTS = Path(__file__).resolve().parent.parent / "events"
TEMPLATES = EVENTS / "web" / "templates"


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module, *(f"{node.module}.{alias.name}" for alias in node.names)}
        elif isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
    return names


def test_nothing_in_api_imports_web() -> None:
    importers = {
        path.name
        for path in (EVENTS / "api").rglob("*.py")
        if any(name.startswith("events.web") for name in _imported(path))
    }
    assert importers == set()


def test_every_html_page_is_served_from_events_web(tmp_path: Path) -> None:
    app: Litestar = create_app(
        Settings(
            database_url="postgresql://nobody@127.0.0.1:1/never",
            data_dir=tmp_path,
            secret_key="test-secret-" + "x" * 40,
        )
    )
    pages = {
        f"{method} {route.path}": handler.fn.__module__
        for route in app.routes
        if isinstance(route, HTTPRoute)
        for method, (handler, _) in route.route_handler_map.items()
        # Ours only: Litestar serves its own schema routes.
        if handler.media_type == MediaType.HTML and handler.fn.__module__.startswith("events.")
    }
    assert {"GET /t/{token:str}", "GET /cards/{candidate_id:uuid}", "GET /login"} <= set(pages)
    assert {
        path: module for path, module in pages.items() if not module.startswith("events.web.")
    } == {}


def test_every_template_extends_the_one_base() -> None:
    templates = {path.name: path.read_text(encoding="utf-8") for path in TEMPLATES.glob("*.html")}
    assert "base.html" in templates
    assert "<!doctype html>" in templates.pop("base.html")
    layouts = {
        path.relative_to(TEMPLATES).as_posix(): path.read_text(encoding="utf-8")
        for path in TEMPLATES.glob("*/layout.html")
    }
    for name, text in layouts.items():
        assert text.startswith('{% extends "base.html" %}'), name
    for name, text in templates.items():
        # A page extends the base, or its audience's layout (``<audience>/layout.html``), which
        # extends the base; partials and macros live in the audience's folder.
        parent = re.match(r'\{% extends "([a-z_/]+\.html)" %\}', text)
        assert parent and (parent.group(1) == "base.html" or parent.group(1) in layouts), name
        assert "<head>" not in text and "<!doctype" not in text.lower(), name


def test_every_template_is_named_after_a_page_that_renders_it() -> None:
    rendered = set()
    for path in (EVENTS / "web").glob("*.py"):
        rendered |= set(re.findall(r'"([a-z_]+\.html)"', path.read_text(encoding="utf-8")))
    names = {path.name for path in TEMPLATES.glob("*.html")} - {"base.html"}
    assert names == rendered
