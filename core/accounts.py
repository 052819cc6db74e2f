"""The Alibaba Cloud accounts the dashboard reads, from the environment (never the database).

``DYSMS_ACCOUNTS=shop,global`` names them; each NAME has its ``DYSMS_<NAME>_*`` variables
(``ACCESS_KEY_ID``, ``ACCESS_KEY_SECRET``, ``SECURITY_TOKEN``, ``ENDPOINT``, ``REGION``,
``SIGNATURE_VERSION``, ``LABEL``, ``REPORT_TOKEN``, ``PRICE_PER_PART``, ``PRICES_ABROAD``,
``CURRENCY``; the prices are read by ``core.prices``).
``accounts_from_environ`` reads them once, at start-up, and a misconfigured account is a
start-up error naming the variable, never its value.

Without ``DYSMS_ACCOUNTS`` there is one account, ``default``, made of the variables an install of
one account always had (``DYSMS_ENDPOINT``, ``ALIBABA_CLOUD_ACCESS_KEY_ID`` ...,
``SMS_REPORT_TOKEN``): nothing changes for it. It is built when asked (``configured_accounts``),
from the settings, so that a test overriding ``DYSMS_ENDPOINT`` gets an account of that endpoint.
Records stored before accounts existed belong to ``default``: an install that moves to several
accounts names its first one ``default`` to keep showing them (README, "Several accounts").

The first account listed is the *default account*: the old receipts URL
(``/receipts/<token>/``) is its, as is what a page shows when it names no account.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core import prices

DEFAULT_ACCOUNT = "default"
SANDBOX = "sandbox"
SANDBOX_LABEL = "Sandbox"
NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
SIGNATURE_VERSIONS = ("v1", "v3")
# Where Dysmsapi 2017-05-25 is offered (research notes, "Endpoints"); finance clouds included.
REGIONS = frozenset(
    {
        "cn-hangzhou",
        "cn-qingdao",
        "cn-beijing",
        "cn-zhangjiakou",
        "cn-huhehaote",
        "cn-shanghai",
        "cn-shenzhen",
        "cn-chengdu",
        "cn-hongkong",
        "cn-hangzhou-finance",
        "cn-shanghai-finance-1",
        "cn-shenzhen-finance-1",
        "ap-southeast-1",
        "ap-southeast-5",
        "eu-central-1",
        "us-east-1",
    }
)
MAINLAND_ENDPOINT = "https://dysmsapi.aliyuncs.com"
DEFAULT_CURRENCY = "CNY"


@dataclass(frozen=True)
class Account:
    """One account: where its calls go and with which AccessKey. Secrets stay out of ``repr``."""

    name: str
    label: str
    endpoint: str
    region: str = "cn-hangzhou"
    signature_version: str = "v3"
    key_id: str = ""
    secret: str = field(default="", repr=False)
    security_token: str = field(default="", repr=False)
    report_token: str = field(default="", repr=False)
    # What one billed part costs (list price, before packages and discounts); None: not set.
    # On the mainland, and abroad by country code (``*``: any other; core.prices).
    price_per_part: Decimal | None = None
    currency: str = DEFAULT_CURRENCY
    prices_abroad: prices.PricesAbroad = ()

    def price_in(self, region: str) -> Decimal | None:
        """What a part sent to ``region`` (a ``rates.places`` key) costs; None: not priced."""
        return prices.price_in(region, mainland=self.price_per_part, abroad=self.prices_abroad)

    @property
    def is_sandbox(self) -> bool:
        return self.endpoint == SANDBOX

    @property
    def endpoint_label(self) -> str:
        """ "Sandbox", or the endpoint's host (never user info or a path)."""
        if self.is_sandbox:
            return SANDBOX_LABEL
        parts = urlsplit(self.endpoint)
        host = parts.hostname or self.endpoint
        return f"{host}:{parts.port}" if parts.port else host


class AccountMisconfigured(ImproperlyConfigured):
    """A start-up error naming the variable to fix (its value is never quoted)."""


def accounts_from_environ(environ: Mapping[str, str]) -> tuple[Account, ...]:
    """The accounts ``DYSMS_ACCOUNTS`` names, checked; ``()`` without it (one ``default``)."""
    listed = environ.get("DYSMS_ACCOUNTS", "").strip()
    if not listed:
        return ()
    names = [name.strip().lower() for name in listed.split(",") if name.strip()]
    for name in names:
        if not NAME.fullmatch(name):
            raise AccountMisconfigured(
                "DYSMS_ACCOUNTS: account names are letters, digits and _ (up to 32), "
                f"starting with a letter; {name!r} is not."
            )
    if len(set(names)) != len(names):
        raise AccountMisconfigured("DYSMS_ACCOUNTS names an account twice.")
    return tuple(_account_from_environ(name, environ) for name in names)


