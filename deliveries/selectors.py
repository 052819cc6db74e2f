"""Read-only queries over the record store: a search's rows, their summary, a record again.

The accounts' stored template and signature lists are read through here too (``catalogue``):
``catalogue_read``, ``template_named``; the rates app may read them so.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet

from deliveries.billing_sample import records_parts_average as records_parts_average
from deliveries.catalogue import Catalogue as Catalogue
from deliveries.catalogue import TemplateEntry as TemplateEntry
from deliveries.catalogue import catalogue_read as catalogue_read
from deliveries.catalogue import sign_condition, template_condition
from deliveries.catalogue import template_named as template_named
from deliveries.models import Fetch, SmsRecord, Status
from deliveries.receipt_words import code_explanation_html as code_explanation_html
from deliveries.receipt_words import code_meaning as code_meaning
from deliveries.receipt_words import receipt_badge as receipt_badge
from deliveries.receipt_words import receipt_status_word as receipt_status_word
from deliveries.receipts_applied import receipt_content as receipt_content
from deliveries.receipts_applied import receipt_template_code as receipt_template_code
from deliveries.receipts_applied import receipts_template_codes as receipts_template_codes
from deliveries.record_outcomes import LatencyCount as LatencyCount
from deliveries.record_outcomes import OutcomeCount as OutcomeCount
from deliveries.record_outcomes import records_latency_counts as records_latency_counts
from deliveries.record_outcomes import records_outcome_counts as records_outcome_counts
from deliveries.record_search import RecordFilters, RecordSearch
from deliveries.replies import ReplyLine as ReplyLine
from deliveries.replies import replies_for as replies_for


@dataclass(frozen=True)
class Summary:
    sent: int
    delivered: int
    failed: int
    waiting: int

    @property
    def delivery_rate(self) -> float | None:
        """Delivered ÷ sent, as the Alibaba Cloud console counts it; ``None`` with nothing sent."""
        return self.delivered / self.sent if self.sent else None

    @property
    def delivery_percent(self) -> str:
        rate = self.delivery_rate
        return "—" if rate is None else f"{rate * 100:.1f}%"


def records_list(*, search: RecordSearch, filters: RecordFilters) -> QuerySet[SmsRecord]:
    """The stored rows of the search, narrowed: newest day first, newest send first within a
    day (the accounts' sends interleaved by time; upstream's order for sends of one second).

    An empty BizId selects the search without one (not "any BizId"): each is stored apart.
    The row's own ``biz_id`` and days, never a join with the fetches: with the ``record_page``
    index a page of a 30-day range reads its 50 rows and nothing else (bench/README.md, issue 13).
    The text filter reads the content as the page shows it: with masking on, codes are stars
    here too. Matching the unmasked text would make the match count an oracle (``验证码为2``,
    ``验证码为27`` ... recovers a code in some 50 searches) for roles that may not reveal, and
    a way around the audited Reveal for those who may.
    """
    records = SmsRecord.objects.filter(
        send_day__range=(search.first, search.last), biz_id=search.biz_id
    )
    if search.several:
        records = records.filter(phone__in=search.phones)
    else:
        records = records.filter(phone=search.phone)
    if len(search.accounts) == 1:
        records = records.filter(account=search.accounts[0])
    else:
        records = records.filter(account__in=search.accounts)
    records = _narrowed(records, filters)
    # A send without a time (upstream left it out) comes first in its day on every database,
    # as PostgreSQL's descending index (``record_page``) has it.
    newest = F("send_time").desc(nulls_first=True)
    if search.several:  # the numbers' sends interleaved by time too
        return records.order_by("-send_day", newest, "position", "account", "phone")
    return records.order_by("-send_day", newest, "position", "account")


def _narrowed(records: QuerySet[SmsRecord], filters: RecordFilters) -> QuerySet[SmsRecord]:
    if filters.status is not None:
        records = records.filter(status=filters.status)
    if filters.time_from is not None:
        records = records.filter(send_time__time__gte=filters.time_from)
    if filters.time_to is not None:
        # "Until 14:05" includes 14:05:59: the minute the agent typed, as a clock shows it.
        records = records.filter(send_time__time__lte=_end_of_minute(filters.time_to))
    column = "content_masked" if getattr(settings, "MASK_VERIFICATION_CODES", True) else "content"
    if filters.template:
        records = records.filter(template_condition(filters.template))
    if filters.sign:
        records = records.filter(sign_condition(filters.sign, column))
    if filters.text:
        records = records.filter(**{f"{column}__icontains": filters.text})
    return records


def records_summary(records: QuerySet[SmsRecord]) -> Summary:
    """Sent, delivered, failed and waiting in one query: the page's one count of the rows.

    Counted over ``status`` (never NULL), not the id: unfiltered, the columns asked for are all
    in the ``record_page`` index, so PostgreSQL counts from the index without reading the rows.
    """
    return Summary(**records.order_by().aggregate(**_COUNTS))


_COUNTS = {
    "sent": Count("status"),
    "delivered": Count("status", filter=Q(status=Status.DELIVERED)),
    "failed": Count("status", filter=Q(status=Status.FAILED)),
    "waiting": Count("status", filter=Q(status=Status.WAITING)),
}


@dataclass(frozen=True)
class PhoneSummary:
    """One number's part of a search of several: its counts, among the same filtered rows."""

    phone: str
    summary: Summary


