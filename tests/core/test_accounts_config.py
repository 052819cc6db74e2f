"""Several Alibaba Cloud accounts from the environment: DYSMS_ACCOUNTS and DYSMS_<NAME>_*."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core import clients
from core.accounts import Account, AccountMisconfigured, accounts_from_environ, configured_accounts
from dysms_sandbox import SHOP_ACCESS_KEY_ID, SHOP_ACCESS_KEY_SECRET

SECRET = "ThisSecretMustNeverBeQuoted123"
SHOP = {
    "DYSMS_ACCOUNTS": "shop, Global",
    "DYSMS_SHOP_ACCESS_KEY_ID": "LTAI5tShopKey0000000001",
    "DYSMS_SHOP_ACCESS_KEY_SECRET": SECRET,
    "DYSMS_SHOP_LABEL": "商城",
    "DYSMS_SHOP_REPORT_TOKEN": "shop-token",
    "DYSMS_GLOBAL_ENDPOINT": "https://dysmsapi.ap-southeast-1.aliyuncs.com/",
    "DYSMS_GLOBAL_REGION": "ap-southeast-1",
    "DYSMS_GLOBAL_ACCESS_KEY_ID": "LTAI5tGlobalKey00000001",
    "DYSMS_GLOBAL_ACCESS_KEY_SECRET": SECRET,
    "DYSMS_GLOBAL_SECURITY_TOKEN": "sts-token",
    "DYSMS_GLOBAL_SIGNATURE_VERSION": "V1",
}


def test_the_accounts_are_read_in_the_order_named_with_their_variables():
    shop, world = accounts_from_environ(SHOP)

    assert (shop.name, shop.label, shop.endpoint, shop.region) == (
        "shop",
        "商城",
        "https://dysmsapi.aliyuncs.com",
        "cn-hangzhou",
    )
    assert (shop.key_id, shop.secret, shop.report_token) == (
        "LTAI5tShopKey0000000001",
        SECRET,
        "shop-token",
    )
    assert (world.name, world.label, world.endpoint, world.region) == (
        "global",
        "global",
        "https://dysmsapi.ap-southeast-1.aliyuncs.com",
        "ap-southeast-1",
    )
    assert (world.signature_version, world.security_token) == ("v1", "sts-token")
    assert world.endpoint_label == "dysmsapi.ap-southeast-1.aliyuncs.com"
    assert SECRET not in repr(shop) and "sts-token" not in repr(world)


def test_without_dysms_accounts_there_is_one_default_account_of_the_old_variables(settings):
    assert accounts_from_environ({"DYSMS_ENDPOINT": "sandbox"}) == ()
    settings.DYSMS_ACCOUNTS = ()
    settings.DYSMS_ENDPOINT = "http://127.0.0.1:9"
    settings.ALIBABA_CLOUD_ACCESS_KEY_ID = "LTAI5tOldKey"
    settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET = SECRET
    settings.SMS_REPORT_TOKEN = "old-token"

    (account,) = configured_accounts()

    assert (account.name, account.endpoint, account.key_id, account.report_token) == (
        "default",
        "http://127.0.0.1:9",
        "LTAI5tOldKey",
        "old-token",
    )


@pytest.mark.parametrize(
    ("change", "variable"),
    [
        ({"DYSMS_SHOP_ACCESS_KEY_SECRET": ""}, "DYSMS_SHOP_ACCESS_KEY_SECRET"),
        ({"DYSMS_GLOBAL_REGION": "mars-east-1"}, "DYSMS_GLOBAL_REGION"),
        ({"DYSMS_GLOBAL_ENDPOINT": "ftp://example.com"}, "DYSMS_GLOBAL_ENDPOINT"),
        ({"DYSMS_SHOP_SIGNATURE_VERSION": "v2"}, "DYSMS_SHOP_SIGNATURE_VERSION"),
        ({"DYSMS_ACCOUNTS": "shop,shop"}, "DYSMS_ACCOUNTS"),
        ({"DYSMS_ACCOUNTS": "shop,9lives"}, "DYSMS_ACCOUNTS"),
    ],
)
def test_a_misconfigured_account_names_the_variable_and_never_the_secret(change, variable):
    with pytest.raises(AccountMisconfigured) as raised:
        accounts_from_environ({**SHOP, **change})

    assert variable in str(raised.value)
    assert SECRET not in str(raised.value)


def test_a_sandbox_account_needs_no_access_key_but_a_half_pair_is_an_error():
    (demo,) = accounts_from_environ({"DYSMS_ACCOUNTS": "demo", "DYSMS_DEMO_ENDPOINT": "sandbox"})
    assert demo.is_sandbox and demo.key_id == ""
    with pytest.raises(AccountMisconfigured, match="DYSMS_DEMO_ACCESS_KEY_ID"):
        accounts_from_environ(
            {
                "DYSMS_ACCOUNTS": "demo",
                "DYSMS_DEMO_ENDPOINT": "sandbox",
                "DYSMS_DEMO_ACCESS_KEY_ID": "x",
            }
        )


def test_the_server_does_not_start_with_a_misconfigured_account(tmp_path):
    env = {"DYSMS_ACCOUNTS": "shop", "DYSMS_SHOP_ACCESS_KEY_ID": "LTAI5tShop", "PATH": "/usr/bin"}
    env["DYSMS_SHOP_ACCESS_KEY_SECRET"] = ""
    started = subprocess.run(
        [sys.executable, "-c", "import smsadmin.settings"],
        env={**env, "PYTHONPATH": "."},
        capture_output=True,
        text=True,
    )

    assert started.returncode != 0
    assert "DYSMS_SHOP_ACCESS_KEY_SECRET is not set." in started.stderr


def test_each_account_has_its_own_client_and_circuit_breaker(settings):
    settings.DYSMS_ACCOUNTS = (
        Account(name="shop", label="商城", endpoint="sandbox"),
        Account(
            name="global",
            label="Global",
            endpoint="sandbox",
            key_id=SHOP_ACCESS_KEY_ID,
            secret=SHOP_ACCESS_KEY_SECRET,
        ),
    )
    try:
        shop, world = clients.get_client("shop"), clients.get_client("global")
        assert shop is clients.get_client() and shop is not world
        assert (shop.account, world.account) == ("shop", "global")
        assert shop.breaker.name != world.breaker.name
        assert world.client.credentials.access_key_id == SHOP_ACCESS_KEY_ID
    finally:
        clients.set_client(None)
