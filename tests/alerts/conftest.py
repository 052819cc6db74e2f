"""Fixtures of the alerts' tests: a local webhook, a channel on it, rules, and receipts."""

from __future__ import annotations

import pytest
from support.webhooks import Receiver

from alerts.models import Channel, Rule, RuleState


@pytest.fixture
def webhook():
    """A JSON webhook receiver on 127.0.0.1 (no message leaves the machine)."""
    with Receiver() as receiver:
        yield receiver


@pytest.fixture
def channel(webhook) -> Channel:
    return Channel.objects.create(name="Ops webhook", url=webhook.url)


@pytest.fixture
def make_rule(channel):
    def make(kind: str, **fields) -> Rule:
        rule = Rule.objects.create(name=fields.pop("name", f"{kind} rule"), kind=kind, **fields)
        rule.channels.add(channel)
        RuleState.objects.create(rule=rule)
        return rule

    return make
