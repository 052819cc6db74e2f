"""The Alerts page in Chromium: a manager adds a webhook channel and a rule, the sandbox
degrades its templates, ``alerts_check`` fires the rule (the history shows it, the local
webhook got exactly one message), the degradation ends and exactly one recovery arrives.
The page passes the accessibility checks (``a11y_checks.js``, axe-core with ``AXE_CORE_JS``)
at 1280 and 390 px wide in both languages, with nothing scrolling sideways."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.utils import timezone
from support.browser import logged_in_tab
from support.incidents import at_ten, command_output
from support.users import user_with_role
from support.webhooks import Receiver

from access.roles import MANAGER

CHROMIUM = "/usr/bin/chromium"
CHECKS = (Path(__file__).parent / "a11y_checks.js").read_text()
AXE = os.environ.get("AXE_CORE_JS", "")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

if not shutil.which(CHROMIUM) and not os.environ.get("CI"):
    pytest.skip(f"Chromium is not installed at {CHROMIUM}", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture
def sandbox(settings, monkeypatch, tmp_path):
    """make run's setup: one account on the sandbox, incidents in a state directory."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    settings.DYSMS_ENDPOINT = "sandbox"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ""
    settings.DYSMS_ACCOUNTS = ()
    settings.SANDBOX_STATE_DIR = str(tmp_path)
    # The test moves the clock on by an hour after logging in: longer than a session's idle limit.
    settings.SESSION_COOKIE_AGE = 4 * 3600


@pytest.fixture
def webhook():
    with Receiver() as receiver:
        yield receiver


def violations(tab) -> list[str]:
    found = [f"{v['rule']} {v['where']} {v['detail']}".strip() for v in tab.evaluate(CHECKS)]
    if AXE:
        tab.add_script_tag(path=AXE)
        answer = tab.evaluate("async () => (await axe.run(document)).violations")
        found += [f"axe {v['id']} {[n['target'] for n in v['nodes']]}" for v in answer]
    return found


def test_a_manager_watches_a_degraded_template_fire_and_recover(
    live_server, django_user_model, sandbox, webhook, pinned_clock, today
):
    # A busy hour of the sandbox's day, whatever the real time; before logging in, so that the
    # session lives on the same clock as the rest of the test.
    at_ten(pinned_clock, today)
    user = user_with_role(django_user_model, "lead", MANAGER)
    with logged_in_tab(sync_api, live_server.url, user, width=1280, height=900, locale="en") as tab:
        tab.goto(f"{live_server.url}/")
        tab.click("#nav-alerts")
        tab.fill("#channel-name", "Ops webhook")
        tab.fill("#channel-url", webhook.url)
        tab.click("#channel-create")
        assert "json://127.0.0.1/…" in tab.inner_text("#channels")
        assert "secret-path-token" not in tab.content()

        tab.fill("#id_name", "Delivery below 50 %")
        tab.select_option("#id_kind", "delivery_rate")
        tab.fill("#id_threshold", "50")
        tab.fill("#id_window_minutes", "30")
        tab.fill("#id_minimum", "1")
        tab.fill("#id_for_minutes", "0")
        tab.get_by_label("Ops webhook").check()
        tab.click("#rule-create")
        sync_api.expect(tab.locator("#rules")).to_contain_text("Delivery below 50 %")

        command_output("dysms_sandbox_incident", kind="degrade", minutes=30)
        pinned_clock.shift(30 * 60)
        command_output("dysms_sandbox_traffic", backfill_hours=0.6)
        command_output("alerts_check")

        tab.reload()
        sync_api.expect(tab.locator("#history")).to_contain_text("Firing")
        sync_api.expect(tab.locator("#rules")).to_contain_text("Firing")
        assert len(webhook.bodies) == 1
        assert "Delivery below 50 %" in webhook.bodies[0]["title"]

        command_output("dysms_sandbox_incident", end=True)
        pinned_clock.shift(35 * 60)
        command_output("dysms_sandbox_traffic", backfill_hours=0.75)
        command_output("alerts_check")
        command_output("alerts_check")

        tab.reload()
        sync_api.expect(tab.locator("#history")).to_contain_text("Recovered")
        assert len(webhook.bodies) == 2
        assert "Recovered" in webhook.bodies[1]["title"]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_alerts_page_reads_well_at_both_widths_in_both_languages(
    live_server, django_user_model, webhook, width
):

    from alerts.models import AlertEvent, Channel, Rule, RuleState

    channel = Channel.objects.create(name="Ops webhook", url=webhook.url)
    rule = Rule.objects.create(name="Delivery below 90 %", kind="delivery_rate", threshold=90)
    rule.channels.add(channel)
    RuleState.objects.create(rule=rule, status="firing", summary="delivery rate 72.0 %")
    AlertEvent.objects.create(at=timezone.now(), rule_name=rule.name, kind="firing", summary="x")
    user = user_with_role(django_user_model, "lead", MANAGER)
    found = []
    for locale in ("zh-CN", "en"):
        with logged_in_tab(
            sync_api, live_server.url, user, width=width, height=844, locale=locale
        ) as tab:
            tab.goto(f"{live_server.url}/alerts/")
            found += [f"{locale} {width}px: {v}" for v in violations(tab)]
            assert tab.evaluate("document.documentElement.scrollWidth") <= width
            if locale == "zh-CN":
                assert tab.title().startswith("告警")
    assert found == []
