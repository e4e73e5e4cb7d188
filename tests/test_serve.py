"""`events serve` on the embedded PostgreSQL, as `make run` starts it: data survives restarts,
signals stop the service and its database, a busy port is a clear refusal."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

EVENTS = str(Path(sys.executable).parent / "events")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["EVENTS_DATA_DIR"] = str(data_dir)
    return env


class Service:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.port = _free_port()
        # A file, not a pipe: a pipe nobody reads fills up and blocks the service's logging.
        self.log = data_dir.parent / f"serve-{self.port}.log"
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own console script
                [EVENTS, "serve", "--port", str(self.port)],
                env=_env(data_dir),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.url = f"http://127.0.0.1:{self.port}"

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


@pytest.fixture
def data_dir() -> Iterator[Path]:
    # Not under pytest's basetemp, which a concurrent pytest run may prune while we use it.
    root = Path(tempfile.mkdtemp(prefix="rencontres-serve-"))
    yield root / "data"
    pid_file = root / "data" / "pgdata" / "postmaster.pid"
    if pid_file.exists():  # a failed test must not leave a server behind
        pg_pid = int(pid_file.read_text().splitlines()[0])
        os.kill(pg_pid, signal.SIGTERM)
        time.sleep(1)
    shutil.rmtree(root, ignore_errors=True)


def _postgres_running(data_dir: Path) -> bool:
    return (data_dir / "pgdata" / "postmaster.pid").exists()


def _create_admin(data_dir: Path, email: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own console script
        [EVENTS, "users", "create", email, "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
        env=_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_data_survives_restarts_and_sigterm_stops_postgres(data_dir: Path) -> None:
    created = _create_admin(data_dir, "Admin.Camille@example.org")
    assert created.returncode == 0, created.stderr
    assert not _postgres_running(data_dir), "the CLI left its PostgreSQL running"

    service = Service(data_dir)
    service.wait_healthy()
    schema = httpx.get(f"{service.url}/schema/openapi.json", timeout=5)
    assert schema.status_code == 200 and "/health" in schema.json()["paths"]
    login = httpx.post(
        f"{service.url}/api/v1/auth/token",
        json={"email": "admin.camille@example.org", "password": "a long enough password"},
        timeout=10,
    )
    assert login.status_code == 200, login.text
    assert service.stop(signal.SIGTERM) == 0
    assert not _postgres_running(data_dir)


def test_sigint_stops_cleanly_and_a_killed_service_does_not_block_the_next(
    data_dir: Path,
) -> None:
    first = Service(data_dir)
    first.wait_healthy()
    first.process.kill()  # no chance to clean up: its pid stays in the server's handle list
    first.process.wait(timeout=10)

    second = Service(data_dir)
    second.wait_healthy()
    assert second.stop(signal.SIGINT) == 0
    assert not _postgres_running(data_dir)


def test_second_serve_on_the_same_port_refuses_with_a_clear_message(data_dir: Path) -> None:
    first = Service(data_dir)
    first.wait_healthy()
    try:
        second = subprocess.run(  # noqa: S603 - our own console script
            [EVENTS, "serve", "--port", str(first.port)],
            env=_env(data_dir),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert second.returncode == 2
        assert "déjà utilisé" in second.stderr and "already in use" in second.stderr
        assert first.wait_healthy().status_code == 200
    finally:
        assert first.stop() == 0
    assert not _postgres_running(data_dir)


def test_the_access_log_hides_ticket_tokens_and_links_follow_the_port(data_dir: Path) -> None:
    service = Service(data_dir)
    service.wait_healthy()
    token = "v1." + "S3cr3tT1ck3t" * 8
    try:
        httpx.get(f"{service.url}/t/{token}", timeout=5)
        httpx.get(f"{service.url}/api/v1/tickets/{token}/qr.svg", timeout=5)
        schema = httpx.get(f"{service.url}/schema/openapi.json", timeout=5)
    finally:
        assert service.stop(signal.SIGTERM) == 0
    log = service.output()
    assert "/t/[…]" in log and "/api/v1/tickets/[…]/qr.svg" in log  # the lines are there
    assert "S3cr3tT1ck3t" not in log
    assert schema.status_code == 200


def test_a_cli_command_prints_no_initdb_chatter_and_no_runtime_dir_warning(
    data_dir: Path,
) -> None:
    env = {k: v for k, v in _env(data_dir).items() if k != "XDG_RUNTIME_DIR"}
    migrated = subprocess.run(  # noqa: S603 - our own console script
        [EVENTS, "migrate"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    output = migrated.stdout + migrated.stderr
    assert "0001_initial.sql" in output
    assert "initdb" not in output and "pg_ctl" not in output
    assert "XDG_RUNTIME_DIR" not in output
    assert len(output.splitlines()) < 20, output
