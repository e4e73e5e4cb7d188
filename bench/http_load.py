"""A lean HTTP/1.1 load generator: keep-alive connections over raw asyncio sockets.

On a 2-core machine the client shares the CPU with the server it measures, so it must cost as
little as possible per request: requests are encoded once beforehand, a response is parsed only
as far as its status line and length, and the event loop is uvloop's when it is installed. Both
servers of a comparison are driven by this same client, so its cost weighs on each alike.

Load is closed-loop: ``clients`` connections each send their next request as soon as the
previous answer is complete, until the fixed list of requests is used up. A run is bounded by
its number of requests and by a deadline; it never loops on its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import msgspec

_MAX_ERROR_SAMPLES = 3


def encode_post(host: str, path: str, body: object, headers: dict[str, str]) -> bytes:
    """One POST with a JSON body, ready to be written as is."""
    payload = msgspec.json.encode(body)
    head = [f"POST {path} HTTP/1.1", f"Host: {host}", "Content-Type: application/json"]
    head += [f"{name}: {value}" for name, value in headers.items()]
    head.append(f"Content-Length: {len(payload)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + payload


def encode_get(host: str, path: str) -> bytes:
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode("latin-1")


class _Response(asyncio.Protocol):
    """One keep-alive connection; ``send`` resolves to (status, body) of the next response."""

    def __init__(self) -> None:
        self.transport: Any = None  # uvloop's transports are not asyncio.Transport instances
        self.buffer = bytearray()
        self.waiter: asyncio.Future[tuple[int, bytes]] | None = None
        self.lost = False

    def connection_made(self, transport: Any) -> None:
        self.transport = transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if self.waiter is not None and not self.waiter.done():
            self.waiter.set_exception(ConnectionError("connection closed by the server"))

    def send(self, request: bytes) -> asyncio.Future[tuple[int, bytes]]:
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(request)
        return self.waiter

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        response = self._complete()
        if response is not None and self.waiter is not None and not self.waiter.done():
            self.waiter.set_result(response)

    def _complete(self) -> tuple[int, bytes] | None:
        end = self.buffer.find(b"\r\n\r\n")
        if end < 0:
            return None
        head = bytes(self.buffer[:end]).lower()
        status = int(head[9:12])
        start = end + 4
        marker = head.find(b"\r\ncontent-length:")
        if marker >= 0:
            stop = head.find(b"\r\n", marker + 2)
            length = int(head[marker + 17 : stop if stop > 0 else len(head)])
            if len(self.buffer) < start + length:
                return None
            body = bytes(self.buffer[start : start + length])
            del self.buffer[: start + length]
            return status, body
        if b"\r\ntransfer-encoding: chunked" in head:
            return self._chunked(status, start)
        body = bytes(self.buffer[start:])  # no length: only 1xx/204/304 answers, never ours
        self.buffer.clear()
        return status, body

    def _chunked(self, status: int, start: int) -> tuple[int, bytes] | None:
        body = bytearray()
        at = start
        while True:
            line_end = self.buffer.find(b"\r\n", at)
            if line_end < 0:
                return None
            size = int(bytes(self.buffer[at:line_end]).split(b";")[0], 16)
            if len(self.buffer) < line_end + 2 + size + 2:
                return None
            body += self.buffer[line_end + 2 : line_end + 2 + size]
            at = line_end + 2 + size + 2
            if size == 0:
                del self.buffer[:at]
                return status, bytes(body)


@dataclass
class PhaseResult:
    """What one phase measured; ``latencies`` are in seconds, successful or not."""

    label: str
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    error_samples: list[str] = field(default_factory=list)

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile_ms(self, fraction: float) -> float:
        return percentile(self.latencies, fraction) * 1000


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(fraction * len(ordered)) - 1))
    return ordered[rank]


def merge(label: str, results: list[PhaseResult]) -> PhaseResult:
    """Several runs of one phase as one: total requests over total time, all latencies."""
    return PhaseResult(
        label=label,
        requests=sum(r.requests for r in results),
        seconds=sum(r.seconds for r in results),
        latencies=[value for r in results for value in r.latencies],
        errors=sum(r.errors for r in results),
        error_samples=[sample for r in results for sample in r.error_samples][:_MAX_ERROR_SAMPLES],
    )


async def _client(
    host: str,
    port: int,
    requests: Iterator[bytes],
    result: PhaseResult,
) -> None:
    loop = asyncio.get_running_loop()
    connection: _Response | None = None
    clock = time.perf_counter
    for request in requests:
        if connection is None or connection.lost:
            _, connection = await loop.create_connection(_Response, host, port)
        started = clock()
        try:
            status, body = await connection.send(request)
        except ConnectionError as error:
            status, body = 0, str(error).encode()
            connection = None
        result.latencies.append(clock() - started)
        if not 200 <= status < 300:
            result.errors += 1
            if len(result.error_samples) < _MAX_ERROR_SAMPLES:
                result.error_samples.append(f"{status} {body[:300].decode(errors='replace')}")
    if connection is not None and connection.transport is not None:
        connection.transport.close()


async def run_phase(
    label: str,
    host: str,
    port: int,
    requests: list[bytes],
    *,
    clients: int,
    deadline_seconds: float = 120.0,
) -> PhaseResult:
    """Send every request once over ``clients`` concurrent keep-alive connections."""
    result = PhaseResult(label=label, requests=len(requests), seconds=0.0, latencies=[], errors=0)
    shared = iter(requests)  # one iterator: each request goes to whichever client is free
    started = time.perf_counter()
    async with asyncio.timeout(deadline_seconds), asyncio.TaskGroup() as group:
        for _ in range(min(clients, len(requests))):
            group.create_task(_client(host, port, shared, result))
    result.seconds = time.perf_counter() - started
    return result


async def get_status(host: str, port: int, path: str) -> int:
    """One GET on a fresh connection, for readiness checks."""
    loop = asyncio.get_running_loop()
    transport, connection = await loop.create_connection(_Response, host, port)
    try:
        status, _ = await asyncio.wait_for(connection.send(encode_get(host, path)), 5)
    finally:
        transport.close()
    return status


async def post_json(
    host: str, port: int, path: str, body: object, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    """One POST on a fresh connection, for setup requests such as logging in."""
    loop = asyncio.get_running_loop()
    transport, connection = await loop.create_connection(_Response, host, port)
    try:
        request = encode_post(f"{host}:{port}", path, body, headers or {})
        return await asyncio.wait_for(connection.send(request), 30)
    finally:
        transport.close()
