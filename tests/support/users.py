"""Users in the access roles, for tests that log in."""

from __future__ import annotations

import requests
from django.contrib.auth.models import Group

from access.roles import ensure_roles


def user_with_role(django_user_model, username: str, *roles: str, **fields):
    """A user in the given role groups (the groups come from the access migrations)."""
    ensure_roles()  # a transactional test before this one may have flushed the migration's rows
    user = django_user_model.objects.create(username=username, **fields)
    user.groups.set(Group.objects.filter(name__in=roles))
    return user


# The password of the ``agent_user`` fixture (tests/access/conftest.py).
AGENT_PASSWORD = "correct-horse-9"


def logged_in_over_http(base: str, username: str, password: str) -> requests.Session:
    """A ``requests`` session logged in on a running instance (gunicorn) through its login form,
    reading English (a new install speaks Chinese)."""
    browser = requests.Session()
    browser.headers["Accept-Language"] = "en"
    browser.get(f"{base}/accounts/login/", timeout=30)
    browser.post(
        f"{base}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": browser.cookies["csrftoken"],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        timeout=30,
    )
    assert "sessionid" in browser.cookies
    return browser
