"""Stored receipts for the All sends page's tests, and a searched record one of them matches."""

from __future__ import annotations

from datetime import datetime, timedelta
from itertools import count

from django.utils import timezone

from deliveries.models import Fetch, SmsRecord, Status
from dysms.values import CHINA_TZ
from rates.models import SmsReceipt
from rates.places import receipt_place

FAILED_CODE = "UNDELIV"
FAILED_MEANING = "The carrier could not deliver: the number is suspended or not in use."
_BIZ_IDS = count(900101234567890)


def receipt_row(
    *,
    phone: str,
    sent: datetime,
    success: bool = True,
    err_code: str = "",
    account: str = "default",
    out_id: str = "",
) -> SmsReceipt:
    """One receipt as the push stores it (delivered unless ``success=False``)."""
    carrier, region = receipt_place(phone)
    return SmsReceipt.objects.create(
        account=account,
        carrier=carrier,
        region=region,
        phone_number=phone,
        send_time=sent,
        report_time=sent + timedelta(seconds=5),
        success=success,
        err_code=err_code or ("DELIVRD" if success else FAILED_CODE),
        err_msg="用户接收成功" if success else "失败",
        sms_size=1,
        biz_id=f"{next(_BIZ_IDS)}^0",
        out_id=out_id,
        received_at=timezone.now(),
    )


def record_for(receipt: SmsReceipt, *, template_code: str, content: str) -> SmsRecord:
    """The stored record of a search by the receipt's BizId: the receipt's template and sign
    are known through it."""
    day = receipt.send_time.astimezone(CHINA_TZ).date()
    fetch = Fetch.objects.create(
        account=receipt.account,
        phone=receipt.phone_number,
        day=day,
        biz_id=receipt.biz_id,
        fetched_at=timezone.now(),
        total_count=1,
        stored_count=1,
    )
    return SmsRecord.objects.create(
        fetch=fetch,
        phone=receipt.phone_number,
        send_day=day,
        position=0,
        status=Status.DELIVERED if receipt.success else Status.FAILED,
        template_code=template_code,
        content=content,
        send_time=receipt.send_time,
    )
