"""Storing a fetched day: the record rows of one (phone, day, BizId) search, updated in place."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import NamedTuple

from django.db import IntegrityError, connection, transaction
from django.db.models import F

from deliveries.fetching import FetchedDay
from deliveries.models import DEFAULT_ACCOUNT, Fetch, SmsRecord
from deliveries.record_keys import Ordinals
from deliveries.record_rows import Sent, insert_rows, sent_of
from dysms.values import SendStatus
from dysms.values import SmsRecord as UpstreamRecord

# What a refetch may change on a stored record; the rest is its key (``record_keys``).
MOVING_FIELDS = ("position", "status", "err_code", "receive_time")
BATCH_SIZE = 500
# More distinct new values than this in one field, and the field goes through ``bulk_update``.
SHARED_VALUES = 16
WAITING = int(SendStatus.WAITING)


def store_day(key: dict, fetched: FetchedDay, *, fetched_at: datetime) -> Fetch:
    """Make the search's stored records what ``fetched`` says, keeping every record's id.

    Each fetched send is found among the stored rows by its natural key: phone, send time,
    template code, content and OutId (``send_key``, their hash) and its ordinal among identical
    sends of the search (0, 1, ... in upstream's order; ``record_keys`` says why these). Found:
    its status, error code, receive time and position are updated in place when they changed,
    so its id, its page ``/records/<id>/`` and the audit entries naming it stay valid. Not
    found: a new row (its masked content computed here). Stored but no longer returned: deleted.

    A record a pushed receipt made final keeps that outcome while upstream still says waiting
    (the push can come before the query shows the receipt): a status never goes back to
    waiting, so the page does not flicker from delivered to waiting to delivered.
    """
    return store_days([(key, fetched)], fetched_at=fetched_at)[0]


def store_days(batch: list[tuple[dict, FetchedDay]], *, fetched_at: datetime) -> list[Fetch]:
    """``store_day`` for several days (and accounts) of one search that answered together.

    One transaction (readers see the old days or the new ones), and a number of queries that
    grows with neither the days nor their records: one read of the fetch rows and one of their
    records, one write per stored fetch row and one for the new ones, one delete, the updates
    (``_write_changes``), one statement inserting every new row (``record_rows``). A range
    search of three accounts gets 21 answers within a few milliseconds of each other; stored
    one by one, each in its own transaction, they took longer than waiting for them.

    The stored records are a copy of what Alibaba Cloud keeps, so on PostgreSQL the commit
    does not wait for the disk (``synchronous_commit`` off for this transaction alone, when
    it is not part of a larger one): a crash of the database server can lose the last
    fetches, never corrupt anything, and a lost fetch is fetched again.

    A day's fetch row created meanwhile by a search that fetched without the lock (it waited
    too long) makes the insert fail: the batch is stored again, finding that row.
    """
    # A key names its account (``DayKey.fields``); one without is the default account's.
    batch = [({"account": DEFAULT_ACCOUNT, **key}, fetched) for key, fetched in batch]
    try:
        return _store_days(batch, fetched_at=fetched_at)
    except IntegrityError:
        return _store_days(batch, fetched_at=fetched_at)


def _store_days(batch: list[tuple[dict, FetchedDay]], *, fetched_at: datetime) -> list[Fetch]:
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        found = _stored_fetches([key for key, _ in batch])
        stored = _stored_rows([fetch.pk for fetch in found.values()])
        merged, gone, changes = [], [], defaultdict(list)
        for key, fetched in batch:
            fetch = found.get(_identity(key))
            mine = stored.get(fetch.pk, {}) if fetch is not None else {}
            new, moved, waiting = _merge(key["phone"], fetched.records, mine)
            gone += [row.pk for row in mine.values()]  # what upstream dropped
            for field, rows in moved.items():
                changes[field] += rows
            merged.append((key, fetched, new, waiting))
        fetches = _write_fetches(merged, found, fetched_at=fetched_at)
        for chunk in _chunks(gone):
            SmsRecord.objects.filter(pk__in=chunk).delete()
        _write_changes(changes)
        insert_rows([(fetch, one[2]) for fetch, one in zip(fetches, merged, strict=True)])
    return fetches


def _identity(key: dict) -> tuple:
    return (key["account"], key["phone"], key["day"], key["biz_id"])


def _stored_fetches(keys: list[dict]) -> dict[tuple, Fetch]:
    """The stored fetch rows of the keys, in one query."""
    fetches = Fetch.objects.filter(
        phone__in={key["phone"] for key in keys},
        biz_id__in={key["biz_id"] for key in keys},
        account__in={key["account"] for key in keys},
        day__in={key["day"] for key in keys},
    )
    wanted = {_identity(key) for key in keys}
    rows = {(f.account, f.phone, f.day, f.biz_id): f for f in fetches}
    return {identity: fetch for identity, fetch in rows.items() if identity in wanted}


def _write_fetches(merged: list, found: dict[tuple, Fetch], *, fetched_at: datetime) -> list[Fetch]:
    """Each day's fetch row as fetched now: stored ones updated, new ones inserted together."""
    fetches, created = [], []
    for key, fetched, _, waiting in merged:
        values = {
            "fetched_at": fetched_at,
            "total_count": fetched.total_count,
            "stored_count": len(fetched.records),
            # Counted by ``_merge``: a receipt's outcome kept makes a send no longer waiting.
            "waiting_count": waiting,
            "capped": fetched.capped,
            "request_ids": fetched.request_ids,
        }
        fetch = found.get(_identity(key))
        if fetch is None:
            fetch = Fetch(**key, **values)
            created.append(fetch)
        else:
            Fetch.objects.filter(pk=fetch.pk).update(**values)
            for name, value in values.items():
                setattr(fetch, name, value)
        fetches.append(fetch)
    Fetch.objects.bulk_create(created)
    return fetches


