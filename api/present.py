"""The answers of the API, arranged from what the services and selectors gave: no I/O here.

A failure becomes a ``Problem`` in ``core.failures``' words, exactly as the page's banner says
it; numbers are masked and codes hidden by the same functions as on the pages
(``access.display``, ``deliveries.record_page``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse

from access.display import phone_text, record_content
from api.stats_present import breakdowns_json
from core.failures import Failure, Subject, late_days, words
from deliveries.models import SmsRecord
from deliveries.record_page import RecordShown
from deliveries.results import RangeResult
from deliveries.selectors import PhoneSummary
from dysms.values import SendStatus
from rates.answers import StatsAnswer
from rates.comparison import Comparison
from rates.models import is_settling
from rates.selectors import PeriodTotals, period_totals

LATE = "late"  # the Problem code of days without an answer by the deadline


def problem(failure: Failure, *, subject: Subject = Subject.RECORDS) -> dict:
    return {
        "code": failure.kind.value,
        "message": words(failure, subject=subject),
        "request_id": failure.request_id,
        "upstream_code": failure.code,
    }


def range_problems(result: RangeResult) -> list[dict]:
    """The search's banner as values: each troubled account's failure (as the page's banner
    lines), then the days late."""
    said = [
        {**problem(failure), "account": account} for account, failure in result.account_failures
    ]
    if result.late_days:
        said.append({"code": LATE, "message": late_days(result.late_days)})
    return said


def days_fetched(result: RangeResult, *, user) -> list[dict]:
    return [
        {
            "day": day,
            "account": refreshed.account,
            "phone": phone_text(user, refreshed.phone),
            "fetched_at": refreshed.fetch.fetched_at if refreshed.fetch else None,
            "late": refreshed.late,
            "total_count": refreshed.fetch.total_count if refreshed.fetch else None,
            "stored_count": refreshed.fetch.stored_count if refreshed.fetch else None,
            "capped": bool(refreshed.fetch and refreshed.fetch.capped),
        }
        for day, refreshed in result.days
    ]


def record_row(record: SmsRecord) -> dict:
    """A row of the table: the content as the table shows it (codes masked)."""
    return {
        "id": record.pk,
        "url": reverse("api:record", args=[record.pk]),
        "account": record.account,
        "send_day": record.send_day,
        "send_time": record.send_time,
        "receive_time": record.receive_time,
        "status": SendStatus(record.status).name.lower(),
        "err_code": record.err_code,
        "template_code": record.template_code,
        "content": record_content(record),
        "out_id": record.out_id,
    }


def search_rows(records: Iterable[SmsRecord], user) -> list[dict]:
    """The rows of a search's page: the table's, each with its number as ``user`` may see it."""
    return [{**record_row(record), "phone": phone_text(user, record.phone)} for record in records]


def searched_phones(phones: Iterable[str], by_phone: list[PhoneSummary], *, user) -> dict:
    """The numbers searched, as ``user`` may see them: ``phone`` (comma-separated for several,
    as the parameter takes them), ``phones``, and each number's counts with several."""
    shown = [phone_text(user, phone) for phone in phones]
    return {
        "phone": ",".join(shown),
        "phones": shown,
        "by_phone": [
            {
                "phone": phone_text(user, one.phone),
                **vars(one.summary),
                "delivery_rate": one.summary.delivery_rate,
            }
            for one in by_phone
        ],
    }


def record_answer(record: SmsRecord, shown: RecordShown) -> dict:
    explained = shown.explanation
    return {
        **record_row(record),
        "content": shown.content,
        "phone": shown.phone,
        "phone_place": shown.phone_place,
        "biz_id": record.fetch.biz_id,
        "fetched_at": record.fetch.fetched_at,
        "request_id": shown.request_id,
        "explanation": None
        if explained is None
        else {
            "category": explained.category.value,
            "meaning": str(explained.meaning),
            "tell_customer": str(explained.tell_customer),
            "next_step": str(explained.next_step),
            "documented": explained.documented,
        },
        "waited": str(shown.waited),
        "escalation_summary": shown.summary,
    }


def totals(period: PeriodTotals) -> dict:
    return {
        "sent": period.sent,
        "delivered": period.delivered,
        "failed": period.failed,
        "no_receipt": period.no_receipt,
        "delivery_rate": period.delivery_rate,
        "receipted_rate": period.receipted_rate,
    }


def compared(comparison: Comparison | None) -> dict | None:
    if comparison is None:
        return None
    return {
        "label": comparison.label,
        "previous": totals(comparison.previous) if comparison.previous else None,
        "delivery_points": comparison.delivery.points if comparison.delivery else None,
        "volume_change": comparison.volume_change,
        "note": comparison.note,
        "today_left_out": comparison.left_out_today,
    }


def stats_days(answer: StatsAnswer, today) -> Iterable[dict]:
    for row in answer.rows:
        yield {
            "day": row.day,
            "sent": row.total_count,
            "delivered": row.responded_success_count,
            "failed": row.responded_fail_count,
            "no_receipt": row.no_responded_count,
            "delivery_rate": row.delivery_rate,
            "settling": is_settling(row.day, today),
            "fetched_at": row.fetched_at,
        }


def stats_answer_json(answer: StatsAnswer, *, today) -> dict:
    wanted = answer.wanted
    failure = answer.failure
    return {
        "start": wanted.start,
        "end": wanted.end,
        "globe": wanted.globe.name.lower(),
        "template_type": int(wanted.template_type),
        "sign_name": wanted.sign_name,
        "totals": totals(period_totals(answer.rows)),
        "days": list(stats_days(answer, today)),
        "comparison": compared(answer.comparison),
        "templates": [
            {
                "template_code": row.template_code,
                "receipts": row.receipts,
                "delivered": row.delivered,
                "failed": row.failed,
                "delivery_rate": row.delivery_rate,
                "top_failures": list(row.top_failures),
            }
            for row in answer.breakdown
        ],
        "problems": [problem(failure, subject=Subject.STATISTICS)] if failure else [],
        **breakdowns_json(answer),
    }
