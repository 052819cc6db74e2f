"""A stored receipt keeps where its number belongs (its carrier and province or country), so the
All sends page filters by what the rates page's breakdowns count: set as a push stores it, and
by the migration for the receipts stored before."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from support.migrations import migrated_to
from support.statistics import RECEIPT_TOKEN, receipt

from rates.models import SmsReceipt

pytestmark = pytest.mark.usefixtures("receipt_token")

PLACES = {
    "13800138000": ("China Mobile", "Beijing"),
    "18912345678": ("China Telecom", "Jiangsu"),
    "17012345678": ("virtual", ""),
    "8613800138000": ("China Mobile", "CN"),  # with the country code: abroad to the receipt
    "447400123456": ("Three", "GB"),
    "99": ("", ""),
}


@pytest.mark.django_db
def test_a_pushed_receipt_is_stored_with_its_carrier_and_region():
    pushed = [receipt(biz_id=f"{n}^0", phone_number=phone) for n, phone in enumerate(PLACES)]
    response = Client().post(
        f"/receipts/{RECEIPT_TOKEN}/", json.dumps(pushed), content_type="application/json"
    )

    assert response.status_code == 200
    stored = SmsReceipt.objects.values_list("phone_number", "carrier", "region")
    assert {phone: (carrier, region) for phone, carrier, region in stored} == PLACES


@pytest.mark.django_db(transaction=True)
def test_the_migration_places_the_receipts_stored_before_it(newest_afterwards):
    before = [("rates", "0004_receipt_tallies")]
    after = [("rates", "0005_receipt_places")]
    old = migrated_to(before).get_model("rates", "SmsReceipt")
    for n, phone in enumerate(PLACES):
        for copy in range(2):  # two receipts of a number: both placed
            old.objects.create(
                phone_number=phone,
                send_time="2026-12-01T01:00:00Z",
                report_time="2026-12-01T01:00:05Z",
                success=True,
                sms_size=1,
                biz_id=f"{n}{copy}^0",
                received_at="2026-12-01T01:00:06Z",
            )

    stored = migrated_to(after).get_model("rates", "SmsReceipt")
    rows = stored.objects.values_list("phone_number", "carrier", "region")
    assert sorted(rows) == sorted((phone, *place) for phone, place in PLACES.items() for _ in "ab")
