"""Open-loop HTTP load for ``bench.national_day``: each request is sent at its set instant,
whether or not the earlier ones have been answered, so that load is a rate.

Every actor (a prescriber, a door, a recruiter) has its own keep-alive connections, at most
``connections`` open at once, as a browser has (it opens another when its open ones are busy;
when all are busy, the request waits for one). A request's latency runs from the instant it was
due, not from when it went out: a wait for a free connection, or a client running late, counts
against the service as the person at the keyboard would feel it (no coordinated omission). The
connections and the response parsing are ``bench.http_load``'s.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bench import http_load
from bench.http_load import PhaseResult, _Response

# uvicorn closes a keep-alive connection after 5 s without a request: one idle this long is
# closed by us and a fresh one opened, rather than racing the server's close.
IDLE_SECONDS = 4.0


@dataclass(frozen=True)
class Arrival:
    """One request, due ``at`` seconds after the start, from one actor of one endpoint; ``key``
    says what it is about (a candidate, a ticket), to check the answer against the rows."""

    at: float
    endpoint: str
    actor: int
    request: bytes
    key: Any = None


@dataclass
class EndpointResult:
    """What one endpoint's requests got. ``answers`` holds (key, status, digest of the body)
    for each answered request; ``lags`` how late each went out, past its instant (client or
    connection wait); ``abandoned`` the keys of those still unanswered at the end of the grace
    period (the server may or may not have done them)."""

    name: str
    sent: int = 0
    phase: PhaseResult = field(
        default_factory=lambda: PhaseResult(
            label="", requests=0, seconds=0.0, latencies=[], errors=0
        )
    )
    answers: list[tuple[Any, int, Any]] = field(default_factory=list)
    lags: list[float] = field(default_factory=list)
    unanswered: int = 0
    abandoned: list[Any] = field(default_factory=list)  # keys of those given up on

    @property
    def succeeded(self) -> int:
        return sum(1 for _, status, _ in self.answers if 200 <= status < 300)

    @property
    def errors(self) -> int:
        return self.phase.errors + self.unanswered


class Actor:
    """One person's keep-alive connections to the server."""

    def __init__(self, connections: int) -> None:
        self.slots = asyncio.Semaphore(connections)
        self.idle: list[tuple[_Response, float]] = []

    def take(self) -> _Response | None:
        now = time.perf_counter()
        while self.idle:
            connection, since = self.idle.pop()
            if not connection.lost and now - since < IDLE_SECONDS:
                return connection
            _close(connection)
        return None

    def close(self) -> None:
        for connection, _ in self.idle:
            _close(connection)
        self.idle.clear()


def _close(connection: _Response | None) -> None:
    if connection is not None and connection.transport is not None:
        connection.transport.close()


async def _fire(
    arrival: Arrival,
    actor: Actor,
    due: float,
    result: EndpointResult,
    host: str,
    port: int,
    digest: Callable[[bytes], Any],
) -> None:
    loop = asyncio.get_running_loop()
    clock = time.perf_counter
    async with actor.slots:
        connection = actor.take()
        result.lags.append(clock() - due)
        try:
            if connection is None:
                _, connection = await loop.create_connection(_Response, host, port)
            status, body = await connection.send(arrival.request)
        except OSError as error:  # ConnectionError included: refused, reset, closed
            status, body = 0, str(error).encode()
            _close(connection)
            connection = None
        except asyncio.CancelledError:  # no answer in time: the connection's state is unknown
            _close(connection)
            result.abandoned.append(arrival.key)
            raise
        if connection is not None:
            actor.idle.append((connection, clock()))
    result.phase.latencies.append(clock() - due)
    if 200 <= status < 300:
        result.answers.append((arrival.key, status, digest(body)))
    else:
        result.answers.append((arrival.key, status, body[:300]))
        result.phase.errors += 1
        if len(result.phase.error_samples) < 3:
            result.phase.error_samples.append(f"{status} {body[:300].decode(errors='replace')}")


async def run(
    host: str,
    port: int,
    arrivals: list[Arrival],
    actors: dict[tuple[str, int], Actor],
    *,
    digests: dict[str, Callable[[bytes], Any]],
    grace_seconds: float = 30.0,
) -> tuple[dict[str, EndpointResult], float]:
    """Send every arrival at its instant (``arrivals`` sorted by ``at``); wait up to
    ``grace_seconds`` past the last for the answers still due (those not answered by then are
    errors). Returns the results by endpoint and the seconds from the start to the last
    answer."""
    results: dict[str, EndpointResult] = {}
    for arrival in arrivals:
        results.setdefault(arrival.endpoint, EndpointResult(arrival.endpoint)).sent += 1
    pending: set[asyncio.Task[None]] = set()
    clock = time.perf_counter
    start = clock() + 0.05
    for arrival in arrivals:
        due = start + arrival.at
        wait = due - clock()
        if wait > 0:
            await asyncio.sleep(wait)
        task = asyncio.create_task(
            _fire(
                arrival,
                actors[arrival.endpoint, arrival.actor],
                due,
                results[arrival.endpoint],
                host,
                port,
                digests.get(arrival.endpoint, bytes),
            )
        )
        pending.add(task)
        task.add_done_callback(pending.discard)
    if pending:
        _, late = await asyncio.wait(set(pending), timeout=grace_seconds)
        for task in late:
            task.cancel()
        await asyncio.gather(*late, return_exceptions=True)
    seconds = clock() - start
    for result in results.values():
        result.unanswered = result.sent - len(result.answers)
        result.phase.label = result.name
        result.phase.requests = len(result.answers)
        result.phase.seconds = seconds
    for actor in actors.values():
        actor.close()
    return results, seconds


def lag_ms(result: EndpointResult, fraction: float) -> float:
    return http_load.percentile(result.lags, fraction) * 1000
