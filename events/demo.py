"""The demo data set: one event of each format, companies, candidates, staff."""

from __future__ import annotations

from typing import Any

from events.settings import Settings


async def load(pool: Any, *, settings: Settings) -> str:
    """Load the demo data; return how to log in."""
    raise NotImplementedError("the demo data set is being written")
