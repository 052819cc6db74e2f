"""The sandbox's accounts and AccessKey pairs: the public demo pair, two reserved ones, and any a
caller adds.

An Alibaba Cloud account holds AccessKeys (its own, and those of its RAM users); flow control
counts per account, whatever key signed (``dysms.quotas``). So every key names its
``account``. By default the sandbox simulates three public demo accounts, each with its own
pair and its own traffic (dysms_sandbox.profiles): ``DEMO_ACCOUNT``, which also owns the two
reserved keys below, ``SHOP_ACCOUNT`` and ``GLOBAL_ACCOUNT``, so that a dashboard configured
with several accounts can be shown on the sandbox alone. A caller's extra keys each make an
account of their own.

The reserved pairs show two answers the service gives for a key it knows:

* ``INACTIVE_ACCESS_KEY_ID``: a key its owner disabled, ``InvalidAccessKeyId.Inactive``;
* ``NO_PERMISSION_ACCESS_KEY_ID``: a RAM user's key whose policy grants no ``dysms:`` action,
  ``isp.RAM_PERMISSION_DENY`` on every API.

All pairs here are documentation, not secrets: they only open the sandbox, which holds invented
data, so they may be printed, committed and shown in screenshots.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from dysms.values import Credentials

SANDBOX_ENDPOINT = "http://dysms-sandbox.invalid"
DEMO_ACCOUNT = "sandbox-demo"

# Shaped like real ones (``LTAI`` + 20 characters, 30-character secret) so
# that length checks and masking in the UI behave as they will in production.
DEMO_ACCESS_KEY_ID = "LTAI5tDysmsSandboxDemo01"
DEMO_ACCESS_KEY_SECRET = "SandboxDemoSecretIsPublic00000"
DEMO_CREDENTIALS = Credentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)

# Two more demo accounts: a shop (domestic, its own brands) and an international brand.
SHOP_ACCOUNT = "sandbox-shop"
SHOP_ACCESS_KEY_ID = "LTAI5tDysmsSandboxShop01"
SHOP_ACCESS_KEY_SECRET = "SandboxShopSecretIsPublic00000"
SHOP_CREDENTIALS = Credentials(SHOP_ACCESS_KEY_ID, SHOP_ACCESS_KEY_SECRET)
GLOBAL_ACCOUNT = "sandbox-global"
GLOBAL_ACCESS_KEY_ID = "LTAI5tDysmsSandboxIntl01"
GLOBAL_ACCESS_KEY_SECRET = "SandboxIntlSecretIsPublic00000"
GLOBAL_CREDENTIALS = Credentials(GLOBAL_ACCESS_KEY_ID, GLOBAL_ACCESS_KEY_SECRET)

# Account name -> its public pair, for a demo that configures every one of them.
DEMO_ACCOUNT_CREDENTIALS: dict[str, Credentials] = {
    DEMO_ACCOUNT: DEMO_CREDENTIALS,
    SHOP_ACCOUNT: SHOP_CREDENTIALS,
    GLOBAL_ACCOUNT: GLOBAL_CREDENTIALS,
}

INACTIVE_ACCESS_KEY_ID = "LTAI5tDysmsSandboxOff001"
INACTIVE_ACCESS_KEY_SECRET = "SandboxOffSecretIsPublic000000"
NO_PERMISSION_ACCESS_KEY_ID = "LTAI5tDysmsSandboxNoRam1"
NO_PERMISSION_ACCESS_KEY_SECRET = "SandboxNoRamSecretIsPublic0000"


@dataclass(frozen=True)
class AccessKey:
    """One AccessKey pair as the service knows it.

    ``allowed_actions``: what the key's RAM policy grants (``None``: everything, as an
    account's own key or a RAM user with ``AliyunDysmsFullAccess``).
    """

    key_id: str
    secret: str = field(repr=False)
    account: str = DEMO_ACCOUNT
    active: bool = True
    allowed_actions: frozenset[str] | None = None

    def may(self, action: str) -> bool:
        return self.allowed_actions is None or action in self.allowed_actions


RESERVED_KEYS = (
    AccessKey(INACTIVE_ACCESS_KEY_ID, INACTIVE_ACCESS_KEY_SECRET, active=False),
    AccessKey(
        NO_PERMISSION_ACCESS_KEY_ID, NO_PERMISSION_ACCESS_KEY_SECRET, allowed_actions=frozenset()
    ),
)
RESERVED_KEY_PAIRS = {
    INACTIVE_ACCESS_KEY_ID: "A key its owner disabled: InvalidAccessKeyId.Inactive (HTTP 400).",
    NO_PERMISSION_ACCESS_KEY_ID: (
        "A RAM user's key without SMS permissions: isp.RAM_PERMISSION_DENY (HTTP 200 body) "
        "on every API."
    ),
}


def default_keys() -> dict[str, AccessKey]:
    """The three demo accounts' pairs and the two reserved ones."""
    demo = [
        AccessKey(pair.access_key_id, pair.access_key_secret, account=account)
        for account, pair in DEMO_ACCOUNT_CREDENTIALS.items()
    ]
    return {key.key_id: key for key in (*demo, *RESERVED_KEYS)}


def build_keys(accounts: Mapping[str, str | AccessKey] | None) -> dict[str, AccessKey]:
    """AccessKeyId -> ``AccessKey``. ``None`` means the demo accounts' keys only.

    A plain secret makes a key of its own account (named by its id), active, allowed
    everything; an ``AccessKey`` is taken as it is.
    """
    if accounts is None:
        return default_keys()
    keys = {}
    for key_id, value in accounts.items():
        key = value if isinstance(value, AccessKey) else AccessKey(key_id, value, account=key_id)
        if not key_id or not key.secret or key.key_id != key_id:
            raise ValueError("every sandbox key needs its AccessKey id and a secret")
        keys[key_id] = key
    return keys
