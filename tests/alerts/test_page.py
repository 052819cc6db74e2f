"""The /alerts/ page: Managers only, forms that answer bad input with errors (never a 500),
every change audited, a channel's URL never shown back."""

from __future__ import annotations

import pytest
from django.test import Client
from support.users import user_with_role

from access.models import Action, AuditEntry
from access.roles import AUDITOR, SUPPORT
from alerts.models import Channel, Rule, RuleState

pytestmark = pytest.mark.django_db
SECRET = "secret-path-token"


def rule_data(**changes) -> dict:
    data = {
        "name": "Delivery below 90 %",
        "kind": "delivery_rate",
        "enabled": "on",
        "account": "",
        "threshold": "90",
        "window_minutes": "30",
        "minimum": "20",
        "template_code": "",
        "place": "",
        "for_minutes": "5",
    }
    return {**data, **changes}


def audited() -> list[dict]:
    return list(
        AuditEntry.objects.filter(action=Action.ALERT_CHANGE)
        .order_by("id")
        .values_list("filters", flat=True)
    )


@pytest.mark.parametrize("role", [SUPPORT, AUDITOR])
def test_only_managers_may_open_or_change_the_alerts(client, django_user_model, role):
    client.force_login(user_with_role(django_user_model, "someone", role))
    assert client.get("/alerts/").status_code == 403
    assert client.post("/alerts/rules/", rule_data()).status_code == 403
    assert Rule.objects.count() == 0


def test_the_page_is_for_logged_in_users_only(client):
    assert client.get("/alerts/").status_code == 302


def test_a_manager_creates_a_rule_with_its_state_and_an_audit_entry(manager, channel):
    response = manager.post("/alerts/rules/", {**rule_data(), "channels": [channel.pk]})

    assert response.status_code == 302
    rule = Rule.objects.get()
    assert RuleState.objects.filter(rule=rule).exists()
    assert list(rule.channels.all()) == [channel]
    assert audited() == [
        {"change": "rule_created", "name": "Delivery below 90 %", "kind": "delivery_rate"}
    ]
    page = manager.get("/alerts/").content.decode()
    assert "Delivery below 90 %" in page and 'id="nav-alerts"' in page


@pytest.mark.parametrize(
    "changes",
    [
        {"threshold": "150"},
        {"threshold": "abc"},
        {"window_minutes": "0"},
        {"window_minutes": "999999"},
        {"kind": "nonsense"},
        {"name": ""},
        {"kind": "pumping", "threshold": "5", "place": "<script>"},
        {"kind": "template_failures", "threshold": "0.5"},
        {"channels": ["9999"]},
    ],
)
def test_bad_rule_input_is_a_form_error(manager, changes):
    response = manager.post("/alerts/rules/", rule_data(**changes))

    assert response.status_code == 400
    assert 'class="error"' in response.content.decode()
    assert Rule.objects.count() == 0


def test_a_channel_is_added_masked_and_audited_without_its_url(manager, webhook):
    response = manager.post("/alerts/channels/", {"name": "Ops", "url": webhook.url})

    assert response.status_code == 302
    page = manager.get("/alerts/").content.decode()
    assert "json://127.0.0.1/…" in page
    assert SECRET not in page
    assert audited() == [{"change": "channel_created", "name": "Ops"}]
    assert SECRET not in str(AuditEntry.objects.values_list("filters", flat=True))


def test_a_bad_channel_url_is_a_form_error_and_not_echoed(manager):
    response = manager.post(
        "/alerts/channels/", {"name": "Ops", "url": "https://example.com/hook/secret-path-token"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Use a DingTalk" in html
    assert SECRET not in html
    assert Channel.objects.count() == 0


def test_the_test_button_sends_one_message_and_says_so(manager, channel, webhook):
    response = manager.post(f"/alerts/channels/{channel.pk}/test/", follow=True)

    assert len(webhook.bodies) == 1 and "Test message" in webhook.bodies[0]["title"]
    assert "Test message sent" in response.content.decode()
    assert audited() == [{"change": "channel_tested", "name": "Ops webhook", "went": True}]


def test_edit_enable_silence_and_delete_are_audited(manager, make_rule):
    rule = make_rule("delivery_rate", threshold=90, window_minutes=30, minimum=5, name="R")

    assert manager.get(f"/alerts/rules/{rule.pk}/").status_code == 200
    bad = manager.post(f"/alerts/rules/{rule.pk}/", rule_data(name="R2", threshold="-1"))
    assert bad.status_code == 400
    manager.post(f"/alerts/rules/{rule.pk}/", rule_data(name="R2"))
    manager.post(f"/alerts/rules/{rule.pk}/toggle/")
    manager.post(f"/alerts/rules/{rule.pk}/silence/", {"minutes": "60"})
    manager.post(f"/alerts/rules/{rule.pk}/silence/", {"minutes": "17"})  # not a choice
    page = manager.get("/alerts/").content.decode()
    assert "Silenced until" in page and "Rule disabled" in page
    manager.post(f"/alerts/rules/{rule.pk}/delete/")

    assert Rule.objects.count() == 0
    changes = [entry["change"] for entry in audited()]
    assert changes == ["rule_changed", "rule_disabled", "rule_silenced", "rule_deleted"]


def test_unknown_rules_and_get_on_actions_are_no_500(manager):
    assert manager.get("/alerts/rules/999/").status_code == 404
    assert manager.post("/alerts/rules/999/delete/").status_code == 404
    assert manager.get("/alerts/rules/").status_code == 405
    assert manager.post("/alerts/channels/999/test/").status_code == 404


def test_upstream_text_in_the_history_is_escaped(manager, make_rule):
    from django.utils import timezone

    from alerts.models import AlertEvent

    AlertEvent.objects.create(at=timezone.now(), kind="firing", rule_name="<b>x</b>", summary="<i>")
    html = manager.get("/alerts/").content.decode()
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


def test_others_see_no_alerts_link(agent):
    assert 'id="nav-alerts"' not in agent.get("/").content.decode()


def test_csrf_is_required(django_user_model, channel):
    from access.roles import MANAGER

    client = Client(enforce_csrf_checks=True)
    client.force_login(user_with_role(django_user_model, "m2", MANAGER))
    assert client.post("/alerts/rules/", rule_data()).status_code == 403


@pytest.mark.chinese
def test_the_chinese_alerts_page_has_no_english_interface_strings(manager, make_rule):
    from support.translations import english_phrases, untranslated

    make_rule("delivery_rate", threshold=90, window_minutes=30, minimum=5, name="送达率")
    html = manager.get("/alerts/").content.decode()

    assert "告警规则" in html and ">告警<" in html
    assert untranslated(html) == []
    assert english_phrases(html, allowed=("Ops webhook",)) == []
