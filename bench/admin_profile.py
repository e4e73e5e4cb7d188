"""Why a back office page is slow (``python -m bench.admin_pages --profile ROUTE``): the page
served in this process, the named queries one request runs with their times and plans, where
its bytes go, and cProfile of its handler (work it sends to a thread included)."""

from __future__ import annotations

import asyncio
import contextlib
import cProfile
import pstats
import re
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
from litestar import Litestar

from events import db


@dataclass
class Call:
    query: str
    args: list[Any]
    ms: float
    rows: int


@contextlib.contextmanager
def recorded_queries() -> Iterator[list[Call]]:
    """Every named query the service runs meanwhile (``events.db``'s fetch functions), with
    its arguments and its time as the request saw it."""
    calls: list[Call] = []
    saved = {name: getattr(db, name) for name in ("fetch_all", "fetch_one", "fetch_value")}

    def timed_call(name: str) -> Any:
        original = saved[name]

        async def wrapper(conn: Any, query: str, /, *rest: Any, **params: Any) -> Any:
            started = time.perf_counter()
            result = await original(conn, query, *rest, **params)
            args = [params[name] for name in db.queries()[query].params]
            rows = len(result) if isinstance(result, list) else int(result is not None)
            calls.append(Call(query, args, (time.perf_counter() - started) * 1000, rows))
            return result

        return wrapper

    for name in saved:
        setattr(db, name, timed_call(name))
    try:
        yield calls
    finally:
        for name, original in saved.items():
            setattr(db, name, original)


async def profile_page(
    app: Litestar,
    path: str,
    log_in: Callable[[httpx.AsyncClient], Awaitable[None]],
    pool: Any,
    *,
    headers: dict[str, str],
    warmup: int,
    requests: int,
) -> None:
    """One page served in this process: the queries of one request (time, rows, and the plan
    of each as EXPLAIN ANALYZE gives it), the sizes of its parts, then cProfile over
    ``requests`` requests (top functions by own time and by cumulative time)."""
    async with (
        app.lifespan(),
        httpx.AsyncClient(  # in this thread and loop, so that cProfile sees the handler
            transport=httpx.ASGITransport(app=app),  # type: ignore[arg-type]
            base_url="http://testserver",
            headers=headers,
        ) as client,
    ):
        await log_in(client)
        for _ in range(warmup):
            await client.get(path)
        with recorded_queries() as calls:
            started = time.perf_counter()
            answer = await client.get(path)
            total = (time.perf_counter() - started) * 1000
        print(f"\nGET {path}: {answer.status_code}, {len(answer.content)} bytes, {total:.1f} ms")
        print(f"{len(calls)} queries, {sum(c.ms for c in calls):.1f} ms in all:")
        for call in calls:
            print(f"  {call.ms:7.2f} ms {call.rows:5d} rows  {call.query}")
        if "text/html" in answer.headers.get("content-type", ""):
            _parts(answer.text)
        async with pool.acquire() as conn:
            for call in sorted(calls, key=lambda c: -c.ms)[:5]:
                sql = db.queries()[call.query].sql
                transaction = conn.transaction()
                await transaction.start()
                try:  # ANALYZE runs the statement: whatever it writes is rolled back
                    plan = await conn.fetch(f"explain (analyze, buffers) {sql}", *call.args)
                finally:
                    await transaction.rollback()
                print(f"\nEXPLAIN ANALYZE {call.query}:")
                for line in plan:
                    print(f"  {line[0]}")
        profiler = cProfile.Profile()

        async def inline(function: Any, /, *args: Any, **kwargs: Any) -> Any:
            return function(*args, **kwargs)

        saved, asyncio.to_thread = asyncio.to_thread, inline
        try:  # work a handler sends to a thread runs here, where cProfile sees it
            profiler.enable()
            for _ in range(requests):
                await client.get(path)
            profiler.disable()
        finally:
            asyncio.to_thread = saved
    print(f"\ncProfile over {requests} requests")
    for order in ("tottime", "cumulative"):
        stats = pstats.Stats(profiler)
        stats.sort_stats(order).print_stats(25)


def _parts(html: str) -> None:
    """Where the bytes of a page go: its forms, hidden fields, options, table rows."""
    parts = {
        "<form ...</form>": r"<form\b.*?</form>",
        "csrf hidden inputs": r'<input type="hidden" name="csrf_token"[^>]*>',
        "<option>": r"<option\b.*?</option>",
        "<tr>...</tr>": r"<tr\b.*?</tr>",
        "aria-label=...": r'aria-label="[^"]*"',
    }
    print(f"the page's {len(html.encode())} bytes hold (overlapping):")
    for label, pattern in parts.items():
        found = re.findall(pattern, html, re.S)
        print(f"  {len(found):5d} {label:20} {sum(len(f.encode()) for f in found):8d} bytes")
