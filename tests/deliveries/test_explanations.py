"""Error codes explained in words: the catalogue, the fallbacks, waiting messages, Chinese."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation
from django.utils.functional import Promise

from deliveries.error_catalogue import API_PATTERNS, CARRIER_PREFIXES, CODES
from deliveries.explanations import (
    UNDOCUMENTED,
    UNDOCUMENTED_ALIBABA,
    Category,
    Explanation,
    explain,
    explain_waiting,
)

# Every code Alibaba Cloud documents for SMS: the API gateway's, Dysmsapi's (API and SDK), the
# delivery receipts' and the raw carrier codes a receipt may pass through.
GATEWAY_CODES = [
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidAccessKeyId.NotFound",
    "InvalidAccessKeyId.Inactive",
    "InvalidTimeStamp.Format",
    "InvalidTimeStamp.Expired",
    "SignatureNonceUsed",
    "InvalidSignatureMethod",
    "UnsupportedHTTPMethod",
    "InvalidParameter.Format",
    "InvalidApi.NotFound",
    "InvalidAction.NotFound",
    "InvalidVersion",
    "Throttling.User",
    "Throttling.Api",
    "Throttling",
    "Forbidden.RAM",
    "InternalError",
    "ServiceUnavailable",
]
API_CODES = [
    "OK",
    "isv.SMS_SIGNATURE_SCENE_ILLEGAL",
    "isv.EXTEND_CODE_ERROR",
    "isv.SIGN_STATE_ILLEGAL",
    "isv.DOMESTIC_NUMBER_NOT_SUPPORTED",
    "isv.DENY_IP_RANGE",
    "isv.DAY_LIMIT_CONTROL",
    "isv.MONTH_LIMIT_CONTROL",
    "isv.SMS_CONTENT_ILLEGAL",
    "isv.SMS_SIGN_ILLEGAL",
    "isp.RAM_PERMISSION_DENY",
    "isv.OUT_OF_SERVICE",
    "isv.PRODUCT_UN_SUBSCRIPT",
    "isv.PRODUCT_UNSUBSCRIBE",
    "isv.ACCOUNT_NOT_EXISTS",
    "isv.ACCOUNT_ABNORMAL",
    "isv.SMS_TEMPLATE_ILLEGAL",
    "isv.SMS_SIGNATURE_ILLEGAL",
    "isv.INVALID_PARAMETERS",
    "isp.SYSTEM_ERROR",
    "isv.MOBILE_NUMBER_ILLEGAL",
    "isv.MOBILE_COUNT_OVER_LIMIT",
    "isv.TEMPLATE_MISSING_PARAMETERS",
    "isv.BUSINESS_LIMIT_CONTROL",
    "isv.INVALID_JSON_PARAM",
    "isv.BLACK_KEY_CONTROL_LIMIT",
    "isv.PARAM_LENGTH_LIMIT",
    "isv.PARAM_NOT_SUPPORT_URL",
    "isv.AMOUNT_NOT_ENOUGH",
    "isv.TEMPLATE_PARAMS_ILLEGAL",
    "isv.SIGN_COUNT_OVER_LIMIT",
    "isv.TEMPLATE_COUNT_OVER_LIMIT",
    "isv.SIGN_NAME_ILLEGAL",
    "isv.SIGN_FILE_LIMIT",
    "isv.SIGN_OVER_LIMIT",
    "isv.TEMPLATE_OVER_LIMIT",
    "SDK.HttpError",
    "SDK.InvalidCredential",
    "SDK.UnknownServerError",
    "SDK.EndpointResolvingError",
]
RECEIPT_CODES = [
    "DELIVERED",
    "MOBILE_NOT_ON_SERVICE",
    "MOBILE_SEND_LIMIT",
    "MOBILE_ACCOUNT_ABNORMAL",
    "MOBILE_IN_BLACK",
    "MOBLLE_TERMINAL_ERROR",
    "MOBILE_TERMINAL_ERROR",
    "CONTENT_KEYWORD",
    "INVALID_NUMBER",
    "CONTENT_ERROR",
    "REQUEST_SUCCESS",
    "SP_NOT_BY_INTER_SMS",
    "SP_UNKNOWN_ERROR",
    "USER_REJECT",
    "NO_ROUTE",
    "IS_CLOSE",
    "PARAMS_ILLEGAL",
    "isv.UNSUPPORTED_CONTENT",
    "isv.SMS_CONTENT_MISMATCH_TEMPLATE_TYPE",
    "isv.ONE_CODE_MULTIPLE_SIGN",
    "isv.CODE_EXCEED_LIMIT",
    "isv.CODE_ERROR",
    "PORT_NOT_REGISTERED",
    "isv.SIGN_SOURCE_ILLEGAL",
    "SIGNATURE_BLACKLIST",
    "EXPIRED",
]
CARRIER_CODES = [
    "DELIVRD",
    "UNDELIV",
    "REJECTD",
    "MK:0000",
    "MK:0001",
    "MK:0012",
    "MN:0001",
    "MK:0005",
    "MK:0010",
    "IB:0008",
    "DB:0101",
    "IC:0154",
    "MA:0054",
]
ALL_DOCUMENTED_CODES = GATEWAY_CODES + API_CODES + RECEIPT_CODES + CARRIER_CODES

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("code", ALL_DOCUMENTED_CODES)
def test_every_documented_code_is_explained_as_documented(code):
    explanation = explain(code)
    assert explanation.documented
    assert explanation.code == code
    assert explanation.category is not Category.UNKNOWN
    for text in (explanation.meaning, explanation.tell_customer, explanation.next_step):
        assert str(text).strip()


def test_out_of_service_reads_like_advice_for_the_customer():
    explanation = explain("MOBILE_NOT_ON_SERVICE")
    assert explanation.category is Category.NUMBER_PROBLEM
    assert str(explanation.meaning) == (
        "The number is out of service (suspended, unassigned, switched off or out of coverage)."
    )
    assert str(explanation.tell_customer) == (
        "Please check the number, and that the phone is on and has signal."
    )
    assert str(explanation.next_step) == (
        "Confirm the number with the customer; if it is right, try again later."
    )


def test_both_spellings_of_terminal_error_mean_a_phone_problem():
    typo, fixed = explain("MOBLLE_TERMINAL_ERROR"), explain("MOBILE_TERMINAL_ERROR")
    assert typo.category is fixed.category is Category.HANDSET_PROBLEM
    assert str(typo.meaning) == str(fixed.meaning)
    assert (typo.code, fixed.code) == ("MOBLLE_TERMINAL_ERROR", "MOBILE_TERMINAL_ERROR")


@pytest.mark.parametrize("code", ["DELIVERED", "DELIVRD", "delivrd"])
def test_alibaba_and_carrier_success_codes_both_mean_delivered(code):
    assert explain(code).category is Category.DELIVERED


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("EXPIRED", Category.HANDSET_PROBLEM),
        ("MK:0010", Category.HANDSET_PROBLEM),
        ("UNDELIV", Category.NUMBER_PROBLEM),
        ("MK:0005", Category.NUMBER_PROBLEM),
        ("DB:0101", Category.NUMBER_PROBLEM),
        ("REJECTD", Category.CARRIER),
        ("IB:0008", Category.RATE_LIMITED),
        ("MOBILE_IN_BLACK", Category.USER_BLOCKED),
        ("isv.BUSINESS_LIMIT_CONTROL", Category.RATE_LIMITED),
        ("CONTENT_KEYWORD", Category.CONTENT_REJECTED),
        ("SignatureDoesNotMatch", Category.ACCOUNT_OR_CONFIG),
        ("isp.SYSTEM_ERROR", Category.SERVICE_ERROR),
        ("REQUEST_SUCCESS", Category.NO_RECEIPT),
    ],
)
def test_codes_land_in_the_category_support_expects(code, category):
    assert explain(code).category is category


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("  mobile_not_on_service ", "mobile_not_on_service"),
        ("Mobile_Not_On_Service\n", "Mobile_Not_On_Service"),
        ("mk: 0005", "mk: 0005"),
        ("MK\uff1a0005", "MK\uff1a0005"),
        ("ISV.BUSINESS_LIMIT_CONTROL", "ISV.BUSINESS_LIMIT_CONTROL"),
        ("signaturedoesnotmatch", "signaturedoesnotmatch"),
    ],
)
def test_lookup_ignores_case_and_whitespace_but_shows_the_code_as_received(given, shown):
    explanation = explain(given)
    assert explanation.documented
    assert explanation.code == shown


@pytest.mark.parametrize("code", ["MK:9999", "MN:0042", "MI:0020", "MA:0001", "IC:0001", "IB:0011"])
def test_undocumented_china_mobile_codes_fall_back_to_their_prefix(code):
    explanation = explain(code)
    assert explanation.category is Category.CARRIER
    assert not explanation.documented
    assert explanation.code == code
    assert "China Mobile" in str(explanation.meaning)
    assert "not documented" in str(explanation.meaning)


@pytest.mark.parametrize(
    ("code", "carrier"),
    [("SGIP:12", "China Unicom"), ("sgip:3", "China Unicom"), ("SMGPERR:5", "China Telecom")],
)
def test_unicom_and_telecom_raw_codes_name_their_carrier(code, carrier):
    explanation = explain(code)
    assert not explanation.documented
    assert carrier in str(explanation.meaning)


@pytest.mark.parametrize("code", ["ZZ_SOMETHING_NEW", "E:12", "0x42", "<b>hi</b>"])
def test_unknown_code_is_honestly_undocumented_and_kept_verbatim(code):
    explanation = explain(code)
    assert explanation.category is Category.UNKNOWN
    assert not explanation.documented
    assert explanation.code == code
    assert explanation.meaning is UNDOCUMENTED
    assert "carrier-specific code that is not documented" in str(explanation.meaning)


def test_unknown_alibaba_code_says_it_is_alibabas_not_the_carriers():
    explanation = explain("isv.SOME_FUTURE_CODE")
    assert explanation.category is Category.UNKNOWN
    assert explanation.meaning is UNDOCUMENTED_ALIBABA


@pytest.mark.parametrize(
    ("code", "category"),
    [
        ("MissingPhoneNumber", Category.REQUEST_PROBLEM),
        ("InvalidSendDate.Malformed", Category.REQUEST_PROBLEM),
        ("Throttling.Burst", Category.RATE_LIMITED),
    ],
)
def test_templated_gateway_codes_are_recognised_by_pattern(code, category):
    explanation = explain(code)
    assert explanation.category is category
    assert not explanation.documented


def test_gateway_patterns_do_not_swallow_upper_case_receipt_codes():
    assert explain("INVALID_SOMETHING").category is Category.UNKNOWN


@pytest.mark.parametrize("code", ["", "   ", None])
def test_no_code_means_nothing_to_explain(code):
    assert explain(code) is None


def test_explanation_is_immutable_and_labels_its_category():
    explanation = explain("USER_REJECT")
    with pytest.raises(dataclasses.FrozenInstanceError):
        explanation.code = "DELIVERED"
    assert str(explanation.category_label) == "Blocked by the recipient"
    assert isinstance(explanation, Explanation)


def test_catalogue_codes_do_not_collide_when_case_is_ignored():
    assert len({code.upper() for code in CODES}) == len(CODES)


def _all_catalogue_texts():
    entries = [*CODES.values(), *CARRIER_PREFIXES.values(), *(e for _, e in API_PATTERNS)]
    texts = {t for e in entries for t in (e.meaning, e.tell_customer, e.next_step)}
    texts |= {category.label for category in Category}
    return texts | {UNDOCUMENTED, UNDOCUMENTED_ALIBABA}


def test_every_catalogue_text_is_translated_into_chinese():
    texts = _all_catalogue_texts()
    assert all(isinstance(text, Promise) for text in texts)
    with translation.override("zh-hans"):
        untranslated = [str(text) for text in texts if not _has_chinese(str(text))]
    assert untranslated == []


def test_explanation_renders_in_chinese_when_chinese_is_active():
    explanation = explain("MOBILE_NOT_ON_SERVICE")
    with translation.override("zh-hans"):
        assert "停机" in str(explanation.meaning)
        assert "开机" in str(explanation.tell_customer)
        assert str(explanation.category_label) == "号码问题"
    with translation.override("en"):
        assert str(explanation.meaning).startswith("The number is out of service")


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize("seconds", [0, 59, -30])
def test_waiting_under_a_minute_says_receipts_come_within_a_minute(seconds):
    text = explain_waiting(NOW - timedelta(seconds=seconds), NOW)
    assert text == (
        "Sent less than a minute ago; the carrier's receipt usually arrives within a minute."
    )


def test_waiting_a_few_minutes_says_how_long_and_what_is_usual():
    text = explain_waiting(NOW - timedelta(minutes=3, seconds=20), NOW)
    assert text == (
        "Waiting for the carrier's receipt for 3\xa0minutes; receipts usually arrive within "
        "a minute."
    )


def test_waiting_much_longer_than_usual_gives_a_different_hint():
    text = explain_waiting(NOW - timedelta(minutes=45), NOW)
    assert text.startswith("Waiting for the carrier's receipt for 45\xa0minutes, much longer")
    assert "switched off or out of coverage" in text


def test_waiting_for_days_suggests_the_receipt_will_not_come():
    text = explain_waiting(NOW - timedelta(days=2, hours=3), NOW)
    assert text.startswith("No receipt after 2\xa0days;")
    assert "Ask the customer" in text


def test_waiting_message_is_chinese_when_chinese_is_active():
    with translation.override("zh-hans"):
        text = explain_waiting(NOW - timedelta(minutes=3), NOW)
    assert text == "已等待运营商回执 3\xa0分钟；回执通常在一分钟内返回。"
