"""/stats/ with several Alibaba Cloud accounts: summed per day, a table per account, a banner
line per failing account, and an Account filter; each account asked with its own client."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from support.sandbox import sandbox_accounts
from support.translations import english_phrases, untranslated

from core import clients
from core.accounts import Account
from dysms.values import Credentials
from dysms_sandbox import GLOBAL_CREDENTIALS, SHOP_CREDENTIALS
from dysms_sandbox.accounts import NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET
from rates.models import DailyStatistics

pytestmark = pytest.mark.django_db

RAM_DENIED = Credentials(NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET)


def sandbox_account(name: str, label: str, credentials: Credentials) -> Account:
    return Account(
        name=name,
        label=label,
        endpoint="sandbox",
        key_id=credentials.access_key_id,
        secret=credentials.access_key_secret,
    )


def install(
    settings, shop: Credentials = SHOP_CREDENTIALS, world: Credentials = GLOBAL_CREDENTIALS
):
    """商城 (shop) and Global on the sandbox, each with its own pair; their calls counted apart."""
    settings.DYSMS_ACCOUNTS = (
        sandbox_account("shop", "商城", shop),
        sandbox_account("global", "Global", world),
    )
    cache.clear()
    return sandbox_accounts({"shop": shop, "global": world})


@pytest.fixture
def two_accounts(settings):
    yield install(settings)
    clients.set_client(None)
    cache.clear()


@pytest.fixture
def one_denied(settings):
    """商城 answers; Global's key is a RAM user's without any dysms: permission."""
    yield install(settings, world=RAM_DENIED)
    clients.set_client(None)
    cache.clear()


def stored_sent(account: str, first, last) -> int:
    rows = DailyStatistics.objects.filter(account=account, day__range=(first, last), globe=1)
    return sum(row.total_count for row in rows)


def calls(adapters) -> dict[str, int]:
    return {name: len(adapter.calls) for name, adapter in adapters.items()}


def test_all_accounts_are_summed_per_day_and_each_is_asked_with_its_own_key(
    manager, two_accounts, today
):
    response = manager.get("/stats/")

    assert response.status_code == 200
    first = today - timedelta(days=6)
    shop, world = stored_sent("shop", first, today), stored_sent("global", first, today)
    assert shop > 0 and world > 0 and shop != world  # the accounts' traffic differs
    assert response.context["totals"].sent == shop + world
    by_day = {row.record.day: row.record.total_count for row in response.context["table"].rows}
    for day, sent in by_day.items():
        parts = DailyStatistics.objects.filter(day=day, globe=1).values_list(
            "total_count", flat=True
        )
        assert sent == sum(parts)
    # The period, then the previous one for the comparison: one query each, per account.
    assert calls(two_accounts) == {"shop": 2, "global": 2}


def test_the_accounts_are_fetched_at_once_in_worker_threads(manager, two_accounts):
    manager.get("/stats/")

    threads = {call["thread"] for adapter in two_accounts.values() for call in adapter.calls}
    assert all(name.startswith("rates-stats") for name in threads)


def test_opening_the_page_again_asks_no_account(manager, two_accounts):
    manager.get("/stats/")
    manager.get("/stats/")

    assert calls(two_accounts) == {"shop": 2, "global": 2}


def test_the_per_account_table_shows_each_accounts_numbers(manager, two_accounts, today):
    response = manager.get("/stats/")

    page = response.content.decode()
    first = today - timedelta(days=6)
    assert 'id="account-totals"' in page
    shop = stored_sent("shop", first, today)
    world = stored_sent("global", first, today)
    assert f'<td class="account">商城</td><td>{shop:,}</td>' in page
    assert f'<td class="account">Global</td><td>{world:,}</td>' in page


def test_the_account_filter_shows_and_asks_one_account(manager, two_accounts, today):
    response = manager.get("/stats/", {"account": "global"})

    assert response.status_code == 200
    assert calls(two_accounts) == {"shop": 0, "global": 2}
    first = today - timedelta(days=6)
    assert response.context["totals"].sent == stored_sent("global", first, today)
    assert 'id="account-totals"' not in response.content.decode()
    assert set(DailyStatistics.objects.values_list("account", flat=True)) == {"global"}


def test_an_unknown_account_is_a_form_error_and_asks_nobody(manager, two_accounts):
    response = manager.get("/stats/", {"account": "payments"})

    assert response.status_code == 400
    assert "Choose an account from the list." in response.content.decode()
    assert calls(two_accounts) == {"shop": 0, "global": 0}


def test_the_form_offers_all_accounts_and_each_by_its_label(manager, two_accounts):
    page = manager.get("/stats/").content.decode()

    assert '<select name="account"' in page
    assert '<option value="" selected>All accounts</option>' in page
    assert '<option value="global">Global</option>' in page


def test_one_account_failing_shows_its_banner_and_the_others_numbers(manager, one_denied, today):
    response = manager.get("/stats/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="account-problem"><strong>Global</strong>:' in page
    assert "<strong>商城</strong>" not in page
    first = today - timedelta(days=6)
    shop = stored_sent("shop", first, today)
    assert response.context["totals"].sent == shop > 0
    assert not DailyStatistics.objects.filter(account="global").exists()
    # A period with an account missing is not compared with the previous one.
    assert response.context["comparison"] is None
    assert calls(one_denied)["shop"] == 1


def test_a_failing_account_keeps_showing_what_it_had_stored(manager, settings, today):
    install(settings)
    try:
        manager.get("/stats/")
        world = stored_sent("global", today - timedelta(days=6), today)
        clients.set_client(None)
        cache.clear()
        install(settings, world=RAM_DENIED)
        settings.STATS_FRESH_SECONDS = 0  # every settling day is stale again
        response = manager.get("/stats/")
    finally:
        clients.set_client(None)
        cache.clear()

    page = response.content.decode()
    assert '<p class="account-problem"><strong>Global</strong>:' in page
    assert f'<td class="account">Global</td><td>{world}</td>' in page


def test_with_one_account_the_page_shows_no_account_filter_or_table(manager, statistics_upstream):
    response = manager.get("/stats/")

    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="account"' not in page
    assert 'id="account-totals"' not in page
    assert set(DailyStatistics.objects.values_list("account", flat=True)) == {"default"}


@pytest.mark.chinese
def test_the_chinese_page_of_several_accounts_speaks_chinese(manager, one_denied):
    response = manager.get("/stats/")

    html = response.content.decode()
    assert "按账号" in html and "全部账号" in html
    assert '<p class="account-problem"><strong>Global</strong>:' in html
    assert untranslated(html) == []
    assert english_phrases(html) == []


def test_with_one_account_an_account_parameter_changes_nothing(manager, statistics_upstream):
    response = manager.get("/stats/", {"account": "payments"})

    assert response.status_code == 200
    assert 'name="account"' not in response.content.decode()


def test_an_account_without_an_access_key_gets_its_banner_line_and_no_call(
    manager, two_accounts, settings, today
):
    settings.DYSMS_ACCOUNTS = (
        *settings.DYSMS_ACCOUNTS,
        Account(name="payments", label="支付", endpoint="https://dysmsapi.aliyuncs.com"),
    )
    sandbox_accounts({"shop": SHOP_CREDENTIALS, "global": GLOBAL_CREDENTIALS})

    response = manager.get("/stats/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="account-problem"><strong>支付</strong>:' in page
    assert "<strong>商城</strong>" not in page and "<strong>Global</strong>" not in page
    first = today - timedelta(days=6)
    both = stored_sent("shop", first, today) + stored_sent("global", first, today)
    assert response.context["totals"].sent == both > 0
