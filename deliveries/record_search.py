"""What an agent searched for, as frozen values: built once by the form, read by every layer.

``RecordSearch`` is what upstream is asked (a phone, a range of days, a BizId) and so what
the record store keeps; ``RecordFilters`` narrow its stored rows (status, template, text),
which costs no call. They are apart because they change apart: a new filter is a new query
of the store, a new search is a new fetch. Services, selectors, the audit and the templates
read their fields; nothing rebuilds the form or passes its cleaned data around as a dict.
``DayKey`` is one day of one number of a search in one account: what one stored fetch and
one fetch lock are keyed on. A search names the accounts it asks (all of them unless the
agent chose one) and the numbers (one, or up to 20 pasted at once).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from dysms.values import SendStatus

LOCK_KEY = "deliveries:fetch-lock:{account}:{phone}:{day:%Y%m%d}:{biz_id}"
DEFAULT_ACCOUNT = "default"


@dataclass(frozen=True)
class DayKey:
    """One stored search: a phone, one send day (China time), a BizId ("" for none), an account."""

    phone: str
    day: date
    biz_id: str = ""
    account: str = DEFAULT_ACCOUNT

    @property
    def lock(self) -> str:
        """The shared cache key that lets one search at a time fetch this day."""
        return LOCK_KEY.format(
            account=self.account, phone=self.phone, day=self.day, biz_id=self.biz_id
        )

    def fields(self) -> dict[str, object]:
        """The key as the record store's columns (``Fetch`` filters, ``store_day``)."""
        return {
            "account": self.account,
            "phone": self.phone,
            "day": self.day,
            "biz_id": self.biz_id,
        }


@dataclass(frozen=True)
class RecordFilters:
    """Narrowing of the stored rows of a search; empty values narrow nothing."""

    status: SendStatus | None = None
    # A template picked (``name (SMS_code)``) or typed in part; a sign typed in part (catalogue).
    template: str = ""
    text: str = ""
    sign: str = ""
    # A time of day (China time), either end open: the sends of every day of the search
    # between them.
    time_from: time | None = None
    time_to: time | None = None

    @property
    def narrows(self) -> bool:
        """Some filter is set: an empty result may hide stored rows."""
        return self.status is not None or bool(self.template or self.text or self.sign)

    def audited(self) -> dict[str, str]:
        """The filters as the audit trail records them (the search page's parameter names)."""
        given = {
            "status": self.status.label if self.status is not None else "",
            "template": self.template,
            "sign": self.sign,
            "q": self.text,
            "time_from": f"{self.time_from:%H:%M}" if self.time_from else "",
            "time_to": f"{self.time_to:%H:%M}" if self.time_to else "",
        }
        return {name: value for name, value in given.items() if value}


@dataclass(frozen=True)
class RecordSearch:
    """One validated search: ``first`` to ``last`` (both within the window), BizId "" for none,
    in ``accounts`` (each asked, and its stored rows listed).

    ``phones``: every number searched (up to ``phone_lists.MAX_PHONES``, distinct, in the order
    typed); left out, it is ``(phone,)``. ``phone`` is the first, the one of a one-number search.
    """

    phone: str
    first: date
    last: date
    biz_id: str = ""
    accounts: tuple[str, ...] = (DEFAULT_ACCOUNT,)
    phones: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.phones:
            object.__setattr__(self, "phones", (self.phone,))
        elif self.phones[0] != self.phone:
            raise ValueError("phone is the first of phones")

    @property
    def several(self) -> bool:
        """More than one number: the page adds a Number column and a summary per number."""
        return len(self.phones) > 1

    @property
    def is_range(self) -> bool:
        return self.last != self.first

    @property
    def days(self) -> list[date]:
        """Every day of the search, newest first (the order the page lists them in)."""
        return [self.last - timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def day_key(self, day: date, account: str = DEFAULT_ACCOUNT, phone: str = "") -> DayKey:
        return DayKey(phone=phone or self.phone, day=day, biz_id=self.biz_id, account=account)

    def day_keys(self) -> list[DayKey]:
        """Every (number, account, day) of the search, newest day first: each day of each
        number in each account."""
        return [
            self.day_key(day, account, phone)
            for day in self.days
            for phone in self.phones
            for account in self.accounts
        ]
