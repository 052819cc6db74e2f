"""Per-template delivery rate and top failure codes, from pushed receipts (their tallies)."""

from datetime import date, datetime

import pytest

from dysms.receipts import Receipt
from dysms.values import CHINA_TZ
from rates.selectors import TOP_FAILURE_CODES, template_breakdown
from rates.tallies import tallies_add

pytestmark = pytest.mark.django_db

DAY = date(2026, 5, 10)


@pytest.fixture
def template_from_out_id(monkeypatch):
    """Stand-in for the match with stored records: here the OutId names the template."""
    monkeypatch.setattr(
        "rates.tallies.receipts_template_codes",
        lambda *, receipts, account: {receipt.key: receipt.out_id for receipt in receipts},
    )


STORED = iter(range(10**6))


def store(n, *, template, success=True, err_code="DELIVERED", at=(2026, 5, 10, 12, 0)):
    """``n`` receipts pushed (counted into the tallies as a push counts them)."""
    sent = datetime(*at, tzinfo=CHINA_TZ)
    receipts = []
    for _ in range(n):
        index = next(STORED)
        receipts.append(
            Receipt(
                phone_number=f"138{index:08d}",
                send_time=sent,
                report_time=sent,
                success=success,
                err_code=err_code,
                err_msg="",
                sms_size=1,
                biz_id=f"biz-{index}",
                out_id=template,
            )
        )
    tallies_add(receipts=receipts, account="default")


def test_rate_and_top_failures_per_template(template_from_out_id):
    store(8, template="SMS_1")
    store(1, template="SMS_1", success=False, err_code="MOBILE_NOT_ON_SERVICE")
    store(1, template="SMS_1", success=False, err_code="MOBILE_IN_BLACK")
    store(2, template="SMS_2", success=False, err_code="MOBILE_IN_BLACK")

    rows = {row.template_code: row for row in template_breakdown(start=DAY, end=DAY)}

    assert rows["SMS_1"].receipts == 10
    assert rows["SMS_1"].delivered == 8
    assert rows["SMS_1"].failed == 2
    assert rows["SMS_1"].delivery_rate == pytest.approx(0.8)
    assert rows["SMS_1"].top_failures == (("MOBILE_IN_BLACK", 1), ("MOBILE_NOT_ON_SERVICE", 1))
    assert rows["SMS_2"].delivery_rate == 0
    assert rows["SMS_2"].top_failures == (("MOBILE_IN_BLACK", 2),)


def test_most_frequent_failure_codes_first_and_at_most_three(template_from_out_id):
    for count, code in enumerate(["A", "B", "C", "D"], start=1):
        store(count, template="SMS_1", success=False, err_code=code)

    (row,) = template_breakdown(start=DAY, end=DAY)

    assert len(row.top_failures) == TOP_FAILURE_CODES
    assert row.top_failures == (("D", 4), ("C", 3), ("B", 2))


def test_the_period_follows_shanghai_midnight(template_from_out_id):
    store(1, template="SMS_1", at=(2026, 5, 9, 23, 59))
    store(1, template="SMS_1", at=(2026, 5, 10, 0, 0))
    store(1, template="SMS_1", at=(2026, 5, 10, 23, 59))
    store(1, template="SMS_1", at=(2026, 5, 11, 0, 0))

    (row,) = template_breakdown(start=DAY, end=DAY)

    assert row.receipts == 2


def test_templates_with_most_receipts_come_first(template_from_out_id):
    store(1, template="SMS_A")
    store(3, template="SMS_B")

    assert [row.template_code for row in template_breakdown(start=DAY, end=DAY)] == [
        "SMS_B",
        "SMS_A",
    ]


def test_receipts_matching_no_stored_record_count_as_unknown():
    store(2, template="anything")

    (row,) = template_breakdown(start=DAY, end=DAY)

    assert row.template_code == ""
    assert row.receipts == 2


def test_no_receipts_no_rows():
    assert template_breakdown(start=DAY, end=DAY) == []
