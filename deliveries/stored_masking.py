"""The masked content stored on every record, and how to recompute it after a rules change.

Each ``SmsRecord`` keeps ``content_masked``: its content as ``masking.mask_codes`` shows it,
computed once when the record is stored (``record_store.store_day``, ``SmsRecord.save``). The text
filter of the search page matches that column while ``MASK_VERIFICATION_CODES`` is on, so a
search can only find what the page shows: counting matches for ``验证码为2``, ``验证码为27`` ...
tells nothing about a hidden code, and Reveal stays the one (audited) way to it. Pages and
exports show the same column, so what is searched and what is seen cannot drift apart.

The column is always filled, whatever the setting, so switching masking on needs no work.

**After changing the masking rules** (``access/masking.py``) the stored column holds the
old rules' output until it is recomputed; until then the filter would match what the new rules
hide. Ship every rules change with a data migration that recomputes, as
``0002_smsrecord_content_masked`` does::

    def remask(apps, schema_editor):
        from deliveries.stored_masking import records_remask
        records_remask(model=apps.get_model("deliveries", "SmsRecord"))

    operations = [migrations.RunPython(remask, migrations.RunPython.noop)]

or run ``python manage.py remask_records`` on the deployed database (it is idempotent, and
only rows whose masked text changes are written).
"""

from __future__ import annotations

from access.masking import mask_codes

BATCH_SIZE = 1000


def masked_content(content: str) -> str:
    """What ``content_masked`` holds for ``content``: the text with one-time codes as stars."""
    return mask_codes(content or "")


def records_remask(*, model=None, batch_size: int = BATCH_SIZE) -> int:
    """Recompute ``content_masked`` of every stored record; returns how many rows changed.

    ``model`` is the ``SmsRecord`` class to use: a migration passes its historical model.
    Rows are read in primary-key batches, so memory stays flat on a large store.
    """
    if model is None:
        from deliveries.models import SmsRecord as model
    changed, last_pk = 0, 0
    while True:
        batch = list(
            model.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "content", "content_masked")[:batch_size]
        )
        if not batch:
            return changed
        last_pk = batch[-1].pk
        stale = []
        for record in batch:
            masked = masked_content(record.content)
            if record.content_masked != masked:
                record.content_masked = masked
                stale.append(record)
        model.objects.bulk_update(stale, ["content_masked"])
        changed += len(stale)
