"""What a candidate's registration counts as in the funders' figures: a few anonymous yes/no
attributes and a diploma level, as of the event.

They are read through ONE view, ``registration_attributes`` (migration 0023, where the rules
are written): the frozen row of ``registration_profiles`` when there is one, the live private
data otherwise. Erasure and retention call ``freeze_profiles`` before they remove private data,
so that the figures do not move when the data goes."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID

from events import db


async def freeze_profiles(conn: db.Conn, *, candidate_id: UUID, now: datetime | None = None) -> int:
    """Freeze the attributes of every registration of the candidate that is not frozen yet, from
    the live data; how many were frozen now. A frozen row is kept as it is: it holds what the
    person was at that event, and the live data may already be gone. Writes no audit row: it
    records no one's data, only anonymous attributes, and the caller's change is audited."""
    frozen: int = await db.fetch_value(
        conn,
        "insert_registration_profiles",
        candidate_id=candidate_id,
        now=now or datetime.now(UTC),
    )
    return frozen
