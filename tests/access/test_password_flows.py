"""Password pages: no reset without mail; wrong old passwords count as failed logins."""

from __future__ import annotations

import importlib

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import override_settings
from django.urls import clear_url_caches
from support.users import AGENT_PASSWORD, user_with_role

from access.models import Action, AuditEntry

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_hashing")]

PASSWORD = AGENT_PASSWORD
WRONG = "wrong-horse-9"
NEW = "brand-new-staple-42"
RESET_PAGES = [
    "/accounts/password_reset/",
    "/accounts/password_reset/done/",
    "/accounts/reset/MQ/set-password/",
    "/accounts/reset/done/",
]


@pytest.fixture
def agent_through_login(client, agent_user):
    assert (
        client.post("/accounts/login/", {"username": "agent", "password": PASSWORD}).status_code
        == 302
    )
    return client


@pytest.fixture
def mail_configured():
    """The URLs as a server with EMAIL_HOST set builds them."""
    import smsadmin.urls

    def rebuild():
        for name in ("access.urls", "smsadmin.urls"):
            importlib.reload(importlib.import_module(name))
        clear_url_caches()

    with override_settings(EMAIL_HOST="smtp.example.com", PASSWORD_RESET_BY_MAIL=True):
        rebuild()
        yield smsadmin.urls
    rebuild()


@pytest.mark.parametrize("path", RESET_PAGES)
def test_without_mail_the_reset_pages_do_not_exist(client, agent_through_login, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", RESET_PAGES)
def test_without_mail_anonymous_visitors_find_no_reset_page(client, path):
    assert client.get(path).status_code == 404


def test_without_mail_the_reset_form_sends_nothing(client, agent_user):
    response = client.post("/accounts/password_reset/", {"email": "agent@example.com"})

    assert response.status_code != 200 and mail.outbox == []
    assert "password_reset" not in client.get("/accounts/login/").content.decode()


def test_with_mail_configured_the_reset_sends_its_link(client, agent_user, mail_configured):
    login = client.get("/accounts/login/").content.decode()
    response = client.post("/accounts/password_reset/", {"email": "agent@example.com"})

    assert 'href="/accounts/password_reset/"' in login
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and "/accounts/reset/" in mail.outbox[0].body


def change(client, old, path="/accounts/password_change/"):
    return client.post(path, {"old_password": old, "new_password1": NEW, "new_password2": NEW})


def test_a_wrong_old_password_is_a_failed_login_in_the_audit_trail(agent_through_login):
    response = change(agent_through_login, WRONG)

    assert response.status_code == 200  # the form again, with its error
    entry = AuditEntry.objects.get(action=Action.LOGIN_FAILURE)
    assert entry.username == "agent" and WRONG not in str(entry.filters)


def test_wrong_old_passwords_lock_the_account_as_failed_logins_do(
    client, agent_through_login, agent_user
):
    answers = [change(agent_through_login, WRONG).status_code for _ in range(5)]

    right = change(agent_through_login, PASSWORD)
    login = client.post("/accounts/login/", {"username": "agent", "password": PASSWORD})

    assert answers[:4] == [200] * 4
    assert right.status_code == 429 and login.status_code == 429
    agent_user.refresh_from_db()
    assert agent_user.check_password(PASSWORD)  # not changed while locked out
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILURE).count() >= 5


def test_what_axes_keeps_of_a_failure_holds_no_password(agent_through_login):
    change(agent_through_login, WRONG)

    kept = list(AccessAttempt.objects.values_list("post_data", "get_data"))

    assert kept and "old_password" in kept[0][0]
    assert not any(word in str(kept) for word in (WRONG, NEW))


def test_the_right_old_password_still_changes_it(agent_through_login, agent_user):
    response = change(agent_through_login, PASSWORD)

    assert response.status_code == 302
    agent_user.refresh_from_db()
    assert agent_user.check_password(NEW)
    assert not AuditEntry.objects.filter(action=Action.LOGIN_FAILURE).exists()


def test_the_admins_password_page_counts_wrong_old_passwords_too(client, django_user_model):
    user = user_with_role(django_user_model, "root", is_staff=True, is_superuser=True)
    user.set_password(PASSWORD)
    user.save()
    client.post("/admin/login/", {"username": "root", "password": PASSWORD})

    page = client.get("/admin/password_change/")
    answers = [change(client, WRONG, "/admin/password_change/").status_code for _ in range(5)]

    assert page.status_code == 200 and "old_password" in page.content.decode()
    assert answers[:4] == [200] * 4 and answers[4] == 429
    assert AuditEntry.objects.filter(action=Action.LOGIN_FAILURE, username="root").count() == 5
