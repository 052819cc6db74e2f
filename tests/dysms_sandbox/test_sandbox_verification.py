"""The sandbox checks every request as the Dysmsapi gateway does, with the service's codes."""

from __future__ import annotations

import re
import threading
from datetime import timedelta
from xml.etree import ElementTree

import pytest
from support.signed_requests import NOW, Clock, query, v1_request, v3_request

from dysms import signing
from dysms_sandbox import DEMO_ACCESS_KEY_ID, Sandbox
from dysms_sandbox.nonces import NonceRegistry

REQUEST_ID = re.compile(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}")


def answer(sandbox_service, request):
    response = sandbox_service.handle(*request)
    return response.status, response.json()


def assert_error(sandbox_service, request, code, status=400):
    got_status, body = answer(sandbox_service, request)
    assert (got_status, body["Code"]) == (status, code), body
    assert set(body) >= {"Code", "Message", "RequestId"}
    assert REQUEST_ID.fullmatch(body["RequestId"])
    return body


# --- accepted requests --------------------------------------------------------


def test_a_good_v3_request_is_answered_with_records(sandbox_service):
    status, body = answer(sandbox_service, v3_request())
    assert status == 200
    assert body["Code"] == "OK" and body["Message"] == "OK"
    assert isinstance(body["TotalCount"], int)  # a JSON number, as the API page shows it
    assert "SmsSendDetailDTO" in body["SmsSendDetailDTOs"]


def test_a_good_v1_get_request_is_answered(sandbox_service):
    assert answer(sandbox_service, v1_request())[1]["Code"] == "OK"


def test_a_good_v1_post_with_every_parameter_in_the_form_body_is_answered(sandbox_service):
    assert answer(sandbox_service, v1_request(method="POST", in_body=True))[1]["Code"] == "OK"


def test_v3_form_body_parameters_count_as_api_parameters(sandbox_service):
    form = {"PageSize": "1", "CurrentPage": "1"}
    params = {"PhoneNumber": "13800000999", "SendDate": "20250614"}
    status, body = answer(sandbox_service, v3_request(params, form=form))
    assert status == 200 and len(body["SmsSendDetailDTOs"]["SmsSendDetailDTO"]) == 1


def test_every_answer_has_a_fresh_uppercase_request_id(sandbox_service):
    ids = [answer(sandbox_service, v3_request())[1]["RequestId"] for _ in range(3)]
    assert all(REQUEST_ID.fullmatch(request_id) for request_id in ids)
    assert len(set(ids)) == 3


def test_the_request_id_is_also_sent_as_a_header(sandbox_service):
    response = sandbox_service.handle(*v3_request())
    assert response.headers["x-acs-request-id"] == response.json()["RequestId"]


def test_sts_requests_are_accepted_with_their_token_in_v3_and_v1(sandbox_service):
    assert answer(sandbox_service, v3_request(security_token="CAIS-token/+="))[1]["Code"] == "OK"
    assert answer(sandbox_service, v1_request(SecurityToken="CAIS-token/+="))[1]["Code"] == "OK"


def test_a_timestamp_fourteen_minutes_off_is_still_accepted(sandbox_service):
    assert answer(sandbox_service, v3_request(when=NOW - timedelta(minutes=14)))[0] == 200
    assert answer(sandbox_service, v1_request(when=NOW + timedelta(minutes=14)))[0] == 200


# --- signature ----------------------------------------------------------------


def test_a_wrong_v3_secret_is_signature_does_not_match_echoing_the_string_to_sign(sandbox_service):
    method, url, headers, body = v3_request(secret="not-the-secret")
    reply = assert_error(sandbox_service, (method, url, headers, body), "SignatureDoesNotMatch")
    canonical, _ = signing.v3_canonical_request(
        method="POST",
        path="/",
        query=query(),
        headers=headers,
        payload_sha256=signing.EMPTY_PAYLOAD_SHA256,
        signed_header_names=re.search(r"SignedHeaders=([^,]+)", headers["Authorization"])
        .group(1)
        .split(";"),
    )
    expected = signing.v3_string_to_sign(canonical)
    assert reply["Message"].endswith("server string to sign is:" + expected)