def _account_from_environ(name: str, environ: Mapping[str, str]) -> Account:
    prefix = f"DYSMS_{name.upper()}_"

    def value(suffix: str, default: str = "") -> str:
        return environ.get(prefix + suffix, "").strip() or default

    key_id, secret = value("ACCESS_KEY_ID"), value("ACCESS_KEY_SECRET")
    endpoint = value("ENDPOINT", MAINLAND_ENDPOINT if key_id else SANDBOX)
    account = Account(
        name=name,
        label=value("LABEL", name),
        endpoint=endpoint.rstrip("/") if endpoint != SANDBOX else endpoint,
        region=value("REGION", "cn-hangzhou"),
        signature_version=value("SIGNATURE_VERSION", "v3").lower(),
        key_id=key_id,
        secret=secret,
        security_token=value("SECURITY_TOKEN"),
        report_token=value("REPORT_TOKEN"),
        currency=value("CURRENCY", DEFAULT_CURRENCY).upper(),
        **_prices(prefix, price=value("PRICE_PER_PART"), abroad=value("PRICES_ABROAD")),
    )
    check_account(account, prefix=prefix)
    return account


def check_price(prefix: str, price: str, currency: str, abroad: str = "") -> None:
    """Raise ``AccountMisconfigured`` when ``<prefix>PRICE_PER_PART``, ``CURRENCY`` or
    ``PRICES_ABROAD`` is wrong (``core.prices``)."""
    try:
        prices.check_prices(prefix, price=price, currency=currency, abroad=abroad)
    except prices.PriceError as error:
        raise AccountMisconfigured(str(error)) from None


def _prices(prefix: str, *, price: str, abroad: str) -> dict:
    """An account's price fields from its variables."""
    try:
        mainland, elsewhere = prices.prices_from(prefix, price=price, abroad=abroad)
    except prices.PriceError as error:
        raise AccountMisconfigured(str(error)) from None
    return {"price_per_part": mainland, "prices_abroad": elsewhere}


def check_account(account: Account, *, prefix: str) -> None:
    """Raise ``AccountMisconfigured`` naming the first variable of ``account`` that is wrong."""
    if account.region not in REGIONS:
        raise AccountMisconfigured(
            f"{prefix}REGION is not a region of Alibaba Cloud SMS "
            f"(one of {', '.join(sorted(REGIONS))})."
        )
    if account.signature_version not in SIGNATURE_VERSIONS:
        raise AccountMisconfigured(f"{prefix}SIGNATURE_VERSION must be v1 or v3.")
    check_price(prefix, "", account.currency)
    if account.is_sandbox:
        if bool(account.key_id) != bool(account.secret):
            raise AccountMisconfigured(
                f"{prefix}ACCESS_KEY_ID and {prefix}ACCESS_KEY_SECRET go together "
                "(a sandbox account may leave both out for the public demo pair)."
            )
        return
    parts = urlsplit(account.endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise AccountMisconfigured(
            f"{prefix}ENDPOINT must be a base URL such as {MAINLAND_ENDPOINT}, or sandbox."
        )
    for suffix, given in (("ACCESS_KEY_ID", account.key_id), ("ACCESS_KEY_SECRET", account.secret)):
        if not given:
            raise AccountMisconfigured(f"{prefix}{suffix} is not set.")


def configured_accounts() -> tuple[Account, ...]:
    """Every account, the default one first."""
    return tuple(settings.DYSMS_ACCOUNTS) or (_one_account(),)


def default_account() -> Account:
    return configured_accounts()[0]


def account_named(name: str) -> Account | None:
    return next((one for one in configured_accounts() if one.name == name), None)


def account_labels() -> dict[str, str]:
    """Account name -> what the pages call it (``DYSMS_<NAME>_LABEL``)."""
    return {account.name: account.label for account in configured_accounts()}


def several_accounts() -> bool:
    """More than one account: pages show the Account column and filter."""
    return len(configured_accounts()) > 1


def _one_account() -> Account:
    """The install of one account, from the variables it always had (checked when used)."""
    return Account(
        name=DEFAULT_ACCOUNT,
        label=DEFAULT_ACCOUNT,
        endpoint=settings.DYSMS_ENDPOINT,
        region=settings.DYSMS_REGION,
        signature_version=settings.DYSMS_SIGNATURE_VERSION,
        key_id=settings.ALIBABA_CLOUD_ACCESS_KEY_ID,
        secret=settings.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
        security_token=settings.ALIBABA_CLOUD_SECURITY_TOKEN,
        report_token=settings.SMS_REPORT_TOKEN,
        currency=(settings.DYSMS_CURRENCY or DEFAULT_CURRENCY).upper(),
        **_prices(
            "DYSMS_", price=settings.DYSMS_PRICE_PER_PART, abroad=settings.DYSMS_PRICES_ABROAD
        ),
    )
