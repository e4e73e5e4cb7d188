"""For the tests of password links: a company an organisation works with, a client calling from
an address of its own (reset requests are counted per address), and the link a mail carries,
received by a real SMTP server and read from the mail as a person would."""

from __future__ import annotations

import itertools
import re
import secrets
from email.message import EmailMessage
from typing import Any

import httpx
from httpx import AsyncClient
from litestar import Litestar

from events.settings import Settings
from tests.factories import Staff
from tests.factories_outbox import channels, deliver, smtp_server
from tests.factories_registrations import make_company, make_published_event, register

# A link to choose a password, as a mail's plain text carries it.
LINK = re.compile(r"(?P<url>https?://\S+/password/(?P<token>[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+))")
_ADDRESSES = itertools.count(1)


def client_from(app: Litestar, address: str | None = None) -> httpx.AsyncClient:
    """A client with its own cookie jar, calling from ``address`` (a fresh one by default)."""
    if address is None:
        address = f"198.51.{secrets.randbelow(256)}.{next(_ADDRESSES) % 250 + 1}"
    transport = httpx.ASGITransport(app=app, client=(address, 40_000))
    return httpx.AsyncClient(transport=transport, base_url="http://testserver")


async def partner_company(client: AsyncClient, staff: Staff) -> str:
    """A company registered at one of the organisation's events: one it works with."""
    event = await make_published_event(client, staff.organiser)
    company_id = await make_company(client, staff.organiser)
    await register(client, staff.organiser, event["id"], company_id=company_id)
    return company_id


def plain_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain",))
    assert body is not None
    content: str = body.get_content()
    return content


def html_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("html",))
    assert body is not None
    content: str = body.get_content()
    return content


async def mails_to(pool: Any, settings: Settings, address: str) -> list[EmailMessage]:
    """Deliver what is due through a real SMTP server; the mails ``address`` received."""
    async with smtp_server() as mailbox:
        await deliver(pool, channels(settings, smtp_url=mailbox.url))
    return mailbox.to(address)


def link_in(message: EmailMessage) -> tuple[str, str]:
    """The link a mail carries (its URL and its token), read from its plain text."""
    found = LINK.search(plain_text(message))
    assert found is not None, plain_text(message)
    return found["url"], found["token"]


async def mailed_link(pool: Any, settings: Settings, address: str) -> tuple[str, str]:
    """The link of the one mail ``address`` receives now."""
    [message] = await mails_to(pool, settings, address)
    return link_in(message)
