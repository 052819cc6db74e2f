"""The client end to end, with HTTP faked at the transport (an adapter on the client's session)."""

from __future__ import annotations

import itertools
import json
import logging
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qsl, urlsplit

import pytest
import requests
from requests.adapters import BaseAdapter

from dysms import signing
from dysms.client import DEFAULT_ENDPOINT, DysmsClient
from dysms.errors import (
    AuthError,
    DysmsError,
    InvalidParametersError,
    InvalidQuery,
    ServiceUnavailableError,
    ThrottledError,
)
from dysms.values import CHINA_TZ, Credentials, SendStatus

SECRET = "s3cr3t/Key+With=Odd&Chars"
TOKEN = "STS.token/with+odd=chars"
CREDENTIALS = Credentials("testId", SECRET)
VECTOR_CREDENTIALS = Credentials("testId", "testSecret")
STS_CREDENTIALS = Credentials("STS.keyid", SECRET, TOKEN)
START = datetime(2025, 6, 30, 4, 0, tzinfo=UTC)  # 12:00 in China

OK_BODY = {
    "Code": "OK",
    "Message": "OK",
    "RequestId": "REQ-OK",
    "TotalCount": 1,
    "SmsSendDetailDTOs": {
        "SmsSendDetailDTO": [
            {
                "PhoneNum": "13800138000",
                "SendStatus": 3,
                "ErrCode": "DELIVERED",
                "TemplateCode": "SMS_1",
                "Content": "hi",
                "SendDate": "2025-06-30 10:00:00",
                "ReceiveDate": "2025-06-30 10:00:05",
                "OutId": "",
            }
        ]
    },
}


def error_body(code, message="upstream says no", request_id="REQ-ERR"):
    return {"Code": code, "Message": message, "RequestId": request_id}


class FakeTransport(BaseAdapter):
    """Answers from a script: ``(status, body)`` pairs or exceptions to raise."""

    def __init__(self, *replies):
        super().__init__()
        self.replies = list(replies)
        self.sent: list[tuple[requests.PreparedRequest, dict]] = []
        self.closed = False

    def send(self, request, **kwargs):
        self.sent.append((request, kwargs))
        reply = self.replies.pop(0)
        if isinstance(reply, Exception):
            raise reply
        status, payload = reply
        response = requests.Response()
        response.status_code = status
        if isinstance(payload, bytes):
            response._content = payload
        else:
            response._content = json.dumps(payload).encode()
        response.encoding = "utf-8"
        response.request = request
        response.url = request.url
        return response

    def close(self):
        self.closed = True

    @property
    def requests(self):
        return [request for request, _ in self.sent]


def query_of(request) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(request.url).query, keep_blank_values=True))


@pytest.fixture
def sleeps():
    return []


@pytest.fixture
def make_client(sleeps):
    def make(*replies, credentials=CREDENTIALS, **options):
        ticks = itertools.count()
        nonces = itertools.count(1)
        options.setdefault("clock", lambda: START + timedelta(seconds=next(ticks)))
        options.setdefault("nonce", lambda: f"nonce-{next(nonces)}")
        options.setdefault("sleep", sleeps.append)
        client = DysmsClient(credentials, **options)
        transport = FakeTransport(*replies)
        client.session.mount("https://", transport)
        client.session.mount("http://", transport)
        return client, transport

    return make


# --- requests as sent --------------------------------------------------------


def test_v3_request_matches_the_published_query_details_vector(make_client):
    client, transport = make_client(
        (200, OK_BODY),
        credentials=VECTOR_CREDENTIALS,
        clock=lambda: datetime(2017, 7, 12, 2, 42, 19, tzinfo=UTC),
        nonce=lambda: "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        today=lambda: date(2017, 7, 12),
    )
    client.query_send_details("15300000001", "20170712", 1, 10, "134523^4351232")
    (request,) = transport.requests
    assert request.method == "POST"
    assert request.url == (
        "https://dysmsapi.aliyuncs.com/?BizId=134523%5E4351232&CurrentPage=1&PageSize=10"
        "&PhoneNumber=15300000001&SendDate=20170712"
    )
    assert not request.body
    assert request.headers["host"] == "dysmsapi.aliyuncs.com"
    assert request.headers["x-acs-action"] == "QuerySendDetails"
    assert request.headers["x-acs-version"] == "2017-05-25"
    assert request.headers["x-acs-date"] == "2017-07-12T02:42:19Z"
    assert request.headers["x-acs-content-sha256"] == signing.EMPTY_PAYLOAD_SHA256
    assert request.headers["Authorization"] == (
        "ACS3-HMAC-SHA256 Credential=testId,SignedHeaders=host;x-acs-action;"
        "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        "Signature=b7e48434e10de36510d91f221c0736bce63210a51c40e3ed7dd570eb4427cf3c"
    )
    assert "x-acs-security-token" not in request.headers


