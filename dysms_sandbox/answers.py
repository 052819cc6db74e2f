"""What the sandbox answers: the response value, the service's error, and its JSON bodies."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field

JSON_CONTENT_TYPE = "application/json;charset=utf-8"


@dataclass(frozen=True)
class SandboxResponse:
    """One HTTP answer. ``stall`` is extra time (seconds) the service takes before it.

    ``stall`` is not spent by ``Sandbox.handle``: the transport decides. The
    in-process adapter gives up at the caller's read timeout; the HTTP server
    really waits.
    """

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stall: float = 0.0

    def json(self) -> dict:
        return json.loads(self.body)


class ServiceError(Exception):
    """An answer with the service's ``Code`` other than ``OK``.

    ``status`` is the HTTP status the real service uses: gateway errors
    (signature, timestamp, action) come as 4xx, while Dysmsapi's own business
    codes (``isv.*``, ``isp.*``) come in an HTTP 200 body.
    """

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status


def new_request_id() -> str:
    """A fresh id shaped like the service's: an uppercase UUID."""
    return str(uuid.uuid4()).upper()


def json_response(
    status: int, body: dict, *, request_id: str, extra_headers: dict[str, str] | None = None
) -> SandboxResponse:
    headers = {"Content-Type": JSON_CONTENT_TYPE, "x-acs-request-id": request_id}
    headers.update(extra_headers or {})
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
    return SandboxResponse(status, headers, data)


def error_response(
    error: ServiceError, *, request_id: str, extra_headers: dict[str, str] | None = None
) -> SandboxResponse:
    body = {"RequestId": request_id, "Code": error.code, "Message": error.message}
    if error.status != 200:
        # The gateway's error bodies also name the host and a recommendation link;
        # the host is enough to tell a gateway answer from a business one.
        body["HostId"] = "dysmsapi.aliyuncs.com"
    return json_response(error.status, body, request_id=request_id, extra_headers=extra_headers)


def ok_body(request_id: str, **fields: object) -> dict:
    return {"RequestId": request_id, "Code": "OK", "Message": "OK", **fields}
