"""Real receivers for the outbox tests: an SMTP server (aiosmtpd) and an HTTP server for the SMS
webhook, both on 127.0.0.1 in the tests' own event loop, each able to accept, refuse, hang or
drop the connection; and helpers to look at outbox rows."""

from __future__ import annotations

import asyncio
import contextlib
import email
import email.parser
import email.policy
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import Any, Literal

import msgspec
from aiosmtpd.smtp import SMTP, Envelope, Session

from events.messages import worker
from events.settings import Settings

MailMode = Literal["accept", "refuse", "hang", "drop"]


class Mailbox:
    """What an SMTP server received. With ``hold_for`` set, a mail to that address is taken but
    its reply kept back until ``release`` is set: a worker waiting there can be killed between
    sending and recording."""

    def __init__(self, mode: MailMode) -> None:
        self.mode: MailMode = mode
        self.raw: list[bytes] = []
        self._parsed: list[EmailMessage] = []
        self.arrived = asyncio.Event()
        self.hold_for: str | None = None
        self.held = asyncio.Event()
        self.release = asyncio.Event()
        self.url = ""

    async def handle_RCPT(
        self, server: SMTP, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if self.mode == "refuse":
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:
        if self.mode == "hang":
            await self.release.wait()
        if self.mode == "drop":
            assert server.transport is not None
            server.transport.abort()
            return "421 gone"
        self.raw.append(envelope.original_content or b"")
        self.arrived.set()
        if self.hold_for is not None and self.hold_for in envelope.rcpt_tos:
            self.held.set()
            await self.release.wait()
        return "250 OK"

    @property
    def messages(self) -> list[EmailMessage]:
        """The mails received, parsed (parsing is slow: done once, when asked)."""
        for content in self.raw[len(self._parsed) :]:
            message = email.message_from_bytes(content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            self._parsed.append(message)
        return list(self._parsed)

    def headers(self) -> list[EmailMessage]:
        """The mails' headers only: much faster to parse than whole mails."""
        parser = email.parser.BytesHeaderParser(policy=email.policy.default)
        return [parser.parsebytes(content) for content in self.raw]

    def to(self, address: str) -> list[EmailMessage]:
        return [m for m in self.messages if m["To"] == address]


@contextlib.asynccontextmanager
async def smtp_server(mode: MailMode = "accept") -> AsyncIterator[Mailbox]:
    mailbox = Mailbox(mode)
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(mailbox, hostname="localhost"), "127.0.0.1", 0)
    mailbox.url = f"smtp://127.0.0.1:{server.sockets[0].getsockname()[1]}"
    try:
        yield mailbox
    finally:
        mailbox.release.set()
        server.close()
        await server.wait_closed()
        await _settle()


SmsMode = Literal["accept", "fail", "hang"]


class Received(msgspec.Struct, frozen=True):
    headers: dict[str, str]
    body: bytes


class SmsGateway:
    """A webhook receiver: answers 200, 500, or nothing at all."""

    def __init__(self, mode: SmsMode) -> None:
        self.mode: SmsMode = mode
        self.requests: list[Received] = []
        self.url = ""
        self.closing = asyncio.Event()
        self.handlers: set[asyncio.Task[Any]] = set()

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self.handlers.add(task)
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(Received(headers, body))
            if self.mode == "hang":
                await self.closing.wait()
                return
            status = "200 OK" if self.mode == "accept" else "500 Internal Server Error"
            answer = b"oops" if self.mode == "fail" else b"{}"
            writer.write(
                f"HTTP/1.1 {status}\r\nContent-Length: {len(answer)}\r\n"
                "Connection: close\r\n\r\n".encode()
                + answer
            )
            await writer.drain()
        finally:
            writer.close()
            with contextlib.suppress(ConnectionError):
                await writer.wait_closed()


@contextlib.asynccontextmanager
async def sms_gateway(mode: SmsMode = "accept") -> AsyncIterator[SmsGateway]:
    gateway = SmsGateway(mode)
    server = await asyncio.start_server(gateway.handle, "127.0.0.1", 0)
    gateway.url = f"http://127.0.0.1:{server.sockets[0].getsockname()[1]}/sms"
    try:
        yield gateway
    finally:
        gateway.closing.set()
        server.close()
        await server.wait_closed()
        await asyncio.gather(*gateway.handlers, return_exceptions=True)


async def _settle() -> None:
    """Let the server side of closed connections run to its end."""
    for _ in range(5):
        await asyncio.sleep(0)


def channels(settings: Settings, **overrides: Any) -> worker.Channels:
    """Channels for a test: no backoff worth waiting for, short time-outs, no SMS unless asked."""
    values: dict[str, Any] = {
        "sms_provider": "none",
        "delivery_timeout_seconds": 2.0,
        "delivery_backoff_seconds": 60.0,
        "delivery_max_attempts": 3,
        "worker_concurrency": 4,
        **overrides,
    }
    return worker.Channels(msgspec.structs.replace(settings, **values))


async def park_earlier_messages(pool: Any) -> None:
    """Messages that earlier tests left pending are moved out of reach, so that this test's
    workers deliver this test's messages only."""
    await pool.execute("update outbox set next_attempt_at = 'infinity' where status = 'pending'")


def soon(minutes: int = 0) -> datetime:
    return datetime.now(UTC) + timedelta(minutes=minutes, seconds=1)


class OutboxRow(msgspec.Struct, frozen=True, kw_only=True):
    id: Any
    kind: str
    channel: str
    recipient: str | None
    status: str
    reason: str | None
    attempts: int
    last_error: str | None
    sequence: int
    next_attempt_at: datetime


async def rows_for(pool: Any, registration_id: Any) -> list[OutboxRow]:
    records = await pool.fetch(
        "select id, kind, channel, recipient, status, reason, attempts, last_error, sequence,"
        " next_attempt_at from outbox where registration_id = $1 order by created_at, kind,"
        " channel",
        registration_id,
    )
    return [msgspec.convert(dict(r), OutboxRow) for r in records]


async def deliver(pool: Any, chan: worker.Channels, now: datetime | None = None) -> int:
    """Deliver what is due (reminders aside: those tests write them on purpose)."""
    return await worker.drain(pool, channels=chan, now=now or soon())