def test_a_wrong_v1_secret_is_signature_does_not_match_echoing_the_string_to_sign(sandbox_service):
    method, url, headers, body = v1_request(secret="not-the-secret")
    reply = assert_error(sandbox_service, (method, url, headers, body), "SignatureDoesNotMatch")
    assert reply["Message"].split("server string to sign is:")[1].startswith("GET&%2F&AccessKeyId")


def test_a_parameter_changed_after_signing_breaks_the_signature(sandbox_service):
    method, url, headers, body = v3_request()
    assert_error(
        sandbox_service,
        (method, url.replace("PageSize=50", "PageSize=49"), headers, body),
        "SignatureDoesNotMatch",
    )
    method, url, headers, body = v1_request()
    assert_error(
        sandbox_service,
        (method, url.replace("CurrentPage=1", "CurrentPage=2"), headers, body),
        "SignatureDoesNotMatch",
    )


def test_a_v1_signature_made_for_get_fails_when_sent_as_post(sandbox_service):
    _, url, headers, body = v1_request(method="GET")
    assert_error(sandbox_service, ("POST", url, headers, body), "SignatureDoesNotMatch")


def test_a_v3_body_that_is_not_what_its_hash_header_says_is_rejected(sandbox_service):
    method, url, headers, body = v3_request(
        form={"PageSize": "10", "CurrentPage": "1"},
        params={"PhoneNumber": "13912345678", "SendDate": "20250615"},
    )
    assert_error(
        sandbox_service, (method, url, headers, body.replace(b"10", b"20")), "SignatureDoesNotMatch"
    )


def test_a_v3_request_leaving_a_required_header_unsigned_is_incomplete(sandbox_service):
    method, url, headers, body = v3_request()
    headers["Authorization"] = headers["Authorization"].replace("x-acs-date;", "")
    assert_error(sandbox_service, (method, url, headers, body), "IncompleteSignature")


def test_a_v3_authorization_without_signature_is_incomplete(sandbox_service):
    method, url, headers, body = v3_request()
    headers["Authorization"] = headers["Authorization"].split(",Signature=")[0]
    assert_error(sandbox_service, (method, url, headers, body), "IncompleteSignature")


def test_an_unknown_access_key_id_is_not_found_404(sandbox_service):
    assert_error(
        sandbox_service,
        v3_request(key_id="LTAI5tNoSuchKey000000000"),
        "InvalidAccessKeyId.NotFound",
        404,
    )
    assert_error(
        sandbox_service,
        v1_request(key_id="LTAI5tNoSuchKey000000000"),
        "InvalidAccessKeyId.NotFound",
        404,
    )


def test_extra_accounts_replace_the_demo_pair():
    sandbox_service = Sandbox(clock=Clock(), accounts={"LTAI5tOtherKey0000000000": "other-secret"})
    assert (
        answer(
            sandbox_service, v3_request(key_id="LTAI5tOtherKey0000000000", secret="other-secret")
        )[0]
        == 200
    )
    assert_error(sandbox_service, v3_request(), "InvalidAccessKeyId.NotFound", 404)


def test_only_hmac_sha1_version_1_0_is_a_v1_signature(sandbox_service):
    assert_error(
        sandbox_service, v1_request(SignatureMethod="HMAC-SHA256"), "InvalidSignatureMethod"
    )
    assert_error(sandbox_service, v1_request(SignatureVersion="2.0"), "InvalidSignatureVersion")


# --- timestamp and nonce -------------------------------------------------------


@pytest.mark.parametrize(
    "stamp",
    ["2025-06-15 04:00:00", "2025-06-15T04:00:00+08:00", "1749960000", "2025-13-15T04:00:00Z"],
)
def test_a_malformed_timestamp_is_invalid_format(sandbox_service, stamp):
    assert_error(sandbox_service, v1_request(Timestamp=stamp), "InvalidTimeStamp.Format")


def test_a_malformed_v3_date_header_is_invalid_format(sandbox_service):
    method, url, headers, body = v3_request()
    headers["x-acs-date"] = "Sun, 15 Jun 2025 04:00:00 GMT"
    assert_error(sandbox_service, (method, url, headers, body), "InvalidTimeStamp.Format")


@pytest.mark.parametrize("minutes", [-16, 16])
def test_a_timestamp_more_than_fifteen_minutes_away_is_expired(sandbox_service, minutes):
    when = NOW + timedelta(minutes=minutes)
    assert_error(sandbox_service, v3_request(when=when), "InvalidTimeStamp.Expired")
    assert_error(sandbox_service, v1_request(when=when), "InvalidTimeStamp.Expired")


