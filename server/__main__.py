"""`clerk-reference-server`: run the reference server as a process.

Binds before it announces: the first line on stdout is `listening on http://HOST:PORT`, so
a test can start it with `--port 0` and read the port it got.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import uvicorn

from server.app import ServerConfig, create_app, listening_socket
from server.seed.demo import seed
from server.store import ServerStore


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="clerk-reference-server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8470)
    parser.add_argument("--data", type=Path, required=True, help="directory for server.db")
    parser.add_argument("--synthetic", type=int, default=0,
                        help="seed N synthetic items instead of the demo catalogue")
    parser.add_argument("--access-ttl", type=float, default=ServerConfig.access_ttl)
    parser.add_argument("--prefix-base", default=ServerConfig.prefix_base)
    args = parser.parse_args(argv)

    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    args.data.mkdir(parents=True, exist_ok=True)
    store = ServerStore(args.data / "server.db")
    seed(store, synthetic=args.synthetic, prefix_base=args.prefix_base)
    app = create_app(store, ServerConfig(access_ttl=args.access_ttl, prefix_base=args.prefix_base))

    sock = listening_socket(args.host, args.port)
    host, port = sock.getsockname()[:2]
    print(f"listening on http://{host}:{port}", flush=True)
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
