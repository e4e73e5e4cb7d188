"""Shared constraints for input fields, so every text field is bounded and safe to store."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

# PostgreSQL text cannot hold NUL; refusing it here turns a would-be 500 into a 400.
_NO_NUL = r"^[^\x00]*$"

# At least one visible character; "\S" alone would count a NUL as one.
Name = Annotated[
    str, msgspec.Meta(min_length=1, max_length=200, pattern=r"^[^\x00]*[^\s\x00][^\x00]*$")
]
ShortText = Annotated[str, msgspec.Meta(max_length=200, pattern=_NO_NUL)]
LongText = Annotated[str, msgspec.Meta(max_length=10_000, pattern=_NO_NUL)]
Email = Annotated[
    str, msgspec.Meta(max_length=254, pattern=r"^[^\s@\x00]+@[^\s@\x00]+\.[^\s@\x00]+$")
]
Phone = Annotated[str, msgspec.Meta(max_length=30, pattern=r"^\+?[0-9][0-9 .\-()]{5,28}$")]
Postcode = Annotated[str, msgspec.Meta(pattern=r"^(?:[0-9]{5}|2[AB][0-9]{3})$")]
Siret = Annotated[str, msgspec.Meta(pattern=r"^[0-9]{14}$")]
Url = Annotated[str, msgspec.Meta(max_length=2000, pattern=r"^https?://[^\s\x00]+$")]
Password = Annotated[str, msgspec.Meta(min_length=10, max_length=200, pattern=_NO_NUL)]
Sector = Annotated[str, msgspec.Meta(min_length=1, max_length=80, pattern=_NO_NUL)]
AwareDatetime = Annotated[datetime, msgspec.Meta(tz=True)]
Role = Literal["admin", "organiser", "coach", "recruiter"]
