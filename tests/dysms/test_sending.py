"""A request sent prepared is the request ``Session.request`` would send, minus the rescans."""

from __future__ import annotations

import os

import pytest
import requests
from requests.adapters import BaseAdapter

from dysms.sending import EnvironmentSettings, send_prepared

ENDPOINT = "https://dysmsapi.aliyuncs.com"
URL = ENDPOINT + "/?Action=QuerySendDetails&PhoneNumber=13800138000"
HEADERS = {"host": "dysmsapi.aliyuncs.com", "Authorization": "ACS3-HMAC-SHA256 Credential=x"}
TIMEOUT = (3.0, 10.0)


@pytest.fixture(autouse=True)
def plain_environment(monkeypatch):
    """No proxy or CA bundle from the machine's environment: each test sets its own."""
    for name in list(os.environ):
        if name.lower().endswith("_proxy") or name in ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
            monkeypatch.delenv(name)


class Capture(BaseAdapter):
    """Keeps what it is given and answers an empty 200."""

    def __init__(self):
        super().__init__()
        self.sent: list[tuple[requests.PreparedRequest, dict]] = []

    def send(self, request, **kwargs):
        self.sent.append((request, kwargs))
        response = requests.Response()
        response.status_code = 200
        response._content = b"{}"
        response.request = request
        response.url = request.url
        return response

    def close(self):
        pass


def session_with_capture() -> tuple[requests.Session, Capture]:
    session = requests.Session()
    session.headers.update({"Accept": "application/json", "User-Agent": "smsadmin-dysms/1.0"})
    capture = Capture()
    session.mount("https://", capture)
    return session, capture


def send(session, method="POST", url=URL, headers=HEADERS, environment=None):
    environment = environment or EnvironmentSettings(ENDPOINT + "/")
    return send_prepared(
        session, method, url, dict(headers), timeout=TIMEOUT, environment=environment
    )


def sent_by_both(method: str) -> tuple[tuple, tuple]:
    ours, ours_capture = session_with_capture()
    theirs, theirs_capture = session_with_capture()
    send(ours, method)
    theirs.request(method, URL, headers=dict(HEADERS), timeout=TIMEOUT)
    (mine, my_kwargs), (reference, their_kwargs) = ours_capture.sent[0], theirs_capture.sent[0]
    return (
        (mine.method, mine.url, dict(mine.headers), mine.body, my_kwargs),
        (reference.method, reference.url, dict(reference.headers), reference.body, their_kwargs),
    )


def test_post_and_get_are_sent_as_session_request_sends_them():
    for method in ("POST", "GET"):
        mine, reference = sent_by_both(method)
        assert mine == reference


def test_environment_proxies_are_used_and_no_proxy_is_honoured(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    session, capture = session_with_capture()
    send(session)
    assert capture.sent[0][1]["proxies"]["https"] == "http://proxy.example:3128"

    monkeypatch.setenv("NO_PROXY", "aliyuncs.com")
    session, capture = session_with_capture()
    send(session)
    assert "https" not in capture.sent[0][1]["proxies"]


def test_the_environment_is_read_again_only_when_the_session_settings_change(monkeypatch):
    session, capture = session_with_capture()
    environment = EnvironmentSettings(ENDPOINT + "/")
    reads = []
    original = session.merge_environment_settings

    def counting(*args):
        reads.append(args)
        return original(*args)

    monkeypatch.setattr(session, "merge_environment_settings", counting)
    send(session, environment=environment)
    send(session, environment=environment)
    assert len(reads) == 1

    session.verify = "/etc/ssl/our-ca.pem"
    send(session, environment=environment)
    assert len(reads) == 2
    assert capture.sent[-1][1]["verify"] == "/etc/ssl/our-ca.pem"


def test_netrc_credentials_never_replace_the_signature(monkeypatch, tmp_path):
    netrc = tmp_path / "netrc"
    netrc.write_text("machine dysmsapi.aliyuncs.com login someone password hunter2\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    session, capture = session_with_capture()

    session.request("POST", URL, headers=dict(HEADERS), timeout=TIMEOUT)
    send(session)

    replaced, ours = (request.headers["Authorization"] for request, _ in capture.sent)
    assert replaced.startswith("Basic ")  # what Session.request would have sent
    assert ours == HEADERS["Authorization"]


def test_a_session_with_cookies_takes_requests_own_path():
    session, capture = session_with_capture()
    session.cookies.set("sid", "abc", domain="dysmsapi.aliyuncs.com")
    send(session)
    assert capture.sent[0][0].headers["Cookie"] == "sid=abc"


def test_a_session_header_set_to_none_is_not_sent():
    session, capture = session_with_capture()
    session.headers["Accept-Encoding"] = None
    send(session)
    assert "Accept-Encoding" not in capture.sent[0][0].headers
