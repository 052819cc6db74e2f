"""The official Node.js SDK (``@alicloud/dysmsapi20170525``, in tests/node/) against the
standalone sandbox: it signs (ACS3-HMAC-SHA256, its default), the sandbox answers what the
service answers, and our client reads the same records and lists.

``tests/node/parity.js`` makes one call per run and prints the SDK's answer as JSON. Without
Node.js or ``npm ci --prefix tests/node`` (no internet) the tests are skipped, unless CI is
set: .ci/run installs them, and there they must run.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime

import pytest
from support import ROOT
from support.sandbox import serving

from dysms import DysmsClient
from dysms.values import CHINA_TZ, Credentials
from dysms_sandbox import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    GLOBAL_ACCESS_KEY_ID,
    GLOBAL_ACCESS_KEY_SECRET,
    Sandbox,
    reserved,
)
from dysms_sandbox.accounts import INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET

NODE = shutil.which("node")
SCRIPT = ROOT / "tests" / "node" / "parity.js"
INSTALLED = (ROOT / "tests" / "node" / "node_modules" / "@alicloud" / "dysmsapi20170525").exists()

if not (NODE and INSTALLED) and not os.environ.get("CI"):
    pytest.skip(
        "the Node.js SDK is not installed: npm ci --prefix tests/node (set CI=1 to fail instead)",
        allow_module_level=True,
    )


@pytest.fixture
def endpoint():
    """A fresh standalone sandbox per test: flow control starts empty."""
    with serving(Sandbox()) as host_port:
        yield host_port


def node(endpoint, action, parameters, key_id=DEMO_ACCESS_KEY_ID, secret=DEMO_ACCESS_KEY_SECRET):
    """What the Node.js SDK got for ``action``: ``{"status", "body"}`` or ``{"error", ...}``."""
    ran = subprocess.run(
        [NODE, str(SCRIPT), endpoint, key_id, secret, action, json.dumps(parameters)],
        capture_output=True,
        text=True,
        timeout=60,
        # The SDK signs with the time: the test's pinned one, as the sandbox's clock is.
        env={**os.environ, "SANDBOX_NOW": datetime.now(UTC).isoformat()},
    )
    assert ran.returncode == 0, ran.stderr
    return json.loads(ran.stdout)


def ours(endpoint, key_id=DEMO_ACCESS_KEY_ID, secret=DEMO_ACCESS_KEY_SECRET) -> DysmsClient:
    return DysmsClient(Credentials(key_id, secret), endpoint=f"http://{endpoint}")


def details(phone, day):
    return {"phoneNumber": phone, "sendDate": f"{day:%Y%m%d}", "pageSize": 50, "currentPage": 1}


def test_query_send_details_reads_the_same_records(endpoint, yesterday):
    answer = node(endpoint, "QuerySendDetails", details(reserved.EVERY_STATUS, yesterday))
    page = ours(endpoint).query_send_details(reserved.EVERY_STATUS, yesterday)

    body = answer["body"]
    rows = body["SmsSendDetailDTOs"]["SmsSendDetailDTO"]
    assert answer["status"] == 200 and body["Code"] == "OK"
    assert int(body["TotalCount"]) == page.total_count == len(rows)
    sent = [datetime.strptime(r["SendDate"], "%Y-%m-%d %H:%M:%S") for r in rows]
    assert [s.replace(tzinfo=CHINA_TZ) for s in sent] == [r.send_time for r in page.records]
    assert [r["Content"] for r in rows] == [r.content for r in page.records]


def test_another_accounts_pair_signs_and_gets_its_own_sends(endpoint, yesterday):
    pair = {"key_id": GLOBAL_ACCESS_KEY_ID, "secret": GLOBAL_ACCESS_KEY_SECRET}
    answer = node(endpoint, "QuerySendDetails", details(reserved.EVERY_STATUS, yesterday), **pair)
    page = ours(endpoint, GLOBAL_ACCESS_KEY_ID, GLOBAL_ACCESS_KEY_SECRET).query_send_details(
        reserved.EVERY_STATUS, yesterday
    )

    rows = answer["body"]["SmsSendDetailDTOs"]["SmsSendDetailDTO"]
    assert [r["Content"] for r in rows] == [r.content for r in page.records]


def test_the_template_list_reads_the_same(endpoint):
    answer = node(endpoint, "QuerySmsTemplateList", {"pageIndex": 1, "pageSize": 10})

    codes = [t["TemplateCode"] for t in answer["body"]["SmsTemplateList"]]
    assert codes == [t.code for t in ours(endpoint).query_sms_template_list(page_size=10).items]


def test_the_sign_list_reads_the_same(endpoint):
    answer = node(endpoint, "QuerySmsSignList", {"pageIndex": 1, "pageSize": 10})

    names = [s["SignName"] for s in answer["body"]["SmsSignList"]]
    assert names == [s.name for s in ours(endpoint).query_sms_sign_list(page_size=10).items]


@pytest.mark.parametrize(
    ("phone", "code"),
    [
        (reserved.THROTTLED, "Throttling.User"),
        ("13800000501", "InternalError"),
        ("13800000503", "ServiceUnavailable"),
    ],
)
def test_the_services_errors_reach_the_sdk_as_the_service_sends_them(
    endpoint, yesterday, phone, code
):
    answer = node(endpoint, "QuerySendDetails", details(phone, yesterday))

    assert answer["error"] == code and answer["requestId"]


def test_a_disabled_key_is_refused_as_the_service_refuses_it(endpoint, yesterday):
    pair = {"key_id": INACTIVE_ACCESS_KEY_ID, "secret": INACTIVE_ACCESS_KEY_SECRET}
    answer = node(endpoint, "QuerySendDetails", details(reserved.ONE_PAGE, yesterday), **pair)

    assert answer["error"] == "InvalidAccessKeyId.Inactive"
