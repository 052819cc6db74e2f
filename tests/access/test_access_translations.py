"""The access pages in Chinese: the polite 403, the lockout, the reveal, the Reveal button, the
audit trail in the admin, and the 503 page shown while the database is down."""

from __future__ import annotations

import pytest
from django.utils import timezone
from support.stored import PHONE, stored_day
from support.translations import english_phrases, untranslated
from support.users import user_with_role

from access.models import AuditEntry
from access.roles import AUDITOR, MANAGER, SUPPORT

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-9"


def assert_all_chinese(html: str) -> None:
    assert '<html lang="zh-hans">' in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


@pytest.mark.chinese
def test_a_user_without_a_role_is_told_in_chinese(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "new"))

    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 403
    assert "<h1>请联系管理员</h1>" in html
    assert "您的账号还没有角色。请联系管理员为您分配。" in html
    assert_all_chinese(html)


@pytest.mark.chinese
def test_a_role_without_the_page_is_told_in_chinese(client, django_user_model):
    client.force_login(user_with_role(django_user_model, "support", SUPPORT))

    html = client.get("/stats/").content.decode()

    assert "您的角色无权访问此页面。请联系管理员。" in html
    assert_all_chinese(html)


@pytest.mark.chinese
def test_the_lockout_page_is_in_chinese(client, django_user_model, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    user = user_with_role(django_user_model, "agent", SUPPORT)
    user.set_password(PASSWORD)
    user.save()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "agent", "password": "wrong-horse-9"})

    response = client.post("/accounts/login/", {"username": "agent", "password": PASSWORD})

    html = response.content.decode()
    assert response.status_code == 429
    assert "<h1>登录失败次数过多</h1>" in html
    assert "登录失败 5 次后，该账号和该地址将被禁止登录 0:15:00（时:分:秒）。" in html
    assert_all_chinese(html)


@pytest.mark.chinese
def test_the_reveal_button_and_page_are_in_chinese(agent, upstream):
    records = stored_day()

    search = agent.get("/", {"phone": PHONE, "date": records[0].send_day.isoformat()})
    revealed = agent.post(f"/records/{records[0].pk}/reveal/")

    assert ">显示验证码</button>" in search.content.decode()
    html = revealed.content.decode()
    assert "<h1>短信全文</h1>" in html
    sent = timezone.localtime(records[0].send_time).strftime("%Y-%m-%d %H:%M:%S")
    assert f"于 {sent} 发送给 {PHONE}。本次查看已记入审计日志。" in html
    assert "返回查询" in html
    assert_all_chinese(html)


@pytest.mark.chinese
def test_the_audit_trail_in_the_admin_is_in_chinese(client, django_user_model):
    auditor = user_with_role(django_user_model, "auditor", AUDITOR)
    client.force_login(user_with_role(django_user_model, "manager", MANAGER))
    client.get("/stats/", {"_export": "csv"})
    client.force_login(auditor)

    html = client.get("/admin/access/auditentry/").content.decode()

    assert AuditEntry.objects.filter(action="export").exists()
    assert "权限与审计" in html  # the app
    assert "审计记录" in html  # the model
    assert "IP 地址" in html and "结果数" in html  # columns
    assert '<td class="field-action">导出</td>' in html
    assert untranslated(html) == []


@pytest.mark.chinese
@pytest.mark.django_db(transaction=True)
def test_the_database_page_is_in_chinese(agent_no_raise, database_down):
    response = agent_no_raise.get("/stats/")

    html = response.content.decode()
    assert response.status_code == 503
    assert response["Content-Language"] == "zh-hans"
    assert "<h1>暂时无法使用</h1>" in html
    assert "数据库暂时没有响应，请一分钟后再试。" in html
    assert "本页面将在 30 秒后自动重试。" in html
    assert_all_chinese(html)


@pytest.mark.chinese
@pytest.mark.django_db(transaction=True)
def test_the_database_page_follows_the_browser_language(agent_no_raise, database_down):
    response = agent_no_raise.get("/stats/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Temporarily unavailable</h1>" in html
    assert "This page tries again by itself in 30 seconds." in html
