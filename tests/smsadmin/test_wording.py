"""Wording across the pages, in Chinese and English: titles, language names, one word for a
message waiting for its receipt, status words and punctuation of the page's language, foreign
numbers with their "+", and the sandbox's demo login named on the login page."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from support.sandbox import sent
from support.stored import stored_day
from support.translations import visible_text
from support.users import user_with_role

from access.demo import DEMO_PASSWORD, DEMO_USERNAME
from access.roles import AUDITOR, MANAGER, SUPPORT
from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

FOREIGN = "85291234567"


def title(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1)


def language_options(html: str) -> list[str]:
    select = re.search(r'<select name="language".*?</select>', html, re.S).group(0)
    return re.findall(r">([^<>]+)</option>", select)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_languages_are_named_in_their_own_language(client, language):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()

    assert language_options(html) == ["简体中文", "English"]


@pytest.mark.chinese
def test_the_chinese_search_page_is_titled_as_a_record_search(agent):
    html = agent.get("/").content.decode()

    assert title(html) == "发送记录查询 · 短信发送记录"
    assert "英语" not in html


def test_the_english_search_page_title(agent):
    assert title(agent.get("/").content.decode()) == "SMS record search · SMS deliveries"


@pytest.mark.chinese
def test_a_chinese_record_page_is_titled_and_summarised_in_chinese(agent, upstream, past_day):
    agent.get("/", {"phone": reserved.DEAD_NUMBER, "date": past_day.isoformat()})
    record = SmsRecord.objects.filter(status=Status.FAILED).first()

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert title(html).startswith(f"发送给 {record.phone} 的短信，")
    summary = re.search(r"<textarea[^>]*>(.*?)</textarea>", html, re.S).group(1)
    assert "状态：失败" in summary
    assert "FAILED" not in summary and ": " not in summary
    assert "（UTC+8）" in summary


@pytest.mark.chinese
def test_a_future_date_is_refused_in_plain_chinese(manager, steady_statistics, today):
    html = manager.get("/stats/", {"date": (today + timedelta(days=1)).isoformat()})
    assert "不能选择未来的日期。" in html.content.decode()


def test_a_future_date_is_refused_in_plain_english(manager, steady_statistics, today):
    html = manager.get("/stats/", {"date": (today + timedelta(days=1)).isoformat()})
    assert "A future date cannot be chosen." in html.content.decode()


def test_one_word_for_waiting_on_the_search_and_stats_pages(
    client, django_user_model, upstream, steady_statistics, today
):
    client.force_login(user_with_role(django_user_model, "lead", SUPPORT, MANAGER))

    search = client.get("/", {"phone": reserved.STILL_WAITING}).content.decode()
    stats = client.get("/stats/").content.decode()

    assert "<dt>Waiting</dt>" in search and "<dt>Waiting</dt>" in stats
    assert "No receipt<" not in stats and "No receipt yet" not in search


@pytest.mark.chinese
def test_one_chinese_word_for_waiting_on_both_pages(
    client, django_user_model, upstream, steady_statistics
):
    client.force_login(user_with_role(django_user_model, "lead", SUPPORT, MANAGER))

    search = client.get("/", {"phone": reserved.STILL_WAITING}).content.decode()
    stats = client.get("/stats/").content.decode()

    assert "<dt>等待回执</dt>" in search and "<dt>等待回执</dt>" in stats
    assert "尚无回执" not in search + stats


def test_a_foreign_number_is_shown_with_its_plus(agent):
    record = stored_day(phone=FOREIGN)[0]

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert '<dd id="record-phone">+852 9123 4567' in html
    assert "<h1>Message to +852 9123 4567</h1>" in html
    assert "Phone number: +852 9123 4567" in html  # the escalation summary


def test_a_masked_foreign_number_keeps_its_plus(manager):
    record = stored_day(phone=FOREIGN)[0]

    html = manager.get(f"/records/{record.pk}/").content.decode()

    assert '<dd id="record-phone">+852****4567' in html


def test_a_mainland_number_is_shown_as_agents_type_it(agent):
    record = stored_day()[0]

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert f'<dd id="record-phone">{record.phone}' in html


def test_the_search_title_shows_a_foreign_number_with_its_plus(agent, upstream, past_day):
    html = agent.get("/", {"phone": "+852 9123 4567", "date": past_day.isoformat()})

    assert title(html.content.decode()).startswith("+852 9123 4567 on ")


@pytest.mark.chinese
def test_a_biz_id_search_is_titled_with_chinese_punctuation(agent, upstream, yesterday):
    biz_id = sent(reserved.ONE_PAGE, yesterday)[0].biz_id

    html = agent.get("/", {"phone": reserved.ONE_PAGE, "date": yesterday, "biz_id": biz_id})

    assert f"，BizId {biz_id}</h2>" in html.content.decode()


def demo_user() -> None:
    call_command("demo_user", stdout=io.StringIO())


def test_the_login_page_names_the_demo_login_in_sandbox_mode(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    demo_user()

    html = client.get("/accounts/login/").content.decode()

    assert 'id="demo-login"' in html
    assert f"<kbd>{DEMO_USERNAME}</kbd>" in html and f"<kbd>{DEMO_PASSWORD}</kbd>" in html


@pytest.mark.chinese
def test_the_chinese_login_page_names_the_demo_login(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    demo_user()

    html = client.get("/accounts/login/").content.decode()

    assert f"这是沙箱，数据均为虚构：请使用用户名 <kbd>{DEMO_USERNAME}</kbd>" in html


def test_no_demo_login_is_named_without_the_demo_user(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"

    assert 'id="demo-login"' not in client.get("/accounts/login/").content.decode()


def test_no_demo_login_is_named_with_a_real_endpoint(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    demo_user()
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    demo_user()  # takes the demo password away, as a deploy does

    html = client.get("/accounts/login/").content.decode()

    assert 'id="demo-login"' not in html and DEMO_PASSWORD not in html


# ASCII punctuation against a Chinese character: "状态: 失败", "(RequestId …) 立即重试".
CJK = r"[\u4e00-\u9fff]"
ASCII_NEXT_TO_CHINESE = re.compile(CJK + r"\s?[,:;?!()]|[,;?!(]\s?" + CJK + r"|\)\s?" + CJK)


def punctuation_slips(page: str, html: str) -> list[tuple[str, str]]:
    textareas = " ".join(re.findall(r"<textarea[^>]*>(.*?)</textarea>", html, re.S))
    text = visible_text(html) + " " + textareas
    return [
        (page, text[max(found.start() - 10, 0) : found.end() + 10])
        for found in ASCII_NEXT_TO_CHINESE.finditer(text)
    ]


@pytest.mark.chinese
def test_chinese_pages_use_chinese_punctuation(
    client, django_user_model, upstream, steady_statistics, yesterday
):
    client.force_login(user_with_role(django_user_model, "lead", SUPPORT, MANAGER, AUDITOR))
    pages = [
        "/",
        f"/?phone={reserved.EVERY_STATUS}&date={yesterday}",
        f"/?phone={reserved.THROTTLED}&date={yesterday}",  # a banner with its RequestId
        "/stats/",
        "/sends/",  # with the notice saying how to receive receipts (no token is set here)
        "/audit/",
    ]
    found = []
    for path in pages:
        found += punctuation_slips(path, client.get(path).content.decode())
    record = SmsRecord.objects.filter(status=Status.FAILED).first()  # from the searches above
    found += punctuation_slips("record", client.get(f"/records/{record.pk}/").content.decode())
    assert found == []
