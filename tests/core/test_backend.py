"""The process-wide Dysmsapi client is built from settings: the sandbox, or an endpoint."""

import pytest
from django.test import RequestFactory

from core import clients
from core.circuit import GuardedClient
from core.context_processors import endpoint as endpoint_context
from dysms_sandbox import DEMO_ACCESS_KEY_ID, SANDBOX_ENDPOINT, SandboxAdapter


@pytest.fixture(autouse=True)
def fresh_client():
    clients.set_client(None)
    yield
    clients.set_client(None)


def test_sandbox_mode_mounts_the_in_process_sandbox(settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    settings.DYSMS_SANDBOX_LATENCY_MS = 250

    client = clients.build_client()

    adapter = client.session.get_adapter(SANDBOX_ENDPOINT + "/")
    assert isinstance(adapter, SandboxAdapter)
    assert adapter.sandbox.latency == 0.25
    assert client.credentials.access_key_id == DEMO_ACCESS_KEY_ID


def test_a_real_endpoint_uses_the_configured_accesskey_and_options(settings):
    settings.DYSMS_ENDPOINT = "http://127.0.0.1:8001"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tExampleExample0000"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "secret-secret-secret-secret-00"
    settings.ALIBABA_CLOUD_SECURITY_TOKEN = "sts-token"
    settings.DYSMS_SIGNATURE_VERSION = "v1"
    settings.DYSMS_REGION = "cn-shanghai"
    settings.DYSMS_READ_TIMEOUT = 7.5

    client = clients.build_client()

    assert client.endpoint == "http://127.0.0.1:8001"
    assert client.credentials.security_token == "sts-token"
    assert (client.signature_version, client.region_id) == ("v1", "cn-shanghai")
    assert client.timeout[1] == 7.5
    assert not isinstance(client.session.get_adapter("http://127.0.0.1:8001/"), SandboxAdapter)


def test_the_connection_pool_holds_every_call_of_a_search_in_flight(settings):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tExampleExample0000"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "secret-secret-secret-secret-00"
    settings.RECORDS_DAYS_CONCURRENCY, settings.RECORDS_FETCH_CONCURRENCY = 30, 4

    client = clients.build_client()

    adapter = client.session.get_adapter("https://dysmsapi.aliyuncs.com/")
    assert adapter.poolmanager.connection_pool_kw["maxsize"] == 30 * 4


def test_a_real_endpoint_without_an_accesskey_is_not_configured(settings):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = ""

    with pytest.raises(clients.ClientNotConfigured, match="ALIBABA_CLOUD_ACCESS_KEY_ID"):
        clients.get_client()


def test_a_malformed_endpoint_is_not_configured_and_not_quoted(settings):
    settings.DYSMS_ENDPOINT = "ftp://user:hunter2@example.com/path"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tExampleExample0000"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "secret-secret-secret-secret-00"

    with pytest.raises(clients.ClientNotConfigured) as raised:
        clients.build_client()
    assert "hunter2" not in str(raised.value)


def test_one_client_per_process_behind_the_circuit_breaker(settings):
    settings.DYSMS_ENDPOINT = "sandbox"

    first = clients.get_client()

    assert isinstance(first, GuardedClient)
    assert clients.get_client() is first


def test_changing_a_dysms_setting_builds_a_new_client(settings):
    settings.DYSMS_ENDPOINT = "sandbox"
    first = clients.get_client()

    settings.DYSMS_SANDBOX_LATENCY_MS = 5

    assert clients.get_client() is not first


@pytest.mark.parametrize(
    ("endpoint", "label", "sandbox"),
    [
        ("sandbox", "Sandbox", True),
        ("https://dysmsapi.aliyuncs.com", "dysmsapi.aliyuncs.com", False),
        ("http://me:secret@127.0.0.1:8001", "127.0.0.1:8001", False),
    ],
)
def test_every_page_knows_the_endpoint_in_use(settings, endpoint, label, sandbox):
    settings.DYSMS_ENDPOINT = endpoint

    context = endpoint_context(RequestFactory().get("/"))

    assert context == {"endpoint_label": label, "endpoint_is_sandbox": sandbox}
