"""Signed requests for sandbox tests, made with the project signer (dysms/signing.py)."""

from __future__ import annotations

import hashlib
import uuid
from datetime import UTC, datetime, timedelta

from dysms import signing
from dysms_sandbox import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, SANDBOX_ENDPOINT

HOST = SANDBOX_ENDPOINT.split("://", 1)[1]
# Noon in China (UTC+8) on a Sunday; SendDate 20250615 is "today".
NOW = datetime(2025, 6, 15, 4, 0, 0, tzinfo=UTC)
TODAY = "20250615"
PHONE = "13912345678"


class Clock:
    """A settable sandbox clock."""

    def __init__(self, now: datetime = NOW):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


class Sleeps:
    """A fake ``sleep`` that records what it was asked to wait."""

    def __init__(self):
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


def query(phone=PHONE, day=TODAY, page=1, size=50, biz_id=None, **extra) -> dict[str, str]:
    params = {
        "PhoneNumber": phone,
        "SendDate": day,
        "CurrentPage": str(page),
        "PageSize": str(size),
    }
    if biz_id is not None:
        params["BizId"] = biz_id
    params.update(extra)
    return {name: value for name, value in params.items() if value is not None}


def v3_request(
    params: dict[str, str] | None = None,
    *,
    when: datetime = NOW,
    nonce: str | None = None,
    key_id: str = DEMO_ACCESS_KEY_ID,
    secret: str = DEMO_ACCESS_KEY_SECRET,
    action: str = "QuerySendDetails",
    version: str = "2017-05-25",
    form: dict[str, str] | None = None,
    security_token: str | None = None,
    drop: tuple[str, ...] = (),
) -> tuple[str, str, dict[str, str], bytes]:
    """``(method, url, headers, body)`` of a V3-signed POST; ``form`` goes in the body."""
    params = query() if params is None else params
    body = signing.canonical_query(form).encode() if form else b""
    headers = signing.v3_request_headers(
        host=HOST,
        action=action,
        version=version,
        timestamp=when,
        nonce=nonce or uuid.uuid4().hex,
        payload_sha256=hashlib.sha256(body).hexdigest(),
        security_token=security_token,
    )
    if form:
        headers["content-type"] = "application/x-www-form-urlencoded"
    for name in drop:
        headers.pop(name)
    signed = signing.sign_v3(
        method="POST",
        path="/",
        query=params,
        headers=headers,
        access_key_id=key_id,
        secret=secret,
    )
    return "POST", url(params), signed, body


def v1_request(
    params: dict[str, str] | None = None,
    *,
    method: str = "GET",
    when: datetime = NOW,
    nonce: str | None = None,
    key_id: str = DEMO_ACCESS_KEY_ID,
    secret: str = DEMO_ACCESS_KEY_SECRET,
    action: str = "QuerySendDetails",
    in_body: bool = False,
    **common: str | None,
) -> tuple[str, str, dict[str, str], bytes]:
    """``(method, url, headers, body)`` of a V1 request; ``common`` overrides (None drops)."""
    params = query() if params is None else params
    everything = signing.v1_common_params(
        action=action,
        version="2017-05-25",
        access_key_id=key_id,
        timestamp=when,
        nonce=nonce or uuid.uuid4().hex,
        region_id="cn-hangzhou",
    )
    everything.update(params)
    everything.update(common)
    everything = {name: value for name, value in everything.items() if value is not None}
    signed = signing.sign_v1(method, everything, secret)
    if not in_body:
        return method, url(signed), {"Host": HOST}, b""
    body = signing.canonical_query(signed).encode()
    headers = {"Host": HOST, "Content-Type": "application/x-www-form-urlencoded"}
    return method, SANDBOX_ENDPOINT + "/", headers, body


def url(params: dict[str, str]) -> str:
    return f"{SANDBOX_ENDPOINT}/?{signing.canonical_query(params)}"
