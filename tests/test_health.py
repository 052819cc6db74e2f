"""/healthz: 200 with what serves this instance, 503 naming what is down; no login, no secrets."""

import pytest
import responses
from django.db import connection
from outage import break_database, closed_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_down(transactional_db, monkeypatch):
    yield from break_database(monkeypatch)


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "deliveries.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "retry_seconds": 5},
        }
    }


@responses.activate  # any call upstream would fail the test: nothing is registered
def test_healthy_instance_answers_200_without_login(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "no-cache" in response["Cache-Control"]
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["database"] == {"vendor": connection.vendor, "ok": True}
    assert body["cache"]["ok"] is True
    assert body["cache"]["backend"].startswith("django.core.cache.backends.") or body["cache"][
        "backend"
    ].endswith("ResilientRedisCache")
    assert len(responses.calls) == 0


def test_upstream_configuration_is_shown_without_secrets(client, settings):
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI-visible-id"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "very-secret-value"
    settings.ALIBABA_CLOUD_SECURITY_TOKEN = "sts-secret-token"
    settings.DYSMS_ENDPOINT = "https://proxy-user:proxy-pass@dysmsapi.aliyuncs.com"
    settings.DYSMS_SIGNATURE_VERSION = "v1"
    settings.DYSMS_REGION = "cn-shanghai"

    response = client.get("/healthz")

    assert response.json()["upstream"] == {
        "endpoint": "https://dysmsapi.aliyuncs.com",
        "sandbox": False,
        "signature_version": "v1",
        "region": "cn-shanghai",
        "credentials_set": True,
        "circuit": {"open": False, "retry_in": 0},
    }
    for secret in (b"very-secret-value", b"sts-secret-token", b"proxy-pass"):
        assert secret not in response.content


def test_sandbox_without_credentials_is_reported_as_such(client, settings):
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = ""
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ""
    settings.DYSMS_ENDPOINT = "sandbox"

    upstream = client.get("/healthz").json()["upstream"]

    assert upstream["sandbox"] is True
    assert upstream["credentials_set"] is False


def test_unreachable_cache_answers_503_naming_the_cache(client, cache_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["cache"]
    assert body["cache"] == {
        "backend": "deliveries.cache_backends.ResilientRedisCache",
        "ok": False,
        "error": "ConnectionError",
    }
    assert body["database"]["ok"] is True


def test_unreachable_database_answers_503_naming_the_database(client, database_down):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["database"]
    assert body["database"]["ok"] is False
    assert body["database"]["error"] == "OperationalError"
    assert body["cache"]["ok"] is True


def test_only_reading_methods_are_allowed(client):
    assert client.post("/healthz").status_code == 405
