"""Signing pinned against published vectors: the examples of Alibaba Cloud's signature documents
(V1 for SMS, ECS and voice, V3), the official SDKs' unit tests and RFC 3986's percent-encoding.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from dysms import signing

SMS_DOC_STRING_TO_SIGN = (
    "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123"
    "%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D%25E9%2598%25BF"
    "%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1%25E6%25B5%258B%25E8"
    "%25AF%2595%25E4%25B8%2593%25E7%2594%25A8%26SignatureMethod%3DHMAC-SHA1"
    "%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0"
    "%26TemplateCode%3DSMS_71390007%26TemplateParam%3D%257B%2522customer%2522%253A"
    "%2522test%2522%257D%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25"
)
SMS_DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
ECS_DOC_PARAMS = {
    "AccessKeyId": "testid",
    "Action": "DescribeRegions",
    "Format": "XML",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf",
    "SignatureVersion": "1.0",
    "Timestamp": "2016-02-23T12:46:24Z",
    "Version": "2014-05-26",
}
ECS_DOC_OLD_PARAMS = {
    **{k: v for k, v in ECS_DOC_PARAMS.items() if k != "Timestamp"},
    "TimeStamp": "2016-02-23T12:46:24Z",
}
VOICE_DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SingleCallByTts",
    "CalledNumber": "13000000000",
    "CalledShowNumber": "057112345678",
    "Format": "XML",
    "OutId": "123",
    "RegionId": "cn-hangzhou",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "f7d2d4ef-6d5f-4da4-86ed-88e001a66abb",
    "SignatureVersion": "1.0",
    "Timestamp": "2017-09-28T14:31:56Z",
    "TtsCode": "TTS_0000000",
    "TtsParam": '{"code":"1234","product":"test"}',
    "Version": "2017-05-25",
}
GO_COMPOSER_PARAMS = {
    "AccessKeyId": "accessKeyId",
    "Action": "",
    "Format": "JSON",
    "RegionId": "regionId",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "MOCK_UUID",
    "SignatureType": "",
    "SignatureVersion": "1.0",
    "Timestamp": "mock date",
    "Version": "",
}
PY_CORE_REQUEST_PARAMS = {
    "AccessKeyId": "accesskeyid",
    "Action": "action_name",
    "Format": "None",
    "RegionId": "regionid",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "2018-12-04T04:03:12Z",
    "SignatureType": "",
    "SignatureVersion": "1.0",
    "Timestamp": "7e1c7d12-7551-4856-8abb-1938ccac6bcc",
    "Version": "version",
}
PY_CORE_COMPOSER_PARAMS = {
    "AccessKeyId": "access_key_id",
    "Format": "JSON",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "2018-12-04T04:03:12Z",
    "SignatureType": "",
    "SignatureVersion": "1.0",
    "Timestamp": "7e1c7d12-7551-4856-8abb-1938ccac6bcc",
}
PY_CORE_SIGNER_PARAMS = {
    "AccessKeyId": "access_key_id",
    "Action": "action_name",
    "Format": "None",
    "RegionId": "cn-hangzhou",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "d5e6e832-7f95-4f26-9e28-017f735721f8",
    "SignatureType": "",
    "SignatureVersion": "1.0",
    "Timestamp": "2018-12-02T11:03:01Z",
    "Version": "version",
}
QUERY_DETAILS_V1_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "QuerySendDetails",
    "BizId": "134523^4351232",
    "CurrentPage": 1,
    "Format": "JSON",
    "PageSize": 10,
    "PhoneNumber": "15300000001",
    "RegionId": "cn-hangzhou",
    "SendDate": "20170712",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
QUERY_DETAILS_V1_STRING_TO_SIGN = (
    "GET&%2F&AccessKeyId%3DtestId%26Action%3DQuerySendDetails%26BizId%3D134523%255E4351232"
    "%26CurrentPage%3D1%26Format%3DJSON%26PageSize%3D10%26PhoneNumber%3D15300000001"
    "%26RegionId%3Dcn-hangzhou%26SendDate%3D20170712%26SignatureMethod%3DHMAC-SHA1"
    "%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466%26SignatureVersion%3D1.0"
    "%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25"
)


@pytest.mark.parametrize(
    ("method", "params", "secret", "expected"),
    [
        pytest.param(
            "GET", SMS_DOC_PARAMS, "testSecret", "zJDF+Lrzhj/ThnlvIToysFRq6t4=", id="sms-doc"
        ),
        pytest.param(
            "GET", SMS_DOC_PARAMS, "testsecret", "EpROzuoKhdewdxdmVWhll2qdKbk=", id="sms-doc-lower"
        ),
        pytest.param(
            "GET", ECS_DOC_PARAMS, "testsecret", "OLeaidS1JvxuMvnyHOwuJ+uX5qY=", id="ecs-doc"
        ),
        pytest.param(
            "GET",
            ECS_DOC_OLD_PARAMS,
            "testsecret",
            "CT9X0VtwR86fNWSnsc6v8YGOjuE=",
            id="ecs-TimeStamp",
        ),
        pytest.param(
            "GET", VOICE_DOC_PARAMS, "testSecret", "aMfgrx8DLS7vLfpeR1c2rrKLr0Q=", id="voice"
        ),
        pytest.param(
            "GET",
            {"query": "test", "body": "test"},
            "secret",
            "XlUyV4sXjOuX5FnjUz9IF9tm5rU=",
            id="openapi-util-py",
        ),
        pytest.param(
            "",
            {"test": "ok"},
            "accessKeySecret",
            "jHx/oHoHNrbVfhncHEvPdHXZwHU=",
            id="openapi-util-go-ts",
        ),
        pytest.param(
            "GET",
            GO_COMPOSER_PARAMS,
            "accessKeySecret",
            "7loPmFjvDnzOVnQeQNj85S6nFGY=",
            id="go-composer",
        ),
        pytest.param(
            "GET",
            {**GO_COMPOSER_PARAMS, "SecurityToken": "accessKeyStsToken"},
            "accessKeySecret",
            "5Nxdcler+ihqWqv0Hr2On4PsBf4=",
            id="go-composer-sts",
        ),
        pytest.param(
            "GET",
            PY_CORE_REQUEST_PARAMS,
            "secret",
            "Ej4GsaOI7FJyN00E5OpDHHCx2vk=",
            id="py-core-url",
        ),
        pytest.param(
            "GET",
            PY_CORE_COMPOSER_PARAMS,
            "access_key_secret",
            "5AYPtZduFYvj3ETTIQlivGqL7Ic=",
            id="py-core-composer",
        ),
        pytest.param(
            "GET",
            PY_CORE_SIGNER_PARAMS,
            "access_key_secret",
            "AmdeJh1ZOW6PgwM3+ROhEnbKII4=",
            id="py-core-signer",
        ),
        pytest.param(
            "GET",
            QUERY_DETAILS_V1_PARAMS,
            "testSecret",
            "TAZAL9Up3bLi7H1VH7LuC08XBbU=",
            id="query-details-get",
        ),
        pytest.param(
            "POST",
            QUERY_DETAILS_V1_PARAMS,
            "testSecret",
            "Dz8pOaVIULLxRbpoNrOwg9itcso=",
            id="query-details-post",
        ),
    ],
)
def test_v1_signature_matches_published_vector(method, params, secret, expected):
    assert signing.sign_v1(method, params, secret)["Signature"] == expected


@pytest.mark.parametrize(
    ("method", "params", "expected"),
    [
        pytest.param("GET", SMS_DOC_PARAMS, SMS_DOC_STRING_TO_SIGN, id="sms-doc"),
        pytest.param(
            "GET",
            ECS_DOC_PARAMS,
            "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML"
            "%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"
            "%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z"
            "%26Version%3D2014-05-26",
            id="ecs-doc",
        ),
        pytest.param(
            "GET",
            {"query": "test", "body": "test"},
            "GET&%2F&body%3Dtest%26query%3Dtest",
            id="openapi-util-py",
        ),
        pytest.param("", {"test": "ok"}, "&%2F&test%3Dok", id="openapi-util-go"),
        pytest.param(
            "GET",
            {"key": "value", "q": "http://domain/?q=value&q2=value2"},
            "GET&%2F&key%3Dvalue%26q%3Dhttp%253A%252F%252Fdomain%252F%253Fq%253Dvalue"
            "%2526q2%253Dvalue2",
            id="go-build-string-to-sign",
        ),
        pytest.param("GET", QUERY_DETAILS_V1_PARAMS, QUERY_DETAILS_V1_STRING_TO_SIGN, id="query"),
        pytest.param(
            "POST",
            QUERY_DETAILS_V1_PARAMS,
            "POST" + QUERY_DETAILS_V1_STRING_TO_SIGN.removeprefix("GET"),
            id="query-post",
        ),
    ],
)
def test_v1_string_to_sign_matches_published_vector(method, params, expected):
    assert signing.v1_string_to_sign(method, params) == expected


@pytest.mark.parametrize(
    ("message", "key", "expected"),
    [
        pytest.param("source", "secret", "Jv4yi8SobFhg5t1C7nWLbhBSFZQ=", id="py-core-source"),
        pytest.param("中文unicode", "secret", "szlfHs3WVaO/HgY3Cg7/uyXDaRw=", id="py-core-unicode"),
        pytest.param("中文", "secret", "CqCYIa39h9SSWuXnTz8F5hh9UPA=", id="go-chinese"),
        pytest.param("GET\n\n\n\n\n", "secret", "XGXDWA78AEvx/wmfxKoVCq/afWw=", id="roa-py"),
        pytest.param("stringtosign", "secret", "OmuTAr79tpI6CRoAdmzKRq5lHs0=", id="roa-ts"),
    ],
)
def test_raw_hmac_sha1_matches_sdk_unit_vector(message, key, expected):
    assert signing.hmac_sha1_base64(message, key) == expected


def test_sms_doc_url_carries_the_encoded_signature():
    signed = signing.sign_v1("GET", SMS_DOC_PARAMS, "testSecret")
    query = signing.canonical_query(signed)
    assert "Signature=zJDF%2BLrzhj%2FThnlvIToysFRq6t4%3D" in query
    assert "SignName=%E9%98%BF%E9%87%8C%E4%BA%91%E7%9F%AD%E4%BF%A1%E6%B5%8B%E8%AF%95" in query
    assert "TemplateParam=%7B%22customer%22%3A%22test%22%7D" in query


def test_v1_refuses_to_sign_a_signature():
    with pytest.raises(ValueError):
        signing.sign_v1("GET", {"Signature": "x"}, "secret")


def test_v1_common_params_match_the_query_details_vector():
    params = signing.v1_common_params(
        action="QuerySendDetails",
        version="2017-05-25",
        access_key_id="testId",
        timestamp=datetime(2017, 7, 12, 2, 42, 19, tzinfo=UTC),
        nonce="45e25e9b-0a6f-4070-8c85-2956eda1b466",
        region_id="cn-hangzhou",
    )
    api = {"BizId": "134523^4351232", "CurrentPage": 1, "PageSize": 10}
    api |= {"PhoneNumber": "15300000001", "SendDate": "20170712"}
    signed = signing.sign_v1("GET", {**params, **api}, "testSecret")
    assert signed["Signature"] == "TAZAL9Up3bLi7H1VH7LuC08XBbU="


def test_percent_encoding_matches_rfc3986_vector():
    assert signing.canonical_query({"test": " ~/*-+"}) == "test=%20~%2F%2A-%2B"


def test_timestamp_must_be_timezone_aware():
    with pytest.raises(ValueError):
        signing.format_timestamp(datetime(2017, 7, 12, 2, 42, 19))


# --- V3 ----------------------------------------------------------------------

V3_DOC_HEADERS = {
    "host": "ecs.cn-shanghai.aliyuncs.com",
    "x-acs-action": "RunInstances",
    "x-acs-content-sha256": signing.EMPTY_PAYLOAD_SHA256,
    "x-acs-date": "2023-10-26T10:22:32Z",
    "x-acs-signature-nonce": "3156853299f313e23d1673dc12e1703d",
    "x-acs-version": "2014-05-26",
}
V3_DOC_QUERY = {
    "ImageId": "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
    "RegionId": "cn-shanghai",
}
V3_DOC_SIGNATURE = "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
QUERY_DETAILS_V3_QUERY = {
    "BizId": "134523^4351232",
    "CurrentPage": 1,
    "PageSize": 10,
    "PhoneNumber": "15300000001",
    "SendDate": "20170712",
}
QUERY_DETAILS_V3_SIGNATURE = "b7e48434e10de36510d91f221c0736bce63210a51c40e3ed7dd570eb4427cf3c"


def _query_details_v3_headers():
    return signing.v3_request_headers(
        host="dysmsapi.aliyuncs.com",
        action="QuerySendDetails",
        version="2017-05-25",
        timestamp=datetime(2017, 7, 12, 2, 42, 19, tzinfo=UTC),
        nonce="45e25e9b-0a6f-4070-8c85-2956eda1b466",
    )


@pytest.mark.parametrize(
    ("query", "headers", "hashed_canonical", "signature"),
    [
        pytest.param(
            V3_DOC_QUERY,
            V3_DOC_HEADERS,
            "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259",
            V3_DOC_SIGNATURE,
            id="doc-run-instances",
        ),
        pytest.param(
            QUERY_DETAILS_V3_QUERY,
            _query_details_v3_headers(),
            "731aa082226e3ac3e67aeaf538d46855a61b82c6bb9aa4fa9b2aa9914df5e810",
            QUERY_DETAILS_V3_SIGNATURE,
            id="query-send-details",
        ),
    ],
)
def test_v3_canonical_request_and_signature_match_vector(
    query, headers, hashed_canonical, signature
):
    secret = "YourAccessKeySecret" if "ImageId" in query else "testSecret"
    canonical, _ = signing.v3_canonical_request(
        method="POST",
        path="/",
        query=query,
        headers=headers,
        payload_sha256=signing.EMPTY_PAYLOAD_SHA256,
    )
    string_to_sign = signing.v3_string_to_sign(canonical)
    assert string_to_sign == f"ACS3-HMAC-SHA256\n{hashed_canonical}"
    assert signing.v3_signature(string_to_sign, secret) == signature


def test_v3_doc_authorization_header():
    signed = signing.sign_v3(
        method="POST",
        path="/",
        query=V3_DOC_QUERY,
        headers=V3_DOC_HEADERS,
        access_key_id="YourAccessKeyId",
        secret="YourAccessKeySecret",
    )
    assert signed["Authorization"] == (
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
        "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
        f"Signature={V3_DOC_SIGNATURE}"
    )


def test_v3_query_details_vector_through_sign_v3():
    headers = _query_details_v3_headers()
    assert headers["x-acs-date"] == "2017-07-12T02:42:19Z"
    signed = signing.sign_v3(
        method="POST",
        path="/",
        query=QUERY_DETAILS_V3_QUERY,
        headers=headers,
        access_key_id="testId",
        secret="testSecret",
    )
    assert signed["Authorization"].endswith(f",Signature={QUERY_DETAILS_V3_SIGNATURE}")
    assert "Credential=testId," in signed["Authorization"]


def test_v3_darabonba_python_vector_joins_repeated_headers():
    canonical, signed_headers = signing.v3_canonical_request(
        method="GET",
        path="/",
        query={"test": "ok", "empty": ""},
        headers={"x-acs-test": "http", "x-acs-TEST": "https"},
        payload_sha256="55e12e91650d2fec56ec74e1d3e4ddbfce2ef3a65890c2a19ecf88a307e76a23",
    )
    assert "empty=&test=ok" in canonical
    assert "x-acs-test:http,https\n" in canonical
    assert signed_headers == "x-acs-test"
    signature = signing.v3_signature(signing.v3_string_to_sign(canonical), "secret")
    assert signature == "d16b30a7699ae9e43875b13195b2f81bcc3ed10c14a9b5eb780e51619aa50be1"


def test_v3_headers_carry_the_sts_token_when_given():
    headers = signing.v3_request_headers(
        host="h",
        action="a",
        version="v",
        timestamp=datetime(2020, 1, 1, tzinfo=UTC),
        nonce="n",
        security_token="tok",
    )
    assert headers["x-acs-security-token"] == "tok"
