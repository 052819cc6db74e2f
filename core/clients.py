"""The one process-wide Dysmsapi client, built from settings.

``DYSMS_ENDPOINT == "sandbox"`` selects the in-process simulator (its public
demo AccessKey, ``DYSMS_SANDBOX_LATENCY_MS`` of simulated answer time); any
other value is a base URL reached with the AccessKey from settings. Either way
the client sits behind the shared circuit breaker. Built on first use and kept:
its ``requests.Session`` pools connections across requests and threads.
"""

from __future__ import annotations

import threading
from urllib.parse import urlsplit

from django.conf import settings

from core.circuit import DEFAULT_ACCOUNT, CircuitBreaker, GuardedClient
from dysms import DysmsClient
from dysms.errors import AuthError
from dysms.protocol import SmsClient
from dysms.values import Credentials

SANDBOX = "sandbox"
SANDBOX_LABEL = "Sandbox"
# In English in the exception (logs); pages say it through core.failures, in their language.
NO_CREDENTIALS = (
    "No AccessKey is configured for {endpoint}: set ALIBABA_CLOUD_ACCESS_KEY_ID and "
    "ALIBABA_CLOUD_ACCESS_KEY_SECRET, or DYSMS_ENDPOINT=sandbox."
)
BAD_ENDPOINT = (
    "DYSMS_ENDPOINT must be a base URL such as https://dysmsapi.aliyuncs.com, or sandbox."
)
# The codes of ``ClientNotConfigured``: which setting is wrong.
NO_ACCESS_KEY = "NoAccessKey"
NOT_A_BASE_URL = "BadEndpoint"
# Settings that change which client is built (tests override them per test).
CLIENT_SETTINGS = frozenset(
    {
        "DYSMS_ENDPOINT",
        "DYSMS_SIGNATURE_VERSION",
        "DYSMS_REGION",
        "DYSMS_CONNECT_TIMEOUT",
        "DYSMS_READ_TIMEOUT",
        "DYSMS_MAX_RETRIES",
        "DYSMS_SANDBOX_LATENCY_MS",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    }
)

_lock = threading.Lock()
_client: SmsClient | None = None


class ClientNotConfigured(AuthError):
    """The settings do not describe a usable endpoint; shown as a banner, never a 500.

    ``code`` says which setting is wrong (``NO_ACCESS_KEY``, ``NOT_A_BASE_URL``) and
    ``endpoint`` is the header's label of the endpoint (never user info or a path), so that
    every page words it the same way (core.failures) rather than quoting this message.
    """

    def __init__(self, message: str, *, code: str, endpoint: str = ""):
        super().__init__(message, code=code)
        self.endpoint = endpoint


def is_sandbox() -> bool:
    return settings.DYSMS_ENDPOINT == SANDBOX


def endpoint_label() -> str:
    """What the header shows: "Sandbox", or the endpoint's host (never user info or a path)."""
    if is_sandbox():
        return SANDBOX_LABEL
    parts = urlsplit(settings.DYSMS_ENDPOINT)
    host = parts.hostname or settings.DYSMS_ENDPOINT
    return f"{host}:{parts.port}" if parts.port else host


def get_client() -> SmsClient:
    """The shared client, behind the circuit breaker (a ``GuardedClient``); ``ClientNotConfigured``
    when the settings cannot make one."""
    global _client
    with _lock:
        if _client is None:
            _client = GuardedClient(build_client(), account=DEFAULT_ACCOUNT)
        return _client


def account_breakers() -> dict[str, CircuitBreaker]:
    """Each account's circuit breaker by account name, without building a client (the metrics
    read their state at every scrape, with or without a usable AccessKey)."""
    return {DEFAULT_ACCOUNT: CircuitBreaker()}


def set_client(client: SmsClient | None) -> None:
    """Replace the shared client (tests mount counting transports this way)."""
    global _client
    with _lock:
        _client = client


def forget_client_on_setting_change(*, setting: str, **kwargs: object) -> None:
    if setting in CLIENT_SETTINGS:
        set_client(None)


def build_client() -> DysmsClient:
    if is_sandbox():
        from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter

        client = _client_for(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT)
        sandbox = Sandbox(latency=settings.DYSMS_SANDBOX_LATENCY_MS / 1000)
        client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
        return client
    key_id = settings.ALIBABA_CLOUD_ACCESS_KEY_ID
    secret = settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET
    if not key_id or not secret:
        endpoint = endpoint_label()
        raise ClientNotConfigured(
            NO_CREDENTIALS.format(endpoint=endpoint), code=NO_ACCESS_KEY, endpoint=endpoint
        )
    token = settings.ALIBABA_CLOUD_SECURITY_TOKEN or None
    try:
        return _client_for(Credentials(key_id, secret, token), endpoint=settings.DYSMS_ENDPOINT)
    except ValueError:
        # The message may quote settings; ours names the variable only.
        raise ClientNotConfigured(BAD_ENDPOINT, code=NOT_A_BASE_URL) from None


def _client_for(credentials: Credentials, *, endpoint: str) -> DysmsClient:
    """A client with the connection settings (region, signature, timeouts, retries), and a
    connection pool as large as one search's calls in flight (``calls_in_flight``)."""
    return DysmsClient(
        credentials,
        endpoint=endpoint,
        region_id=settings.DYSMS_REGION,
        signature_version=settings.DYSMS_SIGNATURE_VERSION,
        connect_timeout=settings.DYSMS_CONNECT_TIMEOUT,
        read_timeout=settings.DYSMS_READ_TIMEOUT,
        max_retries=settings.DYSMS_MAX_RETRIES,
        pool_size=calls_in_flight(),
    )


def calls_in_flight() -> int:
    """The most calls one range search has under way: every day in flight fetching its pages.

    A day's thread asks for page 1 and then waits for its page threads, so it holds no
    connection of its own meanwhile. Other searches of the process share the pool; a
    connection more than it holds is closed after its call, which costs a handshake, not
    an error.
    """
    return settings.RECORDS_DAYS_CONCURRENCY * settings.RECORDS_FETCH_CONCURRENCY
