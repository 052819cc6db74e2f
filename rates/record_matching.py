"""Link pushed receipts to the SMS records the dashboard stores.

Placeholder until the dashboard's record model exists: nothing is matched and
every receipt's template is unknown.
"""

from __future__ import annotations

from django.db.models import CharField, QuerySet, Value

from .receipts import Receipt


def apply_receipts_to_records(receipts: list[Receipt]) -> int:
    """Update status, error code and receive time of the stored records the receipts match."""
    return 0


def with_template_code(receipts: QuerySet) -> QuerySet:
    """Annotate receipts with ``template_code`` ("" when no stored record matches)."""
    return receipts.annotate(template_code=Value("", output_field=CharField()))
