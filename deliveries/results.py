"""What a refresh of the record store gives back: the stored fetches, and what went wrong.

Values, not words: a failure upstream is a ``core.failures.Failure`` and the late days are
dates; the page turns them into sentences (core.failures, the ``banners`` template tags).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from core.failures import Failure
from deliveries.models import Fetch
from dysms.parsing import MAX_TOTAL_COUNT


@dataclass(frozen=True)
class RefreshResult:
    """What the store holds for one day of a search after the refresh, and what happened.

    ``fetch`` is ``None`` when the day was never fetched successfully. With a ``failure``
    any rows shown are older ones. ``late``: upstream had not answered by the deadline.
    ``account``: whose answer it is (a search of several accounts has one per account and day);
    ``phone``: of which number (``records_refresh_range`` names it; "" elsewhere).
    """

    fetch: Fetch | None
    fetched: bool = False
    failure: Failure | None = None
    late: bool = False
    account: str = "default"
    phone: str = ""


@dataclass(frozen=True)
class FetchSummary:
    """The stored days of a search, summed up for the page.

    ``total_unbelievable``: some day's ``TotalCount`` was clamped (``MAX_TOTAL_COUNT``), so
    ``total_count`` is a lower bound and the page says upstream's count cannot be right.
    ``incomplete``: some day's pages listed fewer records than its ``TotalCount`` said.
    """

    fetched_at: datetime
    capped: bool
    total_count: int
    stored_count: int
    request_ids: list[str]
    total_unbelievable: bool = False
    incomplete: bool = False


@dataclass(frozen=True)
class RangeResult:
    """``records_refresh`` over several days (newest first): one ``RefreshResult`` per day
    and account.

    ``failure`` is the first troubled day's (days fail alike: one banner says it);
    ``account_failures`` that of each account with one (a search of several accounts shows a
    banner per troubled account, and the others' rows); ``late_days`` are the days not
    fetched by the deadline in some account.
    """

    days: tuple[tuple[date, RefreshResult], ...]

    @property
    def fetches(self) -> list[Fetch]:
        return [result.fetch for _, result in self.days if result.fetch is not None]

    @property
    def fetch(self) -> FetchSummary | None:
        """The stored days summed up (oldest fetch time, any cap); ``None`` if none is stored."""
        fetches = self.fetches
        if not fetches:
            return None
        return FetchSummary(
            fetched_at=min(f.fetched_at for f in fetches),
            capped=any(f.capped for f in fetches),
            total_count=sum(f.total_count for f in fetches),
            total_unbelievable=any(f.total_count >= MAX_TOTAL_COUNT for f in fetches),
            incomplete=any(f.is_incomplete() for f in fetches),
            stored_count=sum(f.stored_count for f in fetches),
            request_ids=[rid for f in fetches for rid in f.request_ids],
        )

    @property
    def failure(self) -> Failure | None:
        return next((r.failure for _, r in self.days if r.failure is not None), None)

    @property
    def account_failures(self) -> list[tuple[str, Failure]]:
        """(account, its first failure) for every account that had one, in search order."""
        seen: dict[str, Failure] = {}
        for _, result in self.days:
            if result.failure is not None:
                seen.setdefault(result.account, result.failure)
        return list(seen.items())

    @property
    def late_days(self) -> list[date]:
        return sorted({day for day, result in self.days if result.late}, reverse=True)

    @property
    def troubled(self) -> bool:
        """Something to tell: a failure upstream, or days without an answer in time."""
        return self.failure is not None or bool(self.late_days)

    @property
    def fetched(self) -> bool:
        return any(result.fetched for _, result in self.days)