def test_v1_request_matches_the_published_query_details_vector(make_client):
    client, transport = make_client(
        (200, OK_BODY),
        signature_version="v1",
        credentials=VECTOR_CREDENTIALS,
        clock=lambda: datetime(2017, 7, 12, 2, 42, 19, tzinfo=UTC),
        nonce=lambda: "45e25e9b-0a6f-4070-8c85-2956eda1b466",
        today=lambda: date(2017, 7, 12),
    )
    client.query_send_details("15300000001", date(2017, 7, 12), 1, 10, "134523^4351232")
    (request,) = transport.requests
    assert request.method == "GET"
    assert "Signature=TAZAL9Up3bLi7H1VH7LuC08XBbU%3D" in request.url
    query = query_of(request)
    assert query["Signature"] == "TAZAL9Up3bLi7H1VH7LuC08XBbU="
    assert query["RegionId"] == "cn-hangzhou"
    assert query["Format"] == "JSON"
    assert "Authorization" not in request.headers


def test_host_header_keeps_the_endpoint_port(make_client):
    client, transport = make_client((200, OK_BODY), endpoint="http://127.0.0.1:8001/")
    client.call("QuerySendDetails", {"PhoneNumber": "1"})
    (request,) = transport.requests
    assert request.url.startswith("http://127.0.0.1:8001/?")
    assert request.headers["host"] == "127.0.0.1:8001"
    signed = signing.sign_v3(
        method="POST",
        path="/",
        query={"PhoneNumber": "1"},
        headers={k: v for k, v in request.headers.items() if signing.is_signed_header(k)},
        access_key_id="testId",
        secret=SECRET,
    )
    assert signed["Authorization"] == request.headers["Authorization"]


@pytest.mark.parametrize("signature_version", ["v1", "v3"])
def test_timeouts_are_passed_on_every_request(make_client, signature_version):
    client, transport = make_client(
        (503, b"busy"),
        (200, OK_BODY),
        connect_timeout=1.5,
        read_timeout=7.0,
        signature_version=signature_version,
    )
    client.call("QuerySendDetails", {})
    assert [kwargs["timeout"] for _, kwargs in transport.sent] == [(1.5, 7.0), (1.5, 7.0)]


def test_default_timeouts(make_client):
    client, transport = make_client((200, OK_BODY))
    client.call("QuerySendDetails", {})
    assert transport.sent[0][1]["timeout"] == (3.0, 10.0)


def test_sts_token_is_sent_and_signed_in_v3(make_client):
    client, transport = make_client((200, OK_BODY), credentials=STS_CREDENTIALS)
    client.call("QuerySendDetails", {})
    (request,) = transport.requests
    assert request.headers["x-acs-security-token"] == TOKEN
    assert request.headers["x-acs-accesskey-id"] == "STS.keyid"
    signed_headers = request.headers["Authorization"].split("SignedHeaders=")[1].split(",")[0]
    assert "x-acs-security-token" in signed_headers.split(";")
    assert "x-acs-accesskey-id" in signed_headers.split(";")


def test_sts_token_is_sent_and_signed_in_v1(make_client):
    client, transport = make_client(
        (200, OK_BODY), credentials=STS_CREDENTIALS, signature_version="v1"
    )
    client.call("QuerySendDetails", {"PhoneNumber": "13800138000"})
    query = query_of(transport.requests[0])
    assert query["SecurityToken"] == TOKEN
    unsigned = {k: v for k, v in query.items() if k != "Signature"}
    assert signing.sign_v1("GET", unsigned, SECRET)["Signature"] == query["Signature"]


