"""The official SDK works against the sandbox, and our signer agrees with the SDK's own code.

The SDK (alibabacloud_dysmsapi20170525 with alibabacloud_tea_openapi) is a
test-only dependency. Its signing helpers live in
``alibabacloud_tea_openapi.utils``: ``Utils.get_rpcsignature`` (V1) and
``Utils.get_authorization`` (V3).

One known difference, on purpose: for V3 the SDK writes query parameter
*names* into the canonical query without percent-encoding them, while the
signature documentation (and our signer) encode names as well as values.
Every real Dysmsapi parameter name is plain ASCII letters, where the two
agree, so the V3 property below draws names from unreserved characters.
"""

from __future__ import annotations

import hashlib
import threading
import uuid
from datetime import date, datetime, timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from alibabacloud_dysmsapi20170525 import models as sms_models
from alibabacloud_tea_openapi.exceptions import ClientException
from alibabacloud_tea_openapi.utils import Utils
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from support.sdk import sdk_client

from dysms import signing
from dysms.values import CHINA_TZ
from dysms_sandbox import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    SANDBOX_ENDPOINT,
    Sandbox,
    serve,
)
from dysms_sandbox.generator import day_messages
from dysms_sandbox.verification import V1_COMMON

PHONE = "13800000999"


@pytest.fixture(scope="module")
def endpoint():
    """The standalone sandbox on a free loopback port, on the real clock (as the SDK is)."""
    server = serve("127.0.0.1", 0, Sandbox())
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield f"127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def yesterday_in_china() -> date:
    """The SDK signs with the real clock, so the sandbox runs on it and the day follows it."""
    return datetime.now(CHINA_TZ).date() - timedelta(days=1)


def ask(client, page=2, size=10):
    day = yesterday_in_china()
    request = sms_models.QuerySendDetailsRequest(
        phone_number=PHONE, send_date=f"{day:%Y%m%d}", page_size=size, current_page=page
    )
    return client.query_send_details(request), day


# --- the SDK against the standalone sandbox ---------------------------------------------


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["default-v3", "v2-hmac-sha1"])
def test_the_sdk_reads_the_sandbox_records(endpoint, algorithm):
    response, day = ask(sdk_client(endpoint, algorithm=algorithm))
    body = response.body
    assert response.status_code == 200
    assert body.code == "OK"
    assert body.total_count == 420
    expected = day_messages(PHONE, day)[10:20]
    got = body.sms_send_detail_dtos.sms_send_detail_dto
    assert [(d.content, d.send_date, d.err_code, d.send_status) for d in got] == [
        (m.content, m.send_time.strftime("%Y-%m-%d %H:%M:%S"), m.err_code, int(m.final_status))
        for m in expected
    ]


@pytest.mark.parametrize("algorithm", [None, "v2"], ids=["default-v3", "v2-hmac-sha1"])
def test_the_sdk_with_a_wrong_secret_gets_signature_does_not_match(endpoint, algorithm):
    with pytest.raises(ClientException) as caught:
        ask(sdk_client(endpoint, secret="not-the-demo-secret", algorithm=algorithm))
    assert caught.value.code == "SignatureDoesNotMatch"
    assert caught.value.status_code == 400


def test_the_sdk_sees_business_errors_in_the_body(endpoint):
    request = sms_models.QuerySendDetailsRequest(
        phone_number=PHONE, send_date="2017-01-01", page_size=10, current_page=1
    )
    response = sdk_client(endpoint).query_send_details(request)
    assert response.body.code == "isv.INVALID_PARAMETERS"


def test_the_sdk_reads_the_sandbox_statistics(endpoint):
    day = yesterday_in_china()
    request = sms_models.QuerySendStatisticsRequest(
        is_globe=1,
        start_date=f"{day - timedelta(days=6):%Y%m%d}",
        end_date=f"{day:%Y%m%d}",
        page_index=1,
        page_size=5,
    )
    body = sdk_client(endpoint).query_send_statistics(request).body
    assert body.code == "OK"
    assert body.data.total_size == 7
    rows = body.data.target_list
    assert [row.send_date for row in rows] == [
        f"{day - timedelta(days=n):%Y%m%d}" for n in range(5)
    ]
    for row in rows:
        responded = row.responded_success_count + row.responded_fail_count
        assert responded + row.no_responded_count == row.total_count


# --- our signer against the SDK's signing code --------------------------------------------

ANY_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20)
TRICKY_TEXT = st.one_of(
    ANY_TEXT,
    st.text(alphabet=" *~+/=&%^:中文é-_.", max_size=12),
)
NAMES = st.one_of(
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12
    ),
    st.sampled_from(["PhoneNumber", "SendDate", "a b", "x*y", "t~", "p+q", "s/t", "名"]),
)
PLAIN_NAMES = st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~",
    min_size=1,
    max_size=12,
)
SECRETS = st.text(alphabet=st.characters(codec="ascii", min_codepoint=33), min_size=1, max_size=30)


