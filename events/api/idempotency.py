"""The ``Idempotency-Key`` header of the writes a client may safely send again (see
``events.idempotency``)."""

from __future__ import annotations

from typing import Annotated

from litestar.params import HeaderParameter

IdempotencyKey = Annotated[
    str | None,
    HeaderParameter(
        name="Idempotency-Key",
        required=False,
        description="Any text of 1 to 200 characters, new for each request: sent again with "
        "the same key, the request gets the first answer and has no second effect.",
    ),
]