def test_none_valued_parameters_are_left_out(make_client):
    client, transport = make_client((200, OK_BODY))
    assert client.call("QuerySendDetails", {"PhoneNumber": "1", "BizId": None}) == OK_BODY
    assert query_of(transport.requests[0]) == {"PhoneNumber": "1"}


def test_v1_refuses_api_parameters_that_shadow_common_ones(make_client):
    client, transport = make_client(signature_version="v1")
    with pytest.raises(ValueError):
        client.call("QuerySendDetails", {"Timestamp": "x"})
    assert transport.sent == []


# --- answers -----------------------------------------------------------------


def test_query_send_details_returns_typed_page(make_client):
    client, _ = make_client((200, OK_BODY))
    page = client.query_send_details("13800138000", "2025-06-30")
    assert page.total_count == 1
    assert page.request_id == "REQ-OK"
    assert page.records[0].status is SendStatus.DELIVERED


@pytest.mark.parametrize(
    "body",
    [
        {
            "Code": "OK",
            "RequestId": "R",
            "TotalCount": "1",
            "SmsSendDetailDTOs": {
                "SmsSendDetailDTO": {"PhoneNum": "13800138000", "SendStatus": "1"}
            },
        },
        {"Code": "OK", "RequestId": "R", "TotalCount": 3, "SmsSendDetailDTOs": {}},
        {"Code": "OK", "RequestId": "R", "SmsSendDetailDTOs": {"SmsSendDetailDTO": []}},
        {"Code": "OK", "RequestId": "R"},
    ],
    ids=["single-object", "empty-wrapper-non-zero-total", "empty-list", "bare"],
)
def test_every_answer_shape_parses(make_client, body):
    client, _ = make_client((200, body))
    page = client.query_send_details("13800138000", date(2025, 6, 30))
    assert page.request_id == "R"
    assert len(page.records) <= 1


@pytest.mark.parametrize(
    ("status", "code", "expected"),
    [
        (400, "SignatureDoesNotMatch", AuthError),
        (404, "InvalidAccessKeyId.NotFound", AuthError),
        (400, "InvalidTimeStamp.Expired", AuthError),
        (403, "Forbidden.RAM", AuthError),
        (200, "isp.RAM_PERMISSION_DENY", AuthError),
        (200, "isv.OUT_OF_SERVICE", AuthError),
        (400, "MissingPhoneNumber", InvalidParametersError),
        (200, "isv.INVALID_PARAMETERS", InvalidParametersError),
        (200, "isv.MOBILE_NUMBER_ILLEGAL", InvalidParametersError),
        (400, "Throttling.User", ThrottledError),
        (200, "isv.BUSINESS_LIMIT_CONTROL", ThrottledError),
        (429, "SomethingNew", ThrottledError),
        (500, "InternalError", ServiceUnavailableError),
        (503, "ServiceUnavailable", ServiceUnavailableError),
        (200, "isp.SYSTEM_ERROR", ServiceUnavailableError),
    ],
)
def test_service_errors_map_to_typed_errors(make_client, status, code, expected):
    replies = [(status, error_body(code))] * 3
    client, _ = make_client(*replies)
    with pytest.raises(expected) as caught:
        client.call("QuerySendDetails", {})
    error = caught.value
    assert type(error) is expected
    assert (error.code, error.message) == (code, "upstream says no")
    assert (error.request_id, error.http_status) == ("REQ-ERR", status)


def test_http_200_business_error_is_raised_not_returned(make_client):
    client, transport = make_client((200, error_body("isv.INVALID_PARAMETERS")))
    with pytest.raises(InvalidParametersError):
        client.query_send_details("13800138000", date(2025, 6, 30))
    assert len(transport.sent) == 1


def test_ok_code_with_error_status_is_not_success(make_client):
    client, _ = make_client((400, error_body("OK")))
    with pytest.raises(DysmsError):
        client.call("QuerySendDetails", {})


