"""`events serve` on the embedded PostgreSQL, as `make run` starts it: data survives restarts,
signals stop the service and its database, a busy port is a clear refusal."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import httpx
import pytest

from tests.served import (
    EVENTS,
    Service,
    create_admin,
    database_uri,
    fresh_data_dir,
    postmaster_pid,
    service_env,
)


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


def _leaders(log: str) -> list[int]:
    return [int(pid) for pid in re.findall(r"process (\d+) delivers the outbox", log)]


async def _delivery_locks(data_dir: Path) -> int:
    conn = await asyncpg.connect(database_uri(data_dir))
    try:
        held: int = await conn.fetchval(
            "select count(*) from pg_locks where locktype = 'advisory' and objid = $1",
            0x52454E44,  # sql/queries/delivery.sql
        )
        return held
    finally:
        await conn.close()


def test_workers_share_one_embedded_server_and_one_of_them_delivers_the_outbox(
    data_dir: Path,
) -> None:
    service = Service(data_dir, workers=2)
    try:
        service.wait_healthy()
        for _ in range(100):  # the second process may still be starting, the leader electing
            log = service.output()
            if log.count("Application startup complete") == 2 and _leaders(log):
                break
            time.sleep(0.2)
        log = service.output()
        assert log.count("Started server process") == 2, log
        assert log.count("migration applied: 0001_initial.sql") == 1, "migrated once"
        # Both answer, on the one port, from the one database.
        answered = {httpx.get(f"{service.url}/health", timeout=5).status_code for _ in range(20)}
        assert answered == {200}
        [leader] = _leaders(log)
        assert asyncio.run(_delivery_locks(data_dir)) == 1
        first_postgres = postmaster_pid(data_dir)
        # The delivering process dies: its lock goes with its connection, and another process
        # (the other one, or the one that replaces it) delivers within the check interval.
        os.kill(leader, signal.SIGKILL)
        deadline = time.monotonic() + 20
        while len(_leaders(service.output())) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_leaders(service.output())) == 2, service.output()[-3000:]
        assert _leaders(service.output())[1] != leader
        assert service.wait_healthy().status_code == 200
        assert asyncio.run(_delivery_locks(data_dir)) == 1
        assert postmaster_pid(data_dir) == first_postgres, "one server, never restarted"
    finally:
        assert service.stop(signal.SIGTERM) == 0, service.output()[-3000:]
    assert not _postgres_running(data_dir)