@settings(max_examples=150, deadline=None)
@given(
    params=st.dictionaries(NAMES, TRICKY_TEXT, max_size=8),
    method=st.sampled_from(["GET", "POST"]),
    secret=SECRETS,
)
def test_our_v1_signature_equals_the_sdk_s(params, method, secret):
    ours = signing.v1_signature(signing.v1_string_to_sign(method, params), secret)
    assert ours == Utils.get_rpcsignature(dict(params), method, secret)


@settings(max_examples=150, deadline=None)
@given(
    query=st.dictionaries(PLAIN_NAMES, TRICKY_TEXT, max_size=8),
    extra_headers=st.dictionaries(
        st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=10).map(
            lambda name: "x-acs-" + name
        ),
        st.text(
            alphabet=st.characters(codec="ascii", min_codepoint=32, max_codepoint=126), max_size=20
        ),
        max_size=3,
    ),
    body=st.binary(max_size=40),
    secret=SECRETS,
)
def test_our_v3_authorization_equals_the_sdk_s(query, extra_headers, body, secret):
    payload = hashlib.sha256(body).hexdigest()
    headers = {
        "host": "dysmsapi.aliyuncs.com",
        "x-acs-action": "QuerySendDetails",
        "x-acs-version": "2017-05-25",
        "x-acs-date": "2025-06-15T04:00:00Z",
        "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
        **extra_headers,
        "x-acs-content-sha256": payload,
    }
    ours = signing.sign_v3(
        method="POST",
        path="/",
        query=query,
        headers=headers,
        access_key_id="AKID",
        secret=secret,
    )["Authorization"]
    request = SimpleNamespace(method="POST", pathname="/", query=dict(query), headers=headers)
    assert ours == Utils.get_authorization(request, "ACS3-HMAC-SHA256", payload, "AKID", secret)


# --- the sandbox verifier accepts what the SDK's signing code signs -------------------------

SANDBOX_NOW = datetime(2025, 6, 15, 4, 0, 0, tzinfo=CHINA_TZ)
API_PARAMS = {"PhoneNumber": PHONE, "SendDate": "20250614", "PageSize": "5", "CurrentPage": "1"}


@settings(max_examples=100, deadline=None)
@given(
    extra=st.dictionaries(NAMES, TRICKY_TEXT, max_size=5), method=st.sampled_from(["GET", "POST"])
)
def test_the_sandbox_accepts_v1_requests_signed_by_the_sdk(extra, method):
    assume(not set(extra) & (set(V1_COMMON) | set(API_PARAMS)))
    params = {
        **extra,
        **API_PARAMS,
        "Action": "QuerySendDetails",
        "Format": "json",
        "Version": "2017-05-25",
        "Timestamp": "2025-06-14T20:00:00Z",
        "SignatureNonce": uuid.uuid4().hex,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureVersion": "1.0",
        "AccessKeyId": DEMO_ACCESS_KEY_ID,
    }
    params["Signature"] = Utils.get_rpcsignature(dict(params), method, DEMO_ACCESS_KEY_SECRET)
    url = f"{SANDBOX_ENDPOINT}/?{urlencode(params)}"
    answer = Sandbox(clock=lambda: SANDBOX_NOW).handle(method, url, {}, b"").json()
    assert answer["Code"] == "OK", answer


@settings(max_examples=100, deadline=None)
@given(extra=st.dictionaries(PLAIN_NAMES, TRICKY_TEXT, max_size=5), agent=st.text(max_size=20))
def test_the_sandbox_accepts_v3_requests_signed_by_the_sdk(extra, agent):
    assume(not set(extra) & set(API_PARAMS))
    query = {**extra, **API_PARAMS}
    headers = {
        "host": "dysms-sandbox.invalid",
        "x-acs-version": "2017-05-25",
        "x-acs-action": "QuerySendDetails",
        "user-agent": agent.encode("ascii", "ignore").decode().strip() or "sdk",
        "x-acs-date": "2025-06-14T20:00:00Z",
        "x-acs-signature-nonce": uuid.uuid4().hex,
        "accept": "application/json",
        "x-acs-content-sha256": signing.EMPTY_PAYLOAD_SHA256,
    }
    request = SimpleNamespace(method="POST", pathname="/", query=query, headers=headers)
    headers["Authorization"] = Utils.get_authorization(
        request,
        "ACS3-HMAC-SHA256",
        signing.EMPTY_PAYLOAD_SHA256,
        DEMO_ACCESS_KEY_ID,
        DEMO_ACCESS_KEY_SECRET,
    )
    url = f"{SANDBOX_ENDPOINT}/?{urlencode(query)}"
    answer = Sandbox(clock=lambda: SANDBOX_NOW).handle("POST", url, headers, b"").json()
    assert answer["Code"] == "OK", answer
