"""``SandboxAdapter``: mount the sandbox on a ``requests`` session, no socket involved."""

from __future__ import annotations

import io
from http.client import responses
from urllib.parse import urlsplit

from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter
from requests.exceptions import ReadTimeout
from requests.structures import CaseInsensitiveDict

from dysms_sandbox.answers import SandboxResponse
from dysms_sandbox.service import Sandbox

READ_TIMED_OUT = "The sandbox did not answer within the read timeout ({timeout} s)."


class SandboxAdapter(BaseAdapter):
    """``session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))``.

    Thread-safe: it keeps no state of its own. A reserved slow answer waits
    (through the sandbox's ``sleep``) for at most the read timeout passed to
    ``send`` and then raises ``ReadTimeout``, as a real socket would.
    """

    def __init__(self, sandbox: Sandbox):
        super().__init__()
        self.sandbox = sandbox

    def send(
        self,
        request: PreparedRequest,
        stream: bool = False,
        timeout: float | tuple[float | None, float | None] | None = None,
        verify: bool | str = True,
        cert: object = None,
        proxies: object = None,
    ) -> Response:
        url = request.url or ""
        headers = dict(request.headers)
        if not any(name.lower() == "host" for name in headers):
            headers["Host"] = urlsplit(url).netloc
        answer = self.sandbox.handle(request.method or "GET", url, headers, _body(request))
        if answer.stall:
            read_timeout = timeout[1] if isinstance(timeout, tuple) else timeout
            if read_timeout is not None and answer.stall > read_timeout:
                self.sandbox.sleep(read_timeout)
                raise ReadTimeout(READ_TIMED_OUT.format(timeout=read_timeout), request=request)
            self.sandbox.sleep(answer.stall)
        return self._response(request, answer)

    def close(self) -> None:
        """Nothing to release."""

    def _response(self, request: PreparedRequest, answer: SandboxResponse) -> Response:
        response = Response()
        response.status_code = answer.status
        response.reason = responses.get(answer.status, "")
        response.headers = CaseInsensitiveDict(answer.headers)
        response.headers.setdefault("Content-Length", str(len(answer.body)))
        response._content = answer.body
        # As requests' own adapter leaves it: the body is read, iter_content replays it.
        response._content_consumed = True  # type: ignore[attr-defined]
        response.raw = io.BytesIO(answer.body)
        response.encoding = "utf-8"
        response.url = request.url or ""
        response.request = request
        # The adapter that answered, as requests' own sets it (its stubs say HTTPAdapter).
        response.connection = self  # type: ignore[assignment]
        return response


def _body(request: PreparedRequest) -> bytes:
    body = request.body
    if body is None:
        return b""
    if isinstance(body, str):
        return body.encode()
    return body
