"""Receipts are tallied as they are stored; the breakdowns and latencies read the tallies, and
their figures are the ones worked out by hand below."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import translation
from support.statistics import push_receipts, receipt

from dysms.values import CHINA_TZ
from rates.breakdowns import Period, breakdown, top_failure_codes
from rates.latency import latency_by, latency_of
from rates.models import ReceiptLatency, ReceiptTally
from rates.places import carrier_label, receipt_place, region_label
from rates.services import receipts_purge

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_token")]

DAY = date(2026, 5, 20)  # the day of receipt()'s send time
BEIJING_MOBILE, JIANGSU_TELECOM, VIRTUAL, HONG_KONG = (
    "13800138000",
    "18912345678",
    "17000001234",
    "85291234567",
)


def sent(n: int, phone: str, *, day: date = DAY, after: int = 5, failed: str = "") -> dict:
    """Receipt ``n`` of ``phone`` sent on ``day`` at 09:00, its receipt ``after`` seconds later."""
    sent_at = datetime.combine(day, time(9))
    return receipt(
        biz_id=f"{day:%Y%m%d}{n:06d}^0",
        phone_number=phone,
        send_time=f"{sent_at:%Y-%m-%d %H:%M:%S}",
        report_time=f"{sent_at + timedelta(seconds=after):%Y-%m-%d %H:%M:%S}",
        success=not failed,
        err_code=failed or "DELIVERED",
    )


def period(start: date = DAY, end: date = DAY, days_before: int = 1) -> Period:
    length = (end - start).days + 1
    before = start - timedelta(days=length * days_before)
    return Period(
        start=start,
        end=end,
        accounts=("default",),
        previous_start=before,
        previous_end=start - timedelta(days=1),
    )


def test_a_push_is_tallied_once_by_day_carrier_region_and_outcome():
    receipts = [
        sent(1, BEIJING_MOBILE),
        sent(2, BEIJING_MOBILE, failed="MOBILE_NOT_ON_SERVICE"),
        sent(3, JIANGSU_TELECOM),
    ]
    push_receipts(*receipts)
    push_receipts(*receipts)  # Alibaba Cloud pushes again: nothing is counted twice

    tallies = {
        (t.carrier, t.region, t.success, t.err_code): t.count for t in ReceiptTally.objects.all()
    }
    assert tallies == {
        ("China Mobile", "Beijing", True, ""): 1,
        ("China Mobile", "Beijing", False, "MOBILE_NOT_ON_SERVICE"): 1,
        ("China Telecom", "Jiangsu", True, ""): 1,
    }
    assert {(t.day, t.seconds, t.count) for t in ReceiptLatency.objects.all()} == {(DAY, 5, 3)}


def test_the_top_failure_codes_have_their_share_and_the_previous_periods_count():
    before = DAY - timedelta(days=1)
    push_receipts(
        *[sent(n, BEIJING_MOBILE, failed="MOBILE_NOT_ON_SERVICE") for n in range(6)],
        *[sent(10 + n, BEIJING_MOBILE, failed="MK:0001") for n in range(2)],
        *[sent(20 + n, BEIJING_MOBILE) for n in range(12)],
        *[sent(30 + n, BEIJING_MOBILE, day=before, failed="MK:0001") for n in range(5)],
    )

    codes = top_failure_codes(period())

    assert [(c.code, c.count, c.previous, c.change) for c in codes] == [
        ("MOBILE_NOT_ON_SERVICE", 6, 0, 6),
        ("MK:0001", 2, 5, -3),
    ]
    assert [c.share for c in codes] == [0.75, 0.25]


def test_the_carrier_breakdown_gives_rates_their_change_and_top_failure():
    before = DAY - timedelta(days=1)
    push_receipts(
        # China Mobile: 8 of 10 delivered today (80 %), 9 of 10 the day before (90 %).
        *[sent(n, BEIJING_MOBILE) for n in range(8)],
        *[sent(8 + n, BEIJING_MOBILE, failed="MOBILE_IN_BLACK") for n in range(2)],
        *[sent(20 + n, BEIJING_MOBILE, day=before) for n in range(9)],
        sent(29, BEIJING_MOBILE, day=before, failed="UNDELIV"),
        # A virtual operator's range, and Hong Kong: 1 of 1 and 0 of 1.
        sent(40, VIRTUAL),
        sent(41, HONG_KONG, failed="IB:0008"),
    )

    rows = {row.key: row for row in breakdown(period(), "carrier")}

    mobile = rows["China Mobile"]
    assert (mobile.receipts, mobile.delivered, mobile.failed) == (10, 8, 2)
    assert mobile.delivery_rate == 0.8
    assert mobile.change_points == -10.0
    assert mobile.top_failure == "MOBILE_IN_BLACK"
    assert (rows["virtual"].delivery_rate, rows["virtual"].change_points) == (1.0, None)
    regions = {row.key: row.receipts for row in breakdown(period(), "region")}
    assert regions == {"Beijing": 11, "HK": 1}  # the virtual range is a Beijing one


def test_latency_percentiles_and_bands_are_the_nearest_rank_ones():
    # 50 at 1 s, 40 at 5 s, 9 at 30 s, 1 at 400 s: the 50th, 90th and 99th receipts.
    figures = latency_of([(1, 50), (5, 40), (30, 9), (400, 1)])

    assert (figures.receipts, figures.p50, figures.p90, figures.p99) == (100, 1, 5, 30)
    assert figures.bands == (90, 9, 0, 1)
    assert latency_of([]).p50 is None


def test_latency_per_day_and_per_template_from_stored_receipts():
    push_receipts(
        *[sent(n, BEIJING_MOBILE, after=3) for n in range(9)],
        sent(9, BEIJING_MOBILE, after=75),
        sent(10, BEIJING_MOBILE, day=DAY + timedelta(days=1), after=4000),
    )

    by_day = latency_by(start=DAY, end=DAY + timedelta(days=1), accounts=("default",), by="day")

    assert (by_day[DAY].p50, by_day[DAY].p90, by_day[DAY].p99) == (3, 3, 75)
    assert by_day[DAY].bands == (9, 0, 1, 0)
    later = by_day[DAY + timedelta(days=1)]
    assert later.p99 == 3600 and later.capped and later.bands == (0, 0, 0, 1)
    by_template = latency_by(start=DAY, end=DAY, accounts=("default",), by="template_code")
    assert list(by_template) == [""]  # no stored record matched: the template is unknown


def test_the_purge_drops_the_tallies_of_the_purged_days():
    push_receipts(sent(1, BEIJING_MOBILE), sent(2, BEIJING_MOBILE, day=DAY + timedelta(days=1)))

    receipts_purge(before=receipt_time(DAY + timedelta(days=1)))

    assert list(ReceiptTally.objects.values_list("day", flat=True)) == [DAY + timedelta(days=1)]
    assert list(ReceiptLatency.objects.values_list("day", flat=True)) == [DAY + timedelta(days=1)]


def receipt_time(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=CHINA_TZ)


@pytest.mark.parametrize(
    ("phone", "place"),
    [
        (BEIJING_MOBILE, ("China Mobile", "Beijing")),
        (JIANGSU_TELECOM, ("China Telecom", "Jiangsu")),
        (VIRTUAL, ("virtual", "Beijing")),
        (HONG_KONG, ("3", "HK")),
        ("not-a-number", ("", "")),
    ],
)
def test_a_number_belongs_to_a_carrier_and_a_province_or_country(phone, place):
    assert receipt_place(phone) == place


def test_places_are_named_in_the_pages_language():
    with translation.override("zh-hans"):
        assert (carrier_label("China Mobile"), region_label("Jiangsu")) == ("中国移动", "江苏")
        assert (carrier_label("virtual"), region_label("HK")) == ("虚拟运营商", "香港")
    with translation.override("en"):
        assert (carrier_label("virtual"), region_label("HK")) == ("Virtual operators", "Hong Kong")
        assert region_label("") == "Unknown"


def test_a_receipt_of_a_stored_record_is_tallied_under_its_template():
    from deliveries.models import Fetch, SmsRecord, Status

    sent_at = datetime.combine(DAY, time(9), tzinfo=CHINA_TZ)
    fetch = Fetch.objects.create(
        phone=BEIJING_MOBILE,
        day=DAY,
        biz_id="",
        fetched_at=sent_at,
        total_count=1,
        stored_count=1,
        waiting_count=1,
    )
    SmsRecord.objects.create(
        fetch=fetch,
        phone=BEIJING_MOBILE,
        send_day=DAY,
        position=0,
        status=Status.WAITING,
        template_code="SMS_100",
        out_id="order-1",
        send_time=sent_at,
    )

    push_receipts(sent(1, BEIJING_MOBILE), sent(2, JIANGSU_TELECOM))

    by_template = latency_by(start=DAY, end=DAY, accounts=("default",), by="template_code")
    assert {code: figures.receipts for code, figures in by_template.items()} == {
        "SMS_100": 1,
        "": 1,
    }
    rows = {row.key: row.receipts for row in breakdown(period(), "template_code")}
    assert rows == {"SMS_100": 1, "": 1}


@pytest.mark.parametrize(
    ("seconds", "kept"),
    [
        (-3, 0),
        (0, 0),
        (59, 59),
        (60, 60),
        (64, 60),
        (65, 65),
        (299, 295),
        (300, 300),
        (359, 300),
        (360, 360),
        (3599, 3540),
        (3600, 3600),
        (90000, 3600),
    ],
)
def test_latencies_are_kept_in_steps_that_grow_with_them(seconds, kept):
    from rates.tallies import latency_bucket

    assert latency_bucket(seconds) == kept
