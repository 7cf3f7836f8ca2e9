"""Sandbox (training) mode: the reference server embedded on 127.0.0.1 with demo data.

The server runs in this process on its own thread, with its files in the sandbox data
directory, bound to loopback on a port the OS picks. Production settings are never read
in sandbox mode, so nothing can reach a production server.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import uvicorn

from server.app import ServerConfig, create_app, listening_socket
from server.seed.demo import seed
from server.store import ServerStore
from workstation.errors import SandboxServerError

log = logging.getLogger("workstation.sandbox")

SANDBOX_PREFIX_BASE = "PX"  # 培训 (practice): sandbox case numbers can never look real
DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo1234"


class EmbeddedServer:
    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self._store = ServerStore(data_dir / "server.db")
        seed(self._store, prefix_base=SANDBOX_PREFIX_BASE)
        app = create_app(self._store, ServerConfig(prefix_base=SANDBOX_PREFIX_BASE))
        self._socket = listening_socket("127.0.0.1", 0)
        port = self._socket.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self._server = uvicorn.Server(
            uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        )
        self._thread: threading.Thread | None = None

    def start(self, timeout: float = 15.0) -> None:
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]},
            name="sandbox-server", daemon=False,
        )
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise SandboxServerError("embedded sandbox server did not start")
            time.sleep(0.01)
        log.info("sandbox server on %s", self.url)

    def stop(self) -> None:
        self._server.should_exit = True
        if self._thread is not None and self._thread.is_alive():
            self._thread.join(10)
        self._socket.close()
        self._store.close()
