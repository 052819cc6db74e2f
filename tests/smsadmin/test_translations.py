"""Chinese and English: a new install speaks Simplified Chinese, and no interface string of ours
is left in English on the Chinese pages."""

from __future__ import annotations

import re

import pytest
from django.conf import settings as django_settings
from support.translations import catalogue, english_phrases, untranslated

from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db


def test_a_new_install_speaks_simplified_chinese():
    assert django_settings.LANGUAGE_CODE == "en"  # pinned by tests/conftest.py
    from smsadmin import settings as defaults

    assert defaults.LANGUAGE_CODE == "zh-hans"
    assert [code for code, _ in defaults.LANGUAGES] == ["zh-hans", "en"]


def test_every_catalogue_entry_is_translated():
    missing = [msgid for msgid, msgstr in catalogue().items() if not msgstr]
    assert missing == []


@pytest.mark.chinese
def test_the_chinese_search_page_has_no_english_interface_strings(agent, upstream, past_day):
    phone = reserved.ONE_PAGE  # delivered and failed sends every day

    response = agent.get("/", {"phone": phone, "date": past_day.isoformat()})

    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "查询" in html and "失败" in html
    # A count is not a time: the summary's "Sent" is 发送量, the table's 发送时间.
    assert re.search(r"<dt>发送量</dt><dd id=\"count-sent\">", html)
    assert "<th" in html and "发送时间" in html
    assert "<dt>已送达</dt>" in html and ">成功<" not in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


@pytest.mark.chinese
def test_the_chinese_record_page_has_no_english_interface_strings(agent, upstream, past_day):
    phone = reserved.ONE_PAGE  # delivered and failed sends every day
    agent.get("/", {"phone": phone, "date": past_day.isoformat()})
    record = SmsRecord.objects.filter(status=Status.FAILED).first()

    html = agent.get(f"/records/{record.pk}/").content.decode()

    assert "工单摘要" in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


@pytest.mark.chinese
def test_the_chinese_login_page_has_no_english_interface_strings(client):
    html = client.get("/accounts/login/").content.decode()

    assert "登录" in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


def test_the_browser_language_chooses_english(client):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()

    assert "Log in" in html
    assert "Log in" in untranslated(html)  # the check finds English when it is there


@pytest.mark.chinese
def test_the_header_switch_sets_the_language(agent):
    response = agent.post("/i18n/setlang/", {"language": "en", "next": "/"})

    assert response.status_code == 302
    assert "Messages sent to a number" in agent.get("/").content.decode()


@pytest.mark.chinese
def test_an_upstream_failure_is_explained_in_chinese(agent, upstream, past_day):
    from dysms_sandbox import reserved

    html = agent.get("/", {"phone": reserved.THROTTLED, "date": past_day.isoformat()})
    html = html.content.decode()

    assert "阿里云正在限流，请几秒后重试。" in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


@pytest.mark.chinese
def test_an_open_circuit_is_explained_in_chinese():
    from core.circuit import CircuitOpenError
    from core.failures import Failure, words

    assert words(Failure.of(CircuitOpenError(retry_in=18))) == "阿里云暂时不可用，18 秒后重试。"
