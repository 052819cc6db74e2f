"""``serve``: the sandbox behind a real HTTP port, for the official SDK or any other client."""

from __future__ import annotations

import logging
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dysms_sandbox.service import Sandbox

logger = logging.getLogger("dysms_sandbox")


def serve(host: str, port: int, sandbox: Sandbox) -> ThreadingHTTPServer:
    """A bound, not yet started server: call ``serve_forever()`` (and later ``shutdown()``).

    Port 0 picks a free port; read it back from ``server.server_address``.
    """
    handler = type("SandboxRequestHandler", (_Handler,), {"sandbox": sandbox})
    server = _Server((host, port), handler)
    server.daemon_threads = True
    return server


class _Server(ThreadingHTTPServer):
    # socketserver's default backlog is 5: a client opening more connections at once (a
    # 30-day search with every day in flight opens 30) has the rest of its SYNs dropped, and
    # the kernel sends them again after a second. Linux caps it at net.core.somaxconn.
    request_queue_size = 1024


class _Handler(BaseHTTPRequestHandler):
    sandbox: Sandbox
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes; with Nagle's algorithm on, a
    # keep-alive client waits for the delayed ACK (~40 ms) before the body arrives.
    disable_nagle_algorithm = True
    server_version = "DysmsSandbox/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._answer()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_GET

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length > 0 else b""
        headers: dict[str, str] = {}
        for name, value in self.headers.items():
            headers[name] = f"{headers[name]},{value}" if name in headers else value
        host = self.headers.get("Host") or _listening_on(self.server.server_address)
        answer = self.sandbox.handle(self.command, f"http://{host}{self.path}", headers, body)
        if answer.stall:
            # Really wait: the point is to outlast the client's read timeout.
            self.sandbox.sleep(answer.stall)
        try:
            self.send_response(answer.status)
            for name, value in answer.headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)
        except (BrokenPipeError, ConnectionResetError):
            logger.info("sandbox: the client left before the answer")

    def log_request(self, code: object = "-", size: object = "-") -> None:
        # The path only: a V1 query carries the signature and any STS token.
        path = self.path.split("?", 1)[0]
        logger.info("%s %s %s -> %s", self.address_string(), self.command, path, code)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (base signature)
        logger.warning("%s %s", self.address_string(), format % args)


def _listening_on(address: object) -> str:
    """``host:port`` of the server's socket, for a request that names no Host (HTTP/1.0)."""
    if isinstance(address, tuple):
        return f"{address[0]}:{address[1]}"
    return str(address)
