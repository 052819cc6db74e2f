"""The client's template and signature lists: reading them, checking queries, walking pages."""

from __future__ import annotations

from datetime import datetime

import pytest
from support.clocks import MonotonicClock
from support.signed_requests import Clock

from dysms import (
    AuditStatus,
    DysmsClient,
    InvalidQuery,
    ServiceUnavailableError,
    TemplateKind,
    parse_sign_list,
    parse_template_detail,
    parse_template_list,
)
from dysms.listing import PAGE_INDEX_INVALID, PAGE_SIZE_INVALID, TEMPLATE_CODE_INVALID
from dysms.values import CHINA_TZ
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter


class Counting(SandboxAdapter):
    def __init__(self, sandbox):
        super().__init__(sandbox)
        self.actions: list[str] = []

    def send(self, request, **kwargs):
        self.actions.append(request.headers["x-acs-action"])
        return super().send(request, **kwargs)


@pytest.fixture
def client_and_calls():
    clock, pace = Clock(), MonotonicClock()
    sandbox = Sandbox(clock=clock, flow_clock=pace)
    client = DysmsClient(
        DEMO_CREDENTIALS,
        endpoint=SANDBOX_ENDPOINT,
        clock=clock,
        rate_clock=pace,
        rate_sleep=pace.jump,
    )
    adapter = Counting(sandbox)
    client.session.mount(SANDBOX_ENDPOINT, adapter)
    return client, adapter.actions


def template_body(**item):
    base = {
        "TemplateCode": "SMS_1",
        "TemplateName": "登录",
        "TemplateContent": "验证码${code}",
        "OuterTemplateType": 0,
        "TemplateType": 2,
        "AuditStatus": "AUDIT_STATE_PASS",
        "CreateDate": "2024-01-02 03:04:05",
        "Reason": {"RejectInfo": "无审核备注"},
        "OrderId": "123",
    }
    base.update(item)
    return {
        "RequestId": "REQ",
        "Code": "OK",
        "Message": "OK",
        "SmsTemplateList": [base],
        "TotalCount": 1,
        "CurrentPage": 1,
        "PageSize": 10,
    }


# --- reading ------------------------------------------------------------------------


def test_a_listed_template_is_read_into_a_frozen_value():
    page = parse_template_list(template_body())
    (template,) = page.items
    assert (page.total_count, page.page_index, page.page_size, page.request_id) == (
        1,
        1,
        10,
        "REQ",
    )
    assert template.code == "SMS_1" and template.name == "登录"
    assert template.content == "验证码${code}"
    assert template.kind is TemplateKind.VERIFICATION
    assert template.audit_status is AuditStatus.APPROVED
    assert template.created_at == datetime(2024, 1, 2, 3, 4, 5, tzinfo=CHINA_TZ)
    assert template.reason == ""  # the service's "no remarks" placeholder says nothing
    with pytest.raises(AttributeError):
        template.name = "other"


@pytest.mark.parametrize(
    "fields, kind",
    [
        ({"OuterTemplateType": 1}, TemplateKind.NOTIFICATION),
        ({"OuterTemplateType": "2"}, TemplateKind.PROMOTION),
        ({"OuterTemplateType": None, "TemplateType": 0}, TemplateKind.NOTIFICATION),
        ({"OuterTemplateType": None, "TemplateType": 6}, TemplateKind.INTERNATIONAL),
        ({"OuterTemplateType": None, "TemplateType": 2}, TemplateKind.VERIFICATION),
        ({"OuterTemplateType": None, "TemplateType": 99}, None),
    ],
)
def test_the_kind_is_read_from_either_numbering(fields, kind):
    assert parse_template_list(template_body(**fields)).items[0].kind == kind


@pytest.mark.parametrize(
    "status, expected",
    [
        ("AUDIT_STATE_INIT", AuditStatus.REVIEWING),
        ("AUDIT_STATE_NOT_PASS", AuditStatus.REJECTED),
        ("AUDIT_STATE_CANCEL", AuditStatus.CANCELLED),
        ("AUDIT_SATE_CANCEL", AuditStatus.CANCELLED),
        ("SOMETHING_NEW", AuditStatus.UNKNOWN),
    ],
)
def test_review_states_including_the_documented_misspelling(status, expected):
    assert parse_template_list(template_body(AuditStatus=status)).items[0].audit_status is expected


def test_a_rejection_is_kept():
    reason = {"RejectInfo": "变量不符合规范", "RejectSubInfo": "请选择合适的变量属性"}
    template = parse_template_list(template_body(Reason=reason)).items[0]
    assert (template.reason, template.reason_detail) == ("变量不符合规范", "请选择合适的变量属性")


@pytest.mark.parametrize("count", [9, "9"])
def test_counts_come_as_numbers_or_strings(count):
    body = template_body()
    body.update(TotalCount=count, CurrentPage=str(1), PageSize=10)
    assert parse_template_list(body).total_count == 9


