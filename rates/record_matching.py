"""Link pushed receipts to the SMS records the dashboard stores (``deliveries.models``).

A receipt matches a stored record in one of two ways:

- by BizId and phone, when the record came from a search by that BizId (the
  store knows a record's BizId only through ``Fetch.biz_id``);
- otherwise, for records of searches without a BizId, by phone, send time
  (the same second) and OutId.

Records of a search by another BizId never match: they are other messages.
A receipt whose fallback key fits several records of one search is ambiguous
and updates none of them, rather than guessing. Phones are compared as stored:
the receipt's ``phone_number`` against the number the search normalised.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.db.models import (
    CharField,
    DateTimeField,
    ExpressionWrapper,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from deliveries.models import Fetch, SmsRecord, Status

from .receipts import Receipt

ONE_SECOND = timedelta(seconds=1)


def apply_receipts_to_records(receipts: list[Receipt]) -> int:
    """Update status, error code and receive time of the stored records the receipts match.

    Returns how many records changed. A record already showing what the receipt
    says is left alone, so applying the same receipt twice changes nothing.
    The ``waiting_count`` of every search whose records changed is recounted.
    """
    changed: set[int] = set()
    fetches: set[int] = set()
    for receipt in receipts:
        status = Status.DELIVERED if receipt.success else Status.FAILED
        for record in _matching(receipt):
            if (
                record.status == status
                and record.err_code == receipt.err_code[:100]
                and record.receive_time == receipt.report_time
            ):
                continue
            record.status = status
            record.err_code = receipt.err_code[:100]
            record.receive_time = receipt.report_time
            record.save(update_fields=["status", "err_code", "receive_time"])
            changed.add(record.pk)
            fetches.add(record.fetch_id)
    for fetch_id in fetches:
        waiting = SmsRecord.objects.filter(fetch_id=fetch_id, status=Status.WAITING).count()
        Fetch.objects.filter(pk=fetch_id).update(waiting_count=waiting)
    return len(changed)


def _matching(receipt: Receipt) -> list[SmsRecord]:
    by_biz_id = SmsRecord.objects.filter(fetch__biz_id=receipt.biz_id, phone=receipt.phone_number)
    by_time = SmsRecord.objects.filter(
        fetch__biz_id="",
        phone=receipt.phone_number,
        send_time__gte=receipt.send_time,
        send_time__lt=receipt.send_time + ONE_SECOND,
        out_id=receipt.out_id,
    )
    per_fetch: dict[int, list[SmsRecord]] = defaultdict(list)
    for record in by_time:
        per_fetch[record.fetch_id].append(record)
    unambiguous = [records[0] for records in per_fetch.values() if len(records) == 1]
    return [*by_biz_id, *unambiguous]


def with_template_code(receipts: QuerySet) -> QuerySet:
    """Annotate receipts with ``template_code`` ("" when no stored record matches).

    The BizId match is preferred; the phone, send time and OutId match is the
    fallback (here the first of several matching records counts). Records
    without a template code are not used.
    """
    known = SmsRecord.objects.exclude(template_code="").order_by("-fetch__fetched_at", "pk")
    by_biz_id = known.filter(
        fetch__biz_id=OuterRef("biz_id"), phone=OuterRef("phone_number")
    ).values("template_code")[:1]
    by_time = known.filter(
        fetch__biz_id="",
        phone=OuterRef("phone_number"),
        send_time__gte=OuterRef("send_time"),
        send_time__lt=ExpressionWrapper(
            OuterRef("send_time") + Value(ONE_SECOND), output_field=DateTimeField()
        ),
        out_id=OuterRef("out_id"),
    ).values("template_code")[:1]
    return receipts.annotate(
        template_code=Coalesce(
            Subquery(by_biz_id, output_field=CharField()),
            Subquery(by_time, output_field=CharField()),
            Value(""),
            output_field=CharField(),
        )
    )
