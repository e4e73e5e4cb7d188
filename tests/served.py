"""`events serve` as a real process, on its own embedded PostgreSQL and its own data directory,
for the tests that need a served process (``test_serve``, ``test_database_recovery``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import httpx
import pytest

from events import db

EVENTS = str(Path(sys.executable).parent / "events")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def service_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["EVENTS_DATA_DIR"] = str(data_dir)
    env.update(extra)
    return env


class Service:
    """``events serve`` (``workers`` processes, by default as many as cores) on the embedded
    PostgreSQL of ``data_dir``, or on ``DATABASE_URL`` when ``env`` gives one."""

    def __init__(self, data_dir: Path, *, workers: int | None = None, **env: str) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        # A file, not a pipe: a pipe nobody reads fills up and blocks the service's logging.
        self.log = data_dir.parent / f"serve-{self.port}.log"
        command = [EVENTS, "serve", "--port", str(self.port)]
        if workers is not None:
            command += ["--workers", str(workers)]
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own console script
                command, env=service_env(data_dir, **env), stdout=log, stderr=subprocess.STDOUT
            )
        self.url = f"http://127.0.0.1:{self.port}"

    async def healthy(self, within: float = 60) -> None:
        """As ``wait_healthy``, without blocking the event loop (where a test's SMTP server
        runs)."""
        deadline = time.monotonic() + within
        async with httpx.AsyncClient(timeout=2) as http:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    pytest.fail(f"serve exited early: {self.output()}")
                try:
                    if (await http.get(f"{self.url}/health")).status_code == 200:
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.2)
        pytest.fail(f"serve never became healthy: {self.output()[-3000:]}")

    def wait_healthy(self, timeout: float = 60) -> httpx.Response:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"serve exited early: {self.output()}")
            try:
                response = httpx.get(f"{self.url}/health", timeout=2)
                if response.status_code == 200:
                    return response
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        pytest.fail("serve never became healthy")

    def stop(self, signum: int = signal.SIGTERM) -> int:
        self.process.send_signal(signum)
        return self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def postmaster_pid(data_dir: Path) -> int | None:
    """The embedded PostgreSQL's pid, while it runs (its ``postmaster.pid``)."""
    pid_file = data_dir / "pgdata" / "postmaster.pid"
    if not pid_file.exists():
        return None
    return int(pid_file.read_text().splitlines()[0])


def database_uri(data_dir: Path, database: str = "rencontres") -> str:
    """A connection URL for the embedded server, from its ``postmaster.pid``."""
    lines = (data_dir / "pgdata" / "postmaster.pid").read_text().splitlines()
    port, socket_dir = lines[3].strip(), lines[4].strip()
    return f"postgresql://postgres@/{database}?host={socket_dir}&port={port}"


@contextlib.contextmanager
def fresh_data_dir() -> Iterator[Path]:
    # Not under pytest's basetemp, which a concurrent pytest run may prune while we use it.
    root = Path(tempfile.mkdtemp(prefix="rencontres-serve-"))
    try:
        yield root / "data"
    finally:
        pg_pid = postmaster_pid(root / "data")
        if pg_pid is not None:  # a failed test must not leave a server behind
            with contextlib.suppress(ProcessLookupError):
                os.kill(pg_pid, signal.SIGTERM)
            time.sleep(1)
        shutil.rmtree(root, ignore_errors=True)


def create_admin(data_dir: Path, email: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script
        [EVENTS, "users", "create", email, "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
        env=service_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


class Worker:
    """An ``events worker`` process, its output in a file beside ``data_dir``."""

    def __init__(self, data_dir: Path, name: str, **env: str) -> None:
        data_dir.parent.mkdir(parents=True, exist_ok=True)
        self.log = data_dir.parent / f"worker-{name}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own console script
                [EVENTS, "worker"],
                env=service_env(data_dir, **env),
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def stop(self) -> int:
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=30)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@contextlib.asynccontextmanager
async def own_database(server_url: str, prefix: str) -> AsyncIterator[str]:
    """A migrated database of the test's own on the tests' server (served processes deliver
    its whole outbox, hold its locks), dropped afterwards."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'create database "{name}"')
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    try:
        await db.migrate_url(url)
        yield url
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()
