"""What a load benchmark starts and watches: an embedded PostgreSQL, server processes, and the
CPU and memory they use, read from /proc (Linux)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from bench import http_load
from events import db

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent.parent
_TICK = os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def embedded_postgres() -> Iterator[tuple[str, Path]]:
    """A PostgreSQL of our own in a temporary directory, stopped and removed even on Ctrl-C;
    yields its URI and its data directory."""
    directory = Path(tempfile.mkdtemp(prefix="rencontres-bench-"))
    server = None
    try:
        with warnings.catch_warnings():  # platformdirs' notice, on machines without a session
            warnings.filterwarnings("ignore", message="XDG_RUNTIME_DIR is not set")
            server = db.start_embedded(directory)
        yield server.get_uri(), directory / "pgdata"
    finally:
        if server is not None:
            with contextlib.suppress(Exception):
                server.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


async def settle(url: str) -> None:
    """The database as one that has run for a while, once the seeding is written and before
    anything is measured: vacuumed and analysed (else autovacuum does it during the first
    phases, on every table the seeding filled), then checkpointed, so that the WAL files the
    seeding filled are recycled for what follows. On a fresh cluster, each 16 MB of WAL made
    PostgreSQL create and zero-fill a new file (a new 16 MB file with fsync takes some 180 ms
    on this machine's disk: `dd if=/dev/zero of=NEW bs=1M count=16 conv=fsync`), and every
    commit waited meanwhile: the writing phases had a p99 of 160-250 ms from that alone."""
    conn = await asyncpg.connect(url)
    try:
        await conn.execute("vacuum (analyze)")
        await conn.execute("checkpoint")
    finally:
        await conn.close()


def postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().split()[0])


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def server_process(
    app: str, port: int, env: dict[str, str], *, log: Path | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """``python -m bench.serve --app {service,baseline}``: one uvicorn process, in its own
    session so that Ctrl-C reaches only us; stopped with SIGTERM (SIGKILL after 10 s). With
    ``log``, it writes an access-log line per request, and all its output goes to that file."""
    command = [sys.executable, "-m", "bench.serve", "--app", app, "--port", str(port)]
    with contextlib.ExitStack() as stack:
        output = None
        if log is not None:
            command.append("--access-log")
            output = stack.enter_context(log.open("ab"))
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=output,
            stderr=output,
        )
        try:
            yield process
        finally:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()


async def wait_ready(process: subprocess.Popen[bytes], port: int, seconds: float = 30) -> None:
    """Wait until GET /health answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode} before answering")
        with contextlib.suppress(OSError, asyncio.TimeoutError):
            if await http_load.get_status(HOST, port, "/health") == 200:
                return
        await asyncio.sleep(0.1)
    raise RuntimeError(f"server not ready on port {port} after {seconds} s")


# --- memory --------------------------------------------------------------------------------


def memory_mb(pid: int, field: str) -> float:
    """``VmRSS`` (resident now) or ``VmHWM`` (peak resident) of a process in MB; 0 once gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


async def sample_rss(pid: int, stop: asyncio.Event, every: float = 0.25) -> float:
    """The highest resident size seen until ``stop`` is set, in MB."""
    highest = 0.0
    while not stop.is_set():
        highest = max(highest, memory_mb(pid, "VmRSS"))
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(stop.wait(), every)
    return max(highest, memory_mb(pid, "VmRSS"))


# --- CPU -----------------------------------------------------------------------------------


def _ticks(pid: int) -> tuple[int, int]:
    """(parent pid, user + system clock ticks) of a process; (0, 0) once it is gone."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0, 0
    return int(fields[1]), int(fields[11]) + int(fields[12])


def _database_ticks(postmaster: int) -> dict[int, int]:
    """Clock ticks used so far by PostgreSQL: the postmaster and every process it started."""
    found = {postmaster: _ticks(postmaster)[1]}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            parent, ticks = _ticks(int(entry))
            if parent == postmaster:
                found[int(entry)] = ticks
    return found


def _machine_ticks() -> tuple[int, int]:
    """Clock ticks all CPUs spent so far (running processes, handling interrupts)."""
    with open("/proc/stat", encoding="ascii") as stat:
        values = [int(v) for v in stat.readline().split()[1:9]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = values
    return user + nice + system + steal, irq + softirq


@dataclass
class CpuUse:
    """CPU seconds spent while a phase ran: by the server process, by PostgreSQL, by the load
    client (this process), by interrupts (mostly the loopback traffic itself), and by other
    programs, over ``seconds`` of wall time."""

    server: float = 0.0
    database: float = 0.0
    client: float = 0.0
    interrupts: float = 0.0
    other: float = 0.0
    seconds: float = 0.0

    def __add__(self, more: CpuUse) -> CpuUse:
        return CpuUse(
            self.server + more.server,
            self.database + more.database,
            self.client + more.client,
            self.interrupts + more.interrupts,
            self.other + more.other,
            self.seconds + more.seconds,
        )

    def per_request(self, requests: int) -> str:
        share = 1000 / max(requests, 1)
        return (
            f"CPU ms/request: server {self.server * share:.2f}, PostgreSQL"
            f" {self.database * share:.2f}, client {self.client * share:.2f}"
        )

    def cores(self) -> str:
        """Average cores busy, to tell a saturated machine or a disturbed run at a glance."""
        wall = max(self.seconds, 1e-9)
        return (
            f"cores busy: server {self.server / wall:.2f}, PostgreSQL {self.database / wall:.2f},"
            f" client {self.client / wall:.2f}, interrupts {self.interrupts / wall:.2f},"
            f" other programs {self.other / wall:.2f} (of {os.cpu_count()})"
        )


@contextlib.contextmanager
def cpu_use(server_pid: int, postmaster: int) -> Iterator[CpuUse]:
    use = CpuUse()
    server, database = _ticks(server_pid)[1], _database_ticks(postmaster)
    (busy, interrupts), mine = _machine_ticks(), time.process_time()
    wall = time.perf_counter()
    yield use
    use.seconds = time.perf_counter() - wall
    use.client = time.process_time() - mine
    use.server = (_ticks(server_pid)[1] - server) / _TICK
    after = _database_ticks(postmaster)
    use.database = sum(t - database.get(pid, 0) for pid, t in after.items()) / _TICK
    busy_after, interrupts_after = _machine_ticks()
    use.interrupts = (interrupts_after - interrupts) / _TICK
    everything = (busy_after - busy) / _TICK
    use.other = max(0.0, everything - use.server - use.database - use.client)
