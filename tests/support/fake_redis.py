"""A Redis server on a loopback port that answers but refuses every write.

What a real one does when full with ``maxmemory-policy noeviction`` (``-OOM ...``) or
when it is a read-only replica (``-READONLY ...``): PING, SELECT and reads answer,
every write gets the error. It speaks just enough RESP2 for redis-py, so the errors
reach the cache through the real client and its error parsing, and no other user of
the machine's Redis is affected (CONFIG SET would change the whole server).
"""

from __future__ import annotations

import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager

OOM = b"-OOM command not allowed when used memory > 'maxmemory'.\r\n"
READONLY = b"-READONLY You can't write against a read only replica.\r\n"
_ANSWERS = {
    b"PING": b"+PONG\r\n",
    b"SELECT": b"+OK\r\n",
    b"CLIENT": b"+OK\r\n",
    b"GET": b"$-1\r\n",
    b"EXISTS": b":0\r\n",
    b"TTL": b":-2\r\n",
}


def _command(stream) -> list[bytes] | None:
    header = stream.readline()
    if not header:
        return None
    if not header.startswith(b"*"):
        return header.split()  # an inline command
    parts = []
    for _ in range(int(header[1:])):
        length = int(stream.readline()[1:])
        parts.append(stream.read(length + 2)[:-2])
    return parts


class _Handler(socketserver.StreamRequestHandler):
    def handle(self):
        while (command := _command(self.rfile)) is not None:
            self.server.commands.append(command)
            name = command[0].upper()
            if name == b"MGET":
                answer = b"*%d\r\n" % (len(command) - 1) + b"$-1\r\n" * (len(command) - 1)
            else:
                answer = _ANSWERS.get(name, self.server.refusal)
            self.wfile.write(answer)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, refusal: bytes):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.refusal = refusal
        self.commands: list[list[bytes]] = []


@contextmanager
def refusing_redis(refusal: bytes = OOM) -> Iterator[_Server]:
    """A running server refusing writes with ``refusal``; ``.url`` is its ``redis://`` URL."""
    server = _Server(refusal)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    server.url = f"redis://127.0.0.1:{server.server_address[1]}/0"
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
