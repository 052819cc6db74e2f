"""``Sandbox``: the whole simulated service behind one ``handle(method, url, headers, body)``."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from dysms_sandbox import catalogue, reserved, send_details, statistics
from dysms_sandbox.accounts import AccessKey, build_keys
from dysms_sandbox.answers import SandboxResponse, ServiceError, error_response, new_request_id
from dysms_sandbox.flow_control import FlowControl
from dysms_sandbox.gateway_checks import check_permission
from dysms_sandbox.nonces import DEFAULT_CAPACITY, NonceRegistry
from dysms_sandbox.verification import VerifiedRequest, verify
from dysms_sandbox.xml_answers import as_xml, xml_root

logger = logging.getLogger("dysms_sandbox")

Handler = Callable[..., SandboxResponse]
HANDLERS: dict[str, Handler] = {
    "QuerySendDetails": send_details.answer,
    "QuerySendStatistics": statistics.answer,
    "QuerySmsTemplateList": catalogue.template_list,
    "QuerySmsSignList": catalogue.sign_list,
    "GetSmsTemplate": catalogue.get_template,
}


class Sandbox:
    """A faithful stand-in for Dysmsapi 2017-05-25 (docs/sandbox.md lists what it answers).

    ``clock`` returns the current time (aware); ``latency`` seconds are spent
    through ``sleep`` on every call, as the real service's answer time;
    ``accounts`` maps AccessKeyId to a secret or an ``AccessKey`` (default: the three demo
    accounts' keys); each answer is the signing key's account's. ``flow_clock`` (seconds) is
    what flow control counts calls per second on: by default the sandbox clock, so a pinned
    clock pins it too.
    Thread-safe: the shared state (nonces, flow control) locks.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        latency: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        accounts: Mapping[str, str | AccessKey] | None = None,
        nonce_capacity: int = DEFAULT_CAPACITY,
        flow_clock: Callable[[], float] | None = None,
    ):
        if latency < 0:
            raise ValueError("latency cannot be negative")
        self.clock = clock or (lambda: datetime.now(UTC))
        self.latency = latency
        self.sleep = sleep
        self.keys = build_keys(accounts)
        self.nonces = NonceRegistry(nonce_capacity)
        self.flow_control = FlowControl()
        self.flow_clock = flow_clock or (lambda: self.now().timestamp())
        self.actions = tuple(HANDLERS)

    def __repr__(self) -> str:
        return f"Sandbox(latency={self.latency!r}, keys={sorted(self.keys)!r})"

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the sandbox clock must return timezone-aware datetimes")
        return moment

    def handle(
        self,
        method: str,
        url: str,
        headers: Mapping[str, str] | None = None,
        body: bytes | str | None = None,
    ) -> SandboxResponse:
        if self.latency:
            self.sleep(self.latency)
        data = body.encode() if isinstance(body, str) else (body or b"")
        headers = headers or {}
        request_id = new_request_id()
        now = self.now()
        try:
            request = verify(
                method,
                url,
                headers,
                data,
                keys=self.keys,
                actions=self.actions,
                nonces=self.nonces,
                now=now,
            )
            response = self._answer(request, now=now, request_id=request_id)
        except ServiceError as error:
            logger.debug("sandbox %s %s -> %s", method, request_id, error.code)
            response = error_response(error, request_id=request_id)
        root = xml_root(method, url, headers, data)
        return response if root is None else as_xml(response, root)

    def _answer(
        self, request: VerifiedRequest, *, now: datetime, request_id: str
    ) -> SandboxResponse:
        """After the gateway's checks: the key's RAM permission, flow control, the API."""
        check_permission(request.key, request.action)
        self.flow_control.check(request.key.account, request.action, self.flow_clock())
        handler = HANDLERS[request.action]
        account = request.key.account  # whose records, statistics and catalogue answer
        response = handler(request.params, now=now, request_id=request_id, account=account)
        if request.params.get("PhoneNumber") == reserved.SLOW_ANSWER:
            response = dataclasses.replace(response, stall=reserved.SLOW_ANSWER_SECONDS)
        logger.debug("sandbox %s %s -> HTTP %s", request.action, request_id, response.status)
        return response
