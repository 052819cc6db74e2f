"""One account's daily statistics (QuerySendStatistics): which days are stale, fetch, store.

Split in three steps (``statistics_plan``, ``statistics_fetch``, ``statistics_store``) so that
the page of several accounts (rates/accounts_statistics.py) fetches every account at once in
worker threads while this thread alone reads and writes the database; ``statistics_refresh``
runs the three for one account.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

from core.accounts import default_account
from core.clients import get_client
from dysms.protocol import SmsClient
from dysms.values import DailyStatistics as UpstreamStatistics
from rates.models import DailyStatistics, Globe, TemplateType, is_settling

COUNT_FIELDS = (
    "total_count",
    "responded_success_count",
    "responded_fail_count",
    "no_responded_count",
)


@dataclass(frozen=True)
class StatisticsFilter:
    """Which statistics: the period, the optional QuerySendStatistics filters, the accounts.

    ``accounts`` names the accounts (core.accounts) whose statistics are summed; ``()`` is
    every configured account.
    """

    start: date
    end: date
    globe: Globe = Globe.DOMESTIC
    template_type: TemplateType = TemplateType.ALL
    sign_name: str = ""
    accounts: tuple[str, ...] = ()

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]


@dataclass(frozen=True)
class StatisticsPlan:
    """What is stored of one account for the filter, and the period to fetch (``None``: none)."""

    account: str
    stored: tuple[DailyStatistics, ...]
    fetch: StatisticsFilter | None


def statistics_refresh(
    *,
    start: date,
    end: date,
    globe: Globe,
    template_type: TemplateType | int | None = None,
    sign_name: str | None = None,
    account: str | None = None,
    force: bool = False,
    client: SmsClient | None = None,
    now: datetime | None = None,
) -> list[DailyStatistics]:
    """Make one account's stored statistics of ``start``..``end`` fresh and return them, one
    row per day (the default account's without ``account``).

    A day is fetched again when it has never been fetched, or when it was
    fetched before it settled (today and the two days before) and that fetch is
    older than ``STATS_FRESH_SECONDS``. A day fetched after it settled is kept.
    ``force`` fetches the whole period. Days after today are left out.
    One upstream query (all its pages) covers the stale days; with none, nothing is read twice.
    """
    now = now or timezone.now()
    wanted = StatisticsFilter(
        start=start,
        end=end,
        globe=Globe(globe),
        template_type=TemplateType(TemplateType.ALL if template_type is None else template_type),
        sign_name=(sign_name or "").strip(),
    )
    name = account or default_account().name
    plan = statistics_plan(wanted, account=name, now=now, force=force)
    if plan.fetch is None:
        return list(plan.stored)
    fetched = statistics_fetch(client or statistics_client(name), plan.fetch)
    statistics_store(plan.fetch, fetched, account=name, now=now)
    return statistics_stored(until_today(wanted, now), account=name)


def until_today(wanted: StatisticsFilter, now: datetime) -> StatisticsFilter:
    """The filter without the days after today (they have no statistics yet)."""
    return replace(wanted, end=min(wanted.end, timezone.localdate(now)))


def statistics_plan(
    wanted: StatisticsFilter, *, account: str, now: datetime, force: bool = False
) -> StatisticsPlan:
    """What one account has stored for the filter, and which of its days to fetch (one period
    from the first stale day to the last). Reads the database: call it in the request thread."""
    wanted = until_today(wanted, now)
    if wanted.start > wanted.end:
        return StatisticsPlan(account, (), None)
    today = timezone.localdate(now)
    stored = {row.day: row for row in statistics_stored(wanted, account=account)}
    stale = [
        day
        for day in wanted.days()
        if force or _needs_fetch(stored.get(day), day=day, today=today, now=now)
    ]
    fetch = replace(wanted, start=min(stale), end=max(stale)) if stale else None
    return StatisticsPlan(account, tuple(stored.values()), fetch)


def statistics_stored(
    wanted: StatisticsFilter, *, account: str | None = None
) -> list[DailyStatistics]:
    """What one account has stored for the filter, without asking upstream (also used when
    upstream fails); the default account's without ``account``."""
    return list(
        DailyStatistics.objects.filter(
            account=account or default_account().name,
            day__gte=wanted.start,
            day__lte=wanted.end,
            globe=wanted.globe,
            template_type=wanted.template_type,
            sign_name=wanted.sign_name,
        ).order_by("day")
    )


def _needs_fetch(row: DailyStatistics | None, *, day: date, today: date, now: datetime) -> bool:
    if row is None:
        return True
    if row.is_final() and not is_settling(day, today):
        return False
    return (now - row.fetched_at).total_seconds() >= settings.STATS_FRESH_SECONDS


def statistics_client(account: str) -> SmsClient:
    """The account's client (core.clients); ``ClientNotConfigured`` when it cannot be made."""
    return get_client(account)


def statistics_fetch(client: SmsClient, wanted: StatisticsFilter) -> list[UpstreamStatistics]:
    """Every page of QuerySendStatistics for the filter (the client pages and rate-limits).

    Only HTTP: safe in a worker thread."""
    result = client.query_all_send_statistics(
        is_globe=int(wanted.globe),
        start_date=wanted.start,
        end_date=wanted.end,
        template_type=None
        if wanted.template_type == TemplateType.ALL
        else int(wanted.template_type),
        sign_name=wanted.sign_name or None,
    )
    return list(result.rows)


def statistics_store(
    wanted: StatisticsFilter, fetched: Iterable, *, account: str, now: datetime
) -> None:
    """Upsert one row per day of the fetched period; days upstream left out had no traffic."""
    counts = {day: dict.fromkeys(COUNT_FIELDS, 0) for day in wanted.days()}
    for item in fetched:
        day = item.send_date
        if day in counts:  # upstream answered outside the asked period: ignore
            for name in COUNT_FIELDS:
                counts[day][name] += int(getattr(item, name))
    rows = [
        DailyStatistics(
            account=account,
            day=day,
            globe=wanted.globe,
            template_type=wanted.template_type,
            sign_name=wanted.sign_name,
            fetched_at=now,
            **values,
        )
        for day, values in counts.items()
    ]
    DailyStatistics.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["account", "day", "globe", "template_type", "sign_name"],
        update_fields=[*COUNT_FIELDS, "fetched_at"],
    )
