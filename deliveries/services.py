"""The business actions of the records app, in one place for the views and the other apps.

``records_refresh`` keeps one day of a search fresh (deliveries/refresh.py: freshness,
the fetch lock), ``records_refresh_range`` every day of a search by one deadline
(deliveries/range_refresh.py, deliveries/deadline.py). Both return values
(deliveries/results.py), never words: a failure upstream is a ``core.failures.Failure``.
``records_apply_receipts`` is how pushed receipts (the rates app) update stored records
(deliveries/receipts_applied.py); ``replies_store`` is how it stores the customers' pushed
replies, which belong to a number's timeline (deliveries/replies.py says why they live here).
``catalogue_refresh`` keeps each account's stored template and signature lists fresh
(deliveries/catalogue_refresh.py).
"""

from __future__ import annotations

from deliveries.catalogue_refresh import catalogue_refresh
from deliveries.deadline import Deadline
from deliveries.range_refresh import records_refresh_range
from deliveries.receipts_applied import records_apply_receipts
from deliveries.record_search import LOCK_KEY, DayKey, RecordFilters, RecordSearch
from deliveries.refresh import is_fresh, records_refresh
from deliveries.replies import replies_store
from deliveries.results import FetchSummary, RangeResult, RefreshResult

__all__ = [
    "LOCK_KEY",
    "DayKey",
    "Deadline",
    "FetchSummary",
    "RangeResult",
    "RecordFilters",
    "RecordSearch",
    "RefreshResult",
    "catalogue_refresh",
    "is_fresh",
    "records_apply_receipts",
    "records_refresh",
    "records_refresh_range",
    "replies_store",
]
