"""Text messages, through a provider: an HTTP webhook (any SMS gateway, or a small relay in
front of one) or the console for development.

The webhook gets ``POST`` JSON ``{"number", "text", "message_id"}`` with headers
``X-Rencontres-Message-Id`` (the same for every attempt at one message: drop a second copy),
``X-Rencontres-Timestamp`` (Unix seconds) and ``X-Rencontres-Signature: sha256=<hex>``, the
HMAC-SHA256 with the shared secret of ``<timestamp>.<body>``. A 2xx answer means taken.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from datetime import datetime
from typing import Protocol
from uuid import UUID

import httpx
import msgspec

from events import redact
from events.messages.types import DeliveryFailed

log = logging.getLogger(__name__)

# National numbers of the overseas departments, which have their own country codes.
_OVERSEAS = {
    "262": "262",  # La Réunion, fixed
    "263": "262",
    "692": "262",  # La Réunion, mobile
    "693": "262",
    "269": "262",  # Mayotte
    "639": "262",
    "590": "590",  # Guadeloupe, Saint-Martin, Saint-Barthélemy
    "690": "590",
    "691": "590",
    "594": "594",  # Guyane
    "694": "594",
    "596": "596",  # Martinique
    "696": "596",
    "697": "596",
}
_SEPARATORS = re.compile(r"[\s.\-()/]")


class SmsProvider(Protocol):
    async def send(self, *, number: str, text: str, message_id: UUID, now: datetime) -> None: ...


class _Body(msgspec.Struct, frozen=True, kw_only=True):
    number: str
    text: str
    message_id: UUID


def normalise_number(raw: str) -> str:
    """The number in international form (+33612345678). French national numbers are read as
    such, overseas ones with their own country code; anything that is not a phone number fails
    for good, since trying again cannot fix it."""
    compact = _SEPARATORS.sub("", raw.replace("(0)", ""))
    if compact.startswith("00"):
        compact = "+" + compact[2:]
    if re.fullmatch(r"0[1-9][0-9]{8}", compact):
        country = _OVERSEAS.get(compact[1:4], "33")
        compact = f"+{country}{compact[1:]}"
    if not re.fullmatch(r"\+[1-9][0-9]{7,14}", compact):
        raise DeliveryFailed(f"invalid phone number: {raw!r}", permanent=True)
    return compact


def signature(secret: str, timestamp: str, body: bytes) -> str:
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


class WebhookProvider:
    def __init__(self, *, url: str, secret: str, timeout: float) -> None:
        self.url = url
        self.secret = secret
        self.timeout = timeout

    async def send(self, *, number: str, text: str, message_id: UUID, now: datetime) -> None:
        body = msgspec.json.encode(_Body(number=number, text=text, message_id=message_id))
        timestamp = str(int(now.timestamp()))
        headers = {
            "Content-Type": "application/json",
            "X-Rencontres-Message-Id": str(message_id),
            "X-Rencontres-Timestamp": timestamp,
            "X-Rencontres-Signature": signature(self.secret, timestamp, body),
        }
        try:
            async with httpx.AsyncClient(timeout=self.timeout) as http:
                response = await http.post(self.url, content=body, headers=headers)
        except httpx.TimeoutException as error:
            raise DeliveryFailed(f"SMS webhook timed out after {self.timeout:g} s") from error
        except httpx.HTTPError as error:
            raise DeliveryFailed(f"SMS webhook: {type(error).__name__}: {error}") from error
        if not response.is_success:
            raise DeliveryFailed(
                f"SMS webhook answered {response.status_code}: {response.text[:200]}"
            )


class ConsoleProvider:
    """Development: the text goes to the log (its ticket link and the number hidden), nowhere
    else."""

    async def send(self, *, number: str, text: str, message_id: UUID, now: datetime) -> None:
        log.info("SMS %s to %s: %s", message_id, redact.phone(number), redact.path(text))
