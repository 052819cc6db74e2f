"""One exchange on the wire: the signed request to send, and reading what came back.

Pure functions over plain values, and the session they go through
(``sending.new_session``); ``DysmsClient`` adds the clock, retries and rate limits
around them.

* V3 (``ACS3-HMAC-SHA256``): ``POST {endpoint}/?{query}``, empty body. With
  STS credentials ``x-acs-security-token`` and ``x-acs-accesskey-id`` are
  added and signed, exactly as the official SDK does; without them the
  request matches the published QuerySendDetails vector byte for byte.
* V1 (HMAC-SHA1): ``GET {endpoint}/?{every parameter}``. GET keeps one request
  shape for both versions (everything in the query, nothing in a body).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import NamedTuple
from urllib.parse import quote, urlsplit

import requests

from dysms import signing
from dysms.errors import ServiceUnavailableError, XmlAnswerError, error_for
from dysms.parsing import clean_text
from dysms.sending import EnvironmentSettings, send_prepared
from dysms.values import Credentials

MAX_UPSTREAM_TEXT = 500
NOT_SERVICE_JSON = "{host} answered HTTP {status} without the service's JSON body."
XML_ANSWER = (
    "{host} answered HTTP {status} in XML, but this client asks for JSON (Format=JSON) and "
    "reads JSON only: a proxy may have rewritten the request, or the endpoint is not Dysmsapi."
)
REDACTED = "[redacted]"


TIMED_OUT = "No answer from {host} in time (connect {connect} s, read {read} s)."
CONNECTION_FAILED = "Could not connect to {host}."
REQUEST_FAILED = "The request to {host} could not be sent."


class SignedRequest(NamedTuple):
    method: str
    url: str
    headers: dict[str, str]


def split_endpoint(endpoint: str) -> tuple[str, str]:
    """``(base URL without trailing slash, host[:port])``, or ``ValueError``."""
    parts = urlsplit(endpoint)
    if (
        parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
        or "@" in parts.netloc
    ):
        raise ValueError(f"endpoint must look like https://host[:port], got {endpoint!r}")
    return f"{parts.scheme}://{parts.netloc}", parts.netloc


def v3_request(
    *,
    endpoint: str,
    host: str,
    action: str,
    version: str,
    params: Mapping[str, str],
    credentials: Credentials,
    timestamp: datetime,
    nonce: str,
) -> SignedRequest:
    headers = signing.v3_request_headers(
        host=host,
        action=action,
        version=version,
        timestamp=timestamp,
        nonce=nonce,
        security_token=credentials.security_token,
    )
    if credentials.security_token:
        headers["x-acs-accesskey-id"] = credentials.access_key_id
    signed = signing.sign_v3(
        method="POST",
        path="/",
        query=params,
        headers=headers,
        access_key_id=credentials.access_key_id,
        secret=credentials.access_key_secret,
    )
    return SignedRequest("POST", _url(endpoint, params), signed)


def v1_request(
    *,
    endpoint: str,
    action: str,
    version: str,
    params: Mapping[str, str],
    credentials: Credentials,
    region_id: str,
    timestamp: datetime,
    nonce: str,
) -> SignedRequest:
    common = signing.v1_common_params(
        action=action,
        version=version,
        access_key_id=credentials.access_key_id,
        timestamp=timestamp,
        nonce=nonce,
        region_id=region_id,
        security_token=credentials.security_token,
    )
    clashing = sorted(set(common).union({"Signature"}).intersection(params))
    if clashing:
        raise ValueError(f"API parameters may not override common ones: {clashing}")
    signed = signing.sign_v1("GET", {**common, **params}, credentials.access_key_secret)
    return SignedRequest("GET", _url(endpoint, signed), {})


def send(
    session: requests.Session,
    request: SignedRequest,
    *,
    timeout: tuple[float, float],
    host: str,
    environment: EnvironmentSettings,
) -> requests.Response:
    """One HTTP exchange; network failures become ``ServiceUnavailableError`` (retryable
    unless the request itself could not be sent)."""
    try:
        return send_prepared(
            session,
            request.method,
            request.url,
            request.headers,
            timeout=timeout,
            environment=environment,
        )
    except requests.Timeout:
        # ``from None``: requests' own message holds the URL, and a V1 URL holds the signature.
        connect, read = timeout
        message = TIMED_OUT.format(host=host, connect=connect, read=read)
        raise ServiceUnavailableError(message) from None
    except requests.ConnectionError:
        raise ServiceUnavailableError(CONNECTION_FAILED.format(host=host)) from None
    except requests.RequestException:
        error = ServiceUnavailableError(REQUEST_FAILED.format(host=host))
        error.retryable = False
        raise error from None


def read_answer(response: requests.Response, *, host: str, credentials: Credentials) -> dict:
    """The JSON body when ``Code`` is ``OK``; otherwise the typed error, raised.

    Anything that is not a JSON object with a string ``Code`` (an HTML error
    page from a proxy, an empty body) is ``ServiceUnavailableError`` with our
    own plain message: the upstream text is never copied into it.
    """
    status = response.status_code
    try:
        body = response.json()
    except ValueError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("Code"), str):
        if _is_xml(response):
            raise XmlAnswerError(XML_ANSWER.format(host=host, status=status), http_status=status)
        message = NOT_SERVICE_JSON.format(host=host, status=status)
        raise ServiceUnavailableError(message, http_status=status)
    code = body["Code"]
    if code == "OK" and 200 <= status < 300:
        return body
    raise error_for(
        redact(code, credentials),
        redact(body.get("Message"), credentials),
        redact(body.get("RequestId"), credentials),
        status,
    )


def redact(value: object, credentials: Credentials) -> str:
    """Upstream text with our secrets blanked out, then shortened and made storable.

    A ``SignatureDoesNotMatch`` message echoes the server's string to sign,
    which for V1 holds the STS token, percent-encoded twice. The text ends up
    in a page, so a lone surrogate (which no page can encode) is replaced.
    """
    text = "" if value is None else clean_text(str(value))
    for secret in (credentials.access_key_secret, credentials.security_token):
        if not secret:
            continue
        once = quote(secret, safe="-_.~")
        for form in (secret, once, quote(once, safe="-_.~")):
            text = text.replace(form, REDACTED)
    return text[:MAX_UPSTREAM_TEXT]


def _is_xml(response: requests.Response) -> bool:
    """An XML document by its type or its declaration (an HTML error page is not one)."""
    kind = response.headers.get("Content-Type", "").lower()
    return "xml" in kind.split(";")[0] or response.content.lstrip().startswith(b"<?xml")


def _url(endpoint: str, query: Mapping[str, str]) -> str:
    # Encoded exactly as signed; requests leaves valid %XX escapes alone.
    return f"{endpoint}/?{signing.canonical_query(query)}" if query else endpoint + "/"


def signed_request(
    signature_version: str,
    *,
    endpoint: str,
    host: str,
    action: str,
    version: str,
    params: dict[str, str],
    credentials: Credentials,
    region_id: str,
    timestamp: datetime,
    nonce: str,
) -> SignedRequest:
    """The request of one attempt: V3 (``POST``, signed headers) or V1 (``GET``, signed query)."""
    if signature_version == "v3":
        return v3_request(
            endpoint=endpoint,
            host=host,
            action=action,
            version=version,
            params=params,
            credentials=credentials,
            timestamp=timestamp,
            nonce=nonce,
        )
    return v1_request(
        endpoint=endpoint,
        action=action,
        version=version,
        params=params,
        credentials=credentials,
        region_id=region_id,
        timestamp=timestamp,
        nonce=nonce,
    )
