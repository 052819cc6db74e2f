"""Each channel kind through apprise, faked at its transport (``responses`` for the robots'
HTTPS APIs, a fake SMTP server class for e-mail, a local receiver for the JSON webhook): no
message leaves the machine. The URL's secret is never shown back, nor logged."""

from __future__ import annotations

import json
import logging
import re

import pytest
import responses

from alerts.channels import masked, message_send, url_problem

ROBOTS = [
    ("dingtalk://abcdef0123456789abcdef/", "oapi.dingtalk.com", "abcdef0123456789abcdef"),
    ("wecombot://wecomkey0123456789", "qyapi.weixin.qq.com", "wecomkey0123456789"),
    ("feishu://feishutoken0123456789", "open.feishu.cn", "feishutoken0123456789"),
    ("lark://larktoken0123456789", "open.larksuite.com", "larktoken0123456789"),
]


@pytest.mark.parametrize(("url", "host", "secret"), ROBOTS)
def test_each_group_robot_gets_the_message_at_its_api(url, host, secret, caplog):
    caplog.set_level(logging.DEBUG)
    with responses.RequestsMock() as faked:
        faked.add(
            responses.POST,
            re.compile(r"https://.*"),
            json={"errcode": 0, "code": 0, "StatusCode": 0},
        )
        went = message_send(url=url, title="Alert firing: rate", body="delivery rate 66.7 %")
        assert went
        assert len(faked.calls) == 1
        request = faked.calls[0].request
    assert host in request.url
    assert (
        "delivery rate 66.7 %" in request.body.decode()
        if isinstance(request.body, bytes)
        else ("delivery rate 66.7 %" in request.body)
    )
    assert secret not in masked(url)
    assert secret not in caplog.text


class FakeSMTP:
    sent: list[tuple[str, list[str], str]] = []

    def __init__(self, host, port=0, *args, **kwargs):
        self.host = host

    def ehlo(self, *args):
        return 250, b"ok"

    def starttls(self, *args, **kwargs):
        return 220, b"ok"

    def login(self, user, password):
        return 235, b"ok"

    def sendmail(self, sender, to, message):
        FakeSMTP.sent.append((sender, to, message))
        return {}

    def quit(self):
        pass

    def close(self):
        pass


def test_an_email_goes_through_smtp(monkeypatch):
    import smtplib

    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTP)
    url = "mailtos://alerts:mail-password-9@mail.example.com?to=team@example.com"

    assert message_send(url=url, title="Alert firing: rate", body="delivery rate 66.7 %")

    ((sender, to, message),) = FakeSMTP.sent
    assert to == ["team@example.com"]
    assert "Alert firing: rate" in message
    assert masked(url) == "mailtos://mail.example.com/…"


def test_the_json_webhook_posts_title_and_message(webhook):
    assert message_send(url=webhook.url, title="Alert firing: rate", body="delivery rate 66.7 %")
    (body,) = webhook.bodies
    assert body["title"] == "Alert firing: rate" and body["message"] == "delivery rate 66.7 %"
    assert masked(webhook.url) == "json://127.0.0.1/…"
    assert "secret-path-token" not in masked(webhook.url)


def test_a_webhook_that_answers_500_is_a_failed_send():
    with responses.RequestsMock() as faked:
        faked.add(responses.POST, "https://hooks.example.com/x/secret", status=500)
        assert not message_send(url="jsons://hooks.example.com/x/secret", title="t", body="b")


def test_an_unreachable_webhook_is_a_failed_send_not_an_exception():
    # Port 9 (discard) on loopback: nothing listens there in the test environment.
    assert not message_send(url="json://127.0.0.1:9/hook", title="t", body="b")


@pytest.mark.parametrize(
    "url", ["https://example.com/hook", "slack://a/b/c", "dingtalk://", "not a url"]
)
def test_other_urls_are_refused_with_a_sentence(url, caplog):
    caplog.set_level(logging.DEBUG)
    assert url_problem(url)
    assert "dingtalk://r" not in caplog.text


def test_a_malformed_token_is_not_logged(caplog):
    caplog.set_level(logging.DEBUG)
    assert url_problem("dingtalk://secret-token-with-dashes/")
    assert not message_send(url="dingtalk://secret-token-with-dashes/", title="t", body="b")
    assert "secret-token" not in caplog.text


def test_the_masks_hide_tokens_passwords_and_paths():
    assert masked("dingtalk://abcdef0123456789abcdef/") == "dingtalk://…"
    assert masked("jsons://user:pw@hooks.example.com/abc/def?x=1") == "jsons://hooks.example.com/…"
    assert json.dumps(masked("mailto://u:pass@h.example.com")).count("pass") == 0