class Stored(NamedTuple):
    """A stored record as a refetch compares it: its id and what may have moved."""

    pk: int
    position: int
    status: int
    err_code: str
    receive_time: datetime | None


def _stored_rows(fetch_ids: list[int]) -> dict[int, dict[tuple[str, int], Stored]]:
    """Per fetch, its records by (send key, ordinal), in one query per ``BATCH_SIZE`` fetches.

    Plain values, not model instances: a busy day has hundreds, and only these are compared.
    """
    stored: dict[int, dict[tuple[str, int], Stored]] = defaultdict(dict)
    for chunk in _chunks(fetch_ids):
        rows = SmsRecord.objects.filter(fetch_id__in=chunk).order_by()
        values = rows.values_list("fetch_id", "send_key", "ordinal", "pk", *MOVING_FIELDS)
        for fetch_id, key, ordinal, *moving in values:
            stored[fetch_id][key, ordinal] = Stored(*moving)
    return stored


# Per field, (id, new value, old value) of every row whose field changed.
Changes = dict[str, list[tuple[int, object, object]]]


def _merge(
    phone: str, records: list[UpstreamRecord], stored: dict[tuple[str, int], Stored]
) -> tuple[list[tuple[Sent, int]], Changes, int]:
    """The new sends (with their ordinals), the changes of the stored ones, and how many of
    the day's sends are waiting.

    Every stored row found again is taken out of ``stored``: what is left there has vanished.
    """
    ordinals = Ordinals()
    new: list[tuple[Sent, int]] = []
    changes: Changes = defaultdict(list)
    waiting = 0
    for position, record in enumerate(records):
        sent = sent_of(phone, position, record)
        ordinal = ordinals.next(sent.send_key)
        kept = stored.pop((sent.send_key, ordinal), None)
        if kept is None:
            new.append((sent, ordinal))
            waiting += sent.status == WAITING
            continue
        moved = (position, sent.status, sent.err_code, sent.receive_time)
        if sent.status == WAITING and kept.status != WAITING:
            # A receipt already told the outcome: keep it (and its code and time).
            moved = (position, kept.status, kept.err_code, kept.receive_time)
        for field, old, value in zip(MOVING_FIELDS, kept[1:], moved, strict=True):
            if old != value:
                changes[field].append((kept.pk, value, old))
        waiting += moved[1] == WAITING
    return new, changes, waiting


def _write_changes(changes: Changes) -> None:
    """Write the changed fields, each by the cheapest statements that do not grow per row.

    Django's ``bulk_update`` compiles one CASE branch per row and field (about 0.1 ms each in
    Python, a quarter of a second for a 420-record day's four fields), while many rows often
    take one value: a new send on top moves every older one down by the same step, a bulk
    send's receipts say DELIVERED. Rows sharing a value (for ``position``, a step) get one
    ``UPDATE ... WHERE id IN`` per value; a field whose rows take more than ``SHARED_VALUES``
    values (receive times, a reshuffled order) goes through one ``bulk_update`` of that field.
    """
    for field, moved in changes.items():
        groups: dict[object, tuple[object, list[int]]] = {}
        for pk, value, old in moved:
            if field == "position":
                step = value - old
                groups.setdefault(step, (F("position") + step, []))[1].append(pk)
            else:
                groups.setdefault(value, (value, []))[1].append(pk)
        if len(groups) > SHARED_VALUES:
            rows = [SmsRecord(pk=pk, **{field: value}) for pk, value, _ in moved]
            SmsRecord.objects.bulk_update(rows, [field], batch_size=BATCH_SIZE)
            continue
        for value, pks in groups.values():
            for chunk in _chunks(pks):
                SmsRecord.objects.filter(pk__in=chunk).update(**{field: value})


def _chunks(pks: list[int]) -> list[list[int]]:
    # Bounded ``IN`` lists: SQLite builds before 3.32 take at most 999 parameters.
    return [pks[start : start + BATCH_SIZE] for start in range(0, len(pks), BATCH_SIZE)]
