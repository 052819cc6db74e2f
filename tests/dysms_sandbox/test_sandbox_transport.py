"""The sandbox reached through the requests adapter, over loopback HTTP, and by manage.py."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from xml.etree import ElementTree

import pytest
import requests
from django.core.management import call_command
from support.signed_requests import NOW, Clock, Sleeps, query, v3_request

from dysms import DysmsClient, ServiceUnavailableError
from dysms.values import SendStatus
from dysms_sandbox import (
    DEMO_ACCESS_KEY_ID,
    DEMO_ACCESS_KEY_SECRET,
    DEMO_CREDENTIALS,
    SANDBOX_ENDPOINT,
    Sandbox,
    SandboxAdapter,
    reserved,
    serve,
)
from dysms_sandbox.generator import day_messages

DAY = date(2025, 6, 14)


def in_process_client(sandbox, **options):
    client = DysmsClient(
        DEMO_CREDENTIALS, endpoint=SANDBOX_ENDPOINT, clock=sandbox.clock, **options
    )
    client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
    return client


@pytest.fixture
def sandbox_server():
    """A real sandbox HTTP server on a free loopback port, stopped after the test."""
    servers = []

    def start(sandbox):
        server = serve("127.0.0.1", 0, sandbox)
        thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
        thread.start()
        servers.append((server, thread))
        return f"http://127.0.0.1:{server.server_address[1]}"

    yield start
    for server, thread in servers:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# --- adapter ------------------------------------------------------------------------


def test_the_adapter_builds_a_real_requests_response():
    session = requests.Session()
    session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox(clock=Clock())))
    method, url, headers, body = v3_request(query(phone="13800000999", day="20250614"))
    response = session.request(method, url, headers=headers, data=body, timeout=(3, 10))
    assert response.status_code == 200 and response.reason == "OK" and response.ok
    assert response.url == url
    assert response.request.method == "POST"
    assert response.encoding == "utf-8"
    assert response.headers["content-type"].startswith("application/json")
    assert "【" in response.text
    assert response.json()["TotalCount"] == 420


def test_the_adapter_fills_in_the_host_header_the_client_left_to_requests():
    session = requests.Session()
    session.mount(SANDBOX_ENDPOINT, SandboxAdapter(Sandbox(clock=Clock())))
    method, url, headers, _ = v3_request()
    headers["Host"] = headers.pop("host")
    assert session.request(method, url, headers=headers).json()["Code"] == "OK"


@pytest.mark.parametrize("version", ["v3", "v1"])
def test_the_client_reads_sandbox_records_in_process(version):
    client = in_process_client(Sandbox(clock=Clock()), signature_version=version)
    page = client.query_send_details("13800000999", DAY, page=2, page_size=50)
    assert page.total_count == 420
    expected = day_messages("13800000999", DAY)[50:100]
    assert [record.content for record in page.records] == [m.content for m in expected]


def test_the_client_and_sandbox_agree_on_sts_credentials():
    credentials = DEMO_CREDENTIALS.__class__(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, security_token="CAIS+sts/token=="
    )
    for version in ("v3", "v1"):
        sandbox = Sandbox(clock=Clock())
        client = DysmsClient(
            credentials, endpoint=SANDBOX_ENDPOINT, clock=sandbox.clock, signature_version=version
        )
        client.session.mount(SANDBOX_ENDPOINT, SandboxAdapter(sandbox))
        assert client.query_send_details("13800000999", DAY).total_count == 420


def test_the_adapter_serves_concurrent_page_fetches():
    sleeps = Sleeps()
    client = in_process_client(Sandbox(clock=Clock(), latency=0.08, sleep=sleeps))
    with ThreadPoolExecutor(max_workers=8) as pool:
        pages = list(
            pool.map(lambda n: client.query_send_details("13800009999", DAY, n, 50), range(1, 25))
        )
    contents = [record.content for page in pages for record in page.records]
    assert contents == [m.content for m in day_messages("13800009999", DAY)]
    assert sleeps.calls == [0.08] * 24


def test_a_slow_answer_makes_the_client_give_up_at_its_read_timeout():
    sleeps = Sleeps()
    client = in_process_client(
        Sandbox(clock=Clock(), sleep=sleeps), read_timeout=4.0, max_retries=0
    )
    with pytest.raises(ServiceUnavailableError):
        client.query_send_details(reserved.SLOW_ANSWER, DAY)
    assert sleeps.calls == [4.0]


def test_throttling_reaches_the_client_as_a_throttled_error_after_its_retries():
    client = in_process_client(Sandbox(clock=Clock()), max_retries=2, sleep=lambda s: None)
    with pytest.raises(Exception) as caught:
        client.query_send_details(reserved.THROTTLED, DAY)
    assert caught.value.code == "Throttling.User"


# --- HTTP server --------------------------------------------------------------------


@pytest.mark.parametrize("version", ["v3", "v1"])
def test_the_http_server_answers_the_client_over_loopback(sandbox_server, version):
    sandbox = Sandbox(clock=Clock())
    endpoint = sandbox_server(sandbox)
    client = DysmsClient(
        DEMO_CREDENTIALS, endpoint=endpoint, clock=sandbox.clock, signature_version=version
    )
    page = client.query_send_details("13800000001", "20250615", page_size=10)
    expected = [m for m in day_messages("13800000001", date(2025, 6, 15)) if m.send_time <= NOW]
    assert page.total_count == len(expected)
    assert [r.content for r in page.records] == [m.content for m in expected[:10]]
    assert page.records[0].status is SendStatus.WAITING


def test_the_http_server_sends_the_html_502_and_the_service_errors(sandbox_server):
    endpoint = sandbox_server(Sandbox(clock=Clock()))
    client = DysmsClient(DEMO_CREDENTIALS, endpoint=endpoint, clock=lambda: NOW, max_retries=0)
    with pytest.raises(ServiceUnavailableError) as caught:
        client.query_send_details(reserved.BAD_GATEWAY, "20250615")
    assert caught.value.http_status == 502
    response = requests.post(endpoint + "/", timeout=5)
    assert response.status_code == 400
    # Naming no Format, a V1-style request is answered in XML, as the RPC gateway does.
    assert ElementTree.fromstring(response.content).findtext("Code") == "MissingAction"


def test_the_http_server_really_keeps_a_slow_answer_waiting(sandbox_server):
    released = threading.Event()
    waits = []

    def sleep(seconds):
        waits.append(seconds)
        released.wait(seconds)

    endpoint = sandbox_server(Sandbox(clock=Clock(), sleep=sleep))
    client = DysmsClient(
        DEMO_CREDENTIALS, endpoint=endpoint, clock=lambda: NOW, read_timeout=0.3, max_retries=0
    )
    try:
        with pytest.raises(ServiceUnavailableError):
            client.query_send_details(reserved.SLOW_ANSWER, "20250615")
    finally:
        released.set()
    assert waits == [30.0]


def test_the_http_server_logs_no_query_string_so_no_token(sandbox_server, caplog):
    sandbox = Sandbox(clock=Clock())
    endpoint = sandbox_server(sandbox)
    credentials = DEMO_CREDENTIALS.__class__(
        DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, security_token="STS-TOKEN-VALUE"
    )
    client = DysmsClient(
        credentials, endpoint=endpoint, clock=sandbox.clock, signature_version="v1"
    )
    with caplog.at_level("DEBUG", logger="dysms_sandbox"):
        client.query_send_details("13800000999", DAY)
    assert "POST /" in caplog.text or "GET /" in caplog.text
    assert "STS-TOKEN-VALUE" not in caplog.text
    assert "Signature" not in caplog.text


# --- manage.py dysms_sandbox ----------------------------------------------------------


class FakeServer:
    server_address = ("127.0.0.1", 8123)
    closed = False

    def serve_forever(self):
        raise KeyboardInterrupt

    def server_close(self):
        self.closed = True


def test_the_command_prints_the_url_and_the_demo_pair_and_stops_on_ctrl_c(monkeypatch, capsys):
    made = {}
    fake = FakeServer()

    def fake_serve(host, port, sandbox):
        made.update(host=host, port=port, latency=sandbox.latency)
        return fake

    monkeypatch.setattr("ops.management.commands.dysms_sandbox.serve", fake_serve)
    call_command("dysms_sandbox", "--port", "8123", "--latency-ms", "80")
    output = capsys.readouterr().out
    assert made == {"host": "127.0.0.1", "port": 8123, "latency": 0.08}
    assert "http://127.0.0.1:8123/" in output
    assert DEMO_ACCESS_KEY_ID in output and DEMO_ACCESS_KEY_SECRET in output
    assert reserved.THROTTLED in output
    assert fake.closed


def test_the_command_lists_a_day_with_biz_ids(capsys):
    call_command("dysms_sandbox", "--show", "13800000999", "20250614")
    output = capsys.readouterr().out
    assert output.startswith("420 records for 13800000999 on 2025-06-14")
    assert day_messages("13800000999", DAY)[0].biz_id in output
