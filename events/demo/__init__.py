"""``events demo``: a realistic data set loaded through the domain functions — two
organisations (one prescribing), their staff, ten companies with recruiters, sixty candidates,
and one published event of each format a few weeks ahead, with registrations and waiting lists;
at the sport session, the coaches' observations of twenty candidates, reviewed cards, consents
and a few CVs, so that a recruiter of its companies sees candidates with their cards at once.

Running it again adds nothing: the demo organisation's name is taken, so the loader prints the
same accesses again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from events import db
from events.demo import loading, summary
from events.settings import Settings

# Demo data only: printed with a warning, never to be used for a real account.
PASSWORD = "rencontres-demo"  # noqa: S105


async def load(pool: Any, *, settings: Settings, now: datetime | None = None) -> str:
    """Load the demo in one transaction (all of it or nothing) unless it is already there, and
    return how to log in, French first."""
    now = now or datetime.now(UTC)
    async with db.transaction(pool) as conn:
        created = await loading.populate(conn, settings=settings, password=PASSWORD, now=now)
        return await summary.text(conn, settings=settings, password=PASSWORD, created=created)
