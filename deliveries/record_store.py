"""Storing a fetched day: the record rows of one (phone, day, BizId) search."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from deliveries.fetching import FetchedDay
from deliveries.models import Fetch, SmsRecord
from deliveries.stored_masking import masked_content
from dysms.values import SendStatus
from dysms.values import SmsRecord as UpstreamRecord


def store_day(key: dict, fetched: FetchedDay, *, fetched_at: datetime) -> Fetch:
    """Replace the search's stored records with ``fetched``, atomically."""
    records = fetched.records
    with transaction.atomic():
        fetch, _ = Fetch.objects.update_or_create(
            **key,
            defaults={
                "fetched_at": fetched_at,
                "total_count": fetched.total_count,
                "stored_count": len(records),
                "waiting_count": sum(r.status == SendStatus.WAITING for r in records),
                "capped": fetched.capped,
                "request_ids": fetched.request_ids,
            },
        )
        fetch.records.all().delete()
        SmsRecord.objects.bulk_create(
            [_row(fetch, position, record) for position, record in enumerate(records)],
            batch_size=500,
        )
    return fetch


def _row(fetch: Fetch, position: int, record: UpstreamRecord) -> SmsRecord:
    # bulk_create skips ``SmsRecord.save``: the masked content is computed here, once per store.
    content = _text(record.content)
    return SmsRecord(
        fetch=fetch,
        phone=fetch.phone,
        send_day=fetch.day,
        position=position,
        status=int(record.status),
        err_code=_text(record.err_code, 100),
        template_code=_text(record.template_code, 100),
        content=content,
        content_masked=masked_content(content),
        out_id=_text(record.out_id, 255),
        send_time=record.send_time,
        receive_time=record.receive_time,
    )


def _text(value: str, limit: int | None = None) -> str:
    # Upstream text is untrusted: PostgreSQL refuses NUL characters, columns have lengths.
    return value.replace("\x00", "")[:limit]
