"""A fault-injecting HTTP/1.1 proxy on loopback, between the workstation and a server.

It reads each request whole (request line, headers, Content-Length or chunked body), so
that it can fault one request of a keep-alive connection and leave the next alone; each
request goes to the server on a fresh upstream connection and its answer is read whole
too (status line, headers, Content-Length, chunked or until close). That store-and-forward
keeps the faults exact: "reset after N bytes of the response" means the server answered.

The faults come from one seeded `random.Random`; the client sends one request at a time,
so a seed replays the same schedule (the timing of refusal windows and of slow transfers
aside). Per new connection: `refuse` (the listening socket closes for `refuse_s`, so the
next connects get ECONNREFUSED) and `accept_reset` (RST at once). Per request, at most one
of: `reset_request` (the server gets the first N bytes, the client a RST),
`reset_response` (the server processed it; the client gets N bytes of the answer, then a
RST), `stall` (silence until the client gives up; half the time after the server
processed it), `truncate` (part of the answer, then a clean close), `status` (500, 502,
503 or 429 with Retry-After from the proxy; the server never sees the request),
`status_after` (the same, after the server processed it: the nasty one), `slow` (both
directions throttled to `slow_bps`).

    with FaultProxy(server_port, rng=random.Random(seed), rates=FaultRates(stall=0.01)) as p:
        ... talk to p.url ...
        p.clean = True  # no more faults from here on
        print(p.counts())
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import socket
import struct
import threading
from collections import Counter
from dataclasses import dataclass, fields
from http import HTTPStatus
from types import TracebackType

CONNECTION_FAULTS = ("refuse", "accept_reset")
REQUEST_FAULTS = ("reset_request", "reset_response", "stall", "truncate", "status",
                  "status_after", "slow")
FAULT_KINDS = CONNECTION_FAULTS + REQUEST_FAULTS

HEAD_LIMIT = 1 << 20
NO_BODY_STATUSES = frozenset({204, 304})


@dataclass(frozen=True)
class FaultRates:
    """Probability of each fault: the connection faults per new connection, the others
    per request (at most one per request, so each group sums to at most 1)."""

    refuse: float = 0.0
    accept_reset: float = 0.0
    reset_request: float = 0.0
    reset_response: float = 0.0
    stall: float = 0.0
    truncate: float = 0.0
    status: float = 0.0
    status_after: float = 0.0
    slow: float = 0.0

    def __post_init__(self) -> None:
        for f in fields(self):
            if not 0.0 <= getattr(self, f.name) <= 1.0:
                raise ValueError(f"rate {f.name} must be within [0, 1]")
        for group in (CONNECTION_FAULTS, REQUEST_FAULTS):
            if sum(getattr(self, k) for k in group) > 1.0:
                raise ValueError(f"rates {group} add up to more than 1")


@dataclass(frozen=True)
class _Plan:
    """What happens to one request; every field is drawn for every request, so the
    number of draws (and so the schedule after it) does not depend on the outcome."""

    kind: str | None
    after: bool  # stall: after the server processed the request
    cut: float  # where to cut, as a fraction of the bytes
    status: int


@dataclass(frozen=True)
class _Message:
    head: bytes
    body: bytes
    close: bool  # the connection ends after this message

    @property
    def raw(self) -> bytes:
        return self.head + self.body


class _Gone(Exception):
    """The peer closed or reset the connection: nothing to report."""


class FaultProxy:
    """See the module docstring. Context manager; `port` and `url` once entered."""

    def __init__(
        self,
        upstream_port: int,
        *,
        rng: random.Random,
        rates: FaultRates = FaultRates(),
        upstream_host: str = "127.0.0.1",
        clean: bool = False,
        refuse_s: float = 0.2,
        stall_s: float = 30.0,
        slow_bps: int = 20_000,
        statuses: tuple[int, ...] = (500, 502, 503, 429),
        retry_after_s: int = 1,
    ) -> None:
        if not statuses or slow_bps <= 0:
            raise ValueError("statuses must not be empty and slow_bps must be positive")
        for status in statuses:
            HTTPStatus(status)  # ValueError for a code without a reason phrase
        self.upstream = (upstream_host, upstream_port)
        self.rng = rng
        self.rates = rates
        self.refuse_s = refuse_s
        self.stall_s = stall_s
        self.slow_bps = slow_bps
        self.statuses = statuses
        self.retry_after_s = retry_after_s
        # Unexpected exceptions in the proxy itself: a test should assert there are none.
        self.errors: list[str] = []
        self._clean = clean
        self._lock = threading.Lock()
        self._counts: Counter[str] = Counter()
        self._traffic: Counter[str] = Counter()
        self._port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._stop: asyncio.Event | None = None
        self._server: asyncio.Server | None = None
        self._reopening = False
        self._tasks: set[asyncio.Task[None]] = set()

    # -- public ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        if not self._port:
            raise RuntimeError("the proxy is not running")
        return self._port

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def clean(self) -> bool:
        return self._clean

    @clean.setter
    def clean(self, value: bool) -> None:
        """Clean: forward everything untouched (and listen again at once if refusing)."""
        self._clean = value
        if value and self._loop is not None:
            self._loop.call_soon_threadsafe(self._listen_again)

    def counts(self) -> dict[str, int]:
        """Faults injected so far, per kind (every kind present)."""
        with self._lock:
            return {kind: self._counts[kind] for kind in FAULT_KINDS}

    def traffic(self) -> dict[str, int]:
        """Connections accepted, requests read, requests that reached the server,
        answers the proxy made up (`status_<code>`) and requests it could not forward
        (`upstream_failed`: the client got a RST, as it would without the proxy)."""
        with self._lock:
            return {**dict.fromkeys(("connections", "requests", "forwarded"), 0),
                    **self._traffic}

    def start(self) -> FaultProxy:
        if self._thread is not None:
            raise RuntimeError("the proxy was started already")
        self._thread = threading.Thread(target=self._run, name="fault-proxy", daemon=True)
        self._thread.start()
        self._ready.wait(10)
        if not self._port:
            self.stop()
            raise RuntimeError(f"the fault proxy did not start: {self.errors}")
        return self

    def stop(self) -> None:
        loop, stop = self._loop, self._stop
        if loop is not None and stop is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop ended on its own
                loop.call_soon_threadsafe(stop.set)
        if self._thread is not None:
            self._thread.join(30)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

    # -- the loop -------------------------------------------------------------------------

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        try:
            loop.run_until_complete(self._main())
        except Exception as exc:  # noqa: BLE001 - reported through errors
            self.errors.append(f"proxy loop: {exc!r}")
        finally:
            self._ready.set()
            loop.close()

    async def _main(self) -> None:
        self._stop = asyncio.Event()
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", 0,
                                                  limit=HEAD_LIMIT)
        self._port = int(self._server.sockets[0].getsockname()[1])
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            if self._server is not None:
                self._server.close()
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)

    def _count(self, kind: str, table: str = "faults") -> None:
        with self._lock:
            (self._counts if table == "faults" else self._traffic)[kind] += 1

    def _refuse(self) -> None:
        """Close the listening socket; open it again on the same port after refuse_s."""
        if self._server is not None:
            self._server.close()
            self._server = None
        assert self._loop is not None
        self._loop.call_later(self.refuse_s, self._listen_again)

    def _listen_again(self) -> None:
        if self._server is None and not self._reopening and self._stop is not None \
                and not self._stop.is_set():
            self._reopening = True
            task = asyncio.get_running_loop().create_task(self._reopen())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _reopen(self) -> None:
        try:
            for _ in range(100):  # the port is ours; another socket may hold it briefly
                try:
                    self._server = await asyncio.start_server(
                        self._serve, "127.0.0.1", self._port, limit=HEAD_LIMIT,
                        reuse_address=True)
                    return
                except OSError as exc:
                    last = exc
                    await asyncio.sleep(0.05)
            self.errors.append(f"could not listen on port {self._port} again: {last!r}")
        finally:
            self._reopening = False

    def _draw(self, group: tuple[str, ...]) -> str | None:
        roll = self.rng.random()
        for kind in group:
            roll -= getattr(self.rates, kind)
            if roll < 0:
                return kind
        return None

    def _plan(self) -> _Plan:
        kind = self._draw(REQUEST_FAULTS)
        after = self.rng.random() < 0.5
        cut = self.rng.random()
        status = self.statuses[self.rng.randrange(len(self.statuses))]
        return _Plan(None if self._clean else kind, after, cut, status)

    # -- one client connection ------------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._count("connections", "traffic")
        try:
            fault = self._draw(CONNECTION_FAULTS)
            if fault is not None and not self._clean:
                self._count(fault)
                if fault == "refuse":
                    self._refuse()
                _reset(writer)
                return
            while await self._exchange(reader, writer):
                pass
        except (_Gone, ConnectionError, asyncio.IncompleteReadError, TimeoutError):
            pass
        except asyncio.CancelledError:
            pass  # stopping; ending normally spares asyncio a spurious error log (3.11)
        except Exception as exc:  # noqa: BLE001 - a bug of the proxy: reported, not raised
            self.errors.append(f"{type(exc).__name__}: {exc}")
        finally:
            writer.transport.abort()
            self._tasks.discard(task)

    async def _exchange(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
                        ) -> bool:
        """One request and its answer; False when the connection is over."""
        try:
            head = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            return False  # closed between requests
        method, headers = _parse_head(head)
        request = _Message(head, await _read_body(reader, headers, None),
                           "close" in headers.get("connection", "").lower())
        self._count("requests", "traffic")
        plan = self._plan()
        if plan.kind is not None:
            self._count(plan.kind)
        raw = request.raw
        if plan.kind == "reset_request":
            cut = _cut(plan.cut, len(raw))
            with contextlib.suppress(OSError, _Gone):
                await self._forward(raw[:cut], method, slow=False, whole=False)
            _reset(writer)
            return False
        if plan.kind == "status":
            await _send(writer, self._made_up(plan.status, method))
            return not request.close
        if plan.kind == "stall" and not plan.after:
            await self._stall(reader)
            return False
        try:
            answer = await self._forward(raw, method, slow=plan.kind == "slow", whole=True)
        except (OSError, _Gone, asyncio.IncompleteReadError):
            # The server is down or hung up: the client sees what it would see without us.
            self._count("upstream_failed", "traffic")
            _reset(writer)
            return False
        assert answer is not None
        if plan.kind == "stall":
            await self._stall(reader)
            return False
        if plan.kind == "reset_response":
            await _send(writer, answer.raw[:_cut(plan.cut, len(answer.raw))])
            await _flushed(writer)
            _reset(writer)
            return False
        if plan.kind == "truncate":
            if answer.body:
                keep = len(answer.head) + _cut(plan.cut, len(answer.body)) - 1
            else:
                keep = _cut(plan.cut, len(answer.head))
            await _send(writer, answer.raw[:keep])
            await _flushed(writer)
            writer.close()
            await writer.wait_closed()
            return False
        if plan.kind == "status_after":
            await _send(writer, self._made_up(plan.status, method))
            return not request.close
        await _send(writer, answer.raw, self.slow_bps if plan.kind == "slow" else 0)
        return not (request.close or answer.close)

    async def _forward(self, raw: bytes, method: str, *, slow: bool, whole: bool
                       ) -> _Message | None:
        """Send the request's bytes to the server on a fresh connection; with `whole`,
        read and return its complete answer."""
        up_reader, up_writer = await asyncio.open_connection(*self.upstream, limit=HEAD_LIMIT)
        try:
            await _send(up_writer, raw, self.slow_bps if slow else 0)
            if not whole:
                await _flushed(up_writer)
                return None
            self._count("forwarded", "traffic")
            head = await up_reader.readuntil(b"\r\n\r\n")
            status, headers = _parse_status(head)
            body = await _read_body(up_reader, headers, (method, status))
            framed = "content-length" in headers or "chunked" in headers.get(
                "transfer-encoding", "").lower() or method == "HEAD" or status in (
                NO_BODY_STATUSES)
            close = "close" in headers.get("connection", "").lower() or not framed
            return _Message(head, body, close)
        finally:
            up_writer.transport.abort()

    async def _stall(self, reader: asyncio.StreamReader) -> None:
        """Say nothing until the client hangs up (or stall_s passes)."""
        with contextlib.suppress(TimeoutError, ConnectionError):
            async with asyncio.timeout(self.stall_s):
                while await reader.read(65536):
                    pass

    def _made_up(self, status: int, method: str) -> bytes:
        """An error answer of the kind a gateway or an overloaded server gives."""
        self._count(f"status_{status}", "traffic")
        phrase = HTTPStatus(status).phrase
        body = b"" if method == "HEAD" else (
            f"<html><body><h1>{status} {phrase}</h1>fault proxy</body></html>".encode())
        head = (f"HTTP/1.1 {status} {phrase}\r\nContent-Type: text/html\r\n"
                f"Content-Length: {len(body)}\r\nRetry-After: {self.retry_after_s}\r\n\r\n")
        return head.encode("latin-1") + body


# -- HTTP/1.1 framing, just enough --------------------------------------------------------


def _headers(lines: list[bytes]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        name, sep, value = line.decode("latin-1").partition(":")
        if sep:
            found[name.strip().lower()] = value.strip()
    return found


def _parse_head(head: bytes) -> tuple[str, dict[str, str]]:
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ")
    if len(parts) != 3 or not parts[2].startswith(b"HTTP/1."):
        raise _Gone(f"not an HTTP/1.x request: {lines[0][:80]!r}")
    return parts[0].decode("ascii"), _headers(lines[1:])


def _parse_status(head: bytes) -> tuple[int, dict[str, str]]:
    lines = head.split(b"\r\n")
    parts = lines[0].split(b" ", 2)
    if len(parts) < 2 or not parts[0].startswith(b"HTTP/1.") or not parts[1].isdigit():
        raise _Gone(f"not an HTTP/1.x answer: {lines[0][:80]!r}")
    return int(parts[1]), _headers(lines[1:])


async def _read_body(reader: asyncio.StreamReader, headers: dict[str, str],
                     answer_to: tuple[str, int] | None) -> bytes:
    """The body's bytes as sent. `answer_to` is (request method, status) for an answer,
    None for a request (which has no body unless framed)."""
    if answer_to is not None:
        method, status = answer_to
        if method == "HEAD" or status in NO_BODY_STATUSES or status < 200:
            return b""
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return await _read_chunked(reader)
    if "content-length" in headers:
        return await reader.readexactly(int(headers["content-length"]))
    return b"" if answer_to is None else await reader.read(-1)


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        line = await reader.readuntil(b"\r\n")
        parts.append(line)
        size = int(line.split(b";", 1)[0].strip() or b"0", 16)
        if size == 0:
            while True:  # trailers, up to the empty line
                trailer = await reader.readuntil(b"\r\n")
                parts.append(trailer)
                if trailer == b"\r\n":
                    return b"".join(parts)
        parts.append(await reader.readexactly(size + 2))


def _cut(fraction: float, length: int) -> int:
    """A cut point in 1 .. length-1 (1 when there is nothing to cut inside)."""
    return 1 + int(fraction * max(1, length - 1))


async def _send(writer: asyncio.StreamWriter, data: bytes, bps: int = 0) -> None:
    """Write, throttled to `bps` bytes per second (in twentieths of a second) when set."""
    if not bps:
        writer.write(data)
        await writer.drain()
        return
    step = max(256, bps // 20)
    for start in range(0, len(data), step):
        piece = data[start:start + step]
        writer.write(piece)
        await writer.drain()
        await asyncio.sleep(len(piece) / bps)


async def _flushed(writer: asyncio.StreamWriter) -> None:
    """Until what was written has left the transport's buffer (a RST would drop it)."""
    for _ in range(1000):
        if writer.transport.is_closing() or writer.transport.get_write_buffer_size() == 0:
            return
        await asyncio.sleep(0.001)


def _reset(writer: asyncio.StreamWriter) -> None:
    """Close with a RST rather than a FIN (SO_LINGER 0), as a dropped line looks."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()
