"""The search page at / through Django's test client, upstream being the counting sandbox."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from support.sandbox import sandbox_client, sent, stub_client
from support.translations import visible_text

from core import failures as problems
from deliveries.models import Fetch, SmsRecord
from deliveries.phones import PHONE_INVALID, PHONE_REQUIRED
from deliveries.views import REFRESHED
from dysms.parsing import MAX_TOTAL_COUNT
from dysms.values import SendStatus
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

BUSY = reserved.HUNDREDS  # 420 records on every day


MIXED = reserved.ONE_PAGE  # 20 records every day, one page: 16 delivered, 4 failed


def rows(response) -> list:
    return [row.record for row in response.context["table"].page.object_list]


def badges(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<span class="badge (status-\w+)">(\w+)</span>', html)


def test_login_is_required(client, upstream):
    response = client.get("/", {"phone": "13800000999"})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    assert upstream.calls == []


def test_the_empty_page_shows_the_form_and_calls_nobody(agent, upstream):
    response = agent.get("/")

    assert response.status_code == 200
    assert 'name="phone"' in response.content.decode()
    assert "table" not in response.context
    assert upstream.calls == []


def test_a_search_shows_every_record_of_the_day(agent, upstream, past_day):
    phone = MIXED
    expected = sent(phone, past_day)

    response = agent.get("/", {"phone": phone, "date": past_day.isoformat()})

    assert response.status_code == 200
    html = response.content.decode()
    shown = rows(response)
    assert [row.content for row in shown] == [m.content for m in expected]
    first = expected[0]
    assert first.template_code in html
    assert first.send_time.strftime("%Y-%m-%d %H:%M:%S") in visible_text(html)
    assert first.receive_time.strftime("%Y-%m-%d %H:%M:%S") in visible_text(html)
    assert len(upstream.calls) == 1
    assert upstream.calls[0]["date"] == past_day.strftime("%Y%m%d")


def test_badges_are_coloured_by_class_and_always_carry_the_word(agent, upstream, past_day):
    phone = MIXED
    expected = sent(phone, past_day)

    html = agent.get("/", {"phone": phone, "date": past_day.isoformat()}).content.decode()

    words = {"status-delivered": "Delivered", "status-failed": "Failed"}
    found = badges(html)
    assert len(found) == len(expected)
    assert all(words[css] == word for css, word in found)
    assert found.count(("status-failed", "Failed")) == sum(
        m.final_status == SendStatus.FAILED for m in expected
    )


def test_records_still_waiting_get_the_amber_badge(agent, upstream):
    response = agent.get("/", {"phone": reserved.STILL_WAITING})

    found = badges(response.content.decode())
    assert ("status-waiting", "Waiting") in found
    assert response.context["summary"].waiting == found.count(("status-waiting", "Waiting"))


def test_the_summary_counts_the_day(agent, upstream, past_day):
    phone = MIXED
    expected = sent(phone, past_day)
    delivered = sum(m.final_status == SendStatus.DELIVERED for m in expected)

    response = agent.get("/", {"phone": phone, "date": past_day.isoformat()})

    summary = response.context["summary"]
    assert (summary.sent, summary.delivered, summary.waiting) == (len(expected), delivered, 0)
    assert summary.failed == len(expected) - delivered
    html = response.content.decode()
    assert f'<dd id="count-sent">{len(expected)}</dd>' in html
    assert f"{delivered / len(expected) * 100:.1f}%" in html


def test_a_busy_day_is_paged_fifty_at_a_time(agent, upstream, past_day):
    search = {"phone": BUSY, "date": past_day.isoformat()}

    first = agent.get("/", search)
    last = agent.get("/", {**search, "page": 9})

    assert len(rows(first)) == 50
    assert len(rows(last)) == 420 - 8 * 50
    assert "Page 1 of 9" in first.content.decode()
    assert rows(last)[-1].content == sent(BUSY, past_day)[-1].content
    assert sorted(c["page"] for c in upstream.calls) == list(range(1, 10))


@pytest.mark.parametrize(("per_page", "shown"), [("10", 10), ("20", 20), ("50", 50), ("7", 50)])
def test_rows_per_page_is_10_20_or_50(agent, upstream, per_page, shown, past_day):
    response = agent.get("/", {"phone": BUSY, "date": past_day.isoformat(), "per_page": per_page})

    assert len(rows(response)) == shown


def test_paging_back_and_forth_costs_no_further_call(agent, upstream, past_day):
    search = {"phone": BUSY, "date": past_day.isoformat(), "per_page": "20"}
    agent.get("/", search)
    calls = len(upstream.calls)

    for page in (2, 3, 2, 1, 21):
        assert agent.get("/", {**search, "page": page}).status_code == 200
    agent.get("/", {**search, "sort": "-send_time"})
    agent.get("/", {**search, "per_page": "50", "page": 5})

    assert calls == 9
    assert len(upstream.calls) == calls


def test_opening_the_same_search_a_minute_later_costs_no_call(agent, upstream, past_day):
    search = {"phone": MIXED, "date": past_day.isoformat()}
    agent.get("/", search)
    Fetch.objects.update(fetched_at=timezone.now() - timedelta(minutes=1))

    agent.get("/", search)

    assert len(upstream.calls) == 1


def test_sorting_by_send_time_both_ways(agent, upstream, past_day):
    search = {"phone": BUSY, "date": past_day.isoformat(), "per_page": "50"}

    ascending = [r.send_time for r in rows(agent.get("/", {**search, "sort": "send_time"}))]
    descending = [r.send_time for r in rows(agent.get("/", {**search, "sort": "-send_time"}))]

    assert ascending == sorted(ascending)
    assert ascending[0] == min(m.send_time for m in sent(BUSY, past_day))
    assert descending == sorted(descending, reverse=True)


def test_sorting_by_status_puts_failed_before_delivered(agent, upstream, past_day):
    search = {"phone": MIXED, "date": past_day.isoformat(), "sort": "status"}

    statuses = [r.status for r in rows(agent.get("/", search))]

    assert statuses == sorted(statuses)
    assert statuses[0] == SendStatus.FAILED


def test_the_sort_links_start_again_at_page_one(agent, upstream, past_day):
    html = agent.get("/", {"phone": BUSY, "date": past_day.isoformat(), "page": 3}).content
    html = html.decode()

    link = re.search(r'<a href="([^"]*sort=send_time[^"]*)"', html).group(1)
    assert not re.search(r"[?&;]page=", link)
    assert f"phone={BUSY}" in link


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"phone": ""}, "phone", PHONE_REQUIRED),
        ({"phone": "12345"}, "phone", PHONE_INVALID),
        ({"phone": "138-0000-099x"}, "phone", PHONE_INVALID),
        ({"phone": "13800000999", "date": "next week"}, "date", "Enter the date as YYYY-MM-DD"),
        ({"phone": "13800000999", "date": "2024-02-30"}, "date", "Enter the date as YYYY-MM-DD"),
        ({"phone": "13800000999", "biz_id": "12 34"}, "biz_id", "digits and ^ only"),
        ({"phone": "13800000999", "biz_id": "编号"}, "biz_id", "digits and ^ only"),
        ({"phone": "13800000999", "biz_id": "<script>"}, "biz_id", "digits and ^ only"),
        ({"phone": "13800000999", "biz_id": "abc-DEF_1"}, "biz_id", "digits and ^ only"),
        ({"phone": "13800000999", "biz_id": "9" * 65}, "biz_id", "at most 64"),
    ],
)
def test_bad_input_is_a_form_error_next_to_the_field_and_no_call(
    agent, upstream, params, field, message
):
    response = agent.get("/", params)

    assert response.status_code == 400
    error = re.search(
        rf'<p class="error" id="id_{field}-error">([^<]*)</p>', response.content.decode()
    )
    assert error and message in error.group(1).replace("&#x27;", "'")
    assert upstream.calls == []


@pytest.mark.chinese
def test_a_bad_biz_id_is_a_form_error_in_chinese_and_no_call(agent, upstream):
    response = agent.get("/", {"phone": "13800000999", "biz_id": "<script>alert(1)</script>"})

    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'<p class="error" id="id_biz_id-error">([^<]*)</p>', html)
    assert error and error.group(1) == "BizId 只能包含数字和 ^，例如 900619746936498440^0。"
    assert "<script>alert(1)" not in html
    assert upstream.calls == []


@pytest.mark.parametrize(("days", "message"), [(-1, "future"), (30, "30 days")])
def test_a_day_outside_the_thirty_day_window_is_a_form_error(agent, upstream, days, message):
    day = timezone.localdate() - timedelta(days=days)

    response = agent.get("/", {"phone": "13800000999", "date": day.isoformat()})

    assert response.status_code == 400
    assert message in response.context["form"].errors["date"][0]
    assert upstream.calls == []


def test_the_oldest_day_of_the_window_and_the_compact_date_are_accepted(agent, upstream):
    oldest = timezone.localdate() - timedelta(days=29)

    response = agent.get("/", {"phone": "13800000999", "date": oldest.strftime("%Y%m%d")})

    assert response.status_code == 200
    assert upstream.calls[0]["date"] == oldest.strftime("%Y%m%d")
    assert f'value="{oldest.isoformat()}"' in response.content.decode()


def test_the_date_defaults_to_today_in_shanghai(agent, upstream):
    agent.get("/", {"phone": "13800000999"})

    assert upstream.calls[0]["date"] == timezone.localdate().strftime("%Y%m%d")


def test_the_phone_is_normalised_before_the_call(agent, upstream, past_day):
    response = agent.get("/", {"phone": "+86 138-0000-0999", "date": past_day.isoformat()})

    assert response.status_code == 200
    assert {call["phone"] for call in upstream.calls} == {"13800000999"}
    assert response.context["search"].phone == "13800000999"


def test_a_bizid_search_asks_for_that_message_only(agent, upstream, past_day):
    phone = MIXED
    message = sent(phone, past_day)[0]

    response = agent.get(
        "/", {"phone": phone, "date": past_day.isoformat(), "biz_id": message.biz_id}
    )

    assert [r.content for r in rows(response)] == [message.content]
    assert upstream.calls[0]["biz_id"] == message.biz_id


@pytest.mark.parametrize(
    ("phone", "banner", "has_request_id"),
    [
        (reserved.THROTTLED, problems.THROTTLED, True),
        (
            reserved.ACCOUNT_PROBLEM,
            "Alibaba Cloud refused this account (isv.ACCOUNT_ABNORMAL)",
            True,
        ),
        (reserved.BAD_GATEWAY, problems.UNAVAILABLE.format(status=502), False),
        (reserved.INTERNAL_ERROR, problems.UNAVAILABLE.format(status=500), True),
        (reserved.SERVICE_UNAVAILABLE, problems.UNAVAILABLE.format(status=503), True),
        (reserved.NOT_JSON, problems.UNREADABLE, False),
        (reserved.SLOW_ANSWER, problems.TIMED_OUT, False),
    ],
)
def test_each_upstream_failure_is_a_plain_banner_on_an_ordinary_page(
    agent, upstream, phone, banner, has_request_id, past_day
):
    response = agent.get("/", {"phone": phone, "date": past_day.isoformat()})

    assert response.status_code == 200
    html = response.content.decode()
    alert = re.search(
        r'<div class="banner banner-error" role="alert" id="problem">(.*?)</div>', html, re.S
    )
    assert alert and banner in alert.group(1)
    assert ("RequestId" in alert.group(1)) == has_request_id
    assert f'value="{phone}"' in html  # the form is still filled in
    assert "Traceback" not in html


def test_an_invalid_accesskey_says_so(agent, install_client):
    guarded, _ = sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "another-secret"})
    install_client(guarded)

    response = agent.get("/", {"phone": "13800000999"})

    assert problems.ACCESS_KEY_INVALID in response.content.decode()


def test_a_failure_still_shows_the_stored_rows_marked_with_their_fetch_time(
    agent, upstream, install_client, yesterday
):
    # Two of its sends never get a receipt: the day is never final, so it is fetched again
    # once a minute has passed.
    search = {"phone": reserved.EVERY_STATUS, "date": yesterday.isoformat()}
    agent.get("/", search)
    Fetch.objects.update(fetched_at=timezone.now() - timedelta(minutes=5))
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])

    response = agent.get("/", search)

    html = response.content.decode()
    assert problems.ACCESS_KEY_INVALID in html
    assert "may be out of date" in html
    assert len(rows(response)) == 20
    fetched = timezone.localtime(Fetch.objects.get().fetched_at)
    assert fetched.strftime("%Y-%m-%d %H:%M:%S") in html


def test_without_credentials_for_a_real_endpoint_the_banner_names_the_settings(agent, settings):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = ""

    response = agent.get("/", {"phone": "13800000999"})

    assert response.status_code == 200
    assert "ALIBABA_CLOUD_ACCESS_KEY_ID" in response.content.decode()


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_hostile_upstream_content_is_escaped(agent, install_client, past_day):
    detail = {
        "SendDate": f"{past_day:%Y-%m-%d} 10:00:00",
        "ReceiveDate": f"{past_day:%Y-%m-%d} 10:00:05",
        "SendStatus": 3,
        "ErrCode": HOSTILE,
        "TemplateCode": HOSTILE,
        "Content": HOSTILE,
        "OutId": HOSTILE,
        "PhoneNum": "13900000000",
    }
    body = {
        "Code": "OK",
        "RequestId": "R1",
        "TotalCount": 1,
        "SmsSendDetailDTOs": {"SmsSendDetailDTO": [detail]},
    }
    install_client(stub_client(body)[0])

    html = agent.get("/", {"phone": "13900000000", "date": past_day.isoformat()}).content.decode()

    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert html.count("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;") == 4


def one_record_answer(day, total_count=1, **fields) -> dict:
    """A QuerySendDetails answer with one delivered record of ``day`` (fields override)."""
    detail = {
        "SendDate": f"{day:%Y-%m-%d} 10:00:00",
        "ReceiveDate": f"{day:%Y-%m-%d} 10:00:05",
        "SendStatus": 3,
        "ErrCode": "DELIVERED",
        "TemplateCode": "SMS_1",
        "Content": "hello",
        "OutId": "o-1",
        "PhoneNum": "13900000000",
        **fields,
    }
    return {
        "Code": "OK",
        "RequestId": "R1",
        "TotalCount": total_count,
        "SmsSendDetailDTOs": {"SmsSendDetailDTO": [detail]},
    }


def test_unstorable_upstream_characters_are_replaced_and_the_day_shown(
    agent, install_client, past_day
):
    # json.dumps sends a lone surrogate as the escape \ud800, as a hostile upstream would.
    odd = "code \ud800 and \udfff, nul \x00 end"
    answer = one_record_answer(past_day, Content=odd, OutId=odd, TemplateCode="SMS\ud800")
    install_client(stub_client(answer)[0])
    search = {"phone": "13900000000", "date": past_day.isoformat()}

    first = agent.get("/", search)
    again = agent.get("/", search)

    cleaned = "code \ufffd and \ufffd, nul \ufffd end"
    for response in (first, again):
        assert response.status_code == 200
        assert cleaned in response.content.decode()
    stored = SmsRecord.objects.get()
    assert (stored.content, stored.out_id, stored.template_code) == (cleaned, cleaned, "SMS\ufffd")


@pytest.mark.parametrize("total_count", [2**31, 2**63 + 1, "99999999999999999999999"])
def test_an_unbelievable_total_count_is_clamped_and_the_day_shown_with_a_notice(
    agent, install_client, past_day, total_count
):
    install_client(stub_client(one_record_answer(past_day, total_count=total_count))[0])

    response = agent.get("/", {"phone": "13900000000", "date": past_day.isoformat()})

    assert response.status_code == 200
    assert response.context["summary"].sent >= 1
    notice = re.search(r'<p class="notice" id="capped"[^>]*>([^<]*)</p>', response.content.decode())
    assert notice and "cannot be right" in notice.group(1)
    assert f"{MAX_TOTAL_COUNT}" in notice.group(1)
    assert Fetch.objects.get().total_count == MAX_TOTAL_COUNT


@pytest.mark.chinese
def test_the_unbelievable_total_count_notice_is_in_chinese(agent, install_client, past_day):
    install_client(stub_client(one_record_answer(past_day, total_count=2**40))[0])

    response = agent.get("/", {"phone": "13900000000", "date": past_day.isoformat()})

    notice = re.search(r'<p class="notice" id="capped"[^>]*>([^<]*)</p>', response.content.decode())
    assert notice and f"阿里云报告该号码至少有 {MAX_TOTAL_COUNT} 条短信" in notice.group(1)
    assert "Alibaba" not in notice.group(1)


def test_a_hostile_upstream_error_message_is_escaped(agent, install_client, past_day):
    body = {"Code": "isv.INVALID_PARAMETERS", "Message": HOSTILE, "RequestId": "<b>R2</b>"}
    install_client(stub_client(body)[0])

    html = agent.get("/", {"phone": "13900000000", "date": past_day.isoformat()}).content.decode()

    assert "Alibaba Cloud rejected the search: &lt;script&gt;" in html
    assert "<script>alert" not in html
    assert "<b>R2</b>" not in html


def test_unstorable_characters_in_an_upstream_error_are_replaced(agent, install_client, past_day):
    odd = {"Message": "bad \ud800 \x00 end", "RequestId": "R\ud800"}
    body = {"Code": "isv.INVALID_PARAMETERS", **odd}
    install_client(stub_client(body)[0])

    response = agent.get("/", {"phone": "13900000000", "date": past_day.isoformat()})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Alibaba Cloud rejected the search: bad \ufffd \ufffd end" in html
    assert "R\ufffd" in html


def test_refresh_fetches_again_and_returns_to_the_search(agent, upstream, past_day):
    search = {"phone": MIXED, "date": past_day.isoformat(), "per_page": "20"}
    agent.get("/", search)

    response = agent.post("/", {**search, "page": "2"})

    assert response.status_code == 302
    assert response["Location"].startswith("/?")
    assert not re.search(r"[?&]page=", response["Location"])
    assert len(upstream.calls) == 2
    followed = agent.get(response["Location"])
    assert REFRESHED in followed.content.decode()
    assert len(upstream.calls) == 2


def test_a_failed_refresh_shows_the_banner_after_the_redirect(
    agent, upstream, install_client, past_day
):
    search = {"phone": MIXED, "date": past_day.isoformat()}
    agent.get("/", search)
    install_client(sandbox_client(accounts={"LTAI5tSomebodyElse0000000": "x" * 30})[0])

    followed = agent.post("/", search, follow=True)

    html = followed.content.decode()
    assert problems.ACCESS_KEY_INVALID in html
    assert "may be out of date" in html
    assert len(rows(followed)) == len(sent(search["phone"], past_day))


def test_a_day_over_the_cap_says_how_much_is_shown(agent, upstream, settings, past_day):
    settings.RECORDS_FETCH_CAP = 100

    response = agent.get("/", {"phone": BUSY, "date": past_day.isoformat()})

    html = response.content.decode()
    assert "This day holds 420 messages for this number; only the newest 100 were fetched" in html
    assert response.context["summary"].sent == 100
    assert len(upstream.calls) == 2


def test_the_header_says_sandbox_when_on_the_sandbox(agent, settings):
    settings.DYSMS_ENDPOINT = "sandbox"

    html = agent.get("/").content.decode()

    assert re.search(
        r'<span class="backend backend-sandbox" id="backend"[^>]*>Sandbox</span>', html
    )


def test_the_header_names_the_endpoint_host_otherwise(agent, settings):
    settings.DYSMS_ENDPOINT = "http://user:pw@127.0.0.1:8001"

    html = agent.get("/").content.decode()

    assert re.search(r'id="backend"[^>]*>127.0.0.1:8001</span>', html)
    assert "pw@" not in html and "Sandbox</span>" not in html


def test_after_repeated_outages_the_circuit_opens_and_the_banner_says_when(
    agent, install_client, settings
):
    settings.CIRCUIT_FAILURES = 2
    guarded, adapter = sandbox_client()
    install_client(guarded)
    for _ in range(2):
        agent.get("/", {"phone": reserved.THROTTLED})
    calls = len(adapter.calls)

    response = agent.get("/", {"phone": "13800000999"})

    text = re.sub(r"<[^>]+>", "", response.content.decode())  # the number is in its own span
    assert re.search(r"Alibaba Cloud is unavailable, retrying in \d+ s\.", text)
    assert len(adapter.calls) == calls