@pytest.mark.parametrize(
    ("status", "payload"),
    [
        (502, b"<html><body><h1>502 Bad Gateway</h1></body></html>"),
        (200, b"<html>maintenance</html>"),
        (200, b""),
        (200, b"[1, 2]"),
        (200, b'"OK"'),
        (200, b'{"RequestId": "R", "Message": "no code"}'),
        (200, b'{"Code": 7, "RequestId": "R"}'),
        (504, b'{"Code": null}'),
    ],
    ids=["html-502", "html-200", "empty", "list", "string", "no-code", "numeric-code", "null"],
)
def test_answers_that_are_not_the_service_json_are_unavailable(make_client, status, payload):
    client, _ = make_client(*[(status, payload)] * 3)
    with pytest.raises(ServiceUnavailableError) as caught:
        client.call("QuerySendDetails", {})
    error = caught.value
    assert error.http_status == status
    assert error.code == ""
    assert (
        str(error)
        == f"dysmsapi.aliyuncs.com answered HTTP {status} without the service's JSON body."
    )
    assert "html" not in str(error).lower()


@pytest.mark.parametrize(
    ("exception", "words"),
    [
        (requests.ConnectTimeout("connect timed out"), "No answer"),
        (requests.ReadTimeout("read timed out"), "No answer"),
        (requests.ConnectionError("refused"), "Could not connect"),
    ],
)
def test_timeouts_and_connection_errors_are_unavailable(make_client, exception, words):
    client, transport = make_client(exception, exception, exception)
    with pytest.raises(ServiceUnavailableError) as caught:
        client.call("QuerySendDetails", {})
    assert str(caught.value).startswith(words)
    assert caught.value.http_status is None
    assert caught.value.__cause__ is None and caught.value.__suppress_context__
    assert len(transport.sent) == 3


def test_other_request_failures_are_unavailable_and_not_retried(make_client):
    client, transport = make_client(requests.TooManyRedirects("loop"))
    with pytest.raises(ServiceUnavailableError) as caught:
        client.call("QuerySendDetails", {})
    assert not caught.value.retryable
    assert len(transport.sent) == 1


# --- retries -----------------------------------------------------------------


def test_retries_5xx_then_succeeds_with_fresh_signature_each_try(make_client, sleeps):
    client, transport = make_client(
        (503, error_body("ServiceUnavailable")),
        (500, b"oops"),
        (200, OK_BODY),
    )
    assert client.call("QuerySendDetails", {"PhoneNumber": "1"}) == OK_BODY
    sent = transport.requests
    assert len(sent) == 3
    assert [r.headers["x-acs-signature-nonce"] for r in sent] == ["nonce-1", "nonce-2", "nonce-3"]
    assert len({r.headers["x-acs-date"] for r in sent}) == 3
    assert len({r.headers["Authorization"] for r in sent}) == 3
    assert len(sleeps) == 2


def test_v1_retries_are_signed_afresh(make_client):
    client, transport = make_client(
        (503, b""), (200, OK_BODY), signature_version="v1", clock=lambda: START
    )
    client.call("QuerySendDetails", {})
    first, second = (query_of(r) for r in transport.requests)
    assert first["SignatureNonce"] != second["SignatureNonce"]
    assert first["Signature"] != second["Signature"]


def test_gives_up_after_max_retries(make_client, sleeps):
    client, transport = make_client(*[(503, b"")] * 5, max_retries=3)
    with pytest.raises(ServiceUnavailableError):
        client.call("QuerySendDetails", {})
    assert len(transport.sent) == 4
    assert len(sleeps) == 3


def test_no_retries_when_max_retries_is_zero(make_client, sleeps):
    client, transport = make_client((503, b""), max_retries=0)
    with pytest.raises(ServiceUnavailableError):
        client.call("QuerySendDetails", {})
    assert len(transport.sent) == 1
    assert sleeps == []


@pytest.mark.parametrize(
    "reply",
    [
        (400, error_body("Throttling.User")),
        (200, error_body("isv.BUSINESS_LIMIT_CONTROL")),
        requests.ReadTimeout("slow"),
        requests.ConnectionError("reset"),
    ],
    ids=["throttling", "business-limit", "timeout", "connection"],
)
def test_throttling_and_network_failures_are_retried(make_client, reply, sleeps):
    client, transport = make_client(reply, (200, OK_BODY))
    assert client.call("QuerySendDetails", {})["Code"] == "OK"
    assert len(transport.sent) == 2
    assert len(sleeps) == 1


