"""Login protection: lockout per user and per address after repeated failures; short sessions."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from support.users import AGENT_PASSWORD

from access.models import Action, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_hashing")]

PASSWORD = AGENT_PASSWORD
LOCKED_OUT = "Too many failed logins"


def attempt(client, username="agent", password="wrong-horse-9", address="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_five_failures_lock_the_account_even_with_the_right_password(client, agent_user):
    answers = [attempt(client).status_code for _ in range(5)]

    locked = attempt(client, password=PASSWORD)

    assert answers[:4] == [200] * 4  # the login form again, with its error
    assert locked.status_code == 429
    assert LOCKED_OUT in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lock_on_a_username_holds_from_another_address(client, agent_user):
    for number in range(5):
        attempt(client, address=f"10.0.0.{number + 1}")

    assert attempt(client, password=PASSWORD, address="10.9.9.9").status_code == 429


def test_the_lock_on_an_address_holds_for_other_usernames(client, agent_user):
    for number in range(5):
        attempt(client, username=f"guess{number}")

    assert attempt(client, password=PASSWORD).status_code == 429
    assert attempt(client, password=PASSWORD, address="10.0.0.2").status_code == 302


def behind_proxy(client, username, forwarded_for, proxy="192.168.0.10"):
    return client.post(
        "/accounts/login/",
        {"username": username, "password": "wrong-horse-9"},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_trusted_proxy_the_lock_is_on_the_clients_address(client, agent_user, settings):
    settings.TRUSTED_PROXIES = 1
    for number in range(5):  # one client guesses usernames, claiming a new address each time
        behind_proxy(client, f"guess{number}", f"1.2.3.{number}, 203.0.113.7")

    assert behind_proxy(client, "someone", "203.0.113.7").status_code == 429
    colleague = behind_proxy(client, "agent", "198.51.100.4")
    assert colleague.status_code == 200  # the proxy's other clients are not locked out
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILURE, username="guess0")
    assert entry.remote_addr == "203.0.113.7"


def test_without_trusted_proxies_a_forwarded_header_is_ignored(client, agent_user):
    for number in range(5):
        behind_proxy(client, f"guess{number}", f"203.0.113.{number}")

    assert behind_proxy(client, "someone", "198.51.100.4").status_code == 429


def test_fewer_failures_than_the_limit_still_let_the_user_in(client, agent_user):
    for _ in range(4):
        attempt(client)

    assert attempt(client, password=PASSWORD).status_code == 302


def test_every_failure_is_in_the_audit_trail(client, agent_user):
    for _ in range(3):
        attempt(client)

    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILURE, username="agent").count() == 3


def test_sessions_end_when_idle_and_with_the_browser(client, agent_user, settings):
    assert settings.SESSION_COOKIE_AGE == 1800
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE and settings.SESSION_SAVE_EVERY_REQUEST

    response = attempt(client, password=PASSWORD)

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["max-age"] == "" and cookie["expires"] == ""  # a browser-session cookie
    session = Session.objects.get()
    idle = (session.expire_date - timezone.now()).total_seconds()
    assert 1790 < idle <= 1800


def test_an_expired_session_is_sent_back_to_the_login(client, agent_user):
    attempt(client, password=PASSWORD)
    Session.objects.update(expire_date=timezone.now())

    response = client.get("/")

    assert response.status_code == 302 and "/login/" in response["Location"]
