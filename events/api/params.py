"""Query parameters every list takes: ``limit`` (1 to 200, 50 by default) and ``cursor``.

Constraints are given through ``QueryParameter``: Litestar checks those on query strings, not
``msgspec.Meta``."""

from __future__ import annotations

from typing import Annotated

from litestar.params import QueryParameter

from events.pagination import MAX_LIMIT

Limit = Annotated[
    int,
    QueryParameter(ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT})."),
]
Cursor = Annotated[
    str | None,
    QueryParameter(max_length=500, description="The `next_cursor` of the previous page."),
]