@pytest.mark.parametrize(
    "code",
    ["SignatureDoesNotMatch", "InvalidAccessKeyId.NotFound", "isv.INVALID_PARAMETERS", "Forbidden"],
)
def test_auth_and_parameter_errors_are_not_retried(make_client, code, sleeps):
    client, transport = make_client((400, error_body(code)), (200, OK_BODY))
    with pytest.raises((AuthError, InvalidParametersError)):
        client.call("QuerySendDetails", {})
    assert len(transport.sent) == 1
    assert sleeps == []


def test_backoff_grows_exponentially_with_jitter(make_client, sleeps):
    client, _ = make_client(*[(503, b"")] * 4, max_retries=3, backoff=0.2)
    with pytest.raises(ServiceUnavailableError):
        client.call("QuerySendDetails", {})
    for attempt, delay in enumerate(sleeps):
        ceiling = 0.2 * 2**attempt
        assert ceiling / 2 <= delay <= ceiling


def test_backoff_jitter_varies(make_client):
    client, _ = make_client()
    assert len({client._backoff_delay(1) for _ in range(20)}) > 1


def test_each_retry_is_logged_as_warning_without_secrets(make_client, caplog):
    client, _ = make_client(
        (503, error_body("ServiceUnavailable", request_id="REQ-503")),
        requests.ReadTimeout(f"url?Signature=abc&SecurityToken={TOKEN}"),
        (200, OK_BODY),
        credentials=STS_CREDENTIALS,
    )
    with caplog.at_level(logging.DEBUG, logger="dysms"):
        client.call("QuerySendDetails", {})
    warnings = [r for r in caplog.records if r.name == "dysms"]
    assert [r.levelno for r in warnings] == [logging.WARNING, logging.WARNING]
    first, second = (r.getMessage() for r in warnings)
    assert "QuerySendDetails" in first
    assert "attempt 1 of 3" in first
    assert "ServiceUnavailable" in first and "REQ-503" in first
    assert "attempt 2 of 3" in second
    assert SECRET not in caplog.text and TOKEN not in caplog.text
    assert "Signature" not in caplog.text


# --- nothing invalid leaves the process --------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        {"phone": "+8613800138000", "send_date": "20250630"},
        {"phone": "13800138000,13900139000", "send_date": "20250630"},
        {"phone": "13800138000", "send_date": "20250531"},
        {"phone": "13800138000", "send_date": "20250701"},
        {"phone": "13800138000", "send_date": "2025/06/30"},
        {"phone": "13800138000", "send_date": "20250630", "page": 0},
        {"phone": "13800138000", "send_date": "20250630", "page_size": 51},
        {"phone": "13800138000", "send_date": "20250630", "biz_id": "a b"},
    ],
)
def test_invalid_parameters_never_reach_the_transport(make_client, args):
    client, transport = make_client((200, OK_BODY))
    with pytest.raises(InvalidQuery):
        client.query_send_details(**args)
    assert transport.sent == []


def test_today_follows_the_clock_in_china_time(make_client):
    # 2025-06-30 16:30 UTC is already 2025-07-01 00:30 in China.
    late = datetime(2025, 6, 30, 16, 30, tzinfo=UTC)
    client, transport = make_client((200, OK_BODY), clock=lambda: late)
    client.query_send_details("13800138000", "20250701")
    assert query_of(transport.requests[0])["SendDate"] == "20250701"
    early = datetime(2025, 6, 30, 15, 30, tzinfo=UTC)
    client, transport = make_client(clock=lambda: early)
    with pytest.raises(InvalidQuery):
        client.query_send_details("13800138000", "20250701")


# --- secrets -----------------------------------------------------------------


def test_secret_absent_from_reprs():
    client = DysmsClient(STS_CREDENTIALS)
    for text in (repr(client), repr(STS_CREDENTIALS), str(STS_CREDENTIALS)):
        assert SECRET not in text
        assert TOKEN not in text
    assert "STS.keyid" in repr(client)


