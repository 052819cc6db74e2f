"""The official SDK's client (``alibabacloud-dysmsapi20170525``) pointed at a sandbox: the
parity tests' other side, with the demo AccessKey unless told another."""

from __future__ import annotations

from alibabacloud_dysmsapi20170525.client import Client
from alibabacloud_tea_openapi.models import Config

from dysms_sandbox import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET


def sdk_client(
    endpoint: str,
    algorithm: str | None = None,
    key_id: str = DEMO_ACCESS_KEY_ID,
    secret: str = DEMO_ACCESS_KEY_SECRET,
) -> Client:
    """Plain HTTP to ``endpoint`` (``host:port``), short timeouts; ``algorithm`` picks the
    SDK's signature (its default, V3, when ``None``)."""
    config = Config(
        access_key_id=key_id,
        access_key_secret=secret,
        endpoint=endpoint,
        protocol="http",
        read_timeout=5000,
        connect_timeout=2000,
    )
    if algorithm:
        config.signature_algorithm = algorithm
    return Client(config)
