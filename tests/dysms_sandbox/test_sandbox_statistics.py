"""QuerySendStatistics in the sandbox: daily account totals, deterministic, checked as upstream."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from support.signed_requests import NOW, Clock, v1_request, v3_request

from dysms import DysmsClient
from dysms_sandbox import DEMO_CREDENTIALS, SANDBOX_ENDPOINT, Sandbox, SandboxAdapter
from dysms_sandbox.statistics import Filters, day_row

ROW_KEYS = [
    "TotalCount",
    "RespondedSuccessCount",
    "RespondedFailCount",
    "NoRespondedCount",
    "SendDate",
]


def stats_params(start="20250517", end="20250615", globe=1, index=1, size=50, **extra):
    params = {
        "IsGlobe": globe,
        "StartDate": start,
        "EndDate": end,
        "PageIndex": index,
        "PageSize": size,
        **extra,
    }
    return {name: str(value) for name, value in params.items() if value is not None}


def ask(sandbox_service, **params):
    request = v3_request(
        stats_params(**params), action="QuerySendStatistics", when=sandbox_service.now()
    )
    response = sandbox_service.handle(*request)
    return response.status, response.json()


def rows(sandbox_service, **params):
    status, body = ask(sandbox_service, **params)
    assert (status, body["Code"]) == (200, "OK"), body
    return body["Data"]["TargetList"]


def test_the_answer_has_the_service_shape_with_one_row_per_day_newest_first(sandbox_service):
    status, body = ask(sandbox_service, start="20250601", end="20250615")
    assert status == 200
    assert set(body) == {"RequestId", "Code", "Message", "Data"}
    assert body["Data"]["TotalSize"] == 15
    days = [row["SendDate"] for row in body["Data"]["TargetList"]]
    assert days == [f"{date(2025, 6, 15) - timedelta(days=n):%Y%m%d}" for n in range(15)]
    for row in body["Data"]["TargetList"]:
        assert list(row) == ROW_KEYS
        assert all(isinstance(row[key], int) for key in ROW_KEYS[:4])


def test_every_row_adds_up(sandbox_service):
    for row in rows(sandbox_service) + rows(sandbox_service, globe=2):
        parts = row["RespondedSuccessCount"] + row["RespondedFailCount"] + row["NoRespondedCount"]
        assert parts == row["TotalCount"]
        assert min(row[key] for key in ROW_KEYS[:4]) >= 0


def test_two_sandboxes_agree():
    assert rows(Sandbox(clock=Clock())) == rows(Sandbox(clock=Clock()))


def test_rates_look_like_the_records_mostly_delivered_a_few_percent_failed(sandbox_service):
    table = rows(sandbox_service)
    total = sum(row["TotalCount"] for row in table)
    failed = sum(row["RespondedFailCount"] for row in table)
    delivered = sum(row["RespondedSuccessCount"] for row in table)
    assert total > 10_000
    assert delivered / total > 0.88
    assert 0.01 < failed / total < 0.12


def test_the_account_sends_every_day_and_abroad_not_every_day(sandbox_service):
    assert all(row["TotalCount"] > 0 for row in rows(sandbox_service))
    assert any(row["TotalCount"] == 0 for row in rows(sandbox_service, globe=2))


def test_a_past_day_has_every_receipt(sandbox_service):
    for row in rows(sandbox_service, end="20250614"):
        assert row["NoRespondedCount"] == 0


def test_today_grows_as_the_day_goes_on():
    sandbox_clock = Clock()
    sandbox_service = Sandbox(clock=sandbox_clock)
    noon = rows(sandbox_service, start="20250615")[0]["TotalCount"]
    sandbox_clock.advance(hours=6)
    evening = rows(sandbox_service, start="20250615")[0]["TotalCount"]
    assert 0 < noon < evening


def test_a_past_day_does_not_change_with_the_clock():
    later = NOW + timedelta(days=3)
    day = date(2025, 6, 10)
    assert day_row(day, Filters(1), NOW) == day_row(day, Filters(1), later)


def test_pages_split_the_rows(sandbox_service):
    whole = rows(sandbox_service)
    pages = [rows(sandbox_service, index=n, size=7) for n in range(1, 6)]
    assert [row for page in pages for row in page] == whole
    status, body = ask(sandbox_service, index=9, size=7)
    assert body["Data"] == {"TotalSize": 30, "TargetList": []}


def test_template_type_and_sign_name_narrow_the_totals(sandbox_service):
    everything = sum(row["TotalCount"] for row in rows(sandbox_service))
    codes = sum(row["TotalCount"] for row in rows(sandbox_service, TemplateType="0"))
    one_sign = sum(row["TotalCount"] for row in rows(sandbox_service, SignName="鹿鸣快递"))
    assert 0 < codes < everything
    assert 0 < one_sign < everything
    assert all(row["TotalCount"] == 0 for row in rows(sandbox_service, SignName="不存在的签名"))
    assert all(row["TotalCount"] == 0 for row in rows(sandbox_service, TemplateType="3"))


def test_international_traffic_is_small(sandbox_service):
    domestic = sum(row["TotalCount"] for row in rows(sandbox_service))
    international = sum(row["TotalCount"] for row in rows(sandbox_service, globe=2))
    assert 0 < international < domestic / 20


@pytest.mark.parametrize("name", ["IsGlobe", "StartDate", "EndDate", "PageIndex", "PageSize"])
def test_a_missing_parameter_is_named_in_the_code(sandbox_service, name):
    status, body = ask(sandbox_service, **{_argument(name): None})
    assert (status, body["Code"]) == (400, f"Missing{name}")


@pytest.mark.parametrize(
    "overrides",
    [
        {"globe": 3},
        {"globe": "domestic"},
        {"start": "2025-06-01"},
        {"end": "20250632"},
        {"start": "20250610", "end": "20250609"},
        {"end": "20250616"},
        {"start": "20240615"},
        {"size": 0},
        {"size": 51},
        {"index": 0},
        {"TemplateType": "5"},
    ],
)
def test_bad_values_are_invalid_parameters_in_a_200_body(sandbox_service, overrides):
    status, body = ask(sandbox_service, **overrides)
    assert (status, body["Code"]) == (200, "isv.INVALID_PARAMETERS")
    assert body["Message"]


def test_a_year_back_is_the_oldest_start(sandbox_service):
    assert ask(sandbox_service, start="20240616", end="20240620")[1]["Code"] == "OK"


def test_v1_requests_get_statistics_too(sandbox_service):
    request = v1_request(stats_params(start="20250614"), action="QuerySendStatistics")
    assert sandbox_service.handle(*request).json()["Data"]["TotalSize"] == 2


def test_the_client_can_call_statistics_through_the_adapter():
    sandbox_service = Sandbox(clock=Clock())
    client = DysmsClient(DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, clock=sandbox_service.clock)
    client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox_service))
    body = client.call("QuerySendStatistics", stats_params(start="20250609"))
    assert body["Data"]["TotalSize"] == 7


def _argument(name):
    return {
        "IsGlobe": "globe",
        "StartDate": "start",
        "EndDate": "end",
        "PageIndex": "index",
        "PageSize": "size",
    }[name]