def test_a_reused_nonce_is_refused_within_the_window(sandbox_service, sandbox_clock):
    assert answer(sandbox_service, v3_request(nonce="same-nonce"))[0] == 200
    sandbox_clock.advance(minutes=5)
    assert_error(
        sandbox_service,
        v3_request(nonce="same-nonce", when=sandbox_clock.now),
        "SignatureNonceUsed",
    )
    assert_error(
        sandbox_service,
        v1_request(nonce="same-nonce", when=sandbox_clock.now),
        "SignatureNonceUsed",
    )


def test_a_nonce_may_come_back_once_its_window_has_passed(sandbox_service, sandbox_clock):
    assert answer(sandbox_service, v1_request(nonce="n-1"))[0] == 200
    sandbox_clock.advance(minutes=16)
    assert answer(sandbox_service, v1_request(nonce="n-1", when=sandbox_clock.now))[0] == 200


def test_a_request_with_a_bad_signature_does_not_use_up_its_nonce(sandbox_service):
    assert_error(sandbox_service, v3_request(nonce="n-2", secret="wrong"), "SignatureDoesNotMatch")
    assert answer(sandbox_service, v3_request(nonce="n-2"))[0] == 200


def test_nonces_are_counted_per_access_key():
    sandbox_service = Sandbox(
        clock=Clock(), accounts={DEMO_ACCESS_KEY_ID: "a", "LTAI5tOtherKey0000000000": "b"}
    )
    assert answer(sandbox_service, v3_request(nonce="n-3", secret="a"))[0] == 200
    assert (
        answer(
            sandbox_service, v3_request(nonce="n-3", key_id="LTAI5tOtherKey0000000000", secret="b")
        )[0]
        == 200
    )


def test_the_nonce_memory_is_bounded_and_drops_the_soonest_to_expire():
    registry = NonceRegistry(capacity=3)
    for index in range(5):
        assert registry.use(f"k{index}", NOW + timedelta(minutes=index + 1), NOW)
    assert len(registry) == 3
    assert not registry.use("k4", NOW + timedelta(minutes=20), NOW)
    assert registry.use("k0", NOW + timedelta(minutes=20), NOW)  # forgotten first


def test_the_nonce_memory_forgets_expired_entries():
    registry = NonceRegistry()
    registry.use("old", NOW + timedelta(minutes=1), NOW)
    registry.use("new", NOW + timedelta(minutes=30), NOW + timedelta(minutes=2))
    assert len(registry) == 1


def test_concurrent_uses_of_one_nonce_let_exactly_one_through():
    registry = NonceRegistry()
    results, start = [], threading.Barrier(8)

    def use():
        start.wait()
        results.append(registry.use("shared", NOW + timedelta(minutes=15), NOW))

    threads = [threading.Thread(target=use) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [False] * 7 + [True]


# --- common parameters, action, version, format ---------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Action",
        "Version",
        "AccessKeyId",
        "SignatureMethod",
        "SignatureVersion",
        "Timestamp",
        "SignatureNonce",
    ],
)
def test_a_missing_v1_common_parameter_is_named_in_the_code(sandbox_service, name):
    assert_error(sandbox_service, v1_request(**{name: None}), f"Missing{name}")


def test_a_v1_request_without_signature_is_missing_signature(sandbox_service):
    method, url, headers, body = v1_request()
    url = re.sub(r"&?Signature=[^&]*", "", url)
    assert_error(sandbox_service, (method, url, headers, body), "MissingSignature")


@pytest.mark.parametrize(
    ("header", "code"),
    [
        ("x-acs-date", "MissingTimestamp"),
        ("x-acs-signature-nonce", "MissingSignatureNonce"),
        ("x-acs-action", "MissingAction"),
        ("x-acs-version", "MissingVersion"),
    ],
)
def test_a_missing_v3_header_is_named_in_the_code(sandbox_service, header, code):
    assert_error(sandbox_service, v3_request(drop=(header,)), code)


def test_a_v3_request_without_a_body_hash_is_incomplete(sandbox_service):
    assert_error(sandbox_service, v3_request(drop=("x-acs-content-sha256",)), "IncompleteSignature")


