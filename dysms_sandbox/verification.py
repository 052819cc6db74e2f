"""Check a request the way the Dysmsapi gateway does, with the project's own signer.

Order of the checks (each failure answers with the service's code):

1. HTTP method (GET or POST), then the signature style: an ``Authorization:
   ACS3-...`` header means V3, anything else is read as V1.
2. Required common parameters (``Missing{Name}``), ``Version``
   (``InvalidVersion``), ``Action`` (``InvalidAction.NotFound``, 404).
3. Timestamp format and the 15 minute window (``InvalidTimeStamp.*``).
4. The AccessKeyId (``InvalidAccessKeyId.NotFound``, 404; a disabled key
   ``InvalidAccessKeyId.Inactive``, 400).
5. The signature, replayed from what the client sent
   (``SignatureDoesNotMatch``; the message echoes the server's string to sign).
6. For V3, the body hash against ``x-acs-content-sha256``.
7. The nonce, unused within the window (``SignatureNonceUsed``).

Only requests that pass all of this get to the key's RAM permission, flow control
and the API itself (``Sandbox.handle``).
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qsl, urlsplit

from dysms import signing
from dysms_sandbox.accounts import AccessKey
from dysms_sandbox.answers import ServiceError
from dysms_sandbox.gateway_checks import (
    TIMESTAMP_WINDOW,
    check_api,
    check_timestamp,
    key_of,
)
from dysms_sandbox.nonces import NonceRegistry

V1_COMMON = (
    "AccessKeyId",
    "Action",
    "Format",
    "RegionId",
    "SecurityToken",
    "Signature",
    "SignatureMethod",
    "SignatureNonce",
    "SignatureType",
    "SignatureVersion",
    "Timestamp",
    "Version",
)
V1_REQUIRED = (
    "Action",
    "Version",
    "AccessKeyId",
    "SignatureMethod",
    "SignatureVersion",
    "Timestamp",
    "SignatureNonce",
    "Signature",
)
V3_REQUIRED_HEADERS = {
    "x-acs-action": "Action",
    "x-acs-version": "Version",
    "x-acs-date": "Timestamp",
    "x-acs-signature-nonce": "SignatureNonce",
}
V3_MUST_SIGN = ("host", *V3_REQUIRED_HEADERS, "x-acs-content-sha256")
FORM_CONTENT_TYPE = "application/x-www-form-urlencoded"

SIGNATURE_MISMATCH = (
    "Specified signature does not match our calculation. server string to sign is:{}"
)
BODY_HASH_MISMATCH = "The x-acs-content-sha256 header is not the SHA-256 of the request body."


@dataclass(frozen=True)
class VerifiedRequest:
    action: str
    params: dict[str, str]
    key: AccessKey
    signature_version: str
    security_token: str | None = None


def verify(
    method: str,
    url: str,
    headers: Mapping[str, str],
    body: bytes,
    *,
    keys: Mapping[str, AccessKey],
    actions: tuple[str, ...],
    nonces: NonceRegistry,
    now: datetime,
) -> VerifiedRequest:
    """Return what the request asks for, or raise ``ServiceError``."""
    method = method.upper()
    if method not in ("GET", "POST"):
        raise ServiceError("UnsupportedHTTPMethod", f"HTTP method {method} is not supported.")
    lowered = {name.lower(): str(value) for name, value in headers.items()}
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    form = form_params(lowered, body)
    checks = _Checks(keys=keys, actions=actions, nonces=nonces, now=now)
    if lowered.get("authorization", "").startswith("ACS3-"):
        path = parts.path or "/"
        return _verify_v3(method, path, query, form, headers, lowered, body, checks)
    return _verify_v1(method, {**query, **form}, checks)


@dataclass(frozen=True)
class _Checks:
    """What a request is checked against: the keys, the API's actions, the used nonces."""

    keys: Mapping[str, AccessKey]
    actions: tuple[str, ...]
    nonces: NonceRegistry
    now: datetime


def _verify_v3(
    method: str,
    path: str,
    query: dict[str, str],
    form: dict[str, str],
    headers: Mapping[str, str],
    lowered: Mapping[str, str],
    body: bytes,
    checks: _Checks,
) -> VerifiedRequest:
    credential, signed_names, given = _parse_authorization(lowered["authorization"])
    _check_v3_headers(lowered)
    check_api(lowered["x-acs-version"], lowered["x-acs-action"], checks.actions)
    timestamp = check_timestamp(lowered["x-acs-date"], checks.now)
    key = key_of(checks.keys, credential)
    payload = _signed_payload_hash(lowered, signed_names)
    canonical, _ = signing.v3_canonical_request(
        method=method,
        path=path,
        query=query,
        headers=headers,
        payload_sha256=payload,
        signed_header_names=signed_names,
    )
    _compare(signing.v3_string_to_sign(canonical), key.secret, given)
    if payload != hashlib.sha256(body).hexdigest():
        raise ServiceError("SignatureDoesNotMatch", BODY_HASH_MISMATCH)
    _use_nonce(checks, credential, lowered["x-acs-signature-nonce"], timestamp)
    return VerifiedRequest(
        action=lowered["x-acs-action"],
        params={**query, **form},
        key=key,
        signature_version="v3",
        security_token=lowered.get("x-acs-security-token") or None,
    )


