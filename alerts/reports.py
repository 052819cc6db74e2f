"""The daily report: yesterday's receipts in a few lines to a channel, once a day.

``reports_send`` runs with every ``alerts_check``: a report whose hour (China time) has come
and that has not reported yesterday yet is locked (as a rule's state is, ``alerts.engine``),
marked as sent for yesterday, and sent after the commit: once, however many runs overlap.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from alerts.messages import Message
from alerts.models import DailyReport
from alerts.notify import channel_tell
from core.accounts import configured_accounts
from rates.selectors import receipts_day_report


def reports_send(*, now: datetime) -> int:
    """Send the reports that are due; returns how many went."""
    local = timezone.localtime(now)
    yesterday = local.date() - timedelta(days=1)
    went = 0
    with translation.override(settings.LANGUAGE_CODE):
        due = DailyReport.objects.filter(hour__lte=local.hour).exclude(last_day=yesterday)
        for report_id in due.values_list("id", flat=True):
            report = _claimed(report_id, yesterday)
            if report is not None:
                message = report_message(day=yesterday, account=report.account)
                went += _sent(report, message, now)
    return went


def _claimed(report_id: int, day: date) -> DailyReport | None:
    with transaction.atomic():
        reports = DailyReport.objects.select_related("channel").filter(pk=report_id)
        if connection.features.has_select_for_update_skip_locked:
            reports = reports.select_for_update(skip_locked=True)
        report = reports.first()
        if report is None or report.last_day == day:
            return None
        report.last_day = day
        report.save(update_fields=["last_day"])
    return report


def _sent(report: DailyReport, message: Message, now: datetime) -> bool:
    return channel_tell(channel=report.channel, message=message, now=now)


def report_message(*, day: date, account: str) -> Message:
    accounts = (account,) if account else tuple(one.name for one in configured_accounts())
    figures = receipts_day_report(day=day, accounts=accounts)
    before = receipts_day_report(day=day - timedelta(days=1), accounts=accounts)
    lines = [_("Receipts: %(count)s") % {"count": figures.receipts}]
    if figures.receipts:
        rate = 100 * figures.delivered / figures.receipts
        lines.append(_("Delivery rate: %(rate).1f %%") % {"rate": rate})
        if before.receipts:
            change = rate - 100 * before.delivered / before.receipts
            lines.append(_("Change from the day before: %(change)+.1f points") % {"change": change})
    for code, count in figures.failures:
        lines.append(_("Failure code %(code)s: %(count)s") % {"code": code or "?", "count": count})
    if figures.slowest:
        code, seconds = figures.slowest
        lines.append(
            _("Slowest template: %(code)s, p90 %(seconds)s s") % {"code": code, "seconds": seconds}
        )
    query = f"date={day.isoformat()}&date_to={day.isoformat()}"
    link = f"{settings.ALERTS_SITE_ADDRESS}/stats/?{query}"
    lines.append(_("Details: %(link)s") % {"link": link})
    title = _("[%(site)s] Daily report for %(day)s") % {"site": _("SMS deliveries"), "day": day}
    return Message(title=title, body="\n".join(lines))
