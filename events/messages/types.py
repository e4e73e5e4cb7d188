"""What message content and its transports share: a rendered mail, a venue, a failed hand-over.

Transports (``mail``, ``sms``) import only this module, never the words of a message."""

from __future__ import annotations

import msgspec


class Venue(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    address: str
    city: str
    postcode: str


class Rendered(msgspec.Struct, frozen=True, kw_only=True):
    """A mail ready to send: its subject, plain text and HTML."""

    subject: str
    text: str
    html: str


class DeliveryFailed(Exception):
    """An attempt to hand a message over did not succeed; ``permanent`` when trying again
    cannot help (the address itself is wrong)."""

    def __init__(self, error: str, *, permanent: bool = False) -> None:
        super().__init__(error)
        self.error = error
        self.permanent = permanent
