"""What it costs: the parts Alibaba Cloud billed (the receipts' sms_size), the messages without a
receipt estimated from the account's average, and the configured price per part."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

import pytest
from support.statistics import push_receipts, receipt
from support.tables import table_rows

from core.accounts import AccountMisconfigured, accounts_from_environ, check_price
from deliveries.models import Fetch, SmsRecord, Status
from deliveries.selectors import records_parts_average
from dysms.values import CHINA_TZ

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("receipt_token")]


def sent(n, day, *, parts=1, failed="", phone="13800138000"):
    at = datetime.combine(day, time(9), tzinfo=CHINA_TZ)
    return receipt(
        biz_id=f"{n:09d}^0",
        phone_number=phone,
        send_time=f"{at:%Y-%m-%d %H:%M:%S}",
        report_time=f"{at + timedelta(seconds=5):%Y-%m-%d %H:%M:%S}",
        success=not failed,
        err_code=failed or "DELIVERED",
        sms_size=str(parts),
    )


@pytest.fixture
def receipts_of_yesterday(yesterday):
    """10 receipts: 8 of one part, 2 of two parts (12 parts, 1.2 a message); 2 failed."""
    push_receipts(
        *[sent(n, yesterday) for n in range(6)],
        *[sent(10 + n, yesterday, failed="MOBILE_IN_BLACK") for n in range(2)],
        *[sent(20 + n, yesterday, parts=2) for n in range(2)],
    )


@pytest.fixture
def priced(settings):
    settings.DYSMS_PRICE_PER_PART = "0.05"
    settings.DYSMS_CURRENCY = "CNY"


def test_a_day_with_receipts_costs_their_parts_and_estimates_the_rest(
    manager, statistics_upstream, receipts_of_yesterday, priced, yesterday
):
    html = manager.get("/stats/").content.decode()

    days = table_rows(html, "cost-days")
    # Yesterday: 101 sent (statistics), 10 with receipts (12 parts), 91 estimated at 1.2 = 109;
    # 121 parts at 0.05 = 6.05 CNY, for 90 delivered: 0.0672 CNY each.
    assert f"{yesterday} 101 90 ≈ 121 (90% estimated) 6.05 CNY 0.0672 CNY" in days
    # Two days before: 102 sent, none with a receipt: 102 x 1.2 = 122 parts, 6.10 CNY.
    before = yesterday - timedelta(days=1)
    assert f"{before} 102 90 ≈ 122 (100% estimated) 6.10 CNY 0.0678 CNY" in days
    assert "费用" not in html  # the English page


def test_per_template_only_counts_what_receipts_billed(
    manager, statistics_upstream, receipts_of_yesterday, priced
):
    html = manager.get("/stats/").content.decode()

    assert table_rows(html, "cost-templates") == [
        "Unknown (no stored record matched) 10 8 12 0.60 CNY 0.0750 CNY"
    ]


@pytest.fixture
def priced_abroad(settings):
    """0.05 a part on the mainland, 0.30 to Hong Kong, 0.50 anywhere else abroad."""
    settings.DYSMS_PRICE_PER_PART = "0.05"
    settings.DYSMS_PRICES_ABROAD = "hk=0.30, *=0.50"


def test_parts_abroad_cost_their_country_s_price(
    manager, statistics_upstream, priced_abroad, yesterday
):
    push_receipts(
        *[sent(n, yesterday) for n in range(4)],  # 4 parts on the mainland
        *[sent(10 + n, yesterday, phone="85261234567") for n in range(2)],  # 2 to Hong Kong
        sent(20, yesterday, parts=2, phone="447400123456"),  # 2 to the United Kingdom
    )

    html = manager.get("/stats/").content.decode()

    # 4 x 0.05 + 2 x 0.30 + 2 x 0.50 = 1.80 CNY for 7 delivered: 0.2571 each.
    assert table_rows(html, "cost-templates") == [
        "Unknown (no stored record matched) 7 7 8 1.80 CNY 0.2571 CNY"
    ]
    # Yesterday's 94 messages without a receipt: 94 x 8/7 = 107 parts at the mainland's price,
    # 5.35 CNY; with the receipts' 1.80, 7.15 CNY for 90 delivered.
    days = table_rows(html, "cost-days")
    assert f"{yesterday} 101 90 ≈ 115 (93% estimated) 7.15 CNY 0.0794 CNY" in days


def test_without_a_price_the_page_shows_parts_and_says_how_to_set_one(
    manager, statistics_upstream, receipts_of_yesterday, yesterday
):
    html = manager.get("/stats/").content.decode()

    assert 'id="no-price"' in html
    assert "DYSMS_PRICE_PER_PART" in html
    assert f"{yesterday} 101 90 ≈ 121 (90% estimated) — —" in table_rows(html, "cost-days")


def test_the_chinese_page_names_the_costs_in_chinese(
    manager, statistics_upstream, receipts_of_yesterday, priced
):
    manager.cookies["django_language"] = "zh-hans"

    html = manager.get("/stats/").content.decode()

    assert "费用" in html
    assert "计费条数" in html
    assert "每条送达短信的费用" in html


def test_without_receipts_the_parts_come_from_the_stored_contents(yesterday):
    fetch = Fetch.objects.create(
        phone="13812341234",
        day=yesterday,
        biz_id="",
        fetched_at=datetime.now(CHINA_TZ),
        total_count=3,
        stored_count=3,
    )
    for position, content in enumerate(["短" * 70, "长" * 71, ""]):  # 1 part, 2 parts, none known
        SmsRecord.objects.create(
            fetch=fetch,
            phone="13812341234",
            send_day=yesterday,
            position=position,
            status=Status.DELIVERED,
            content=content,
        )

    average = records_parts_average(account="default", start=yesterday, end=yesterday)

    assert average == 1.5
    assert records_parts_average(account="shop", start=yesterday, end=yesterday) is None


@pytest.mark.parametrize(
    ("price", "currency"), [("abc", ""), ("-0.01", ""), ("NaN", ""), ("0.045", "yuan")]
)
def test_a_wrong_price_or_currency_is_a_start_up_error_naming_the_variable(price, currency):
    environ = {
        "DYSMS_ACCOUNTS": "shop",
        "DYSMS_SHOP_PRICE_PER_PART": price,
        "DYSMS_SHOP_CURRENCY": currency,
    }

    with pytest.raises(AccountMisconfigured) as raised:
        accounts_from_environ(environ)
    with pytest.raises(AccountMisconfigured) as one_account:
        check_price("DYSMS_", price, currency.upper())

    variable = "CURRENCY" if currency else "PRICE_PER_PART"
    assert f"DYSMS_SHOP_{variable}" in str(raised.value)
    assert f"DYSMS_{variable}" in str(one_account.value)
    assert price not in str(raised.value) or price == "0.045"


def test_an_account_reads_its_price_and_currency():
    (shop,) = accounts_from_environ(
        {
            "DYSMS_ACCOUNTS": "shop",
            "DYSMS_SHOP_PRICE_PER_PART": "0.045",
            "DYSMS_SHOP_CURRENCY": "usd",
        }
    )

    assert (str(shop.price_per_part), shop.currency) == ("0.045", "USD")


def test_an_account_reads_its_prices_abroad():
    (shop,) = accounts_from_environ(
        {
            "DYSMS_ACCOUNTS": "shop",
            "DYSMS_SHOP_PRICE_PER_PART": "0.045",
            "DYSMS_SHOP_PRICES_ABROAD": "US=0.35, hk=0.3,*=0.5",
        }
    )

    assert [shop.price_in(region) for region in ("Beijing", "", "CN", "US", "HK", "GB")] == [
        Decimal("0.045"),
        Decimal("0.045"),
        Decimal("0.045"),
        Decimal("0.35"),
        Decimal("0.3"),
        Decimal("0.5"),
    ]


@pytest.mark.parametrize(
    ("abroad", "price"),
    [
        ("HK", "0.045"),  # no price
        ("HK=abc", "0.045"),
        ("USA=0.3", "0.045"),
        ("CN=0.3", "0.045"),  # the mainland's price is PRICE_PER_PART
        ("HK=0.3,hk=0.4", "0.045"),
        ("HK=0.3", ""),  # prices abroad without the mainland's
    ],
)
def test_wrong_prices_abroad_are_a_start_up_error_naming_the_variable(abroad, price):
    environ = {
        "DYSMS_ACCOUNTS": "shop",
        "DYSMS_SHOP_PRICE_PER_PART": price,
        "DYSMS_SHOP_PRICES_ABROAD": abroad,
    }

    with pytest.raises(AccountMisconfigured) as raised:
        accounts_from_environ(environ)
    with pytest.raises(AccountMisconfigured) as one_account:
        check_price("DYSMS_", price, "", abroad)

    assert "DYSMS_SHOP_PRICES_ABROAD" in str(raised.value)
    assert "DYSMS_PRICES_ABROAD" in str(one_account.value)
    assert "abc" not in str(raised.value)
