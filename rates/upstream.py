"""The Dysmsapi client the statistics are fetched with.

The dashboard's ``core.clients.get_client()`` (the process-wide client
built from settings) is used when it exists. Until then this module builds one
the same way: the in-process sandbox when ``DYSMS_ENDPOINT`` is "sandbox", the
real endpoint otherwise, behind the shared circuit breaker.
"""

from __future__ import annotations

import threading

from django.conf import settings

from core.circuit import GuardedClient
from dysms import DysmsClient
from dysms.values import Credentials

_lock = threading.Lock()
_client: GuardedClient | None = None


def statistics_client():
    try:
        from core.clients import get_client
    except ImportError:
        return _own_client()
    return get_client()


def _own_client() -> GuardedClient:
    global _client
    with _lock:
        if _client is None:
            _client = GuardedClient(_build())
        return _client


def _build() -> DysmsClient:
    options = {
        "region_id": settings.DYSMS_REGION,
        "signature_version": settings.DYSMS_SIGNATURE_VERSION,
        "connect_timeout": settings.DYSMS_CONNECT_TIMEOUT,
        "read_timeout": settings.DYSMS_READ_TIMEOUT,
        "max_retries": settings.DYSMS_MAX_RETRIES,
    }
    if settings.DYSMS_ENDPOINT == "sandbox":
        from dysms_sandbox import (
            DEMO_CREDENTIALS,
            SANDBOX_ENDPOINT,
            Sandbox,
            SandboxAdapter,
        )

        client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, **options)
        latency = settings.DYSMS_SANDBOX_LATENCY_MS / 1000
        client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox(latency=latency)))
        return client
    credentials = Credentials(
        settings.ALIBABA_CLOUD_ACCESS_KEY_ID,
        settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        settings.ALIBABA_CLOUD_SECURITY_TOKEN or None,
    )
    return DysmsClient(credentials, endpoint=settings.DYSMS_ENDPOINT, **options)
