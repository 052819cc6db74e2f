"""An idle tab is logged out on time: a waiting row's status poll is not the user's activity."""

from __future__ import annotations

import pytest
from django.conf import settings
from support.users import user_with_role

from access.roles import SUPPORT
from deliveries.models import SmsRecord, Status
from dysms_sandbox import reserved

pytestmark = pytest.mark.django_db

POLL_SECONDS = 15  # static/js/app.js


@pytest.fixture
def logged_in(client, django_user_model, settings):
    """A Support agent who logged in through the login page (a real, saved session)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.SESSION_COOKIE_AGE = 300  # SESSION_IDLE_SECONDS, short: fewer polls to make
    user = user_with_role(django_user_model, "agent", SUPPORT)
    user.set_password("correct-horse-9")
    user.save()
    client.post("/accounts/login/", {"username": "agent", "password": "correct-horse-9"})
    return client


def waiting_row(client) -> str:
    client.get("/", {"phone": reserved.STILL_WAITING})
    record = SmsRecord.objects.filter(status=Status.WAITING).first()
    return f"/records/{record.pk}/status/"


def logged_out(response) -> bool:
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_polling_alone_does_not_keep_an_idle_session_alive(logged_in, upstream, pinned_clock):
    poll = waiting_row(logged_in)  # the last thing the user did
    answers = []
    for _ in range(settings.SESSION_COOKIE_AGE // POLL_SECONDS - 1):
        pinned_clock.shift(POLL_SECONDS)
        answers.append(logged_in.get(poll, HTTP_ACCEPT="application/json"))
        poll = f"/records/{answers[-1].json()['id']}/status/"  # the id the answer names
    pinned_clock.shift(2 * POLL_SECONDS)  # now past SESSION_IDLE_SECONDS since the search

    after = logged_in.get(poll, HTTP_ACCEPT="application/json")

    assert all(answer.status_code == 200 for answer in answers)  # polls work while logged in
    assert logged_out(after)
    assert logged_out(logged_in.get("/"))


def test_what_the_user_does_still_keeps_the_session_alive(logged_in, upstream, pinned_clock):
    for _ in range(3):
        pinned_clock.shift(settings.SESSION_COOKIE_AGE - 60)
        response = logged_in.get("/")

        assert response.status_code == 200


def test_a_poll_leaves_the_session_cookie_alone(logged_in, upstream):
    poll = waiting_row(logged_in)

    response = logged_in.get(poll)

    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies
    assert "Cookie" in response["Vary"]
