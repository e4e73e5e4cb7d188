"""The named queries and the code that calls them agree: every name called exists, every query is
called, and every name follows the one scheme (verb_noun)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from events import db

ROOT = Path(__file__).resolve().parent.parent
# The functions that take a query's name as their first string argument.
_CALLERS = {"fetch_all", "fetch_one", "fetch_value", "execute", "q", "query_args", "_args"}
_VERBS = (
    "annul bump cancel check claim count delete enqueue find get insert list lock mark merge next "
    "ping promote record requeue revoke search set store update upsert"
).split()


def _called_names(folder: str) -> dict[str, list[str]]:
    """Query names passed as a string to one of the query functions, with where each is."""
    found: dict[str, list[str]] = {}
    for path in sorted((ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            if isinstance(func, ast.Attribute):  # db.fetch_one(...), not asyncpg's conn.execute
                owner = func.value
                name = func.attr if isinstance(owner, ast.Name) and owner.id == "db" else ""
            else:
                name = getattr(func, "id", "")
            if name not in _CALLERS:
                continue
            for arg in node.args[:2]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    if re.fullmatch(r"[a-z_][a-z0-9_]*", arg.value):
                        where = f"{path.relative_to(ROOT)}:{node.lineno}"
                        found.setdefault(arg.value, []).append(where)
                    break
    return found


def test_every_query_called_by_the_code_exists() -> None:
    known = db.queries()
    for folder in ("events", "bench"):
        missing = {n: w for n, w in _called_names(folder).items() if n not in known}
        assert missing == {}, f"{folder} calls queries that sql/queries does not define"


def test_every_query_is_called_by_the_service() -> None:
    unused = sorted(set(db.queries()) - set(_called_names("events")))
    assert unused == [], "dead queries: delete them or call them"


def test_query_names_follow_the_verb_noun_scheme() -> None:
    odd = [n for n in db.queries() if n.split("_")[0] not in _VERBS]
    assert odd == []


def test_each_query_file_is_one_aggregate_and_registrations_keeps_none_of_the_others() -> None:
    files = {f.name: f.read_text(encoding="utf-8") for f in db.sql_files("queries")}
    assert {"tickets.sql", "checkins.sql", "idempotency.sql"} <= files.keys()
    names = re.findall(r"^-- name: (\w+)", files["registrations.sql"], re.M)
    assert not [n for n in names if "ticket" in n or "scan" in n or "idempotenc" in n]
