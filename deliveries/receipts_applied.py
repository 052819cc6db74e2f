"""What a pushed delivery receipt means for the stored SMS records.

The rates app stores the receipts Alibaba Cloud pushes; the record store is this app's, so
the rule that links a receipt to a stored record lives here, for both of its uses: updating
the records a receipt settles (``records_apply_receipts``) and naming the template of a
receipt, which only the records know (``receipt_template_code``).

A receipt matches a stored record in one of two ways:

- by BizId and phone, when the record came from a search by that BizId (a record
  knows its search's BizId: ``SmsRecord.biz_id``, its fetch's);
- otherwise, for records of searches without a BizId, by phone, send time
  (the same second) and OutId.

Records of a search by another BizId never match: they are other messages.
A receipt whose fallback key fits several records of one search is ambiguous
and updates none of them, rather than guessing. Phones are compared as stored:
the receipt's ``phone_number`` against the number the search normalised.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.db.models import (
    CharField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from deliveries.models import Fetch, SmsRecord, Status
from dysms.receipts import Receipt
from dysms.values import CHINA_TZ

ONE_SECOND = timedelta(seconds=1)
# Receipts whose candidate records are read in one query.
CHUNK = 500


def records_apply_receipts(*, receipts: Sequence[Receipt], account: str) -> int:
    """Update status, error code and receive time of the stored records the receipts match.

    ``receipts`` are the parsed push's values (``dysms.receipts.Receipt``), not the rows the
    rates app stored them in, all pushed to ``account``'s URL: only that account's records
    are touched (another account's message may share a phone and a send second). Returns
    how many records changed. A record already showing what the receipt says is left alone,
    so applying the same receipt twice changes nothing.
    The ``waiting_count`` of every search whose records changed is recounted.
    Candidates are read a chunk of receipts at a time, not one query per receipt.
    """
    changed: dict[int, SmsRecord] = {}
    for start in range(0, len(receipts), CHUNK):
        chunk = receipts[start : start + CHUNK]
        matches = _Candidates(chunk, account=account)
        for receipt in chunk:
            status = Status.DELIVERED if receipt.success else Status.FAILED
            for record in matches.of(receipt):
                if (record.status, record.err_code, record.receive_time) == (
                    status,
                    receipt.err_code,
                    receipt.report_time,
                ):
                    continue
                record.status = status
                record.err_code = receipt.err_code
                record.receive_time = receipt.report_time
                changed[record.pk] = record
    if not changed:
        return 0
    SmsRecord.objects.bulk_update(
        changed.values(), ["status", "err_code", "receive_time"], batch_size=500
    )
    _recount_waiting({record.fetch_id for record in changed.values()})
    return len(changed)


def receipts_template_codes(
    *, receipts: Sequence[Receipt], account: str
) -> dict[tuple[str, str], str]:
    """The template code of each receipt's stored record, by the receipt's (BizId, phone); the
    receipts no stored record matches (or only records without a code) are left out."""
    codes: dict[tuple[str, str], str] = {}
    for start in range(0, len(receipts), CHUNK):
        chunk = receipts[start : start + CHUNK]
        matches = _Candidates(chunk, account=account)
        for receipt in chunk:
            found = [record.template_code for record in matches.of(receipt) if record.template_code]
            if found:
                codes[receipt.key] = found[0]
    return codes


class _Candidates:
    """The stored records a chunk of receipts may match, indexed by both match keys."""

    def __init__(self, receipts: Sequence[Receipt], *, account: str):
        phones = {receipt.phone_number for receipt in receipts}
        biz_ids = {receipt.biz_id for receipt in receipts}
        days = {receipt.send_time.astimezone(CHINA_TZ).date() for receipt in receipts}
        records = SmsRecord.objects.filter(account=account, phone__in=phones).filter(
            Q(biz_id__in=biz_ids) | Q(biz_id="", send_day__in=days)
        )
        self.by_biz_id: dict[tuple[str, str], list[SmsRecord]] = defaultdict(list)
        self.by_time: dict[tuple, dict[int, list[SmsRecord]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for record in records:
            if record.biz_id:
                self.by_biz_id[(record.biz_id, record.phone)].append(record)
            elif record.send_time is not None:
                key = (record.phone, _second(record.send_time), record.out_id)
                self.by_time[key][record.fetch_id].append(record)

    def of(self, receipt: Receipt) -> list[SmsRecord]:
        by_biz_id = self.by_biz_id.get((receipt.biz_id, receipt.phone_number), [])
        key = (receipt.phone_number, _second(receipt.send_time), receipt.out_id)
        per_search = self.by_time.get(key, {})
        # Several records of one search with the same key: ambiguous, none is updated.
        return [*by_biz_id, *(found[0] for found in per_search.values() if len(found) == 1)]


def _second(moment: datetime) -> datetime:
    return moment.astimezone(CHINA_TZ).replace(microsecond=0)


def _recount_waiting(fetch_ids: set[int]) -> None:
    waiting = dict(
        SmsRecord.objects.filter(fetch_id__in=fetch_ids, status=Status.WAITING)
        .values_list("fetch_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    fetches = list(Fetch.objects.filter(pk__in=fetch_ids))
    for fetch in fetches:
        fetch.waiting_count = waiting.get(fetch.pk, 0)
    Fetch.objects.bulk_update(fetches, ["waiting_count"])


def receipt_template_code(
    *, account: str, biz_id: str, phone: str, send_time: str, out_id: str
) -> Coalesce:
    """The template code of the stored record a receipt matches ("" when none does).

    An expression for annotating a query of receipts: the arguments name that query's
    columns (account, BizId, phone, send time, OutId), so the caller keeps its own table and this
    app its own, and a breakdown over any number of receipts stays one SQL query. The BizId
    match is preferred; the phone, send time and OutId match is the fallback (here the first
    of several matching records counts). Records without a template code are not used.
    """
    columns = {"account": account, "biz_id": biz_id, "phone": phone}
    return _matched_value("template_code", send_time=send_time, out_id=out_id, **columns)


def receipt_content(
    *, account: str, biz_id: str, phone: str, send_time: str, out_id: str
) -> Coalesce:
    """The content of the stored record a receipt matches ("" when none does), matched as
    ``receipt_template_code`` matches: its 【sign】 is the sign of the receipt's message
    (``dysms.signs.content_sign``; records store no sign of their own)."""
    columns = {"account": account, "biz_id": biz_id, "phone": phone}
    return _matched_value("content", send_time=send_time, out_id=out_id, **columns)


def _matched_value(
    field: str, *, account: str, biz_id: str, phone: str, send_time: str, out_id: str
) -> Coalesce:
    """``field`` of the stored record a receipt matches, by BizId first, else by phone, send
    second and OutId; records leaving ``field`` empty are not used."""
    known = (
        SmsRecord.objects.filter(account=OuterRef(account))
        .exclude(**{field: ""})
        .order_by("-fetch__fetched_at", "pk")
    )
    by_biz_id = known.filter(fetch__biz_id=OuterRef(biz_id), phone=OuterRef(phone)).values(field)[
        :1
    ]
    by_time = known.filter(
        fetch__biz_id="",
        phone=OuterRef(phone),
        send_time__gte=OuterRef(send_time),
        send_time__lt=ExpressionWrapper(
            OuterRef(send_time) + Value(ONE_SECOND), output_field=DateTimeField()
        ),
        out_id=OuterRef(out_id),
    ).values(field)[:1]
    return Coalesce(
        Subquery(by_biz_id, output_field=CharField()),
        Subquery(by_time, output_field=CharField()),
        Value(""),
        output_field=CharField(),
    )
