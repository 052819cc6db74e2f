"""The client's address behind trusted proxies: only a valid IP address, else the socket's."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory
from support.users import AGENT_PASSWORD

from access.audit import remote_address
from access.models import Action, AuditEntry

pytestmark = pytest.mark.django_db

PROXY = "192.168.0.10"


def address(forwarded: str, *, remote: str = PROXY) -> str | None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    return remote_address(request)


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("10.0.0.1, 203.0.113.7", "203.0.113.7"),
        ("203.0.113.7:5678", "203.0.113.7"),
        ("[::1]:80", "::1"),
        ("[2001:db8::7]", "2001:db8::7"),
        ("2001:db8::7", "2001:db8::7"),
        ("garbage", PROXY),
        ("unknown", PROXY),
        ("203.0.113.7:port", PROXY),
        ("[::1", PROXY),
        ("[::1]80", PROXY),
        ("999.1.1.1", PROXY),
        ("fe80::1%eth0", PROXY),
        ("1.2.3.4, garbage", PROXY),
        ("<script>", PROXY),
    ],
)
def test_only_a_valid_address_is_taken_from_the_header(settings, forwarded, expected):
    settings.TRUSTED_PROXIES = 1

    assert address(forwarded) == expected


def test_an_invalid_socket_address_is_no_address(settings):
    settings.TRUSTED_PROXIES = 0

    assert address("", remote="not-an-address") is None


@pytest.mark.parametrize("forwarded", ["garbage", "unknown", "1.2.3.4:5678", "[::1]:80"])
def test_logins_behind_a_proxy_survive_any_header(client, agent_user, settings, forwarded):
    """On PostgreSQL a non-address in the IP columns (audit, axes) made every login a 500."""
    settings.TRUSTED_PROXIES = 1
    post = {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}

    failed = client.post("/accounts/login/", {"username": "agent", "password": "wrong"}, **post)
    logged_in = client.post(
        "/accounts/login/", {"username": "agent", "password": AGENT_PASSWORD}, **post
    )

    assert failed.status_code == 200 and logged_in.status_code == 302
    expected = {"garbage": PROXY, "unknown": PROXY, "1.2.3.4:5678": "1.2.3.4", "[::1]:80": "::1"}
    addresses = set(AuditEntry.objects.values_list("remote_addr", flat=True))
    assert addresses == {expected[forwarded]}
    assert AuditEntry.objects.filter(action=Action.LOGIN_SUCCESS).exists()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) <= {expected[forwarded]}