def test_secret_absent_from_exception_text(make_client):
    # The gateway echoes its string to sign; for V1 that holds the STS token, encoded twice.
    encoded_twice = signing.percent_encode(signing.percent_encode(TOKEN))
    message = f"server string to sign is:GET&%2F&SecurityToken%3D{encoded_twice}&key={SECRET}"
    client, _ = make_client(
        (400, error_body("SignatureDoesNotMatch", message=message)),
        credentials=STS_CREDENTIALS,
        signature_version="v1",
    )
    with pytest.raises(AuthError) as caught:
        client.call("QuerySendDetails", {})
    text = f"{caught.value} {caught.value!r} {caught.value.message}"
    assert SECRET not in text
    assert encoded_twice not in text
    assert "[redacted]" in text


@pytest.mark.parametrize(
    "reply",
    [
        requests.ConnectTimeout(f"https://x/?Signature=zzz&SecurityToken={TOKEN}"),
        requests.ConnectionError(f"https://x/?Signature=zzz&SecurityToken={TOKEN}"),
        (502, f"<html>{SECRET}</html>".encode()),
    ],
)
def test_local_failures_never_echo_urls_or_bodies(make_client, reply):
    client, _ = make_client(reply, max_retries=0, credentials=STS_CREDENTIALS)
    with pytest.raises(ServiceUnavailableError) as caught:
        client.call("QuerySendDetails", {})
    text = f"{caught.value} {caught.value!r}"
    assert TOKEN not in text and SECRET not in text and "Signature" not in text


# --- session and lifecycle ---------------------------------------------------


def test_one_session_is_reused_across_calls(make_client):
    client, transport = make_client((200, OK_BODY), (200, OK_BODY), (200, OK_BODY))
    session = client.session
    assert isinstance(session, requests.Session)
    for _ in range(3):
        client.query_send_details("13800138000", "20250630")
    assert client.session is session
    assert len(transport.sent) == 3


def test_close_closes_the_session(make_client):
    client, transport = make_client()
    with client:
        pass
    assert transport.closed


def test_the_connection_pool_keeps_as_many_connections_as_asked():
    client = DysmsClient(CREDENTIALS, pool_size=120)
    adapter = client.session.get_adapter(DEFAULT_ENDPOINT + "/")
    assert adapter.poolmanager.connection_pool_kw["maxsize"] == 120


PROXY_VARIABLES = ("HTTPS_PROXY", "https_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy")


def test_default_endpoint():
    client = DysmsClient(CREDENTIALS)
    assert client.endpoint == DEFAULT_ENDPOINT
    assert client.host == "dysmsapi.aliyuncs.com"


@pytest.mark.parametrize(
    "endpoint", ["sandbox", "ftp://host", "https://host/path", "https://u:p@host", "https://h/?q=1"]
)
def test_rejects_endpoints_that_are_not_a_base_url(endpoint):
    with pytest.raises(ValueError):
        DysmsClient(CREDENTIALS, endpoint=endpoint)


@pytest.mark.parametrize(
    "options",
    [{"signature_version": "v2"}, {"max_retries": -1}],
)
def test_rejects_bad_options(options):
    with pytest.raises(ValueError):
        DysmsClient(CREDENTIALS, **options)


def test_rejects_credentials_without_secret():
    with pytest.raises(ValueError):
        DysmsClient(Credentials("id", ""))


# --- QuerySendStatistics -----------------------------------------------------


def statistics_answer(total_size, *days, request_id="REQ-S"):
    rows = [
        {
            "SendDate": day,
            "TotalCount": 3,
            "RespondedSuccessCount": 2,
            "RespondedFailCount": 1,
            "NoRespondedCount": 0,
        }
        for day in days
    ]
    data = {"TotalSize": total_size, "TargetList": rows}
    return 200, {"Code": "OK", "RequestId": request_id, "Data": data}


class CountingLimiter:
    def __init__(self):
        self.acquired = 0

    def acquire(self):
        self.acquired += 1
        return 0.0


