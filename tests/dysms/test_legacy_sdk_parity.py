"""The legacy Python SDK (``aliyun-python-sdk-core``: RPC requests signed HMAC-SHA1, as old
integrations still call Dysmsapi) against the standalone sandbox: it signs, the sandbox answers
what the service answers, and our client reads the same records, statistics and lists.

Every server here runs on the test's pinned clock (time-machine pins the whole process, the
server's thread included), as the SDK's timestamps do.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from aliyunsdkcore.acs_exception.exceptions import ServerException
from aliyunsdkcore.client import AcsClient
from aliyunsdkdysmsapi.request.v20170525.QuerySendDetailsRequest import QuerySendDetailsRequest
from aliyunsdkdysmsapi.request.v20170525.QuerySendStatisticsRequest import (
    QuerySendStatisticsRequest,
)
from aliyunsdkdysmsapi.request.v20170525.QuerySmsSignListRequest import QuerySmsSignListRequest
from aliyunsdkdysmsapi.request.v20170525.QuerySmsTemplateListRequest import (
    QuerySmsTemplateListRequest,
)
from support.sandbox import serving

from dysms import DysmsClient
from dysms.values import CHINA_TZ, Credentials
from dysms_sandbox import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    SHOP_ACCESS_KEY_ID,
    SHOP_ACCESS_KEY_SECRET,
    Sandbox,
    reserved,
)
from dysms_sandbox.accounts import (
    INACTIVE_ACCESS_KEY_ID,
    INACTIVE_ACCESS_KEY_SECRET,
    NO_PERMISSION_ACCESS_KEY_ID,
    NO_PERMISSION_ACCESS_KEY_SECRET,
)


@pytest.fixture
def endpoint():
    """A fresh standalone sandbox per test: flow control starts empty."""
    with serving(Sandbox()) as host_port:
        yield host_port


def legacy(key_id: str = DEMO_ACCESS_KEY_ID, secret: str = DEMO_ACCESS_KEY_SECRET) -> AcsClient:
    return AcsClient(key_id, secret, "cn-hangzhou", auto_retry=False, timeout=5, connect_timeout=2)


def called(request, endpoint: str, client: AcsClient | None = None) -> dict:
    """``request`` sent by the legacy SDK to the sandbox over plain HTTP; the body it got."""
    request.set_endpoint(endpoint)
    request.set_protocol_type("http")
    return json.loads((client or legacy()).do_action_with_exception(request))


def ours(endpoint: str, key_id=DEMO_ACCESS_KEY_ID, secret=DEMO_ACCESS_KEY_SECRET) -> DysmsClient:
    return DysmsClient(Credentials(key_id, secret), endpoint=f"http://{endpoint}")


def send_details(phone: str, day, page: int = 1) -> QuerySendDetailsRequest:
    request = QuerySendDetailsRequest()
    request.set_PhoneNumber(phone)
    request.set_SendDate(f"{day:%Y%m%d}")
    request.set_PageSize(50)
    request.set_CurrentPage(page)
    return request


def sent_at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=CHINA_TZ)


def test_query_send_details_reads_the_same_records(endpoint, yesterday):
    body = called(send_details(reserved.EVERY_STATUS, yesterday), endpoint)
    page = ours(endpoint).query_send_details(reserved.EVERY_STATUS, yesterday)

    details = body["SmsSendDetailDTOs"]["SmsSendDetailDTO"]
    assert body["Code"] == "OK" and int(body["TotalCount"]) == page.total_count == len(details)
    assert [sent_at(d["SendDate"]) for d in details] == [r.send_time for r in page.records]
    assert [d["Content"] for d in details] == [r.content for r in page.records]
    assert [int(d["SendStatus"]) for d in details] == [int(r.status) for r in page.records]


def test_query_send_statistics_reads_the_same_days(endpoint, today):
    request = QuerySendStatisticsRequest()
    request.set_IsGlobe(1)
    request.set_StartDate(f"{today - timedelta(days=6):%Y%m%d}")
    request.set_EndDate(f"{today:%Y%m%d}")
    request.set_PageIndex(1)
    request.set_PageSize(50)

    body = called(request, endpoint)
    page = ours(endpoint).query_all_send_statistics(
        is_globe=1, start_date=today - timedelta(days=6), end_date=today
    )

    rows = body["Data"]["TargetList"]
    assert body["Code"] == "OK" and len(rows) == len(page.rows) == 7
    assert sorted(int(row["TotalCount"]) for row in rows) == sorted(
        row.total_count for row in page.rows
    )


def test_the_template_and_signature_lists_read_the_same(endpoint):
    templates = QuerySmsTemplateListRequest()
    templates.set_PageIndex(1)
    templates.set_PageSize(10)
    signs = QuerySmsSignListRequest()
    signs.set_PageIndex(1)
    signs.set_PageSize(10)

    template_body, sign_body = called(templates, endpoint), called(signs, endpoint)
    client = ours(endpoint)

    template_codes = [t["TemplateCode"] for t in template_body["SmsTemplateList"]]
    assert template_codes == [t.code for t in client.query_sms_template_list(page_size=10).items]
    sign_names = [s["SignName"] for s in sign_body["SmsSignList"]]
    assert sign_names == [s.name for s in client.query_sms_sign_list(page_size=10).items]


def test_another_accounts_pair_signs_and_gets_that_accounts_sends(endpoint, yesterday):
    shop = legacy(SHOP_ACCESS_KEY_ID, SHOP_ACCESS_KEY_SECRET)
    body = called(send_details(reserved.EVERY_STATUS, yesterday), endpoint, shop)
    page = ours(endpoint, SHOP_ACCESS_KEY_ID, SHOP_ACCESS_KEY_SECRET).query_send_details(
        reserved.EVERY_STATUS, yesterday
    )
    demo = called(send_details(reserved.EVERY_STATUS, yesterday), endpoint)

    contents = [d["Content"] for d in body["SmsSendDetailDTOs"]["SmsSendDetailDTO"]]
    assert contents == [r.content for r in page.records]
    assert contents != [d["Content"] for d in demo["SmsSendDetailDTOs"]["SmsSendDetailDTO"]]


def test_flow_control_answers_throttling_with_the_services_status(endpoint, yesterday):
    with pytest.raises(ServerException) as raised:
        called(send_details(reserved.THROTTLED, yesterday), endpoint)

    assert raised.value.get_error_code() == "Throttling.User"
    assert raised.value.get_http_status() == 400


@pytest.mark.parametrize(
    ("phone", "code", "status"),
    [("13800000501", "InternalError", 500), ("13800000503", "ServiceUnavailable", 503)],
)
def test_a_json_5xx_is_the_services_error(endpoint, yesterday, phone, code, status):
    with pytest.raises(ServerException) as raised:
        called(send_details(phone, yesterday), endpoint)

    assert (raised.value.get_error_code(), raised.value.get_http_status()) == (code, status)
    assert raised.value.get_request_id()


def test_a_disabled_key_and_a_ram_denied_key_are_answered_as_the_service_does(endpoint, yesterday):
    disabled = legacy(INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET)
    with pytest.raises(ServerException) as raised:
        called(send_details(reserved.EVERY_STATUS, yesterday), endpoint, disabled)
    assert raised.value.get_error_code() == "InvalidAccessKeyId.Inactive"

    denied = legacy(NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET)
    body = called(send_details(reserved.EVERY_STATUS, yesterday), endpoint, denied)
    assert body["Code"] == "isp.RAM_PERMISSION_DENY"


def test_counted_but_not_listed_has_a_number_and_no_records(endpoint, yesterday):
    body = called(send_details(reserved.COUNT_WITHOUT_RECORDS, yesterday), endpoint)

    assert body["TotalCount"] == reserved.COUNT_WITHOUT_RECORDS_TOTAL
    assert body["SmsSendDetailDTOs"]["SmsSendDetailDTO"] == []


@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # do_action(), the only XML way
def test_format_xml_is_answered_in_xml(endpoint, yesterday):
    # ``do_action`` keeps the format asked for (``do_action_with_exception`` asks for JSON).
    request = send_details(reserved.ONE_PAGE, yesterday)
    request.set_endpoint(endpoint)
    request.set_protocol_type("http")
    request.set_accept_format("XML")
    body = legacy().do_action(request)

    root = ElementTree.fromstring(body)
    assert root.findtext("Code") == "OK"
    assert len(root.findall(".//SmsSendDetailDTO")) == 20
