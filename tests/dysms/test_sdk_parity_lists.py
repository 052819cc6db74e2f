"""The official SDK against the standalone sandbox: the template and signature lists, flow
control, the reserved keys and the JSON 5xx; and our client reads what the SDK reads.

Every server here runs on the test's pinned clock (time-machine pins the whole process,
the server's thread included), as the SDK's signatures do: within a test flow control sees
one instant.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
from alibabacloud_dysmsapi20170525 import models as sms_models
from alibabacloud_tea_openapi.exceptions import ClientException, ServerException
from support.sandbox import serving
from support.sdk import sdk_client

from dysms import DysmsClient
from dysms.templates import AUDIT_STATES, TEMPLATE_STATUSES
from dysms.values import CHINA_TZ, Credentials
from dysms_sandbox import DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, Sandbox, reserved
from dysms_sandbox.accounts import (
    INACTIVE_ACCESS_KEY_ID,
    INACTIVE_ACCESS_KEY_SECRET,
    NO_PERMISSION_ACCESS_KEY_ID,
    NO_PERMISSION_ACCESS_KEY_SECRET,
)

ALGORITHMS = pytest.mark.parametrize("algorithm", [None, "v2"], ids=["default-v3", "v2-hmac-sha1"])
AUDIT_CODES = {status: code for code, status in AUDIT_STATES.items() if code != "AUDIT_SATE_CANCEL"}
STATUS_CODES = {status: code for code, status in TEMPLATE_STATUSES.items()}


@pytest.fixture
def endpoint():
    """A fresh standalone sandbox per test: flow control starts empty."""
    with serving(Sandbox()) as host_port:
        yield host_port


def ours(endpoint, version="v3"):
    credentials = Credentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)
    return DysmsClient(credentials, endpoint=f"http://{endpoint}", signature_version=version)


def timestamp(moment: datetime | None) -> str | None:
    return None if moment is None else f"{moment:%Y-%m-%d %H:%M:%S}"


# --- the lists: what the SDK reads, our client reads ------------------------------------


@ALGORITHMS
def test_query_sms_template_list_parity(endpoint, algorithm):
    request = sms_models.QuerySmsTemplateListRequest(page_index=2, page_size=4)
    body = sdk_client(endpoint, algorithm).query_sms_template_list(request).body
    page = ours(endpoint).query_sms_template_list(page_index=2, page_size=4)
    assert body.code == "OK" and body.request_id
    assert (body.total_count, body.current_page, body.page_size) == (9, 2, 4)
    assert (page.total_count, page.page_index, page.page_size) == (9, 2, 4)
    assert [
        (
            t.template_code,
            t.template_name,
            t.template_content,
            t.outer_template_type,
            t.audit_status,
            t.create_date,
            t.signature_name,
            t.order_id,
            t.reason.reject_info if t.audit_status == "AUDIT_STATE_NOT_PASS" else "",
        )
        for t in body.sms_template_list
    ] == [
        (
            t.code,
            t.name,
            t.content,
            int(t.kind),
            AUDIT_CODES[t.audit_status],
            timestamp(t.created_at),
            t.sign_name,
            t.order_id,
            t.reason,
        )
        for t in page.items
    ]


@ALGORITHMS
def test_query_sms_sign_list_parity(endpoint, algorithm):
    request = sms_models.QuerySmsSignListRequest(page_index=1, page_size=50)
    body = sdk_client(endpoint, algorithm).query_sms_sign_list(request).body
    page = ours(endpoint, "v1").query_sms_sign_list(page_index=1, page_size=50)
    assert body.code == "OK"
    assert (body.total_count, body.current_page, body.page_size) == (7, 1, 50)
    assert [
        (s.sign_name, s.audit_status, s.business_type, s.create_date, s.order_id)
        for s in body.sms_sign_list
    ] == [
        (s.name, AUDIT_CODES[s.audit_status], s.business_type, timestamp(s.created_at), s.order_id)
        for s in page.items
    ]


@ALGORITHMS
def test_get_sms_template_parity(endpoint, algorithm):
    for code in ("SMS_285016239", "SMS_301245873", "SMS_302778190"):
        request = sms_models.GetSmsTemplateRequest(template_code=code)
        body = sdk_client(endpoint, algorithm).get_sms_template(request).body
        detail = ours(endpoint).get_sms_template(code)
        template = detail.template
        assert body.code == "OK"
        assert body.template_status == STATUS_CODES[template.audit_status]
        assert (
            body.template_code,
            body.template_name,
            body.template_content,
            body.template_type,
            body.related_sign_name,
            body.remark,
            body.create_date,
            body.audit_info.reject_info if body.template_status == "2" else "",
        ) == (
            template.code,
            template.name,
            template.content,
            str(int(template.kind)),
            template.sign_name,
            detail.remark,
            timestamp(template.created_at),
            template.reason,
        )
    unknown = sms_models.GetSmsTemplateRequest(template_code="SMS_000000000")
    assert sdk_client(endpoint, algorithm).get_sms_template(unknown).body.code == (
        "isv.SMS_TEMPLATE_ILLEGAL"
    )


def test_the_sdk_reads_total_count_as_the_number_it_is(endpoint):
    day = datetime.now(CHINA_TZ).date() - timedelta(days=1)
    request = sms_models.QuerySendDetailsRequest(
        phone_number=reserved.ONE_PAGE, send_date=f"{day:%Y%m%d}", page_size=10, current_page=1
    )
    assert sdk_client(endpoint).query_send_details(request).body.total_count == 20
    assert ours(endpoint).query_send_details(reserved.ONE_PAGE, day, page_size=10).total_count == 20


# --- flow control, the reserved keys and the JSON 5xx, as the SDK sees them ------------------


def test_forty_concurrent_sdk_statistics_calls_are_twenty_answers_and_twenty_refusals(endpoint):
    day = datetime.now(CHINA_TZ).date() - timedelta(days=1)
    request = sms_models.QuerySendStatisticsRequest(
        is_globe=1,
        start_date=f"{day:%Y%m%d}",
        end_date=f"{day:%Y%m%d}",
        page_index=1,
        page_size=10,
    )

    def one(_):
        try:
            return sdk_client(endpoint).query_send_statistics(request).body.code
        except ClientException as refused:
            return (refused.code, refused.status_code)

    with ThreadPoolExecutor(max_workers=40) as pool:
        outcomes = list(pool.map(one, range(40)))
    assert outcomes.count("OK") == 20
    assert outcomes.count(("Throttling.User", 400)) == 20


@ALGORITHMS
def test_the_sdk_sees_the_reserved_keys(endpoint, algorithm):
    request = sms_models.QuerySmsTemplateListRequest(page_index=1, page_size=10)
    inactive = sdk_client(endpoint, algorithm, INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET)
    with pytest.raises(ClientException) as caught:
        inactive.query_sms_template_list(request)
    assert (caught.value.code, caught.value.status_code) == ("InvalidAccessKeyId.Inactive", 400)
    denied = sdk_client(
        endpoint, algorithm, NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET
    )
    assert denied.query_sms_template_list(request).body.code == "isp.RAM_PERMISSION_DENY"


@pytest.mark.parametrize(
    "phone, status, code",
    [
        (reserved.INTERNAL_ERROR, 500, "InternalError"),
        (reserved.SERVICE_UNAVAILABLE, 503, "ServiceUnavailable"),
    ],
)
def test_the_sdk_sees_the_json_5xx_as_a_server_exception(endpoint, phone, status, code):
    day = datetime.now(CHINA_TZ).date()
    request = sms_models.QuerySendDetailsRequest(
        phone_number=phone, send_date=f"{day:%Y%m%d}", page_size=10, current_page=1
    )
    with pytest.raises(ServerException) as caught:
        sdk_client(endpoint).query_send_details(request)
    assert (caught.value.code, caught.value.status_code) == (code, status)
    assert caught.value.request_id
