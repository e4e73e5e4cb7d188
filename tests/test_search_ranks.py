"""The ranks the recruiters' search reads (``skills_card_search_ranks``): rebuilt from the
reviewed lines at each review, and filled by migration 0009 for the cards reviewed before it."""

from __future__ import annotations

import secrets
import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from uuid import UUID

import asyncpg
import pytest
from httpx import AsyncClient

from events import db
from events.settings import Settings
from tests.factories import make_staff
from tests.factories_registrations import make_candidate, register
from tests.factories_skills import make_coach, make_sport_session, observe, review

Line = tuple[str, int, int, int]  # (skill, level, observations, observers)
Rank = tuple[str, int, int, int]  # (skill or '' for all, min_level, evidence, level)


def _ranks(lines: list[Line]) -> set[Rank]:
    """Per skill and for all skills (''), per minimum level reached by a line: the evidence
    (observations x observers) summed over those lines, and their best level."""
    ranks = set()
    for min_level in range(1, 5):
        reached = [line for line in lines if line[1] >= min_level]
        ranks |= {
            (skill, min_level, obs * observers, level) for skill, level, obs, observers in reached
        }
        if reached:
            evidence = sum(obs * observers for _, _, obs, observers in reached)
            ranks.add(("", min_level, evidence, max(level for _, level, _, _ in reached)))
    return ranks


async def _stored(conn: Any, candidate_id: UUID) -> set[Rank]:
    rows = await conn.fetch(
        "select skill, min_level, evidence, level from skills_card_search_ranks"
        " where candidate_id = $1",
        candidate_id,
    )
    return {(r["skill"], r["min_level"], r["evidence"], r["level"]) for r in rows}


async def test_each_review_rebuilds_the_ranks_from_the_reviewed_card(
    client: AsyncClient, pool: Any, settings: Settings
) -> None:
    staff = await make_staff(pool, settings, client)
    coach_2, headers_2 = await make_coach(pool, settings, client, staff.organisation.id)
    event = await make_sport_session(
        client, staff.organiser, coach_ids=[staff.coach_user.id, coach_2]
    )
    candidate_id = await make_candidate(client, staff.organiser)
    await register(client, staff.organiser, event["id"], candidate_id=candidate_id)
    for headers, skill, level in (
        (staff.coach, "perseverance", 4),
        (headers_2, "perseverance", 2),
        (staff.coach, "team_spirit", 2),
        (staff.coach, "team_spirit", 3),
        (headers_2, "leadership", 1),
    ):
        await observe(client, headers, event["id"], candidate_id, skill, level)
    await review(client, staff.coach, candidate_id)
    # perseverance: 2 x 2 at level 3; team_spirit: 2 x 1 at level 3 (the coach's latest);
    # leadership: 1 x 1 at level 1.
    first = {("perseverance", 3, 2, 2), ("team_spirit", 3, 2, 1), ("leadership", 1, 1, 1)}
    assert await _stored(pool, UUID(candidate_id)) == _ranks(list(first))

    await observe(client, headers_2, event["id"], candidate_id, "leadership", 4)
    assert await _stored(pool, UUID(candidate_id)) == _ranks(list(first))  # not reviewed yet
    await review(client, staff.coach, candidate_id)
    # leadership now 2 x 1 at level 4 (coach 2's latest).
    second = first - {("leadership", 1, 1, 1)} | {("leadership", 4, 2, 1)}
    assert await _stored(pool, UUID(candidate_id)) == _ranks(list(second))
    assert ("", 4, 2, 4) in _ranks(list(second))  # only leadership reaches 4


@pytest.fixture
async def database_before_0009(server_url: str, tmp_path: Path) -> AsyncIterator[str]:
    """A database migrated up to 0008 only."""
    name = f"rencontres_before_0009_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'create database "{name}"')
    url = urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    for path in db.sql_files("migrations"):
        if path.name < "0009":
            shutil.copy(path, tmp_path / path.name)
    conn = await asyncpg.connect(url)
    try:
        await db.migrate(conn, tmp_path)
    finally:
        await conn.close()
    try:
        yield url
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


async def test_migration_0009_ranks_the_cards_reviewed_before_it(
    database_before_0009: str,
) -> None:
    cards: dict[str, list[Line]] = {
        "several": [("perseverance", 3, 2, 2), ("team_spirit", 1, 1, 1), ("leadership", 4, 3, 1)],
        "one": [("communication", 2, 1, 1)],
    }
    conn = await asyncpg.connect(database_before_0009)
    try:
        organisation = await conn.fetchval(
            "insert into organisations (name) values ('Avant 0009') returning id"
        )
        ids = {}
        for name, lines in cards.items():
            ids[name] = await conn.fetchval(
                "insert into candidates (organisation_id, first_name, last_name)"
                " values ($1, 'Zoé', $2) returning id",
                organisation,
                name,
            )
            await conn.executemany(
                "insert into skills_card_reviewed_lines"
                " (candidate_id, skill, level, observations, observers, evidence)"
                " values ($1, $2, $3, $4, $5, $4::int * $5::int)",
                [(ids[name], *line) for line in lines],
            )
        assert "0009_search_speed.sql" in await db.migrate(conn)
        for name, lines in cards.items():
            assert await _stored(conn, ids[name]) == _ranks(lines), name
    finally:
        await conn.close()