def test_an_unknown_action_is_not_found_404(sandbox_service):
    assert_error(
        sandbox_service, v3_request(action="QuerySendDetail"), "InvalidAction.NotFound", 404
    )
    assert_error(sandbox_service, v1_request(action="SendSms"), "InvalidAction.NotFound", 404)


def test_another_api_version_is_invalid_version(sandbox_service):
    assert_error(sandbox_service, v3_request(version="2018-05-01"), "InvalidVersion")
    assert_error(sandbox_service, v1_request(Version="2017-05-26"), "InvalidVersion")


def test_methods_other_than_get_and_post_are_unsupported(sandbox_service):
    _, url, headers, body = v1_request()
    assert_error(sandbox_service, ("PUT", url, headers, body), "UnsupportedHTTPMethod")


def test_format_xml_is_answered_in_xml(sandbox_service):
    response = sandbox_service.handle(*v1_request(Format="XML"))
    assert response.status == 200
    assert response.headers["Content-Type"].startswith("text/xml")
    root = ElementTree.fromstring(response.body)
    assert root.tag == "QuerySendDetailsResponse" and root.findtext("Code") == "OK"


def test_format_json_in_lower_case_is_accepted_as_the_sdk_sends_it(sandbox_service):
    response = sandbox_service.handle(*v1_request(Format="json"))
    assert response.json()["Code"] == "OK"
    assert response.headers["Content-Type"].startswith("application/json")


def test_an_unknown_format_is_rejected(sandbox_service):
    assert_error(sandbox_service, v1_request(Format="YAML"), "InvalidParameter.Format")


# --- QuerySendDetails parameters --------------------------------------------------


@pytest.mark.parametrize("name", ["PhoneNumber", "SendDate", "PageSize", "CurrentPage"])
def test_a_missing_api_parameter_is_named_in_the_code(sandbox_service, name):
    params = query()
    del params[name]
    assert_error(sandbox_service, v3_request(params), f"Missing{name}")


@pytest.mark.parametrize(
    "overrides",
    [
        {"day": "2025-06-15"},
        {"day": "2025615"},
        {"day": "20250631"},
        {"day": "20250516"},  # 30 days before today (China time)
        {"day": "20250616"},  # tomorrow
        {"size": 0},
        {"size": 51},
        {"size": "ten"},
        {"page": 0},
        {"page": -1},
    ],
)
def test_bad_query_values_are_invalid_parameters_in_an_http_200_body(sandbox_service, overrides):
    body = assert_error(
        sandbox_service, v3_request(query(**overrides)), "isv.INVALID_PARAMETERS", 200
    )
    assert body["Message"]


def test_the_oldest_accepted_day_is_29_days_before_today_china_time(sandbox_service):
    assert answer(sandbox_service, v3_request(query(day="20250517")))[1]["Code"] == "OK"


def test_today_is_the_china_day_even_when_it_is_still_yesterday_in_utc():
    late_evening_utc = NOW.replace(hour=17)  # 01:00 on June 16th in China
    sandbox_service = Sandbox(clock=Clock(late_evening_utc))
    request = v3_request(query(day="20250616"), when=late_evening_utc)
    assert answer(sandbox_service, request)[1]["Code"] == "OK"


@pytest.mark.parametrize(
    "phone",
    [
        "1391234567",
        "139123456789",
        "+8613912345678",
        "139 1234 5678",
        "12912345678",
        "013912345678",
        "13912345678,13912345679",
        "123456",
    ],
)
def test_a_bad_phone_number_is_mobile_number_illegal(sandbox_service, phone):
    assert_error(sandbox_service, v3_request(query(phone=phone)), "isv.MOBILE_NUMBER_ILLEGAL", 200)


@pytest.mark.parametrize("phone", ["85261234567", "447911123456", "6591234567"])
def test_international_numbers_with_country_code_are_accepted(sandbox_service, phone):
    assert answer(sandbox_service, v3_request(query(phone=phone)))[1]["Code"] == "OK"


def test_latency_is_spent_through_the_injected_sleep_on_every_call():
    calls = []
    sandbox_service = Sandbox(clock=Clock(), latency=0.08, sleep=calls.append)
    sandbox_service.handle(*v3_request())
    sandbox_service.handle(*v3_request(secret="wrong"))
    assert calls == [0.08, 0.08]