def test_query_send_statistics_sends_parameters_and_parses(make_client):
    client, transport = make_client(statistics_answer(1, "20250601"))
    page = client.query_send_statistics(
        is_globe=1, start_date="20250601", end_date=date(2025, 6, 30), template_type=1
    )
    assert page.total_size == 1
    assert page.rows[0].send_date == date(2025, 6, 1)
    assert page.rows[0].responded_success_count == 2
    (request,) = transport.requests
    assert request.headers["x-acs-action"] == "QuerySendStatistics"
    assert query_of(request) == {
        "IsGlobe": "1",
        "StartDate": "20250601",
        "EndDate": "20250630",
        "PageIndex": "1",
        "PageSize": "50",
        "TemplateType": "1",
    }


@pytest.mark.parametrize(
    "args",
    [
        {"is_globe": 3},
        {"start_date": "20250701"},
        {"page_size": 51},
        {"template_type": 5},
    ],
)
def test_invalid_statistics_queries_never_reach_the_transport(make_client, args):
    client, transport = make_client(statistics_answer(0))
    query = {"is_globe": 1, "start_date": "20250601", "end_date": "20250630", **args}
    with pytest.raises(InvalidQuery):
        client.query_send_statistics(**query)
    with pytest.raises(InvalidQuery):
        client.query_all_send_statistics(**query)
    assert transport.sent == []


def test_query_all_send_statistics_walks_every_page(make_client):
    client, transport = make_client(
        statistics_answer(5, "20250601", "20250602", request_id="FIRST"),
        statistics_answer(5, "20250603", "20250604"),
        statistics_answer(5, "20250605"),
    )
    page = client.query_all_send_statistics(
        is_globe=2, start_date="20250601", end_date="20250605", page_size=2
    )
    assert [query_of(r)["PageIndex"] for r in transport.requests] == ["1", "2", "3"]
    assert {query_of(r)["PageSize"] for r in transport.requests} == {"2"}
    assert [row.send_date.day for row in page.rows] == [1, 2, 3, 4, 5]
    assert (page.total_size, page.request_id) == (5, "FIRST")


def test_query_all_send_statistics_single_page_costs_one_call(make_client):
    client, transport = make_client(statistics_answer(1, "20250601"))
    page = client.query_all_send_statistics(is_globe=1, start_date="20250601", end_date="20250601")
    assert len(page.rows) == 1
    assert len(transport.sent) == 1


def test_query_all_send_statistics_stops_at_an_empty_page(make_client):
    client, transport = make_client(
        statistics_answer(6, "20250601", "20250602"),
        statistics_answer(6),
    )
    page = client.query_all_send_statistics(
        is_globe=1, start_date="20250601", end_date="20250606", page_size=2
    )
    assert len(transport.sent) == 2
    assert len(page.rows) == 2


def test_query_all_send_statistics_caps_absurd_totals(make_client, monkeypatch, caplog):
    from dysms import client as client_module

    monkeypatch.setattr(client_module, "MAX_STATISTICS_PAGES", 3)
    client, transport = make_client(*[statistics_answer(10**9, "20250601")] * 3)
    with caplog.at_level(logging.WARNING, logger="dysms"):
        page = client.query_all_send_statistics(
            is_globe=1, start_date="20250601", end_date="20250601"
        )
    assert len(transport.sent) == 3
    assert len(page.rows) == 3
    assert "first 3 pages" in caplog.text


def test_statistics_calls_go_through_the_rate_limiter(make_client):
    client, transport = make_client((503, b""), statistics_answer(0), (200, OK_BODY))
    limiter = CountingLimiter()
    client.rate_limits["QuerySendStatistics"] = limiter
    client.query_send_statistics(is_globe=1, start_date="20250601", end_date="20250601")
    assert limiter.acquired == 2  # every attempt, retries included
    client.query_send_details("13800138000", "20250630")
    assert limiter.acquired == 2


def test_default_statistics_limit_is_twenty_per_second_using_the_client_sleep(make_client, sleeps):
    client, _ = make_client()
    limiter = client.rate_limits["QuerySendStatistics"]
    assert (limiter.calls, limiter.period) == (20, 1.0)
    assert limiter._sleep == sleeps.append


