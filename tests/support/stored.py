"""A stored day of records with a verification code in one of them."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from deliveries.models import Fetch, SmsRecord, Status

PHONE = "13812341234"
CODE = "482913"
CODE_TEXT = f"【云雀科技】验证码{CODE}，您正在登录云雀账号，5分钟内有效。"
PLAIN_TEXT = "【橙子优选】您的订单已发货，请注意查收。"


def stored_day(days_ago: int = 2, phone: str = PHONE) -> list[SmsRecord]:
    """A final (over, nothing waiting) day in the store: searching it makes no upstream call."""
    day = timezone.localdate() - timedelta(days=days_ago)
    fetch = Fetch.objects.create(
        phone=phone,
        day=day,
        biz_id="",
        fetched_at=timezone.now(),
        total_count=2,
        stored_count=2,
    )
    sent = timezone.now() - timedelta(days=days_ago)
    return [
        SmsRecord.objects.create(
            fetch=fetch,
            phone=phone,
            send_day=day,
            position=position,
            status=Status.DELIVERED,
            content=content,
            send_time=sent,
            receive_time=sent,
        )
        for position, content in enumerate([CODE_TEXT, PLAIN_TEXT])
    ]
