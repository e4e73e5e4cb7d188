"""Candidates registered twice: before someone is added (by hand or from a spreadsheet), the
candidates of the same organisation who look like the same person, and why.

A look-alike has the same name and birth year (the name folded as search folds it,
``candidates.fold``: "Hélène O'Connor" is "helene oconnor", in either order), or the same phone
(its last nine digits, ``candidate_phone_key`` in migration 0017), or the same e-mail whatever
its case. It is a warning for people to weigh, never a refusal: two people may share a name, a
family may share a phone."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from events import db
from events.directory.candidates import fold

Reason = Literal["name_and_birth_year", "phone", "email"]


class Person(msgspec.Struct, frozen=True, kw_only=True):
    """Someone about to be registered, as the form or the spreadsheet gives them."""

    first_name: str
    last_name: str
    birth_year: int | None = None
    phone: str | None = None
    email: str | None = None


class Duplicate(msgspec.Struct, frozen=True, kw_only=True):
    candidate_id: UUID
    first_name: str
    last_name: str
    reasons: list[Reason]


class _Found(Duplicate, frozen=True, kw_only=True):
    person: int


async def find_duplicates(
    conn: db.Conn, *, organisation_id: UUID, people: list[Person]
) -> list[list[Duplicate]]:
    """For each person, in order, the organisation's candidates who look like them (same folded
    name and birth year, same phone, or same e-mail), in name order; another organisation's
    candidates never. One query for the whole list. Who may ask is the caller's rule: it names
    the organisation the people are being added to."""
    if not people:
        return []
    found = await db.fetch_all(
        conn,
        "find_duplicate_candidates",
        _Found,
        organisation_id=organisation_id,
        first_lasts=[fold(p.first_name + p.last_name) or None for p in people],
        last_firsts=[fold(p.last_name + p.first_name) or None for p in people],
        birth_years=[p.birth_year for p in people],
        phones=[p.phone or None for p in people],
        emails=[p.email.strip() if p.email and p.email.strip() else None for p in people],
    )
    answer: list[list[Duplicate]] = [[] for _ in people]
    for row in found:
        answer[row.person - 1].append(
            Duplicate(
                candidate_id=row.candidate_id,
                first_name=row.first_name,
                last_name=row.last_name,
                reasons=row.reasons,
            )
        )
    return answer
