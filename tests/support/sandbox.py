"""Test doubles for the dashboard tests: the sandbox behind a counting transport, and a stub."""

from __future__ import annotations

import contextlib
import json
import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from django.utils import timezone
from requests import PreparedRequest, Response
from requests.adapters import BaseAdapter

from core import clients
from core.circuit import GuardedClient
from dysms import DysmsClient
from dysms.values import CHINA_TZ, Credentials
from dysms_sandbox import (
    DEMO_CREDENTIALS,
    SANDBOX_ENDPOINT,
    Sandbox,
    SandboxAdapter,
    serve,
)
from dysms_sandbox.generator import SentMessage, messages_until
from support.clocks import MonotonicClock


def no_sleep(seconds: float) -> None:
    """Retries and slow answers take no time in tests."""


def days_ago(days: int) -> date:
    """A day counted back from today on the pinned clock (call it in a test or fixture)."""
    return timezone.localdate() - timedelta(days=days)


def query_of(request: PreparedRequest) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(request.url).query).items()}


# The account's template and signature lists, which the search page asks for once an hour
# (deliveries.catalogue_refresh): counted apart, in ``catalogue_calls``.
CATALOGUE_ACTIONS = frozenset({"QuerySmsTemplateList", "QuerySmsSignList", "GetSmsTemplate"})


class CountingAdapter(SandboxAdapter):
    """The in-process sandbox, remembering every call (phone, page, thread) in ``calls``, but
    the template and signature lists', which are in ``catalogue_calls`` (action, page)."""

    def __init__(self, sandbox: Sandbox, before_send: Callable[[dict], None] | None = None):
        super().__init__(sandbox)
        self.calls: list[dict] = []
        self.catalogue_calls: list[dict] = []
        self.before_send = before_send
        self._lock = threading.Lock()

    def send(self, request, **kwargs) -> Response:
        query = query_of(request)
        action = request.headers.get("x-acs-action") or query.get("Action")
        if action in CATALOGUE_ACTIONS:
            with self._lock:
                self.catalogue_calls.append(
                    {"action": action, "page": int(query.get("PageIndex", 1))}
                )
            return super().send(request, **kwargs)
        call = {
            "phone": query.get("PhoneNumber"),
            "date": query.get("SendDate"),
            "page": int(query.get("CurrentPage", 0)),
            "biz_id": query.get("BizId"),
            "thread": threading.current_thread().name,
        }
        with self._lock:
            self.calls.append(call)
        if self.before_send is not None:
            self.before_send(call)
        return super().send(request, **kwargs)


def sandbox_client(adapter_factory=CountingAdapter, **sandbox_options):
    """A client on the in-process sandbox with no waiting; returns both.

    Client and sandbox read the test's pinned clock (tests/conftest.py), as the app does.
    The client's rate limiters and the sandbox's flow control count calls per second on one
    more clock of their own, which only the limiters' waits move (as real waiting moves real
    time): a client that keeps to the quotas is never throttled, on any machine.
    """
    pace = MonotonicClock()
    sandbox_options.setdefault("flow_clock", pace)
    sandbox = Sandbox(sleep=no_sleep, **sandbox_options)
    client, adapter = _client_on(sandbox, DEMO_CREDENTIALS, pace, adapter_factory)
    return GuardedClient(client), adapter


def sandbox_accounts(
    pairs: dict[str, Credentials], **sandbox_options
) -> dict[str, CountingAdapter]:
    """One client per account (name -> its AccessKey pair), all on one in-process sandbox, as
    ``core.clients`` builds them, each installed as its account's client with its own circuit
    breaker; returns each account's counting adapter."""
    pace = MonotonicClock()
    sandbox_options.setdefault("flow_clock", pace)
    sandbox = Sandbox(sleep=no_sleep, **sandbox_options)
    adapters = {}
    for name, credentials in pairs.items():
        client, adapters[name] = _client_on(sandbox, credentials, pace, CountingAdapter)
        guarded = GuardedClient(client, clients.breaker_for(name), account=name)
        clients.set_client(guarded, account=name)
    return adapters


def _client_on(sandbox: Sandbox, credentials: Credentials, pace: MonotonicClock, adapter_factory):
    """A client signing with ``credentials``, talking to ``sandbox`` through a new adapter."""
    client = DysmsClient(
        credentials,
        endpoint=SANDBOX_ENDPOINT,
        sleep=no_sleep,
        read_timeout=5,
        rate_clock=pace,
        rate_sleep=pace.jump,
    )
    adapter = adapter_factory(sandbox)
    client.session.mount(SANDBOX_ENDPOINT, adapter)
    return client, adapter


def sent(phone: str, day: date) -> list[SentMessage]:
    """What the sandbox holds for the number on that day as of now (pinned), newest first."""
    return messages_until(phone, day, datetime.now(CHINA_TZ))


class StubAdapter(BaseAdapter):
    """Answers every request with one fixed QuerySendDetails JSON body (no signature check),
    but the template and signature lists', which it answers empty and does not count."""

    def __init__(self, body: dict, status: int = 200):
        super().__init__()
        self.body = body
        self.status = status
        self.calls = 0

    def send(self, request, **kwargs) -> Response:
        # The template and signature lists (deliveries.catalogue_refresh): none, not counted.
        if request.headers.get("x-acs-action") in CATALOGUE_ACTIONS:
            return self._answer(request, 200, {"RequestId": "stub-catalogue", "TotalCount": 0})
        self.calls += 1
        return self._answer(request, self.status, self.body)

    def _answer(self, request, status: int, body: dict) -> Response:
        response = Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.encoding = "utf-8"
        response.request = request
        response.url = request.url
        return response

    def close(self) -> None:
        """Nothing to release."""


def stub_client(body: dict, status: int = 200):
    client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, sleep=no_sleep)
    adapter = StubAdapter(body, status)
    client.session.mount(SANDBOX_ENDPOINT, adapter)
    return GuardedClient(client), adapter


@contextlib.contextmanager
def serving(sandbox: Sandbox):
    """The sandbox behind a real HTTP server on a free loopback port: yields ``host:port``."""
    server = serve("127.0.0.1", 0, sandbox)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
