"""Ticket tokens and phone numbers stay out of log lines."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from uuid import uuid4

from events import redact
from events.messages.sms import ConsoleProvider
from events.settings import from_env


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


async def test_the_console_sms_logs_neither_the_number_nor_the_ticket_link() -> None:
    lines = _Lines()
    logger = logging.getLogger("events.messages.sms")
    logger.addHandler(lines)
    old_level = logger.level
    logger.setLevel(logging.INFO)
    try:
        await ConsoleProvider().send(
            number="+33612345678",
            text="Votre billet : http://127.0.0.1:8000/t/v1.AbCd_secret-token (code ABCD-EFGH)",
            message_id=uuid4(),
            now=datetime.now(UTC),
        )
    finally:
        logger.removeHandler(lines)
        logger.setLevel(old_level)
    (line,) = lines.lines
    assert "secret-token" not in line and "612345678" not in line
    assert "/t/[…]" in line and "•••••••••78" in line


def test_uvicorn_access_records_lose_the_token_of_every_ticket_path() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/t/v1.tok.en/invite.ics?lang=en", "1.1", 200), None,
    )  # fmt: skip
    assert redact.AccessLogFilter().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /t/[…]/invite.ics?lang=en HTTP/1.1" 200'


def test_links_follow_the_listening_port_unless_a_public_url_is_set() -> None:
    assert from_env({}, listen=("127.0.0.1", 8001)).public_url == "http://127.0.0.1:8001"
    given = {"EVENTS_PUBLIC_URL": "https://rencontres.example.org"}
    assert from_env(given, listen=("0.0.0.0", 8001)).public_url == given["EVENTS_PUBLIC_URL"]  # noqa: S104
