"""/healthz: 200 when this instance serves, 503 when it cannot; details only for monitoring."""

import pytest
import responses
from django.db import connection
from django.test import Client
from support.fake_redis import OOM, READONLY, refusing_redis
from support.outage import closed_port

pytestmark = pytest.mark.django_db

TOKEN = "healthz-t0ken-for-monitoring"


@pytest.fixture(autouse=True)
def healthz_token(settings):
    settings.HEALTHZ_TOKEN = TOKEN


@pytest.fixture
def monitoring():
    """The monitoring system: no login, the token in an Authorization header."""
    return Client(headers={"Authorization": f"Bearer {TOKEN}"})


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache_backends.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.5, "retry_seconds": 5},
        }
    }


@responses.activate  # any call upstream would fail the test: nothing is registered
def test_healthy_instance_answers_200_without_login(monitoring):
    response = monitoring.get("/healthz")

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


def test_upstream_configuration_is_shown_without_secrets(monitoring, settings):
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI-visible-id"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "very-secret-value"
    settings.ALIBABA_CLOUD_SECURITY_TOKEN = "sts-secret-token"
    settings.DYSMS_ENDPOINT = "https://proxy-user:proxy-pass@dysmsapi.aliyuncs.com"
    settings.DYSMS_SIGNATURE_VERSION = "v1"
    settings.DYSMS_REGION = "cn-shanghai"

    response = monitoring.get("/healthz")

    account = {
        "account": "default",
        "endpoint": "https://dysmsapi.aliyuncs.com",
        "sandbox": False,
        "signature_version": "v1",
        "region": "cn-shanghai",
        "credentials_set": True,
        "circuit": {"open": False, "retry_in": 0},
    }
    assert response.json()["upstream"] == {**account, "accounts": [account]}
    for secret in (b"very-secret-value", b"sts-secret-token", b"proxy-pass"):
        assert secret not in response.content


def test_sandbox_without_credentials_is_reported_as_such(monitoring, settings):
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = ""
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ""
    settings.DYSMS_ENDPOINT = "sandbox"

    upstream = monitoring.get("/healthz").json()["upstream"]

    assert upstream["sandbox"] is True
    assert upstream["credentials_set"] is False


def test_unreachable_cache_is_degraded_service_naming_the_cache(monitoring, cache_down):
    # Pages are still served from the per-process cache: a load balancer must keep this one.
    response = monitoring.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["down"] == ["cache"]
    assert body["cache"] == {
        "backend": "core.cache_backends.ResilientRedisCache",
        "ok": False,
        "error": "ConnectionError",
    }
    assert body["database"]["ok"] is True


@pytest.mark.parametrize(
    ("refusal", "error"),
    [
        pytest.param(OOM, "OutOfMemoryError", id="oom"),
        pytest.param(READONLY, "ReadOnlyError", id="read-only"),
    ],
)
def test_a_redis_refusing_writes_is_reported_like_one_gone(
    client, monitoring, settings, refusal, error
):
    with refusing_redis(refusal) as server:
        settings.CACHES = {
            "default": {
                "BACKEND": "core.cache_backends.ResilientRedisCache",
                "LOCATION": server.url,
                "OPTIONS": {"socket_connect_timeout": 0.5, "retry_seconds": 5},
            }
        }

        anonymous = client.get("/healthz")
        detailed = monitoring.get("/healthz")

    assert anonymous.status_code == 200
    assert anonymous.json() == {"status": "degraded", "down": ["cache"]}
    assert detailed.json()["cache"]["error"] == error


def test_unreachable_database_answers_503_naming_the_database(client, monitoring, database_down):
    response = monitoring.get("/healthz")
    anonymous = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["database"]
    assert body["database"]["ok"] is False
    assert body["database"]["error"] == "OperationalError"
    assert body["cache"]["ok"] is True
    assert anonymous.status_code == 503
    assert anonymous.json() == {"status": "down", "down": ["database"]}


@responses.activate
def test_anonymous_callers_learn_only_the_status_and_what_is_down(client, settings):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    settings.DYSMS_REGION = "cn-shanghai"

    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "down": []}
    page = response.content.decode()
    for detail in ("aliyuncs", "cn-shanghai", "backends", "vendor", connection.vendor, "circuit"):
        assert detail not in page


@pytest.mark.parametrize(
    "authorization", ["Bearer wrong-token", f"Basic {TOKEN}", TOKEN, f"Bearer {TOKEN}x", ""]
)
def test_a_wrong_token_gets_the_anonymous_answer(authorization):
    response = Client(headers={"Authorization": authorization}).get("/healthz")

    assert response.json() == {"status": "ok", "down": []}


def test_without_a_configured_token_no_bearer_gets_details(settings):
    settings.HEALTHZ_TOKEN = ""

    response = Client(headers={"Authorization": "Bearer "}).get("/healthz")

    assert response.json() == {"status": "ok", "down": []}


def test_superusers_see_the_details_other_staff_do_not(client, django_user_model):
    from support.users import user_with_role

    from access.roles import AUDITOR

    auditor = user_with_role(django_user_model, "auditor", AUDITOR, is_staff=True)
    admin = django_user_model.objects.create_superuser("root", password="root-password-1")

    client.force_login(auditor)
    as_auditor = client.get("/healthz").json()
    client.force_login(admin)
    as_admin = client.get("/healthz").json()

    assert as_auditor == {"status": "ok", "down": []}
    assert as_admin["database"] == {"vendor": connection.vendor, "ok": True}
    assert "upstream" in as_admin


def test_only_reading_methods_are_allowed(client):
    assert client.post("/healthz").status_code == 405


def test_every_account_is_reported_with_its_own_circuit(monitoring, settings):
    from core.accounts import Account
    from core.clients import breaker_for

    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox"),
        Account(
            name="global",
            label="Global",
            endpoint="https://dysmsapi.ap-southeast-1.aliyuncs.com",
            region="ap-southeast-1",
            key_id="LTAI5tGlobal",
            secret="global-secret-value",
        ),
    )
    for _ in range(settings.CIRCUIT_FAILURES):
        breaker_for("global").record_failure()

    response = monitoring.get("/healthz")

    accounts = response.json()["upstream"]["accounts"]
    assert [(one["account"], one["region"], one["circuit"]["open"]) for one in accounts] == [
        ("shop", "cn-hangzhou", False),
        ("global", "ap-southeast-1", True),
    ]
    assert b"global-secret-value" not in response.content
