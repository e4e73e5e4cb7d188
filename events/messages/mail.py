"""Mail over SMTP: plain text and HTML alternatives, and the calendar invite both as an
alternative part (``text/calendar; method=REQUEST|CANCEL``, which Outlook needs on the part to
show a meeting) and as an ``invite.ics`` attachment, the way calendar services send theirs."""

from __future__ import annotations

import re
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Literal, Protocol
from urllib.parse import parse_qs, unquote, urlsplit
from uuid import UUID

import aiosmtplib
import msgspec

from events.messages.types import DeliveryFailed, Rendered

# The shape of ``fields.Email``, checked again at delivery: older rows and other writers.
_ADDRESS = re.compile(r"^[^\s@\x00-\x1f\x7f]+@[^\s@\x00-\x1f\x7f]+\.[^\s@\x00-\x1f\x7f]+$")
_STARTTLS = {"auto": None, "yes": True, "true": True, "no": False, "false": False}


class SmtpConfig(msgspec.Struct, frozen=True, kw_only=True):
    hostname: str
    port: int
    username: str | None = None
    password: str | None = None
    use_tls: bool = False
    start_tls: bool | None = None


class CalendarInvite(Protocol):
    @property
    def method(self) -> Literal["REQUEST", "CANCEL"]: ...
    @property
    def ics(self) -> bytes: ...


def parse_url(url: str) -> SmtpConfig:
    """``smtp://[user[:password]@]host[:port][?starttls=auto|yes|no]`` (STARTTLS when the server
    offers it, by default) or ``smtps://…`` for TLS from the start."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError("EVENTS_SMTP_URL must look like smtp://host:port or smtps://host:port")
    starttls = parse_qs(parts.query).get("starttls", ["auto"])[-1].lower()
    if starttls not in _STARTTLS:
        raise ValueError("EVENTS_SMTP_URL: starttls must be auto, yes or no")
    implicit = parts.scheme == "smtps"
    return SmtpConfig(
        hostname=parts.hostname,
        port=parts.port or (465 if implicit else 25),
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
        use_tls=implicit,
        start_tls=False if implicit else _STARTTLS[starttls],
    )


def check_address(address: str) -> str:
    """The address if a mail can be addressed to it; a wrong one will not get better by trying
    again, so it fails for good."""
    if len(address) > 254 or not _ADDRESS.match(address):
        raise DeliveryFailed(f"invalid e-mail address: {address!r}", permanent=True)
    try:
        Address(addr_spec=address)
        address.rsplit("@", 1)[1].encode("idna")
    except (ValueError, UnicodeError) as error:
        raise DeliveryFailed(f"invalid e-mail address: {address!r}", permanent=True) from error
    return address


def build(
    *,
    message_id: UUID,
    sender: str,
    recipient: str,
    rendered: Rendered,
    language: str,
    domain: str,
    invite: CalendarInvite | None,
    now: datetime,
) -> EmailMessage:
    """The mail, carrying its outbox id twice: in ``Message-ID`` (which mail systems use to
    drop copies) and in ``X-Rencontres-Message-Id``."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = recipient
    message["Subject"] = rendered.subject
    message["Date"] = format_datetime(now)
    message["Message-ID"] = f"<{message_id}@{domain}>"
    message["X-Rencontres-Message-Id"] = str(message_id)
    # A message sent by a program, not a person: vacation responders stay quiet (RFC 3834).
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(rendered.text)
    message.add_alternative(rendered.html, subtype="html")
    if invite is not None:
        message.add_alternative(
            invite.ics.decode("utf-8"), subtype="calendar", params={"method": invite.method}
        )
        message.add_attachment(
            invite.ics, maintype="application", subtype="ics", filename="invite.ics"
        )
    # Set last: building the parts moves the Content-* headers given before into the first one.
    message["Content-Language"] = language
    return message


async def send(message: EmailMessage, *, config: SmtpConfig, limit_seconds: float) -> None:
    """Hand the mail to the SMTP server; any refusal, time-out or dropped connection is a
    failed attempt, told with the server's own words."""
    try:
        await aiosmtplib.send(
            message,
            hostname=config.hostname,
            port=config.port,
            username=config.username,
            password=config.password,
            use_tls=config.use_tls,
            start_tls=config.start_tls,
            timeout=limit_seconds,
        )
    except aiosmtplib.SMTPRecipientsRefused as refused:
        details = "; ".join(f"{r.code} {r.message}" for r in refused.recipients)
        raise DeliveryFailed(f"recipient refused: {details}") from refused
    except aiosmtplib.SMTPResponseException as error:
        raise DeliveryFailed(f"SMTP {error.code} {error.message}") from error
    except aiosmtplib.SMTPTimeoutError as error:
        raise DeliveryFailed(f"SMTP timed out after {limit_seconds:g} s: {error}") from error
    except aiosmtplib.SMTPException as error:
        raise DeliveryFailed(f"SMTP: {type(error).__name__}: {error}") from error
    except OSError as error:
        raise DeliveryFailed(f"SMTP connection: {error}") from error
