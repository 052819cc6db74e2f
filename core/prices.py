"""What one billed part costs, as an account's variables give it (``core.accounts`` reads them).

``PRICE_PER_PART`` is the price of a part sent on the mainland (and of every part where nothing
else is set). Alibaba Cloud prices messages abroad by destination, so ``PRICES_ABROAD`` gives
those prices per country or region: ``HK=0.30,US=0.35,*=0.50``, ISO 3166 codes, ``*`` for any
other country. A part abroad without a price of its own (and without ``*``) is priced at
``PRICE_PER_PART``: a figure rather than none, and the page says costs are estimates anyway.
Prices abroad need the mainland price: an account is priced wholly or not at all.

The functions raise ``PriceError`` naming the variable (never its value); ``core.accounts``
turns it into its start-up error.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

MAINLAND = "CN"
ANY_ABROAD = "*"
CURRENCY = re.compile(r"[A-Z]{3}")  # ISO 4217
COUNTRY = re.compile(r"[A-Z]{2}")  # ISO 3166-1 alpha-2, as rates.places keeps regions abroad

PricesAbroad = tuple[tuple[str, Decimal], ...]


class PriceError(ValueError):
    """A price variable that is wrong; the message names it."""


def price_from(text: str, *, variable: str) -> Decimal | None:
    """A unit price such as ``0.045``; ``None`` for an empty text."""
    if not text:
        return None
    try:
        price = Decimal(text)
    except InvalidOperation:
        price = Decimal(-1)
    if not price.is_finite() or price < 0:
        raise PriceError(f"{variable} must be a price such as 0.045 (0 or more).")
    return price


def prices_abroad_from(text: str, *, variable: str) -> PricesAbroad:
    """``HK=0.30,*=0.50`` -> ``(("HK", Decimal("0.30")), ("*", Decimal("0.50")))``."""
    prices: dict[str, Decimal] = {}
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        code, _, price = (piece.strip() for piece in entry.partition("="))
        code = code.upper()
        if not (COUNTRY.fullmatch(code) or code == ANY_ABROAD) or code == MAINLAND or not price:
            raise PriceError(
                f"{variable} lists prices as CODE=PRICE separated by commas, CODE a country "
                "code other than CN (such as HK or US) or * for any other country."
            )
        if code in prices:
            raise PriceError(f"{variable} gives a price for {code} twice.")
        prices[code] = price_from(price, variable=variable) or Decimal(0)
    return tuple(prices.items())


def prices_from(prefix: str, *, price: str, abroad: str) -> tuple[Decimal | None, PricesAbroad]:
    """The mainland's price and the prices abroad of ``<prefix>PRICE_PER_PART`` and
    ``<prefix>PRICES_ABROAD``; ``PriceError`` when one is wrong."""
    mainland = price_from(price, variable=prefix + "PRICE_PER_PART")
    elsewhere = prices_abroad_from(abroad, variable=prefix + "PRICES_ABROAD")
    if elsewhere and mainland is None:
        raise PriceError(
            f"{prefix}PRICES_ABROAD needs {prefix}PRICE_PER_PART, the price on the mainland."
        )
    return mainland, elsewhere


def check_prices(prefix: str, *, price: str, currency: str, abroad: str = "") -> None:
    """Raise ``PriceError`` when one of ``<prefix>PRICE_PER_PART``, ``CURRENCY`` or
    ``PRICES_ABROAD`` is wrong."""
    if currency and not CURRENCY.fullmatch(currency):
        raise PriceError(f"{prefix}CURRENCY must be a currency code such as CNY or USD.")
    prices_from(prefix, price=price, abroad=abroad)


def price_in(
    region: str, *, mainland: Decimal | None, abroad: Sequence[tuple[str, Decimal]]
) -> Decimal | None:
    """The price of a part sent to ``region`` (a ``rates.places`` key: a province, a country
    code abroad, "" where unknown)."""
    if not COUNTRY.fullmatch(region) or region == MAINLAND or not abroad:
        return mainland
    prices = dict(abroad)
    return prices.get(region, prices.get(ANY_ABROAD, mainland))
