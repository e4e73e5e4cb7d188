"""Migrations apply to an empty database, once each, even when processes race; every named
query prepares against the result."""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from events import db


@pytest.fixture
async def empty_database(server_url: str) -> AsyncIterator[str]:
    name = f"rencontres_empty_{secrets.token_hex(4)}"
    admin = await asyncpg.connect(server_url)
    await admin.execute(f'create database "{name}"')
    try:
        yield urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))
    finally:
        await admin.execute(f'drop database if exists "{name}" with (force)')
        await admin.close()


async def test_racing_processes_apply_each_migration_exactly_once(empty_database: str) -> None:
    results = await asyncio.gather(*(db.migrate_url(empty_database) for _ in range(4)))
    files = sorted(p.name for p in db.sql_files("migrations"))
    assert sorted(name for result in results for name in result) == files
    conn = await asyncpg.connect(empty_database)
    try:
        recorded = [r["name"] for r in await conn.fetch("select name from schema_migrations")]
        assert sorted(recorded) == files
        assert await db.migrate(conn) == []
    finally:
        await conn.close()


async def test_a_failing_migration_leaves_nothing_behind(
    empty_database: str, tmp_path: Path
) -> None:
    (tmp_path / "0001_ok.sql").write_text("create table ok_table (id int);")
    (tmp_path / "0002_broken.sql").write_text("create table half (id int); select 1/0;")
    conn = await asyncpg.connect(empty_database)
    try:
        with pytest.raises(asyncpg.DivisionByZeroError):
            await db.migrate(conn, tmp_path)
        recorded = [r["name"] for r in await conn.fetch("select name from schema_migrations")]
        assert recorded == ["0001_ok.sql"]
        assert await conn.fetchval("select to_regclass('half')") is None
    finally:
        await conn.close()


async def test_every_named_query_prepares_against_the_schema(pool: asyncpg.Pool) -> None:
    assert db.queries(), "no named query was loaded"
    async with pool.acquire() as conn:
        for query in db.queries().values():
            try:
                await conn.prepare(query.sql)
            except asyncpg.PostgresError as error:
                pytest.fail(f"query {query.name} does not prepare: {error}")


def test_query_parser_numbers_parameters_and_keeps_casts() -> None:
    parsed = db.parse_statements(
        "-- name: find_thing^\n-- a comment line\nselect :a::uuid, :b, :a from t where x = :b;\n",
        "inline",
    )
    query = parsed["find_thing"]
    assert query.op == "^"
    assert query.sql == "select $1::uuid, $2, $1 from t where x = $2"
    assert query.params == ("a", "b")
