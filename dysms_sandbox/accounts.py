"""The sandbox's AccessKey pairs: one public demo pair, plus any a caller adds.

The demo pair is documentation, not a secret: it only opens the sandbox, which
holds invented data, so it may be printed, committed and shown in screenshots.
"""

from __future__ import annotations

from collections.abc import Mapping

from dysms.values import Credentials

SANDBOX_ENDPOINT = "http://dysms-sandbox.invalid"

# Shaped like real ones (``LTAI`` + 20 characters, 30-character secret) so
# that length checks and masking in the UI behave as they will in production.
DEMO_ACCESS_KEY_ID = "LTAI5tDysmsSandboxDemo01"
DEMO_ACCESS_KEY_SECRET = "SandboxDemoSecretIsPublic00000"
DEMO_CREDENTIALS = Credentials(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET)


def default_accounts() -> dict[str, str]:
    return {DEMO_ACCESS_KEY_ID: DEMO_ACCESS_KEY_SECRET}


def build_accounts(accounts: Mapping[str, str] | None) -> dict[str, str]:
    """AccessKeyId -> secret. ``None`` means the demo pair only."""
    if accounts is None:
        return default_accounts()
    for key_id, secret in accounts.items():
        if not key_id or not secret:
            raise ValueError("every sandbox account needs an AccessKey id and a secret")
    return dict(accounts)
