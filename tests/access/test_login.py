"""Logging in and out, what needs a login, and the demo user `make run` creates."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command

from access.roles import SUPPORT
from ops.management.commands.demo_user import (
    DEMO_PASSWORD,
    DEMO_USERNAME,
    DISABLED,
    NOT_SANDBOX,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quick_hashing")]


@pytest.fixture
def user(django_user_model):
    user = django_user_model.objects.create_user(username="agent", password="correct-horse-9")
    user.groups.set(Group.objects.filter(name=SUPPORT))
    return user


def test_the_login_page_needs_no_login_and_says_which_backend(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"

    response = client.get("/accounts/login/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="username"' in html and 'name="password"' in html
    assert "Sandbox</span>" in html


@pytest.mark.parametrize("path", ["/", "/?phone=13800000999", "/admin/deliveries/fetch/"])
def test_pages_send_anonymous_visitors_to_the_login(client, path):
    response = client.get(path)

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_logging_in_leads_to_the_search_page(client, user):
    response = client.post(
        "/accounts/login/", {"username": "agent", "password": "correct-horse-9"}, follow=True
    )

    assert response.redirect_chain[-1][0] == "/"
    assert "Messages sent to a number" in response.content.decode()
    assert "agent" in response.content.decode()


def test_logging_in_returns_to_the_search_asked_for(client, user):
    client.get("/?phone=13800000999")

    response = client.post(
        "/accounts/login/?next=/%3Fphone%3D13800000999",
        {"username": "agent", "password": "correct-horse-9", "next": "/?phone=13800000999"},
    )

    assert response["Location"] == "/?phone=13800000999"


def test_a_wrong_password_is_an_error_on_the_login_page(client, user):
    response = client.post("/accounts/login/", {"username": "agent", "password": "wrong"})

    assert response.status_code == 200
    assert 'role="alert"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logging_out_ends_the_session(client, user):
    client.force_login(user)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_static_files_need_no_login(client):
    response = client.get("/static/css/app.css")

    assert response.status_code == 200


def run_demo_user() -> str:
    out = io.StringIO()
    call_command("demo_user", "--port", "8123", stdout=out)
    return out.getvalue()


def test_in_sandbox_mode_the_demo_user_is_created_and_its_login_printed(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"

    output = run_demo_user()

    assert "http://127.0.0.1:8123/accounts/login/" in output
    assert f"{DEMO_USERNAME} / {DEMO_PASSWORD}" in output
    assert client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)


def test_running_it_again_resets_the_demo_password(settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    run_demo_user()
    demo = get_user_model().objects.get(username=DEMO_USERNAME)
    demo.set_password("changed-by-someone")
    demo.save()

    run_demo_user()

    demo.refresh_from_db()
    assert demo.check_password(DEMO_PASSWORD)
    assert get_user_model().objects.filter(username=DEMO_USERNAME).count() == 1


def test_outside_sandbox_mode_nothing_is_created(settings):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"

    output = run_demo_user()

    assert NOT_SANDBOX in output
    assert not get_user_model().objects.filter(username=DEMO_USERNAME).exists()


def test_outside_sandbox_mode_an_old_demo_login_stops_working(client, settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    run_demo_user()
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"

    output = run_demo_user()

    assert DISABLED in output
    assert not client.login(username=DEMO_USERNAME, password=DEMO_PASSWORD)
