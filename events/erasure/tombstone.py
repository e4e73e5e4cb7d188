"""What is left of an erased person answers ``candidate_erased`` (410) to those who followed
them; to anyone else it stays as missing as before."""

from __future__ import annotations

from typing import Protocol, TypeVar
from uuid import UUID

from events import db
from events.errors import CandidateErased


class _Candidate(Protocol):
    @property
    def id(self) -> UUID: ...


T = TypeVar("T", bound=_Candidate)


async def refuse_if_erased(conn: db.Conn, *, candidate_id: UUID, writing: bool = False) -> None:
    """Refuse with ``candidate_erased`` once the person is erased. ``writing``: before a write
    about the person, whose row is then held (``for key share``) until the write commits, so
    that an erasure and the write happen one after the other, never across each other."""
    if writing:
        erased = await db.fetch_value(
            conn, "lock_candidate_against_erasure", candidate_id=candidate_id
        )
    else:
        erased = await db.fetch_value(conn, "check_candidate_erased", candidate_id=candidate_id)
    if erased:
        raise CandidateErased


async def living(conn: db.Conn, candidate: T) -> T:
    """``candidate`` (a struct with an ``id``) unless the person is erased: for the one check
    of who follows a candidate, after the rights are known, so that the answer tells nothing
    to whom the person never existed."""
    await refuse_if_erased(conn, candidate_id=candidate.id)
    return candidate