def test_a_whole_range_search_of_details_calls_never_waits_for_the_limiter(make_client, sleeps):
    client, _ = make_client()
    limiter = client.rate_limits["QuerySendDetails"]
    assert (limiter.calls, limiter.period) == (1000, 1.0)  # a fifth of the account's 5000
    assert limiter._sleep == sleeps.append
    for _ in range(30 * 20):  # 30 days of 20 pages, the most one search asks for
        assert limiter.acquire() == 0.0


# --- cross-checks: the official SDK's signer, and a real socket on loopback --


@pytest.mark.parametrize("credentials", [CREDENTIALS, STS_CREDENTIALS], ids=["ak", "sts"])
def test_v3_authorization_agrees_with_the_official_sdk_signer(make_client, credentials):
    from types import SimpleNamespace

    from alibabacloud_tea_openapi.utils import Utils

    client, transport = make_client((200, OK_BODY), credentials=credentials)
    client.query_send_details("13800138000", "20250630", 2, 20, "134523^4351232")
    (request,) = transport.requests
    signed = {k.lower(): v for k, v in request.headers.items() if signing.is_signed_header(k)}
    sdk_request = SimpleNamespace(
        method="POST", pathname="/", query=query_of(request), headers=signed
    )
    expected = Utils.get_authorization(
        sdk_request,
        "ACS3-HMAC-SHA256",
        signing.EMPTY_PAYLOAD_SHA256,
        credentials.access_key_id,
        SECRET,
    )
    assert request.headers["Authorization"] == expected


def test_v1_signature_agrees_with_the_official_sdk_signer(make_client):
    from alibabacloud_tea_openapi.utils import Utils

    client, transport = make_client((200, OK_BODY), signature_version="v1")
    client.query_send_details("13800138000", "20250630", 1, 50, "134523^4351232")
    query = query_of(transport.requests[0])
    signature = query.pop("Signature")
    assert Utils.get_rpcsignature(query, "GET", SECRET) == signature


@pytest.fixture
def loopback_server():
    import http.server
    import threading

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (the stdlib's naming)
            headers = {name.lower(): value for name, value in self.headers.items()}
            seen.append((self.command, self.path, headers))
            payload = json.dumps(OK_BODY).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", seen
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("signature_version", ["v3", "v1"])
def test_request_on_the_wire_verifies_against_what_was_signed(loopback_server, signature_version):
    endpoint, seen = loopback_server
    client = DysmsClient(
        CREDENTIALS, endpoint=endpoint, signature_version=signature_version, max_retries=0
    )
    with client:
        today = datetime.now(CHINA_TZ).date()
        page = client.query_send_details("13800138000", today, 1, 10, "134523^4351232")
    assert page.request_id == "REQ-OK"
    ((method, path, headers),) = seen
    split = urlsplit(path)
    assert split.path == "/"
    assert "BizId=134523%5E4351232" in split.query
    query = dict(parse_qsl(split.query, keep_blank_values=True))
    if signature_version == "v1":
        assert method == "GET"
        signature = query.pop("Signature")
        assert signing.sign_v1("GET", query, SECRET)["Signature"] == signature
        return
    assert method == "POST"
    assert headers["host"] == endpoint.removeprefix("http://")
    authorization = headers["authorization"]
    names = authorization.split("SignedHeaders=")[1].split(",")[0].split(";")
    canonical, _ = signing.v3_canonical_request(
        method="POST",
        path=split.path,
        query=query,
        headers=headers,
        payload_sha256=headers["x-acs-content-sha256"],
        signed_header_names=names,
    )
    expected = signing.v3_signature(signing.v3_string_to_sign(canonical), SECRET)
    assert authorization.endswith(f"Signature={expected}")


def test_retry_log_cannot_be_forged_by_upstream_text(make_client, caplog):
    forged = error_body("Throttling\nCRITICAL fake entry", request_id="R\nfake")
    client, _ = make_client((400, forged), (200, OK_BODY))
    with caplog.at_level(logging.WARNING, logger="dysms"):
        client.call("QuerySendDetails", {})
    (record,) = caplog.records
    assert "\n" not in record.getMessage()
