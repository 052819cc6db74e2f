"""``Sandbox``: the whole simulated service behind one ``handle(method, url, headers, body)``."""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from dysms_sandbox import reserved, send_details, statistics
from dysms_sandbox.accounts import build_accounts
from dysms_sandbox.answers import SandboxResponse, ServiceError, error_response, new_request_id
from dysms_sandbox.nonces import DEFAULT_CAPACITY, NonceRegistry
from dysms_sandbox.verification import verify

logger = logging.getLogger("dysms_sandbox")

# Format=XML is accepted but answered as JSON; this header says so.
XML_NOTE_HEADER = "x-sandbox-note"
XML_NOTE = "Format=XML is answered as JSON by the sandbox."


class Sandbox:
    """A faithful stand-in for Dysmsapi 2017-05-25 (QuerySendDetails, QuerySendStatistics).

    ``clock`` returns the current time (aware); ``latency`` seconds are spent
    through ``sleep`` on every call, as the real service's answer time;
    ``accounts`` maps AccessKeyId to secret (default: the public demo pair).
    Thread-safe: the only shared state is the nonce registry, which locks.
    """

    def __init__(
        self,
        clock: Callable[[], datetime] | None = None,
        latency: float = 0.0,
        sleep: Callable[[float], None] = time.sleep,
        accounts: Mapping[str, str] | None = None,
        nonce_capacity: int = DEFAULT_CAPACITY,
    ):
        if latency < 0:
            raise ValueError("latency cannot be negative")
        self.clock = clock or (lambda: datetime.now(UTC))
        self.latency = latency
        self.sleep = sleep
        self.accounts = build_accounts(accounts)
        self.nonces = NonceRegistry(nonce_capacity)
        self.actions = tuple(self._handlers())

    def __repr__(self) -> str:
        return f"Sandbox(latency={self.latency!r}, accounts={sorted(self.accounts)!r})"

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
        request_id = new_request_id()
        now = self.now()
        note: dict[str, str] = {}
        try:
            request = verify(
                method,
                url,
                headers or {},
                data,
                accounts=self.accounts,
                actions=self.actions,
                nonces=self.nonces,
                now=now,
            )
            if request.response_format == "XML":
                note = {XML_NOTE_HEADER: XML_NOTE}
            response = self._handlers()[request.action](
                request.params, now=now, request_id=request_id
            )
        except ServiceError as error:
            logger.debug("sandbox %s %s -> %s", method, request_id, error.code)
            return error_response(error, request_id=request_id, extra_headers=note)
        if request.params.get("PhoneNumber") == reserved.SLOW_ANSWER:
            response = dataclasses.replace(response, stall=reserved.SLOW_ANSWER_SECONDS)
        if note:
            response = dataclasses.replace(response, headers={**response.headers, **note})
        logger.debug(
            "sandbox %s %s %s -> HTTP %s", method, request.action, request_id, response.status
        )
        return response

    def _handlers(self) -> dict[str, Callable[..., SandboxResponse]]:
        return {
            "QuerySendDetails": send_details.answer,
            "QuerySendStatistics": statistics.answer,
        }
