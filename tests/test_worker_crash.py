"""A real ``events worker`` process killed between handing a mail to the SMTP server and
recording it: once restarted, it sends the mail again with the same message id (at least once;
the receiver drops the copy by that id)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path
from typing import Any

from httpx import AsyncClient

from events.settings import Settings
from tests.factories import make_staff, unique
from tests.factories_outbox import Mailbox, park_earlier_messages, rows_for, smtp_server
from tests.factories_registrations import make_candidate, make_published_event, register

ROOT = Path(__file__).resolve().parent.parent


def _env(database_url: str, mailbox: Mailbox, settings: Settings) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "EVENTS_SMTP_URL": mailbox.url,
        "EVENTS_SMS_PROVIDER": "none",
        "EVENTS_SECRET_KEY": settings.secret_key,
        "EVENTS_DATA_DIR": str(settings.data_dir),
        "EVENTS_PUBLIC_URL": settings.public_url,
        "EVENTS_WORKER_POLL_SECONDS": "0.05",
        "EVENTS_DELIVERY_TIMEOUT_SECONDS": "60",
    }


async def _start_worker(
    database_url: str, mailbox: Mailbox, settings: Settings
) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "events",
        "worker",
        cwd=ROOT,
        env=_env(database_url, mailbox, settings),
        stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def _status(pool: Any, message_id: Any) -> str:
    status: str = await pool.fetchval("select status from outbox where id = $1", message_id)
    return status


async def test_a_worker_killed_after_sending_sends_again_on_restart_with_the_same_id(
    client: AsyncClient, pool: Any, settings: Settings, database_url: str
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('kill')}@example.org"
    candidate = await make_candidate(client, staff.coach, email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    [message] = await rows_for(pool, registration["id"])

    async with smtp_server() as mailbox:
        mailbox.hold_for = address
        first = await _start_worker(database_url, mailbox, settings)
        try:
            await asyncio.wait_for(mailbox.held.wait(), timeout=30)
            # The server has the whole mail; the worker waits for its reply, row still held.
            assert await _status(pool, message.id) == "pending"
        finally:
            first.send_signal(signal.SIGKILL)
            await first.communicate()
        assert first.returncode == -signal.SIGKILL
        assert await _status(pool, message.id) == "pending", "nothing recorded: not sent yet"

        mailbox.hold_for = None
        mailbox.release.set()
        second = await _start_worker(database_url, mailbox, settings)
        try:
            for _ in range(600):
                if await _status(pool, message.id) == "sent":
                    break
                await asyncio.sleep(0.05)
        finally:
            second.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(second.communicate(), timeout=30)
        assert second.returncode == 0, stderr.decode()

    copies = mailbox.to(address)
    assert len(copies) == 2, "at least once: the mail went out again after the crash"
    assert {m["X-Rencontres-Message-Id"] for m in copies} == {str(message.id)}
    assert {m["Message-ID"] for m in copies} == {f"<{message.id}@127.0.0.1>"}
    [row] = await rows_for(pool, registration["id"])
    assert (row.status, row.attempts) == ("sent", 1)


async def test_events_serve_delivers_the_outbox_in_its_own_process(
    client: AsyncClient, pool: Any, settings: Settings, database_url: str
) -> None:
    await park_earlier_messages(pool)
    staff = await make_staff(pool, settings, client)
    event = await make_published_event(client, staff.organiser)
    address = f"{unique('served')}@example.org"
    candidate = await make_candidate(client, staff.coach, email=address)
    registration = await register(client, staff.coach, event["id"], candidate_id=candidate)
    [message] = await rows_for(pool, registration["id"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    async with smtp_server() as mailbox:
        served = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "events",
            "serve",
            "--port",
            str(port),
            cwd=ROOT,
            env=_env(database_url, mailbox, settings),
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
        )
        try:
            for _ in range(600):
                if await _status(pool, message.id) == "sent":
                    break
                await asyncio.sleep(0.05)
        finally:
            served.send_signal(signal.SIGTERM)
            _, stderr = await asyncio.wait_for(served.communicate(), timeout=30)
        assert served.returncode == 0, stderr.decode()
    assert await _status(pool, message.id) == "sent"
    assert [m["X-Rencontres-Message-Id"] for m in mailbox.to(address)] == [str(message.id)]
