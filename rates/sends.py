"""Read-only queries of the All sends page (``/sends/``): every send of the accounts in a window,
from the delivery receipts Alibaba Cloud pushes (every send of an account gets one).

A receipt names no template and no sign: both come from the stored record it matches
(``deliveries.selectors.receipt_template_code`` / ``receipt_content``, one correlated lookup per
receipt through the records' indexes), so they are known only for sends somebody has searched.
Filtering by them costs that lookup for every receipt of the window, which the window's limit
(``sends_form.MAX_WINDOW_DAYS``) keeps bounded. The window itself reads the
``receipt_account_time`` index (account, send time newest first; migration rates 0003).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from deliveries.selectors import receipt_content, receipt_template_code
from rates.models import SmsReceipt
from rates.sends_form import SendsQuery

# The columns of the matched record's lookups, named as ``SmsReceipt`` has them.
MATCH_COLUMNS = {
    "account": "account",
    "biz_id": "biz_id",
    "phone": "phone_number",
    "send_time": "send_time",
    "out_id": "out_id",
}


@dataclass(frozen=True)
class SendsSummary:
    sent: int
    delivered: int
    failed: int


def sends_list(*, query: SendsQuery) -> QuerySet[SmsReceipt]:
    """The window's receipts, narrowed, newest send first, each with the ``template_code`` and
    ``content`` of the record it matches ("" where none does)."""
    receipts = SmsReceipt.objects.filter(
        send_time__gte=query.since, send_time__lte=query.until, account__in=query.accounts
    )
    if query.success is not None:
        receipts = receipts.filter(success=query.success)
    if query.error_code:
        receipts = receipts.filter(err_code__iexact=query.error_code)
    if query.carrier:
        receipts = receipts.filter(carrier=query.carrier)
    if query.region:
        receipts = receipts.filter(region=query.region)
    receipts = receipts.annotate(
        template_code=receipt_template_code(**MATCH_COLUMNS),
        content=receipt_content(**MATCH_COLUMNS),
    )
    if query.template:
        receipts = receipts.filter(template_code__iexact=query.template)
    if query.sign:
        receipts = receipts.filter(content__startswith=f"【{query.sign}】")
    return receipts.order_by("-send_time", "-id")


def sends_summary(receipts: QuerySet[SmsReceipt]) -> SendsSummary:
    """Sent, delivered and failed in one query: the page's one count, which the paginator and
    the audit trail are handed too."""
    counts = receipts.order_by().aggregate(
        sent=Count("id"),
        delivered=Count("id", filter=Q(success=True)),
        failed=Count("id", filter=Q(success=False)),
    )
    return SendsSummary(**counts)


def receipts_ever_arrived() -> bool:
    return SmsReceipt.objects.exists()
