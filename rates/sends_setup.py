"""What the All sends page says when it has nothing to stand on: receipts are not pushed yet.

The page lists what Alibaba Cloud pushes to ``/receipts/<account>/<token>/``; an account
without a report token takes no pushes, and an install whose console was never set up has
no receipts at all. Then the page says, for each account, the URL to paste into the console
(状态报告接收, HTTP批量推送模式) and the variable that holds its token.

The token itself is never shown, to anyone, superusers included: it is the one secret that
lets a caller write receipts (and with them the statuses of stored records), and the page
promises, like every other, that no secret appears in a page (README, Security). The URL is
given exactly, host and path, with ``<the value of VARIABLE>`` where the token goes: whoever
sets up the console is whoever set the variable, and reads it where it was set.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

from core.accounts import configured_accounts

PLACEHOLDER = "TOKEN"


@dataclass(frozen=True)
class PushSetup:
    """One account's receipt URL: ``before`` + the token + ``after``, and where the token is."""

    label: str
    before: str
    after: str
    variable: str
    configured: bool


def push_setups(request: HttpRequest) -> list[PushSetup]:
    """Every account's receipt push URL, as absolute as the page's own address."""
    one_account = not settings.DYSMS_ACCOUNTS
    setups = []
    for account in configured_accounts():
        if one_account:
            path = reverse("receipts-push", kwargs={"token": PLACEHOLDER})
            variable = "SMS_REPORT_TOKEN"
        else:
            path = reverse(
                "account-receipts-push", kwargs={"account": account.name, "token": PLACEHOLDER}
            )
            variable = f"DYSMS_{account.name.upper()}_REPORT_TOKEN"
        before, _, after = request.build_absolute_uri(path).rpartition(PLACEHOLDER)
        after = after if after.endswith("/") else after + "/"  # as README writes the URLs
        setups.append(
            PushSetup(
                label=account.label,
                before=before,
                after=after,
                variable=variable,
                configured=bool(account.report_token),
            )
        )
    return setups


def pushes_configured() -> bool:
    """Some account has a report token, so takes pushes."""
    return any(account.report_token for account in configured_accounts())
