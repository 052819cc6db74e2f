"""The process-wide Dysmsapi clients, one per account (core.accounts), built from settings.

An account whose endpoint is ``sandbox`` talks to the in-process simulator: one ``Sandbox`` for
the process, so that its flow control counts each account's calls as the service would (its
public demo pair unless the account names another sandbox pair; ``DYSMS_SANDBOX_LATENCY_MS`` of
simulated answer time). Any other endpoint is a base URL reached with the account's AccessKey.
Either way each account's client sits behind its own circuit breaker (an outage of one account
does not stop the others) and has its own rate limiters. Built on first use and kept: each
``requests.Session`` pools connections across requests and threads.
"""

from __future__ import annotations

import threading

from django.conf import settings

from core.accounts import (
    SANDBOX_LABEL,
    Account,
    account_named,
    configured_accounts,
    default_account,
)
from core.circuit import CircuitBreaker, GuardedClient
from dysms import DysmsClient
from dysms.errors import AuthError
from dysms.protocol import SmsClient
from dysms.values import Credentials

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
NO_ACCOUNT = "NoSuchAccount"
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
        "DYSMS_ACCOUNTS",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
    }
)

_lock = threading.Lock()
_clients: dict[str, SmsClient] = {}
_sandbox: object | None = None


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
    """Every account is the sandbox's: the header says "Sandbox" and demo users may exist."""
    return all(account.is_sandbox for account in configured_accounts())


def endpoint_label() -> str:
    """What the header shows: "Sandbox", an endpoint's host, or the accounts' labels."""
    accounts = configured_accounts()
    if len(accounts) == 1:
        return accounts[0].endpoint_label
    if is_sandbox():
        return f"{SANDBOX_LABEL}: " + " · ".join(account.label for account in accounts)
    return " · ".join(account.label for account in accounts)


def get_client(account: str | None = None) -> SmsClient:
    """The account's shared client (the default account's without a name), behind its circuit
    breaker (a ``GuardedClient``); ``ClientNotConfigured`` when the settings cannot make one."""
    chosen = _account(account)
    with _lock:
        client = _clients.get(chosen.name)
        if client is None:
            client = _clients[chosen.name] = GuardedClient(
                build_client(chosen), breaker_for(chosen.name), account=chosen.name
            )
        return client


def breaker_for(account: str) -> CircuitBreaker:
    """The account's breaker; the default account's keeps the name it had before accounts."""
    return CircuitBreaker("dysms" if account == "default" else f"dysms:{account}")


def account_breakers() -> dict[str, CircuitBreaker]:
    """Each account's circuit breaker by account name, without building a client (the metrics
    read their state at every scrape, with or without a usable AccessKey)."""
    return {account.name: breaker_for(account.name) for account in configured_accounts()}


def set_client(client: SmsClient | None, account: str | None = None) -> None:
    """Replace an account's client (tests mount counting transports this way); ``None`` for
    the default account forgets them all."""
    global _sandbox
    with _lock:
        if client is None and account is None:
            _clients.clear()
            _sandbox = None
            return
        name = account or default_account().name
        if client is None:
            _clients.pop(name, None)
        else:
            _clients[name] = client


def forget_client_on_setting_change(*, setting: str, **kwargs: object) -> None:
    if setting in CLIENT_SETTINGS:
        set_client(None)


def build_client(account: Account | None = None) -> DysmsClient:
    account = account or default_account()
    if account.is_sandbox:
        from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, SandboxAdapter

        credentials = DEMO_CREDENTIALS
        if account.key_id:
            credentials = Credentials(account.key_id, account.secret)
        client = _client_for(credentials, account=account, endpoint=SANDBOX_ENDPOINT)
        client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(shared_sandbox()))
        return client
    if not account.key_id or not account.secret:
        endpoint = account.endpoint_label
        raise ClientNotConfigured(
            NO_CREDENTIALS.format(endpoint=endpoint), code=NO_ACCESS_KEY, endpoint=endpoint
        )
    credentials = Credentials(account.key_id, account.secret, account.security_token or None)
    try:
        return _client_for(credentials, account=account, endpoint=account.endpoint)
    except ValueError:
        # The message may quote settings; ours names the variable only.
        raise ClientNotConfigured(BAD_ENDPOINT, code=NOT_A_BASE_URL) from None


def sandbox_account(account: Account) -> str | None:
    """Which of the sandbox's accounts answers ``account`` (its pair's, or the demo pair's
    without one); ``None`` for an account elsewhere, or whose pair the sandbox does not know."""
    if not account.is_sandbox:
        return None
    from dysms_sandbox import DEMO_ACCESS_KEY_ID

    key = shared_sandbox().keys.get(account.key_id or DEMO_ACCESS_KEY_ID)
    return key.account if key is not None and key.active else None


def shared_sandbox():
    """The process's one in-process sandbox, which every sandbox account talks to."""
    global _sandbox
    if _sandbox is None:
        from dysms_sandbox import Sandbox

        _sandbox = Sandbox(latency=settings.DYSMS_SANDBOX_LATENCY_MS / 1000)
    return _sandbox


def _account(name: str | None) -> Account:
    if name is None:
        return default_account()
    found = account_named(name)
    if found is None:
        raise ClientNotConfigured(f"No account {name!r} is configured.", code=NO_ACCOUNT)
    return found


def _client_for(credentials: Credentials, *, account: Account, endpoint: str) -> DysmsClient:
    """A client with the account's connection settings (region, signature) and the site's
    (timeouts, retries), and a connection pool as large as one search's calls in flight."""
    return DysmsClient(
        credentials,
        endpoint=endpoint,
        region_id=account.region,
        signature_version=account.signature_version,
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