def _check_v3_headers(lowered: Mapping[str, str]) -> None:
    for header, name in V3_REQUIRED_HEADERS.items():
        if not lowered.get(header):
            raise ServiceError(f"Missing{name}", f"The header {header} is required.")


def _signed_payload_hash(lowered: Mapping[str, str], signed_names: list[str]) -> str:
    """``x-acs-content-sha256``, once it and every header that must be signed were signed."""
    payload = lowered.get("x-acs-content-sha256", "")
    unsigned = [name for name in V3_MUST_SIGN if name not in signed_names]
    if not payload or unsigned:
        missing = ", ".join(unsigned) or "x-acs-content-sha256"
        raise ServiceError(
            "IncompleteSignature", f"These headers must be sent and signed: {missing}."
        )
    return payload


def _compare(string_to_sign: str, secret: str, given: str) -> None:
    expected = signing.v3_signature(string_to_sign, secret)
    if not hmac.compare_digest(expected, given):
        raise ServiceError("SignatureDoesNotMatch", SIGNATURE_MISMATCH.format(string_to_sign))


def _verify_v1(method: str, params: dict[str, str], checks: _Checks) -> VerifiedRequest:
    for name in V1_REQUIRED:
        if not params.get(name):
            raise ServiceError(f"Missing{name}", f"{name} is mandatory for this action.")
    check_api(params["Version"], params["Action"], checks.actions)
    if params["SignatureMethod"] != signing.V1_METHOD:
        raise ServiceError("InvalidSignatureMethod", "Specified signature method is not valid.")
    if params["SignatureVersion"] != signing.V1_VERSION:
        raise ServiceError("InvalidSignatureVersion", "Specified signature version is not valid.")
    _check_format(params.get("Format"))  # the answer's format: dysms_sandbox.xml_answers
    timestamp = check_timestamp(params["Timestamp"], checks.now)
    key = key_of(checks.keys, params["AccessKeyId"])
    signed = {name: value for name, value in params.items() if name != "Signature"}
    string_to_sign = signing.v1_string_to_sign(method, signed)
    expected = signing.v1_signature(string_to_sign, key.secret)
    if not hmac.compare_digest(expected, params["Signature"]):
        raise ServiceError("SignatureDoesNotMatch", SIGNATURE_MISMATCH.format(string_to_sign))
    _use_nonce(checks, params["AccessKeyId"], params["SignatureNonce"], timestamp)
    return VerifiedRequest(
        action=params["Action"],
        params={name: value for name, value in params.items() if name not in V1_COMMON},
        key=key,
        signature_version="v1",
        security_token=params.get("SecurityToken") or None,
    )


def _parse_authorization(value: str) -> tuple[str, list[str], str]:
    algorithm, _, rest = value.partition(" ")
    if algorithm != signing.V3_ALGORITHM:
        raise ServiceError(
            "InvalidSignatureMethod", f"The sandbox verifies {signing.V3_ALGORITHM} only."
        )
    fields = dict(part.strip().partition("=")[::2] for part in rest.split(","))
    credential = fields.get("Credential", "")
    signed = fields.get("SignedHeaders", "")
    signature = fields.get("Signature", "")
    if not (credential and signed and signature):
        raise ServiceError(
            "IncompleteSignature",
            "The Authorization header needs Credential, SignedHeaders and Signature.",
        )
    return credential, signed.lower().split(";"), signature


def _use_nonce(checks: _Checks, access_key_id: str, nonce: str, timestamp: datetime) -> None:
    if not checks.nonces.use(f"{access_key_id}:{nonce}", timestamp + TIMESTAMP_WINDOW, checks.now):
        raise ServiceError("SignatureNonceUsed", "Specified signature nonce was used already.")


def _check_format(value: str | None) -> None:
    # The generic RPC documentation makes XML the default when Format is absent.
    if (value or "XML").upper() not in ("JSON", "XML"):
        raise ServiceError("InvalidParameter.Format", "Format must be JSON or XML.")


def form_params(lowered: Mapping[str, str], body: bytes) -> dict[str, str]:
    if not body or not lowered.get("content-type", "").startswith(FORM_CONTENT_TYPE):
        return {}
    return dict(parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True))
