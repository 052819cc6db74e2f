"""The API over several accounts: records carry their account, ``account=`` narrows, one
account's failure is a problem naming it while the others' records are answered."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from support.sandbox import sandbox_accounts

from core import clients
from core.accounts import Account
from dysms.values import Credentials
from dysms_sandbox import GLOBAL_CREDENTIALS, SHOP_CREDENTIALS, reserved
from dysms_sandbox.accounts import NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts(settings):
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox"),
        Account(name="global", label="Global", endpoint="sandbox"),
    )
    cache.clear()

    def install(shop: Credentials, world: Credentials):
        return sandbox_accounts({"shop": shop, "global": world})

    yield install
    clients.set_client(None)
    cache.clear()


def records(client, day, **params):
    query = {"phone": reserved.EVERY_STATUS, "date": day.isoformat(), **params}
    return client.get("/api/v1/records", query)


def test_records_of_every_account_carry_their_account(agent_api, accounts, yesterday):
    accounts(SHOP_CREDENTIALS, GLOBAL_CREDENTIALS)

    answer = records(agent_api, yesterday, per_page=100).json()

    assert answer["accounts"] == ["shop", "global"]
    assert {row["account"] for row in answer["records"]} == {"shop", "global"}
    assert sorted(day["account"] for day in answer["days"]) == ["global", "shop"]
    assert answer["problems"] == []


def test_the_account_parameter_narrows_to_one_account(agent_api, accounts, yesterday):
    adapters = accounts(SHOP_CREDENTIALS, GLOBAL_CREDENTIALS)

    answer = records(agent_api, yesterday, account="global").json()

    assert answer["accounts"] == ["global"]
    assert {row["account"] for row in answer["records"]} == {"global"}
    assert adapters["shop"].calls == []


def test_an_unknown_account_is_a_422_and_asks_nobody(agent_api, accounts, yesterday):
    adapters = accounts(SHOP_CREDENTIALS, GLOBAL_CREDENTIALS)

    response = records(agent_api, yesterday, account="payments")

    assert response.status_code == 422
    assert "account" in response.json()["errors"]
    assert all(adapter.calls == [] for adapter in adapters.values())


def test_one_accounts_failure_is_a_problem_naming_it(agent_api, accounts, yesterday):
    denied = Credentials(NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET)
    accounts(SHOP_CREDENTIALS, denied)

    answer = records(agent_api, yesterday).json()

    assert [problem["account"] for problem in answer["problems"]] == ["global"]
    assert answer["summary"]["sent"] > 0
    assert {row["account"] for row in answer["records"]} == {"shop"}
