"""A virtual card on a reader of pcsc-lite's vpcd driver (vsmartcard).

The vpcd driver listens on a TCP port per reader slot; a card "lies on the reader" while a
client — this — is connected. Every message is a 2-byte big-endian length and a payload. A
1-byte payload from the driver is a control code (0 power off, 1 power on, 2 reset, 4 send
the ATR); anything longer is a command APDU, answered with the response APDU.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from typing import Protocol

POWER_OFF, POWER_ON, RESET, GET_ATR = 0, 1, 2, 4
_QUICKACK: int | None = getattr(socket, "TCP_QUICKACK", None)


class Chip(Protocol):
    def process(self, apdu: bytes) -> bytes: ...

    def reset(self) -> None: ...


class VirtualCard:
    """One chip that can be put on and taken off one vpcd reader slot."""

    def __init__(self, chip: Chip, port: int, *, atr: bytes, host: str = "127.0.0.1") -> None:
        self.chip = chip
        self.port = port
        self.host = host
        self.atr = atr
        self.answered = 0  # APDUs answered while on the reader
        self._pull_after: int | None = None
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.removed = threading.Event()  # set when the card left the reader, however

    @property
    def inserted(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def insert(self, timeout: float = 10.0) -> None:
        """Put the card on the reader (waits until the driver accepts it)."""
        if self.inserted:
            return
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if _QUICKACK is not None:
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        sock.settimeout(None)
        self._sock = sock
        self.answered = 0
        self._stop.clear()
        self.removed.clear()
        self.chip.reset()
        self._thread = threading.Thread(target=self._serve, args=(sock,),
                                        name=f"vpcd-card-{self.port}", daemon=True)
        self._thread.start()

    def remove(self) -> None:
        """Take the card off the reader."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(10)
            self._thread = None

    def pull_after(self, commands: int | None) -> None:
        """Take the card off instead of answering once `commands` more APDUs are answered
        (None: never) — a card pulled in the middle of a read."""
        self._pull_after = None if commands is None else self.answered + commands

    # -- the driver's side of the conversation --------------------------------------------

    def _serve(self, sock: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                readable, _, _ = select.select([sock], [], [], 0.05)
                if not readable:
                    continue
                message = self._receive(sock)
                if message is None:
                    return  # the driver went away (pcscd stopped)
                if len(message) == 1:
                    code = message[0]
                    if code in (POWER_ON, RESET):
                        self.chip.reset()
                    elif code == GET_ATR:
                        self._send(sock, self.atr)
                    continue
                if self._pull_after is not None and self.answered >= self._pull_after:
                    self._pull_after = None
                    return
                response = self.chip.process(message)
                self.answered += 1
                self._send(sock, response)
        except OSError:
            return
        finally:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
            self.removed.set()

    @staticmethod
    def _receive_exactly(sock: socket.socket, size: int) -> bytes | None:
        data = b""
        while len(data) < size:
            chunk = sock.recv(size - len(data))
            if not chunk:
                return None
            data += chunk
            # The driver writes the length and the payload in two send() calls; with
            # Nagle on its side, the payload waits for our ACK of the length, which a
            # delayed ACK holds back 40 ms. Acknowledge at once (Linux only).
            if _QUICKACK is not None:
                sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
        return data

    def _receive(self, sock: socket.socket) -> bytes | None:
        header = self._receive_exactly(sock, 2)
        if header is None:
            return None
        return self._receive_exactly(sock, int.from_bytes(header, "big"))

    @staticmethod
    def _send(sock: socket.socket, payload: bytes) -> None:
        sock.sendall(len(payload).to_bytes(2, "big") + payload)
