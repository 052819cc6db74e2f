"""The statistics of several accounts at once: every stale account fetched together, summed.

Each account's statistics are its own (stored per account, fetched with its own client and
circuit breaker, core.clients). The page of all accounts shows their sum per day; an account
whose fetch fails keeps what it has stored and its error, while the others' numbers are
shown. As in deliveries/range_refresh.py, worker threads only talk HTTP: this thread reads
and stores, so one account's slow answer costs its time once, not once per account.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from core.accounts import configured_accounts
from dysms.errors import DysmsError, InvalidQuery
from rates.models import DailyStatistics
from rates.statistics import (
    COUNT_FIELDS,
    StatisticsFilter,
    StatisticsPlan,
    statistics_client,
    statistics_fetch,
    statistics_plan,
    statistics_store,
    statistics_stored,
    until_today,
)

# Accounts fetched at once (each has its own rate limit, so they do not slow each other).
ACCOUNTS_CONCURRENCY = 4


@dataclass(frozen=True)
class AccountStatistics:
    """One account's rows for the filter, and why they may be stale (``error``)."""

    account: str
    rows: tuple[DailyStatistics, ...]
    error: DysmsError | InvalidQuery | None = None


@dataclass(frozen=True)
class StatisticsResult:
    """The accounts' statistics: ``rows`` summed per day, ``accounts`` each one's own."""

    rows: list[DailyStatistics]
    accounts: tuple[AccountStatistics, ...]
    days: int

    @property
    def error(self) -> DysmsError | InvalidQuery | None:
        """The first account's error (the only one, with one account)."""
        return next((one.error for one in self.accounts if one.error is not None), None)

    @property
    def failures(self) -> tuple[tuple[str, DysmsError | InvalidQuery], ...]:
        return tuple((one.account, one.error) for one in self.accounts if one.error is not None)

    @property
    def complete(self) -> bool:
        """Every account has every day: totals mean the whole period."""
        return all(len(one.rows) >= self.days for one in self.accounts)


def account_names(wanted: StatisticsFilter) -> tuple[str, ...]:
    return wanted.accounts or tuple(account.name for account in configured_accounts())


def statistics_or_stored(
    wanted: StatisticsFilter, *, ask_upstream: bool = True, now: datetime | None = None
) -> StatisticsResult:
    """Fresh statistics of the filter's accounts; an account whose fetch fails keeps what is
    stored and its error. Without ``ask_upstream``, only what is stored."""
    now = now or timezone.now()
    names = account_names(wanted)
    days = len(until_today(wanted, now).days())
    if not ask_upstream:
        stored = tuple(
            AccountStatistics(name, tuple(statistics_stored(wanted, account=name)))
            for name in names
        )
        return _result(stored, days)
    plans = [statistics_plan(wanted, account=name, now=now) for name in names]
    answers = _fetch_stale([plan for plan in plans if plan.fetch is not None])
    accounts = tuple(_settled(plan, answers.get(plan.account), wanted, now) for plan in plans)
    return _result(accounts, days)


def _settled(
    plan: StatisticsPlan, answer: Future | DysmsError | None, wanted: StatisticsFilter, now
) -> AccountStatistics:
    """One account after its fetch: stored (here, in the request thread) or failed."""
    if plan.fetch is None:
        return AccountStatistics(plan.account, plan.stored)
    try:
        if isinstance(answer, DysmsError):
            raise answer
        fetched = answer.result()
    except (DysmsError, InvalidQuery) as error:
        return AccountStatistics(plan.account, plan.stored, error)
    statistics_store(plan.fetch, fetched, account=plan.account, now=now)
    rows = statistics_stored(until_today(wanted, now), account=plan.account)
    return AccountStatistics(plan.account, tuple(rows))


def _fetch_stale(plans: list[StatisticsPlan]) -> dict[str, Future | DysmsError]:
    """Each stale account's fetch under way (or the error making its client); one account is
    fetched in this thread, several in a small pool."""
    answers: dict[str, Future | DysmsError] = {}
    pool = _pool() if len(plans) > 1 else None
    try:
        for plan in plans:
            try:
                client = statistics_client(plan.account)
            except DysmsError as error:  # its settings name no usable AccessKey
                answers[plan.account] = error
                continue
            answers[plan.account] = _submit(pool, client, plan.fetch)
        for answer in answers.values():
            if isinstance(answer, Future):
                answer.exception()  # wait, inside the pool's lifetime
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    return answers


def _submit(pool: ThreadPoolExecutor | None, client, fetch: StatisticsFilter) -> Future:
    if pool is not None:
        return pool.submit(statistics_fetch, client, fetch)
    future: Future = Future()
    try:
        future.set_result(statistics_fetch(client, fetch))
    except Exception as error:  # handed back as the pool would, raised by ``result()``
        future.set_exception(error)
    return future


def _result(accounts: tuple[AccountStatistics, ...], days: int) -> StatisticsResult:
    return StatisticsResult(rows=summed_per_day(accounts), accounts=accounts, days=days)


def summed_per_day(accounts: tuple[AccountStatistics, ...]) -> list[DailyStatistics]:
    """One row per day with the accounts' counts added up (one account: its own rows).

    A sum was fetched when its oldest part was, so it is final only when every part is.
    The rows are not saved: they stand for no account.
    """
    if len(accounts) == 1:
        return list(accounts[0].rows)
    by_day: dict = {}
    for account in accounts:
        for row in account.rows:
            total = by_day.get(row.day)
            if total is None:
                by_day[row.day] = _copy(row)
                continue
            for name in COUNT_FIELDS:
                setattr(total, name, getattr(total, name) + getattr(row, name))
            total.fetched_at = min(total.fetched_at, row.fetched_at)
    return [by_day[day] for day in sorted(by_day)]


def _copy(row: DailyStatistics) -> DailyStatistics:
    return DailyStatistics(
        account="",
        day=row.day,
        globe=row.globe,
        template_type=row.template_type,
        sign_name=row.sign_name,
        fetched_at=row.fetched_at,
        **{name: getattr(row, name) for name in COUNT_FIELDS},
    )


def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=ACCOUNTS_CONCURRENCY, thread_name_prefix="rates-stats")
