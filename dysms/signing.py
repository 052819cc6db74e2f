"""Request signing for Alibaba Cloud RPC APIs, as pure functions.

Two algorithms are accepted by Dysmsapi:

* V3, ``ACS3-HMAC-SHA256``: a canonical request over method, path, query,
  selected headers and the body hash; the default of the current official SDK.
* V1, ``HMAC-SHA1`` with ``SignatureVersion=1.0``: every parameter, sorted and
  percent-encoded twice, keyed with ``secret + "&"``.

Nothing here reads a clock or makes a nonce: callers pass ``timestamp`` and
``nonce`` in, so the published vectors can be pinned in tests. The sandbox uses
the same functions to verify what clients send, which is why both the
"string to sign" and the "signature" steps are exposed separately.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import quote

V1_METHOD = "HMAC-SHA1"
V1_VERSION = "1.0"
V3_ALGORITHM = "ACS3-HMAC-SHA256"
EMPTY_PAYLOAD_SHA256 = hashlib.sha256(b"").hexdigest()


def percent_encode(value: object) -> str:
    """RFC 3986 encoding of UTF-8 text: only ``A-Z a-z 0-9 - _ . ~`` stay as they are."""
    return quote(str(value), safe="-_.~")


def canonical_query(params: Mapping[str, object]) -> str:
    """``name=value`` pairs sorted by raw name (case-sensitive), joined with ``&``."""
    return "&".join(
        f"{percent_encode(name)}={percent_encode(params[name])}" for name in sorted(params)
    )


def format_timestamp(moment: datetime) -> str:
    """The UTC ISO 8601 form both algorithms use, e.g. ``2017-07-12T02:42:19Z``."""
    if moment.tzinfo is None:
        raise ValueError("timestamp must be timezone-aware")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- V1: HMAC-SHA1 -----------------------------------------------------------


def v1_string_to_sign(method: str, params: Mapping[str, object]) -> str:
    return f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"


def hmac_sha1_base64(message: str, key: str) -> str:
    """Base64 of HMAC-SHA1 over UTF-8 text, the key used as given (SDK unit vectors pin this)."""
    digest = hmac.new(key.encode(), message.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def v1_signature(string_to_sign: str, secret: str) -> str:
    return hmac_sha1_base64(string_to_sign, secret + "&")


def v1_common_params(
    *,
    action: str,
    version: str,
    access_key_id: str,
    timestamp: datetime,
    nonce: str,
    region_id: str | None = None,
    security_token: str | None = None,
) -> dict[str, str]:
    """The common parameters of a V1 request, without ``Signature``."""
    params = {
        "AccessKeyId": access_key_id,
        "Action": action,
        "Format": "JSON",
        "SignatureMethod": V1_METHOD,
        "SignatureNonce": nonce,
        "SignatureVersion": V1_VERSION,
        "Timestamp": format_timestamp(timestamp),
        "Version": version,
    }
    if region_id:
        params["RegionId"] = region_id
    if security_token:
        params["SecurityToken"] = security_token
    return params


def sign_v1(method: str, params: Mapping[str, object], secret: str) -> dict[str, str]:
    """Return ``params`` (as strings) with ``Signature`` added."""
    if "Signature" in params:
        raise ValueError("Signature must not be among the signed parameters")
    signed = {name: str(value) for name, value in params.items()}
    signed["Signature"] = v1_signature(v1_string_to_sign(method, signed), secret)
    return signed


# --- V3: ACS3-HMAC-SHA256 ----------------------------------------------------


def is_signed_header(name: str) -> bool:
    lowered = name.lower()
    return lowered in ("host", "content-type") or lowered.startswith("x-acs-")


def canonical_headers(
    headers: Mapping[str, str], names: list[str] | None = None
) -> tuple[str, str]:
    """Return ``(CanonicalHeaders, SignedHeaders)``.

    With ``names`` (a verifier replaying the client's SignedHeaders list) exactly
    those headers are used; otherwise ``host``, ``content-type`` and ``x-acs-*``.
    Repeated names (differing in case) are joined with ``,`` in the order given.
    """
    merged: dict[str, list[str]] = {}
    for name, value in headers.items():
        lowered = name.lower()
        if names is None and not is_signed_header(lowered):
            continue
        if names is not None and lowered not in names:
            continue
        merged.setdefault(lowered, []).append(str(value).strip())
    if names is not None:
        for wanted in names:
            merged.setdefault(wanted, [""])
    ordered = sorted(merged)
    lines = "".join(f"{name}:{','.join(merged[name])}\n" for name in ordered)
    return lines, ";".join(ordered)


def v3_canonical_request(
    *,
    method: str,
    path: str,
    query: Mapping[str, object],
    headers: Mapping[str, str],
    payload_sha256: str,
    signed_header_names: list[str] | None = None,
) -> tuple[str, str]:
    """Return ``(CanonicalRequest, SignedHeaders)``."""
    header_lines, signed = canonical_headers(headers, signed_header_names)
    canonical = "\n".join(
        [method, path or "/", canonical_query(query), header_lines, signed, payload_sha256]
    )
    return canonical, signed


def v3_string_to_sign(canonical_request: str) -> str:
    return f"{V3_ALGORITHM}\n{hashlib.sha256(canonical_request.encode()).hexdigest()}"


def v3_signature(string_to_sign: str, secret: str) -> str:
    return hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha256).hexdigest()


def v3_authorization(access_key_id: str, signed_headers: str, signature: str) -> str:
    return (
        f"{V3_ALGORITHM} Credential={access_key_id},"
        f"SignedHeaders={signed_headers},Signature={signature}"
    )


def v3_request_headers(
    *,
    host: str,
    action: str,
    version: str,
    timestamp: datetime,
    nonce: str,
    payload_sha256: str = EMPTY_PAYLOAD_SHA256,
    security_token: str | None = None,
) -> dict[str, str]:
    """The headers a V3 request signs, without ``Authorization``."""
    headers = {
        "host": host,
        "x-acs-action": action,
        "x-acs-content-sha256": payload_sha256,
        "x-acs-date": format_timestamp(timestamp),
        "x-acs-signature-nonce": nonce,
        "x-acs-version": version,
    }
    if security_token:
        headers["x-acs-security-token"] = security_token
    return headers


def sign_v3(
    *,
    method: str,
    path: str,
    query: Mapping[str, object],
    headers: Mapping[str, str],
    access_key_id: str,
    secret: str,
) -> dict[str, str]:
    """Return ``headers`` with ``Authorization`` added (payload hash taken from them)."""
    payload = headers.get("x-acs-content-sha256", EMPTY_PAYLOAD_SHA256)
    canonical, signed = v3_canonical_request(
        method=method, path=path, query=query, headers=headers, payload_sha256=payload
    )
    signature = v3_signature(v3_string_to_sign(canonical), secret)
    return {**headers, "Authorization": v3_authorization(access_key_id, signed, signature)}
