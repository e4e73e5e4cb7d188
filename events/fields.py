"""Shared constraints for input fields, so every text field is bounded and safe to store.

What no text may hold (``_HIDDEN``): the control characters, NUL among them (PostgreSQL text
cannot hold it), tab and line breaks apart where a text may have several lines; the Unicode line
and paragraph separators; and the bidirectional embeddings, overrides and isolates, which make a
text display otherwise than it is stored (a name that reads backwards in a calendar invite). A
name also needs one character that shows (``_BLANK`` lists those that show nothing: spaces,
zero-width characters, joiners and direction marks, fillers); joiners and marks stay allowed
inside a name, where Persian and Arabic spelling uses them.

The patterns end in ``$(?!\\n)``: msgspec matches with ``re.search``, where ``$`` alone also
matches before a final line break. ``events.errors`` explains each pattern in plain words; the
pattern itself is never shown to anyone.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal

import msgspec

_HIDDEN = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
_BREAKS = r"\t\n\r"
_SPACES = r" \xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
_INVISIBLE = (
    r"\xad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\u2800\u3164"
    r"\ufe00-\ufe0f\ufeff\uffa0\U000e0000-\U000e007f"
)
_BLANK = _SPACES + _INVISIBLE
_END = r"$(?!\n)"

# Free text over several lines (a description, a reason).
TEXT_PATTERN = rf"^[^{_HIDDEN}]*{_END}"
# One line of text, perhaps empty.
LINE_PATTERN = rf"^[^{_HIDDEN}{_BREAKS}]*{_END}"
# One line with at least one character that shows: names, titles, places.
NAME_PATTERN = rf"^[{_BLANK}]*[^{_HIDDEN}{_BREAKS}{_BLANK}][^{_HIDDEN}{_BREAKS}]*{_END}"
# Anything but NUL: a password is hashed, never shown.
SECRET_PATTERN = r"^[^\x00]*$"  # noqa: S105 - a pattern, not a password
_EMAIL_PART = rf"[^\s@{_HIDDEN}{_INVISIBLE}]+"
EMAIL_PATTERN = rf"^{_EMAIL_PART}@{_EMAIL_PART}\.{_EMAIL_PART}{_END}"
PHONE_PATTERN = rf"^\+?[0-9][0-9 .\-()]{{5,28}}{_END}"
POSTCODE_PATTERN = rf"^(?:[0-9]{{5}}|2[AB][0-9]{{3}}){_END}"
SIRET_PATTERN = rf"^[0-9]{{14}}{_END}"
URL_PATTERN = rf"^https?://[^\s{_HIDDEN}{_INVISIBLE}]+{_END}"
# IANA names only ("Europe/Paris", "Indian/Reunion", "UTC"): no dots, so no path tricks; which
# names the database knows is checked apart (``events.catalog.inputs.check_timezone``).
TIMEZONE_PATTERN = rf"^[A-Za-z][A-Za-z0-9_+\-]*(?:/[A-Za-z0-9_+\-]+)*{_END}"

Name = Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NAME_PATTERN)]
ShortText = Annotated[str, msgspec.Meta(max_length=200, pattern=LINE_PATTERN)]
LongText = Annotated[str, msgspec.Meta(max_length=10_000, pattern=TEXT_PATTERN)]
# Why something was called off: told to every participant, by mail and text message.
Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NAME_PATTERN)]
Email = Annotated[str, msgspec.Meta(max_length=254, pattern=EMAIL_PATTERN)]
Phone = Annotated[str, msgspec.Meta(max_length=30, pattern=PHONE_PATTERN)]
Postcode = Annotated[str, msgspec.Meta(pattern=POSTCODE_PATTERN)]
Siret = Annotated[str, msgspec.Meta(pattern=SIRET_PATTERN)]
Url = Annotated[str, msgspec.Meta(max_length=2000, pattern=URL_PATTERN)]
Password = Annotated[str, msgspec.Meta(min_length=10, max_length=200, pattern=SECRET_PATTERN)]
# What one types to log in: any text that can be looked up (no NUL), not held to the rules of a
# new account, so that a wrong one is "wrong credentials" like any other.
LoginEmail = Annotated[str, msgspec.Meta(max_length=254, pattern=LINE_PATTERN)]
LoginPassword = Annotated[str, msgspec.Meta(max_length=200, pattern=SECRET_PATTERN)]
Sector = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=NAME_PATTERN)]
TimezoneName = Annotated[str, msgspec.Meta(max_length=64, pattern=TIMEZONE_PATTERN)]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
Role = Literal["admin", "organiser", "coach", "recruiter"]

_EARLIEST = datetime.min.replace(tzinfo=UTC)
_LATEST = datetime.max.replace(tzinfo=UTC)


def has_utc_time(instant: datetime) -> bool:
    """Whether an aware instant has a time in UTC that Python, and so the database driver, can
    hold: ``0001-01-01T00:00:00+14:00`` is a few hours before the first instant there is."""
    return _EARLIEST <= instant <= _LATEST
