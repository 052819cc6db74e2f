"""Fetching one day of one number from QuerySendDetails: every page, up to the cap."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date

from django.conf import settings

from dysms.protocol import SmsClient
from dysms.values import SendDetailsPage
from dysms.values import SmsRecord as UpstreamRecord

PAGE_SIZE = 50  # the most QuerySendDetails gives per page


@dataclass(frozen=True)
class FetchedDay:
    total_count: int
    records: list[UpstreamRecord]
    request_ids: list[str]
    capped: bool


def fetch_day(client: SmsClient, *, phone: str, day: date, biz_id: str = "") -> FetchedDay:
    """Every page of the day (up to the cap): page 1 first, then the rest concurrently."""

    def page(number: int) -> SendDetailsPage:
        return client.query_send_details(
            phone, day, page=number, page_size=PAGE_SIZE, biz_id=biz_id or None
        )

    cap = settings.RECORDS_FETCH_CAP
    first = page(1)
    pages = [first]
    count = min(math.ceil(min(first.total_count, cap) / PAGE_SIZE), math.ceil(cap / PAGE_SIZE))
    if count > 1:
        workers = max(1, min(settings.RECORDS_FETCH_CONCURRENCY, count - 1))
        pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="dysms-page")
        try:
            pages += list(pool.map(page, range(2, count + 1)))
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    records = [record for one in pages for record in one.records][:cap]
    return FetchedDay(
        total_count=first.total_count,
        records=records,
        request_ids=[one.request_id for one in pages],
        capped=first.total_count > cap,
    )
