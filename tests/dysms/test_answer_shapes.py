"""Answers in the shapes the service sends: TotalCount as a number or a string, XML by mistake."""

from __future__ import annotations

import json

import pytest
import requests
from requests.adapters import BaseAdapter
from support.signed_requests import Clock, query, v3_request

from dysms import DysmsClient, ServiceUnavailableError, XmlAnswerError
from dysms.transport import XML_ANSWER
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter

DAY = "20250614"  # the day before the sandbox Clock's (support.signed_requests)


class Replies(BaseAdapter):
    """Answers every request with one body and Content-Type; counts the requests."""

    def __init__(self, body: bytes, content_type: str, status: int = 200):
        super().__init__()
        self.body, self.content_type, self.status = body, content_type, status
        self.calls = 0

    def send(self, request, **kwargs):
        self.calls += 1
        response = requests.Response()
        response.status_code = self.status
        response._content = self.body
        response.headers["Content-Type"] = self.content_type
        response.request, response.url = request, request.url
        return response

    def close(self):
        """Nothing to release."""


def client_on(adapter, **options):
    client = DysmsClient(
        DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, sleep=lambda seconds: None, **options
    )
    client.session.mount(SANDBOX_ENDPOINT, adapter)
    return client


def details_body(total) -> bytes:
    body = {
        "RequestId": "REQ",
        "Code": "OK",
        "Message": "OK",
        "TotalCount": total,
        "SmsSendDetailDTOs": {"SmsSendDetailDTO": []},
    }
    return json.dumps(body).encode()


@pytest.mark.parametrize("total", [3, "3"], ids=["number", "string"])
def test_the_client_reads_total_count_as_a_number_or_a_string(total, today):
    page = client_on(Replies(details_body(total), "application/json")).query_send_details(
        "13800000999", today
    )
    assert page.total_count == 3


def test_the_sandbox_sends_total_count_as_a_number_and_the_client_reads_it():
    sandbox = Sandbox(clock=Clock())
    raw = requests.Session()
    raw.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
    client = client_on(SandboxAdapter(sandbox), clock=sandbox.clock)
    assert client.query_send_details("13800000999", DAY).total_count == 420
    method, url, headers, body = v3_request(query(phone="13800000999", day=DAY))
    assert raw.request(method, url, headers=headers, data=body).json()["TotalCount"] == 420


XML = (
    b"<?xml version='1.0' encoding='UTF-8'?><QuerySendDetailsResponse><Code>OK</Code>"
    b"<TotalCount>0</TotalCount></QuerySendDetailsResponse>"
)


@pytest.mark.parametrize(
    "body, content_type",
    [(XML, "text/xml;charset=utf-8"), (XML, "application/octet-stream"), (XML[38:], "text/xml")],
    ids=["xml-typed", "declaration-only", "type-only"],
)
def test_an_xml_answer_is_a_clear_failure_and_is_not_retried(body, content_type, today):
    replies = Replies(body, content_type)
    with pytest.raises(XmlAnswerError) as caught:
        client_on(replies, max_retries=2).query_send_details("13800000999", today)
    assert replies.calls == 1
    assert caught.value.message == XML_ANSWER.format(host="dysms-sandbox.invalid", status=200)
    assert "XML" in str(caught.value) and caught.value.http_status == 200
    assert isinstance(caught.value, ServiceUnavailableError) and not caught.value.retryable


def test_an_html_error_page_is_still_an_outage_that_is_retried(today):
    replies = Replies(b"<html><body>502 Bad Gateway</body></html>", "text/html", status=502)
    with pytest.raises(ServiceUnavailableError) as caught:
        client_on(replies, max_retries=2).query_send_details("13800000999", today)
    assert not isinstance(caught.value, XmlAnswerError)
    assert replies.calls == 3