def records_summary_by_phone(
    records: QuerySet[SmsRecord], *, phones: tuple[str, ...]
) -> list[PhoneSummary]:
    """``records_summary`` for each of ``phones``, in their order (a number without a send
    counts 0), in one grouped query."""
    rows = records.order_by().values("phone").annotate(**_COUNTS)
    counted = {row.pop("phone"): Summary(**row) for row in rows}
    nothing = Summary(sent=0, delivered=0, failed=0, waiting=0)
    return [PhoneSummary(phone, counted.get(phone, nothing)) for phone in phones]


def _end_of_minute(moment: time) -> time:
    return moment.replace(second=59, microsecond=999999) if moment.second == 0 else moment


@dataclass(frozen=True)
class FetchFacts:
    """What an export says of the fetch that brought a row."""

    fetched_at: datetime
    request_ids: list[str]


def records_fetches(*, search: RecordSearch) -> dict[int, FetchFacts]:
    """The search's fetches by id: one per account, number and day (30 rows for 30 days of one
    number), read once
    by their unique key instead of joined to each of the export's rows."""
    fetches = Fetch.objects.filter(
        account__in=search.accounts,
        phone__in=search.phones,
        day__range=(search.first, search.last),
        biz_id=search.biz_id,
    ).values_list("id", "fetched_at", "request_ids")
    return {
        pk: FetchFacts(fetched_at=fetched_at, request_ids=list(request_ids or []))
        for pk, fetched_at, request_ids in fetches
    }


@dataclass(frozen=True)
class Neighbours:
    """The number's sends just before and just after a record (same account and BizId search),
    as ids: the record page's Previous and Next."""

    previous: int | None
    next: int | None


def records_neighbours(record: SmsRecord) -> Neighbours:
    """Two short reads of the ``record_phone_time`` index; a record without a send time has none."""
    if record.send_time is None:
        return Neighbours(previous=None, next=None)
    same = SmsRecord.objects.filter(
        phone=record.phone, account=record.account, biz_id=record.biz_id
    ).exclude(pk=record.pk)
    before = same.filter(send_time__lt=record.send_time).order_by("-send_time", "pk")
    after = same.filter(send_time__gt=record.send_time).order_by("send_time", "pk")
    return Neighbours(
        previous=before.values_list("pk", flat=True).first(),
        next=after.values_list("pk", flat=True).first(),
    )
