"""Production settings: `check --deploy` is clean, HTTPS only, and pages carry a strict CSP."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
from support import ROOT
from support.stored import PHONE, stored_day
from support.users import user_with_role

from access.roles import MANAGER, SUPPORT

SECRET = "k3y-" + "x7Q9" * 15
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "sms.example.com",
    "DJANGO_CSRF_TRUSTED_ORIGINS": "https://sms.example.com",
}
SHOW = """
import json
from django.conf import settings as s
print(json.dumps({name: getattr(s, name, None) for name in (
    "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS",
    "SECURE_PROXY_SSL_HEADER", "X_FRAME_OPTIONS", "SECURE_REFERRER_POLICY", "ALLOWED_HOSTS",
    "CSRF_TRUSTED_ORIGINS")}))
"""


def run(args: list[str], **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    return subprocess.run(
        [sys.executable, *args],
        env={**clean, "DJANGO_SETTINGS_MODULE": "smsadmin.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env: str) -> dict:
    result = run(["-c", "import django; django.setup()\n" + SHOW], **{**PRODUCTION, **env})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_reports_nothing_with_production_variables():
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert SECRET not in result.stdout + result.stderr


def test_production_is_https_only():
    got = production_settings()

    assert got["SECURE_SSL_REDIRECT"] and got["SESSION_COOKIE_SECURE"] and got["CSRF_COOKIE_SECURE"]
    assert got["SECURE_HSTS_SECONDS"] >= 31536000
    assert got["X_FRAME_OPTIONS"] == "DENY"
    assert got["SECURE_REFERRER_POLICY"] == "same-origin"
    assert got["ALLOWED_HOSTS"] == ["sms.example.com"]
    assert got["CSRF_TRUSTED_ORIGINS"] == ["https://sms.example.com"]
    assert got["SECURE_PROXY_SSL_HEADER"] is None


def test_healthz_answers_plain_http_while_pages_redirect_to_https(tmp_path):
    # A load balancer probing over plain HTTP counts a 301 as down.
    script = (
        "import json, django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(HTTP_HOST='sms.example.com')\n"
        "print(json.dumps({path: [client.get(path).status_code, client.get(path).get('Location')]"
        " for path in ('/healthz', '/accounts/login/')}))"
    )

    result = run(["-c", script], **PRODUCTION, SQLITE_PATH=str(tmp_path / "db.sqlite3"))

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    assert answers["/healthz"] == [200, None]
    assert answers["/accounts/login/"] == [301, "https://sms.example.com/accounts/login/"]


def test_behind_a_tls_proxy_its_forwarded_proto_is_trusted():
    got = production_settings(DJANGO_BEHIND_TLS_PROXY="1", DJANGO_SECURE_SSL_REDIRECT="0")

    assert got["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert got["SECURE_SSL_REDIRECT"] is False
    assert got["SESSION_COOKIE_SECURE"] is True


def test_production_without_a_secret_key_is_a_clear_error():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}

    result = run(["manage.py", "check"], **env)

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


# --- The headers and the pages ---------------------------------------------------------------

INLINE = [
    re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),  # an inline script
    re.compile(r"\son[a-z]+\s*=", re.I),  # onclick= and friends
    re.compile(r"<[^>]+\sstyle\s*=", re.I),  # style="" attributes
    re.compile(r"javascript:", re.I),
]


def policy(response) -> str:
    return response["Content-Security-Policy"]


@pytest.mark.django_db
def test_every_page_has_a_strict_policy_and_no_inline_code(
    client, django_user_model, upstream, steady_statistics
):
    records = stored_day()
    client.force_login(user_with_role(django_user_model, "both", SUPPORT, MANAGER))
    day = records[0].send_day.isoformat()

    pages = [
        client.get("/"),
        client.get("/", {"phone": PHONE, "date": day}),
        client.get("/stats/"),
        client.post(f"/records/{records[0].pk}/reveal/"),
    ]
    client.logout()
    pages.append(client.get("/accounts/login/"))

    for response in pages:
        assert response.status_code == 200
        assert "'unsafe-inline'" not in policy(response)
        assert "script-src 'self';" in policy(response)
        assert "frame-ancestors 'none'" in policy(response)
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        html = response.content.decode()
        for pattern in INLINE:
            assert not pattern.search(html), (response.request["PATH_INFO"], pattern.pattern)


@pytest.mark.django_db
def test_the_admin_works_under_the_policy(admin_client, upstream):
    record = stored_day()[0]
    pages = [
        "/admin/",
        "/admin/access/auditentry/?action__exact=search",
        "/admin/auth/user/add/",
        "/admin/auth/group/1/change/",
        f"/admin/deliveries/smsrecord/{record.pk}/change/",
    ]

    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        assert "'unsafe-inline'" not in policy(response)
        html = response.content.decode()
        for pattern in INLINE:
            assert not pattern.search(html), (page, pattern.pattern)


@pytest.mark.django_db
def test_chart_styles_carry_this_responses_nonce(client, django_user_model, steady_statistics):
    client.force_login(user_with_role(django_user_model, "boss", MANAGER))

    first, second = client.get("/stats/"), client.get("/stats/")

    nonce = re.search(r"'nonce-([^']+)'", policy(first)).group(1)
    styles = re.findall(r"<style[^>]*>", first.content.decode())
    assert styles and all(f'nonce="{nonce}"' in tag for tag in styles)
    assert nonce not in policy(second)
