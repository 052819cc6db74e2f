"""One search asks every Alibaba Cloud account at once and shows one list with an Account column."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.cache import cache
from support.sandbox import sandbox_accounts

from access.models import AuditEntry
from core import clients
from core.accounts import Account
from deliveries.models import Fetch, SmsRecord
from dysms.values import Credentials
from dysms_sandbox import GLOBAL_CREDENTIALS, SHOP_CREDENTIALS, reserved
from dysms_sandbox.accounts import NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET

pytestmark = pytest.mark.django_db

PHONE = reserved.EVERY_STATUS
RAM_DENIED = Credentials(NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET)


def sandbox_account(name: str, label: str) -> Account:
    return Account(name=name, label=label, endpoint="sandbox")


@pytest.fixture
def two_accounts(settings):
    """商城 (shop) and Global, both on the sandbox; each account's calls counted apart."""
    settings.DYSMS_ACCOUNTS = (sandbox_account("shop", "商城"), sandbox_account("global", "Global"))
    cache.clear()
    adapters = sandbox_accounts({"shop": SHOP_CREDENTIALS, "global": GLOBAL_CREDENTIALS})
    yield adapters
    clients.set_client(None)
    cache.clear()


def search(client, day, **params):
    return client.get("/", {"phone": PHONE, "date": day.isoformat(), **params})


def test_a_search_asks_every_account_and_lists_their_sends_together(agent, two_accounts, yesterday):
    response = search(agent, yesterday)

    assert response.status_code == 200
    assert [len(adapter.calls) for adapter in two_accounts.values()] == [1, 1]
    page = response.content.decode()
    assert "<th" in page and ">Account<" in page
    assert page.count('<td class="account" data-label="Account">商城</td>') > 0
    assert page.count('<td class="account" data-label="Account">Global</td>') > 0
    stored = {fetch.account for fetch in Fetch.objects.all()}
    assert stored == {"shop", "global"}
    assert response.context["summary"].sent == SmsRecord.objects.count()
    shop = SmsRecord.objects.filter(account="shop").values_list("content", flat=True)
    world = SmsRecord.objects.filter(account="global").values_list("content", flat=True)
    assert shop and world and set(shop).isdisjoint(world)  # each account's own traffic


def test_the_account_filter_narrows_the_search_to_one_account(agent, two_accounts, yesterday):
    response = search(agent, yesterday, account="global")

    assert response.status_code == 200
    assert [len(two_accounts["shop"].calls), len(two_accounts["global"].calls)] == [0, 1]
    assert '<td class="account" data-label="Account">商城</td>' not in response.content.decode()
    assert set(Fetch.objects.values_list("account", flat=True)) == {"global"}


def test_an_unknown_account_is_a_form_error_and_asks_nobody(agent, two_accounts, yesterday):
    response = search(agent, yesterday, account="payments")

    assert response.status_code == 400
    assert "Choose an account from the list." in response.content.decode()
    assert all(adapter.calls == [] for adapter in two_accounts.values())


def test_one_account_failing_shows_its_banner_and_the_other_accounts_rows(
    agent, settings, yesterday
):
    settings.DYSMS_ACCOUNTS = (sandbox_account("shop", "商城"), sandbox_account("global", "Global"))
    cache.clear()
    sandbox_accounts({"shop": SHOP_CREDENTIALS, "global": RAM_DENIED})
    try:
        response = search(agent, yesterday)
    finally:
        clients.set_client(None)

    page = response.content.decode()
    assert response.status_code == 200
    assert '<p class="account-problem"><strong>Global</strong>:' in page
    assert "<strong>商城</strong>" not in page
    assert '<td class="account" data-label="Account">商城</td>' in page
    assert response.context["summary"].sent == SmsRecord.objects.filter(account="shop").count() > 0


def test_the_audit_entry_names_the_accounts_searched(agent, two_accounts, yesterday):
    search(agent, yesterday)
    search(agent, yesterday, account="shop")

    assert [entry.accounts for entry in AuditEntry.objects.order_by("id")] == [
        "shop,global",
        "shop",
    ]


def test_with_one_account_the_page_shows_no_account_column_or_filter(agent, upstream, yesterday):
    response = search(agent, yesterday)

    page = response.content.decode()
    assert 'name="account"' not in page
    assert 'class="account"' not in page
    assert set(Fetch.objects.values_list("account", flat=True)) == {"default"}


def test_the_record_page_names_its_account(agent, two_accounts, yesterday):
    search(agent, yesterday)
    record = SmsRecord.objects.filter(account="global").first()

    page = agent.get(f"/records/{record.pk}/").content.decode()

    assert '<dd id="record-account">Global</dd>' in page


def test_an_export_of_several_accounts_names_each_rows_account_and_fetch(
    staff, two_accounts, yesterday
):
    response = search(staff, yesterday, _export="csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))

    assert {row["Account"] for row in rows} == {"商城", "Global"}
    assert response["Content-Disposition"] == (
        f'attachment; filename="sms-{PHONE}-{yesterday:%Y%m%d}.csv"'
    )
    fetches = {fetch.account: fetch for fetch in Fetch.objects.all()}
    labels = {"商城": "shop", "Global": "global"}
    for row in rows[:3] + rows[-3:]:
        fetch = fetches[labels[row["Account"]]]
        assert row["RequestId"] in fetch.request_ids


def test_an_export_of_the_one_account_chosen_says_it_in_its_name(staff, two_accounts, yesterday):
    response = search(staff, yesterday, account="global", _export="xlsx")

    expected = f'attachment; filename="sms-{PHONE}-{yesterday:%Y%m%d}-global.xlsx"'
    assert response["Content-Disposition"] == expected
