"""`events serve` on the embedded PostgreSQL, as `make run` starts it: data survives restarts,
signals stop the service and its database, a busy port is a clear refusal."""

from __future__ import annotations

import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.served import EVENTS, Service, create_admin, fresh_data_dir, service_env


@pytest.fixture
def data_dir() -> Iterator[Path]:
    with fresh_data_dir() as path:
        yield path


def _postgres_running(data_dir: Path) -> bool:
    return (data_dir / "pgdata" / "postmaster.pid").exists()


def test_data_survives_restarts_and_sigterm_stops_postgres(data_dir: Path) -> None:
    created = create_admin(data_dir, "Admin.Camille@example.org")
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
            env=service_env(data_dir),
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
    env = {k: v for k, v in service_env(data_dir).items() if k != "XDG_RUNTIME_DIR"}
    migrated = subprocess.run(  # noqa: S603 - our own console script
        [EVENTS, "migrate"], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert migrated.returncode == 0, migrated.stderr
    output = migrated.stdout + migrated.stderr
    assert "0001_initial.sql" in output
    assert "initdb" not in output and "pg_ctl" not in output
    assert "XDG_RUNTIME_DIR" not in output
    chatter = [line for line in output.splitlines() if ".sql" not in line]
    assert len(chatter) < 5, output
