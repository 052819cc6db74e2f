"""Flow control as the service does it: per account and API, counted on the sandbox's clock."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from support.clocks import MonotonicClock
from support.signed_requests import Clock, query, v3_request

from dysms import DysmsClient
from dysms.quotas import CALLS_PER_SECOND
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter
from dysms_sandbox.accounts import AccessKey
from dysms_sandbox.flow_control import THROTTLED_MESSAGE

STATISTICS = {
    "IsGlobe": "1",
    "StartDate": "20250614",
    "EndDate": "20250614",
    "PageIndex": "1",
    "PageSize": "50",
}


def statistics_call(sandbox, **signing):
    request = v3_request(STATISTICS, action="QuerySendStatistics", when=sandbox.now(), **signing)
    return sandbox.handle(*request)


def codes(answers) -> list[str]:
    return [answer.json()["Code"] for answer in answers]


def test_forty_concurrent_statistics_calls_are_twenty_answers_and_twenty_refusals(
    sandbox_service,
):
    with ThreadPoolExecutor(max_workers=40) as pool:
        answers = list(pool.map(lambda _: statistics_call(sandbox_service), range(40)))
    assert sorted(codes(answers)) == ["OK"] * 20 + ["Throttling.User"] * 20
    refused = [answer for answer in answers if answer.status != 200]
    assert {answer.status for answer in refused} == {400}
    body = refused[0].json()
    assert body["Message"] == THROTTLED_MESSAGE
    assert body["RequestId"] and body["HostId"] == "dysmsapi.aliyuncs.com"


def test_the_quota_comes_back_a_second_later_on_the_sandbox_clock(sandbox_service, sandbox_clock):
    assert codes(statistics_call(sandbox_service) for _ in range(21))[-1] == "Throttling.User"
    sandbox_clock.advance(seconds=0.999)
    assert statistics_call(sandbox_service).json()["Code"] == "Throttling.User"
    sandbox_clock.advance(seconds=0.001)
    assert codes(statistics_call(sandbox_service) for _ in range(21)) == ["OK"] * 20 + [
        "Throttling.User"
    ]


def test_the_window_slides(sandbox_service, sandbox_clock):
    for _ in range(10):
        statistics_call(sandbox_service)
    sandbox_clock.advance(seconds=0.5)
    assert codes(statistics_call(sandbox_service) for _ in range(11))[-1] == "Throttling.User"
    sandbox_clock.advance(seconds=0.5)  # the first ten are a second old: ten more may go
    assert codes(statistics_call(sandbox_service) for _ in range(11))[-1] == "Throttling.User"


def test_refused_calls_do_not_use_up_the_quota(sandbox_service, sandbox_clock):
    for _ in range(100):
        statistics_call(sandbox_service)
    sandbox_clock.advance(seconds=1)
    assert codes(statistics_call(sandbox_service) for _ in range(20)) == ["OK"] * 20


def test_each_api_has_its_own_quota(sandbox_service):
    for _ in range(25):
        statistics_call(sandbox_service)
    assert sandbox_service.handle(*v3_request(when=sandbox_service.now())).json()["Code"] == "OK"
    lists = [
        sandbox_service.handle(
            *v3_request({}, action="QuerySmsTemplateList", when=sandbox_service.now())
        )
        for _ in range(11)
    ]
    assert codes(lists) == ["OK"] * 10 + ["Throttling.User"]


def test_the_keys_of_one_account_share_its_quota_and_other_accounts_have_their_own():
    keys = {
        "LTAI5tShopKeyOne00000000": AccessKey("LTAI5tShopKeyOne00000000", "one", account="shop"),
        "LTAI5tShopKeyTwo00000000": AccessKey("LTAI5tShopKeyTwo00000000", "two", account="shop"),
        "LTAI5tGlobalKey000000000": AccessKey("LTAI5tGlobalKey000000000", "g", account="global"),
    }
    sandbox = Sandbox(clock=Clock(), accounts=keys)

    def call(key_id):
        return statistics_call(sandbox, key_id=key_id, secret=keys[key_id].secret)

    assert codes(call("LTAI5tShopKeyOne00000000") for _ in range(15)) == ["OK"] * 15
    assert codes(call("LTAI5tShopKeyTwo00000000") for _ in range(6)) == ["OK"] * 5 + [
        "Throttling.User"
    ]
    assert call("LTAI5tGlobalKey000000000").json()["Code"] == "OK"


def test_calls_the_gateway_refuses_do_not_count(sandbox_service):
    for _ in range(30):
        assert statistics_call(sandbox_service, secret="wrong").json()["Code"] == (
            "SignatureDoesNotMatch"
        )
    assert codes(statistics_call(sandbox_service) for _ in range(20)) == ["OK"] * 20


def test_flow_control_counts_on_the_flow_clock_when_one_is_given(sandbox_clock):
    seconds = MonotonicClock()
    sandbox = Sandbox(clock=sandbox_clock, flow_clock=seconds)
    assert codes(statistics_call(sandbox) for _ in range(21))[-1] == "Throttling.User"
    sandbox_clock.advance(seconds=5)  # the wall clock moving does not matter to it
    assert statistics_call(sandbox).json()["Code"] == "Throttling.User"
    seconds.jump(1)
    assert statistics_call(sandbox).json()["Code"] == "OK"


def test_the_quotas_are_the_services_published_ones():
    assert CALLS_PER_SECOND == {
        "QuerySendDetails": 5000,
        "QuerySendStatistics": 20,
        "QuerySmsTemplateList": 10,
        "QuerySmsSignList": 10,
        "GetSmsTemplate": 1000,
    }


@pytest.mark.parametrize("calls", [40, 61])
def test_a_client_that_keeps_to_its_limiter_is_never_throttled(sandbox_clock, calls):
    """The client's limiter and the sandbox share one clock, which only the limiter's waits move."""
    pace = MonotonicClock()
    sandbox = Sandbox(clock=sandbox_clock, flow_clock=pace)
    client = DysmsClient(
        DEMO_CREDENTIALS,
        endpoint=SANDBOX_ENDPOINT,
        clock=sandbox_clock,
        max_retries=0,
        rate_clock=pace,
        rate_sleep=pace.jump,
    )
    client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
    started = pace.now
    for _ in range(calls):
        page = client.query_send_statistics(is_globe=1, start_date="20250614", end_date="20250614")
        assert page.total_size == 1
    assert pace.now - started == pytest.approx((calls - 1) // 20)


def test_a_client_without_its_limiter_is_throttled_and_says_so(sandbox_clock):
    from dysms import ThrottledError
    from dysms.ratelimit import RateLimiter

    sandbox = Sandbox(clock=sandbox_clock)
    client = DysmsClient(
        DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, clock=sandbox_clock, sleep=lambda s: None
    )
    client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
    client.rate_limits["QuerySendStatistics"] = RateLimiter(1000)
    for _ in range(20):
        client.query_send_statistics(is_globe=1, start_date="20250614", end_date="20250614")
    with pytest.raises(ThrottledError) as caught:
        client.query_send_statistics(is_globe=1, start_date="20250614", end_date="20250614")
    assert (caught.value.code, caught.value.http_status) == ("Throttling.User", 400)
    assert caught.value.message == THROTTLED_MESSAGE


def test_send_details_calls_count_too(sandbox_service):
    sandbox_service.flow_control.limits["QuerySendDetails"] = 2
    answers = [
        sandbox_service.handle(*v3_request(query(), when=sandbox_service.now())) for _ in range(3)
    ]
    assert codes(answers) == ["OK", "OK", "Throttling.User"]
