"""QuerySmsTemplateList, QuerySmsSignList and GetSmsTemplate: the account's templates and signs."""

from __future__ import annotations

from datetime import date
from xml.etree import ElementTree

import pytest
from support.signed_requests import v1_request, v3_request

from dysms_sandbox.generator import day_messages
from dysms_sandbox.templates import TEMPLATES


def call(sandbox, action, **params):
    return sandbox.handle(*v3_request(params, action=action, when=sandbox.now()))


def body_of(sandbox, action, **params):
    response = call(sandbox, action, **params)
    assert response.status == 200
    return response.json()


def test_the_template_list_pages_ten_by_default_newest_first(sandbox_service):
    body = body_of(sandbox_service, "QuerySmsTemplateList")
    assert (body["Code"], body["TotalCount"], body["CurrentPage"], body["PageSize"]) == (
        "OK",
        9,
        1,
        10,
    )
    listed = body["SmsTemplateList"]
    assert len(listed) == 9
    created = [item["CreateDate"] for item in listed]
    assert created == sorted(created, reverse=True)
    assert {item["TemplateCode"] for item in listed} >= {t.code for t in TEMPLATES}


def test_every_template_says_what_a_page_needs(sandbox_service):
    listed = body_of(sandbox_service, "QuerySmsTemplateList")["SmsTemplateList"]
    login = next(item for item in listed if item["TemplateCode"] == "SMS_271935402")
    assert login == {
        "TemplateCode": "SMS_271935402",
        "TemplateName": "登录验证码",
        "OuterTemplateType": 0,
        "TemplateType": 2,
        "AuditStatus": "AUDIT_STATE_PASS",
        "TemplateContent": (
            "验证码${code}，您正在登录云雀账号，5分钟内有效。如非本人操作，请忽略本短信。"
        ),
        "CreateDate": "2023-03-14 10:21:07",
        "Reason": {"RejectInfo": "无审核备注"},
        "OrderId": login["OrderId"],
        "SignatureName": "云雀科技",
    }
    assert login["OrderId"].isdigit()
    statuses = {item["TemplateCode"]: item["AuditStatus"] for item in listed}
    assert statuses["SMS_301245873"] == "AUDIT_STATE_NOT_PASS"
    assert statuses["SMS_302778190"] == "AUDIT_STATE_INIT"
    rejected = next(item for item in listed if item["TemplateCode"] == "SMS_301245873")
    assert set(rejected["Reason"]) == {"RejectDate", "RejectInfo", "RejectSubInfo"}


def test_the_records_are_sent_with_the_listed_templates(sandbox_service):
    listed = {
        item["TemplateCode"]: item
        for item in body_of(sandbox_service, "QuerySmsTemplateList")["SmsTemplateList"]
    }
    for message in day_messages("13800000999", date(2025, 6, 14))[:50]:
        template = listed[message.template_code]
        assert message.content.startswith(f"【{template['SignatureName']}】")


@pytest.mark.parametrize(
    "action, key, total, sizes",
    [
        ("QuerySmsTemplateList", "SmsTemplateList", 9, [4, 4, 1, 0]),
        ("QuerySmsSignList", "SmsSignList", 7, [4, 3, 0, 0]),
    ],
)
def test_lists_page_as_asked_and_a_page_past_the_end_is_empty(
    sandbox_service, action, key, total, sizes
):
    pages = [body_of(sandbox_service, action, PageIndex=str(n), PageSize="4") for n in (1, 2, 3, 4)]
    assert [len(page[key]) for page in pages] == sizes
    assert {page["TotalCount"] for page in pages} == {total}
    assert [page["CurrentPage"] for page in pages] == [1, 2, 3, 4]
    every = [item for page in pages for item in page[key]]
    assert every == body_of(sandbox_service, action, PageSize="50")[key]


@pytest.mark.parametrize("action", ["QuerySmsTemplateList", "QuerySmsSignList"])
@pytest.mark.parametrize(
    "params", [{"PageSize": "0"}, {"PageSize": "51"}, {"PageIndex": "0"}, {"PageSize": "ten"}]
)
def test_page_parameters_out_of_range_are_invalid_parameters(sandbox_service, action, params):
    body = body_of(sandbox_service, action, **params)
    assert body["Code"] == "isv.INVALID_PARAMETERS"


def test_the_sign_list_holds_the_brands_of_the_templates(sandbox_service):
    body = body_of(sandbox_service, "QuerySmsSignList")
    assert (body["TotalCount"], body["CurrentPage"], body["PageSize"]) == (7, 1, 10)
    signs = {item["SignName"]: item for item in body["SmsSignList"]}
    assert {t.sign_name for t in TEMPLATES} <= set(signs)
    assert signs["云雀科技"]["BusinessType"] == "验证码类型"
    assert signs["鹿鸣快递"]["AuditStatus"] == "AUDIT_STATE_PASS"
    assert signs["小满生活"]["AuditStatus"] == "AUDIT_STATE_NOT_PASS"
    assert signs["小满生活"]["Reason"]["RejectInfo"]
    assert signs["青禾体检"]["AuditStatus"] == "AUDIT_STATE_INIT"
    assert set(signs["鹿鸣快递"]) == {
        "SignName",
        "AuditStatus",
        "CreateDate",
        "Reason",
        "BusinessType",
        "OrderId",
    }


def test_get_sms_template_gives_one_template_with_its_review(sandbox_service):
    body = body_of(sandbox_service, "GetSmsTemplate", TemplateCode="SMS_285016239")
    assert body["Code"] == "OK"
    assert body["TemplateName"] == "包裹到站取件通知"
    assert body["TemplateContent"].startswith("您的包裹已到${station}")
    assert (body["TemplateType"], body["TemplateStatus"]) == ("1", "1")
    assert body["RelatedSignName"] == "鹿鸣快递"
    assert body["TemplateTag"] == 2
    rejected = body_of(sandbox_service, "GetSmsTemplate", TemplateCode="SMS_301245873")
    assert rejected["TemplateStatus"] == "2" and rejected["AuditInfo"]["RejectInfo"]
    code = body_of(sandbox_service, "GetSmsTemplate", TemplateCode="SMS_271935402")
    assert code["VariableAttribute"] == '{"code":"characterWithNumber"}'


def test_get_sms_template_of_an_unknown_or_missing_code(sandbox_service):
    unknown = body_of(sandbox_service, "GetSmsTemplate", TemplateCode="SMS_000000000")
    assert unknown["Code"] == "isv.SMS_TEMPLATE_ILLEGAL"
    missing = call(sandbox_service, "GetSmsTemplate")
    assert (missing.status, missing.json()["Code"]) == (400, "MissingTemplateCode")


def test_a_list_in_xml_repeats_its_element_per_item(sandbox_service):
    request = v1_request(
        {"PageSize": "3"}, action="QuerySmsTemplateList", when=sandbox_service.now(), Format="XML"
    )
    root = ElementTree.fromstring(sandbox_service.handle(*request).body)
    assert root.tag == "QuerySmsTemplateListResponse"
    assert root.findtext("TotalCount") == "9"
    items = root.findall("SmsTemplateList")
    assert len(items) == 3 and all(item.findtext("TemplateCode") for item in items)
