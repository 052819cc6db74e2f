"""New record rows, as plain values, written in one statement a day.

``record_store`` decides which fetched sends are new; this module turns upstream's records
into the values the columns hold (``sent_of``) and inserts a day's new rows at once
(``insert_rows``): ``COPY`` on PostgreSQL, one prepared ``INSERT`` run for every row
(``executemany``) on SQLite.

Not ``bulk_create``: for each value of each row it goes through the field's preparation
(about 15 µs a row, as much as everything else storing a busy day costs), on SQLite its
parameter limit cuts a 420-record day into seven statements, and on PostgreSQL a
multi-row ``INSERT`` takes three times as long as ``COPY``. The values here are already
what the columns hold; only dates and times take the backend's form. ``SmsRecord.save``
is skipped, so the masked content and the key are computed here, as it would.
"""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from django.db import connection

from deliveries.models import Fetch, SmsRecord
from deliveries.record_keys import send_key
from deliveries.stored_masking import masked_content
from dysms.values import SmsRecord as UpstreamRecord


class Sent(NamedTuple):
    """One fetched send as the store keeps it: upstream's text cleaned and cut to the columns."""

    position: int
    status: int
    err_code: str
    template_code: str
    content: str
    out_id: str
    send_time: datetime | None
    receive_time: datetime | None
    send_key: str


# The columns of a new row, in the order ``insert_rows`` gives their values.
INSERTED = (
    *("fetch", "account", "phone", "send_day", "biz_id"),
    *Sent._fields,
    *("content_masked", "ordinal"),
)


def sent_of(phone: str, position: int, record: UpstreamRecord) -> Sent:
    """The send's values as stored; its key computed from them, as the migration that keyed
    the stored rows did (``record_keys``)."""
    content = _text(record.content)
    template_code = _text(record.template_code, 100)
    out_id = _text(record.out_id, 255)
    return Sent(
        position=position,
        status=int(record.status),
        err_code=_text(record.err_code, 100),
        template_code=template_code,
        content=content,
        out_id=out_id,
        send_time=record.send_time,
        receive_time=record.receive_time,
        send_key=send_key(
            phone=phone,
            send_time=record.send_time,
            template_code=template_code,
            content=content,
            out_id=out_id,
        ),
    )


def insert_rows(new: list[tuple[Fetch, list[tuple[Sent, int]]]]) -> None:
    """Insert the fetches' new sends (each with its ordinal) in one statement."""
    adapt_time = connection.ops.adapt_datetimefield_value
    rows = [
        (
            fetch.pk,
            fetch.account,
            fetch.phone,
            connection.ops.adapt_datefield_value(fetch.day),
            fetch.biz_id,
            *sent[:6],
            adapt_time(sent.send_time),
            adapt_time(sent.receive_time),
            sent.send_key,
            masked_content(sent.content),
            ordinal,
        )
        for fetch, sends in new
        for sent, ordinal in sends
    ]
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(SmsRecord._meta.db_table)
    columns = ", ".join(quote(SmsRecord._meta.get_field(name).column) for name in INSERTED)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            values = ", ".join(["%s"] * len(INSERTED))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({values})", rows)


def _text(value: str, limit: int | None = None) -> str:
    # Upstream text is untrusted: PostgreSQL refuses NUL characters, columns have lengths.
    return value.replace("\x00", "")[:limit]
