"""What identifies a stored record within its search, so its id outlives every refetch.

QuerySendDetails gives a send no id of its own (the BizId is the search's, not the answer's).
What it does give splits in two:

- fixed once the message is sent: the phone, ``SendDate`` (to the second), ``TemplateCode``,
  ``Content`` (rendered from the template's variables at send time) and ``OutId``;
- moving as the receipt comes in: ``SendStatus``, ``ErrCode`` and ``ReceiveDate``.

The fixed five are the natural key. Two sends can share all five (a caller's retry loop sending
one code twice in a second); upstream still lists them as two, so the key is completed by the
**ordinal**: 0, 1, ... among the sends of the same five values, in upstream's order. A record is
then (fetch, send_key, ordinal) for as long as it is stored, where ``send_key`` is the SHA-256
of the five values: content has no length limit, and a unique index over a long text column
breaks on PostgreSQL (B-tree rows are at most about 2.7 kB); 64 hex characters fit every
database.

What follows from the choice:

- A changed content (or template, OutId, send time) is, as far as the store can tell, another
  send: the old record goes and a new one comes with a new id. The service does not change
  them once sent, so this happens only if upstream corrects itself.
- Identical sends are told apart only by their order: if upstream lists two identical sends of
  one second the other way round on a later fetch, their ids stay (0 and 1) and their statuses
  swap. Nothing in the answer could tell them apart better.

The key is computed from the values as stored (NUL removed, cut to the column), so the
migration that keys existing rows and ``record_store.store_day`` agree. Changing
``send_key`` changes every record's key: ship it with a data migration calling
``records_rekey``, as ``0003_smsrecord_send_key`` does, or refetches would replace every row.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from datetime import UTC, datetime

# The record's fields ``send_key`` is computed from.
KEY_FIELDS = frozenset({"phone", "send_time", "template_code", "content", "out_id"})
# Fetches whose rows are read (and rewritten) at a time by ``records_rekey``.
FETCH_BATCH = 20


def send_key(
    *, phone: str, send_time: datetime | None, template_code: str, content: str, out_id: str
) -> str:
    """The SHA-256 (hex) of what the service fixes once a message is sent.

    The values go through JSON as a list, so no two different tuples join to the same text
    ("ab" + "c" against "a" + "bc"); the time as UTC, so one instant is one key however the
    database hands it back.
    """
    moment = send_time.astimezone(UTC).isoformat() if send_time is not None else None
    text = json.dumps([phone, moment, template_code, content, out_id], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def record_send_key(record) -> str:
    """``send_key`` of a stored record (or any object with the five attributes)."""
    return send_key(
        phone=record.phone,
        send_time=record.send_time,
        template_code=record.template_code,
        content=record.content,
        out_id=record.out_id,
    )


class Ordinals:
    """Hands out the ordinal of each key in turn: 0 for its first send, 1 for the next, ..."""

    def __init__(self):
        self._seen: Counter[str] = Counter()

    def next(self, key: str) -> int:
        ordinal = self._seen[key]
        self._seen[key] += 1
        return ordinal


def records_rekey(*, model=None, batch_size: int = FETCH_BATCH) -> int:
    """Compute ``send_key`` and ``ordinal`` of every stored record; returns how many changed.

    Ordinals follow ``position`` (upstream's order) within each fetch, the row id breaking a
    tie. ``model`` is the ``SmsRecord`` class to use: a migration passes its historical model.
    Fetches are read ``batch_size`` at a time, so memory stays bounded on a large store.

    Rows are written while the unique rule ``one_record_per_send`` would see them half done:
    a migration changing the key removes the rule first, rekeys, and adds it again in a
    migration of its own (as ``0003`` and ``0004`` do, see there why on PostgreSQL).
    """
    if model is None:
        from deliveries.models import SmsRecord as model
    fetches = model.objects.order_by("fetch_id").values_list("fetch_id", flat=True)
    fetch_ids = list(fetches.distinct())
    changed = 0
    for start in range(0, len(fetch_ids), batch_size):
        rows = model.objects.filter(fetch_id__in=fetch_ids[start : start + batch_size])
        rows = rows.order_by("fetch_id", "position", "pk").only(
            "pk", "fetch_id", *KEY_FIELDS, "send_key", "ordinal"
        )
        new_keys, new_ordinals, ordinals, fetch_id = [], [], Ordinals(), None
        for row in rows:
            if row.fetch_id != fetch_id:
                ordinals, fetch_id = Ordinals(), row.fetch_id
            key = record_send_key(row)
            ordinal = ordinals.next(key)
            if row.send_key != key:
                row.send_key = key
                new_keys.append(row)
            if row.ordinal != ordinal:
                row.ordinal = ordinal
                new_ordinals.append(row)
        # Field by field: each costs per row it writes, and most ordinals stay 0.
        model.objects.bulk_update(new_keys, ["send_key"], batch_size=500)
        model.objects.bulk_update(new_ordinals, ["ordinal"], batch_size=500)
        changed += len({row.pk for row in new_keys + new_ordinals})
    return changed
