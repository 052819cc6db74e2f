"""``manage.py dysms_sandbox_traffic``: the sandbox's receipts and replies go into the store as
Alibaba Cloud's pushes would, once each, for every account on the sandbox and no other."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from core.accounts import Account
from deliveries.models import SmsReply
from dysms_sandbox import DEMO_ACCOUNT, SHOP_ACCESS_KEY_ID, SHOP_ACCESS_KEY_SECRET, SHOP_ACCOUNT
from dysms_sandbox.pushes import receipts_between, replies_between
from rates.models import SmsReceipt

pytestmark = pytest.mark.django_db

COMMAND = "ops.management.commands.dysms_sandbox_traffic"


@pytest.fixture(autouse=True)
def on_the_sandbox(settings):
    """One account, ``default``, on the sandbox with the public demo pair (as ``make run``)."""
    settings.DYSMS_ENDPOINT = "sandbox"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = ""
    settings.DYSMS_ACCOUNTS = ()


def run(**options) -> str:
    out = StringIO()
    call_command("dysms_sandbox_traffic", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def stored_receipts(account: str) -> set[tuple[str, str]]:
    return set(SmsReceipt.objects.filter(account=account).values_list("biz_id", "phone_number"))


def keys(receipts) -> set[tuple[str, str]]:
    return {(item["biz_id"], item["phone_number"]) for item in receipts}


def test_the_backfill_stores_the_last_hours_receipts_and_replies():
    text = run(backfill_hours=24)

    now = timezone.now()
    receipts = receipts_between(DEMO_ACCOUNT, now - timedelta(hours=24), now)
    replies = replies_between(DEMO_ACCOUNT, now - timedelta(hours=24), now)
    assert len(receipts) > 50
    assert stored_receipts("default") == keys(receipts)
    assert SmsReply.objects.filter(account="default").count() == len(replies)
    assert f"default (sandbox-demo): {len(receipts)} new receipts, {len(replies)} new" in text


def test_a_stored_receipt_is_the_sandboxs_push_field_for_field():
    run(backfill_hours=6)

    now = timezone.now()
    item = receipts_between(DEMO_ACCOUNT, now - timedelta(hours=6), now)[-1]
    stored = SmsReceipt.objects.get(biz_id=item["biz_id"], phone_number=item["phone_number"])
    assert (
        timezone.localtime(stored.report_time).strftime("%Y-%m-%d %H:%M:%S")
        == (item["report_time"])
    )
    assert (stored.success, stored.err_code, stored.err_msg, stored.out_id) == (
        item["success"],
        item["err_code"],
        item["err_msg"],
        item["out_id"],
    )


def test_a_second_run_stores_nothing_twice():
    run(backfill_hours=24)
    receipts, replies = SmsReceipt.objects.count(), SmsReply.objects.count()

    text = run(backfill_hours=24)

    assert (SmsReceipt.objects.count(), SmsReply.objects.count()) == (receipts, replies)
    assert "default (sandbox-demo): 0 new receipts, 0 new replies" in text


def test_every_few_seconds_it_pushes_what_came_since_the_last_push(pinned_clock, monkeypatch):
    start, waits = timezone.now(), []

    def sleep(seconds):
        if len(waits) == 2:
            raise KeyboardInterrupt  # Ctrl-C during the third wait
        waits.append(seconds)
        pinned_clock.shift(timedelta(hours=6))

    monkeypatch.setattr(f"{COMMAND}.sleep", sleep)
    text = run(backfill_hours=1, every=15)

    assert waits == [15, 15]
    came = receipts_between(DEMO_ACCOUNT, start - timedelta(hours=1), timezone.now())
    assert stored_receipts("default") == keys(came)
    assert len(came) > len(receipts_between(DEMO_ACCOUNT, start - timedelta(hours=1), start))
    assert "Pushing what comes every 15 s" in text


def test_each_account_gets_its_own_sandbox_accounts_traffic_and_one_elsewhere_none(settings):
    settings.DYSMS_ACCOUNTS = (
        Account(name="main", label="Main", endpoint="sandbox"),
        Account(
            name="shop",
            label="Shop",
            endpoint="sandbox",
            key_id=SHOP_ACCESS_KEY_ID,
            secret=SHOP_ACCESS_KEY_SECRET,
        ),
        Account(
            name="real",
            label="Real",
            endpoint="https://dysmsapi.aliyuncs.com",
            key_id="LTAI5tNotARealKey0000001",
            secret="not-a-real-secret",
        ),
    )
    text = run(backfill_hours=12)

    now = timezone.now()
    since = now - timedelta(hours=12)
    assert stored_receipts("main") == keys(receipts_between(DEMO_ACCOUNT, since, now))
    assert stored_receipts("shop") == keys(receipts_between(SHOP_ACCOUNT, since, now))
    assert stored_receipts("real") == set()
    assert 'real: not on the in-process sandbox (endpoint "sandbox"); nothing to push.' in text
    assert "shop (sandbox-shop): " in text


def test_with_no_account_on_the_sandbox_it_says_so_and_stores_nothing(settings):
    settings.DYSMS_ENDPOINT = "https://dysmsapi.aliyuncs.com"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tNotARealKey0000001"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = "not-a-real-secret"

    text = run(backfill_hours=24, every=15)

    assert "default: not on the in-process sandbox" in text
    assert "No account is on the sandbox: no receipts or replies to push." in text
    assert not SmsReceipt.objects.exists() and not SmsReply.objects.exists()


def test_a_sandbox_account_with_a_pair_the_sandbox_does_not_know_gets_nothing(settings):
    settings.DYSMS_ACCOUNTS = (
        Account(name="odd", label="Odd", endpoint="sandbox", key_id="LTAI5tUnknown", secret="x"),
    )
    text = run(backfill_hours=24)

    assert "odd: the sandbox does not know its AccessKey pair; nothing to push." in text
    assert not SmsReceipt.objects.exists()


@pytest.mark.parametrize("option", [{"backfill_hours": -1}, {"every": -5}])
def test_negative_hours_or_seconds_are_refused(option):
    with pytest.raises(CommandError, match="cannot be negative"):
        run(**option)