@pytest.mark.parametrize(
    "change",
    [
        {"TotalCount": "many"},
        {"TotalCount": -1},
        {"SmsTemplateList": "not a list"},
        {"SmsTemplateList": [1, 2]},
    ],
)
def test_an_unreadable_list_is_a_malformed_answer(change):
    body = template_body()
    body.update(change)
    with pytest.raises(ServiceUnavailableError):
        parse_template_list(body)


def test_a_missing_list_is_empty_and_one_object_is_a_list_of_one():
    body = template_body()
    single = body["SmsTemplateList"][0]
    assert parse_template_list({**body, "SmsTemplateList": None}).items == ()
    assert len(parse_template_list({**body, "SmsTemplateList": single}).items) == 1


def test_get_sms_template_is_read_with_its_own_numbering():
    detail = parse_template_detail(
        {
            "RequestId": "REQ",
            "Code": "OK",
            "TemplateCode": "SMS_2",
            "TemplateName": "通知",
            "TemplateContent": "包裹到了",
            "TemplateType": "1",
            "TemplateStatus": "2",
            "RelatedSignName": "鹿鸣快递",
            "Remark": "说明",
            "CreateDate": "2024-01-02 03:04:05",
            "AuditInfo": {"RejectInfo": "签名不符", "AuditDate": "2024-01-03 00:00:00"},
        }
    )
    template = detail.template
    assert (detail.request_id, detail.remark) == ("REQ", "说明")
    assert template.kind is TemplateKind.NOTIFICATION
    assert template.audit_status is AuditStatus.REJECTED
    assert (template.sign_name, template.reason) == ("鹿鸣快递", "签名不符")


def test_a_sign_list_is_read():
    page = parse_sign_list(
        {
            "RequestId": "REQ",
            "Code": "OK",
            "SmsSignList": [
                {
                    "SignName": "阿里云",
                    "AuditStatus": "AUDIT_STATE_NOT_PASS",
                    "CreateDate": "2020-01-08 16:44:13",
                    "Reason": {"RejectInfo": "材料不全", "RejectSubInfo": "请补充"},
                    "BusinessType": "验证码类型",
                    "OrderId": "236",
                }
            ],
            "TotalCount": 1,
            "CurrentPage": 1,
            "PageSize": 10,
        }
    )
    (sign,) = page.items
    assert (sign.name, sign.business_type, sign.order_id) == ("阿里云", "验证码类型", "236")
    assert sign.audit_status is AuditStatus.REJECTED
    assert (sign.reason, sign.reason_detail) == ("材料不全", "请补充")


# --- the client against the sandbox ---------------------------------------------------


def test_the_client_reads_the_sandbox_templates_page_by_page(client_and_calls):
    client, calls = client_and_calls
    page = client.query_sms_template_list(page_index=2, page_size=4)
    assert (page.total_count, page.page_index, page.page_size) == (9, 2, 4)
    assert len(page.items) == 4
    everything = client.query_all_sms_templates(page_size=4)
    assert len(everything.items) == 9 and everything.total_count == 9
    assert calls == ["QuerySmsTemplateList"] * 4  # one page, then three for the walk
    approved = [t for t in everything.items if t.audit_status is AuditStatus.APPROVED]
    assert len(approved) == 7


def test_the_client_reads_the_sandbox_signs_and_one_template(client_and_calls):
    client, calls = client_and_calls
    signs = client.query_all_sms_signs()
    assert {sign.name for sign in signs.items} >= {"云雀科技", "鹿鸣快递"}
    detail = client.get_sms_template(" SMS_285016239 ")
    assert detail.template.name == "包裹到站取件通知"
    assert detail.template.kind is TemplateKind.NOTIFICATION
    assert calls == ["QuerySmsSignList", "GetSmsTemplate"]


def test_a_walk_of_the_template_list_keeps_to_ten_a_second(client_and_calls):
    client, calls = client_and_calls
    for _ in range(12):
        client.query_all_sms_templates(page_size=50)
    assert calls == ["QuerySmsTemplateList"] * 12  # none refused: the limiter waited


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda c: c.query_sms_template_list(page_index=0), PAGE_INDEX_INVALID),
        (lambda c: c.query_sms_template_list(page_size=51), PAGE_SIZE_INVALID),
        (lambda c: c.query_sms_sign_list(page_size=True), PAGE_SIZE_INVALID),
        (lambda c: c.query_sms_sign_list(page_index="1"), PAGE_INDEX_INVALID),
        (lambda c: c.get_sms_template(""), TEMPLATE_CODE_INVALID),
        (lambda c: c.get_sms_template("SMS 1"), TEMPLATE_CODE_INVALID),
    ],
)
def test_bad_queries_are_refused_before_any_request(client_and_calls, call, message):
    client, calls = client_and_calls
    with pytest.raises(InvalidQuery) as caught:
        call(client)
    assert caught.value.message == message
    assert calls == []


def test_every_api_has_a_limiter_at_its_quota_details_at_a_fifth_per_process():
    client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT)
    assert {action: limiter.calls for action, limiter in client.rate_limits.items()} == {
        "QuerySendDetails": 1000,
        "QuerySendStatistics": 20,
        "QuerySmsTemplateList": 10,
        "QuerySmsSignList": 10,
        "GetSmsTemplate": 1000,
    }
