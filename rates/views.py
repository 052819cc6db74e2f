"""The delivery-rates page (/stats/) and Alibaba Cloud's push endpoints: receipts
(/receipts/<account>/<token>/, /receipts/<token>/ for the default account) and the customers'
replies (/replies/...), both answered by ``rates.push``."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from access import exports
from access.audit import audit_export
from access.roles import RATES, permission_required
from core.metrics import receipt_push_counted, reply_push_counted
from deliveries.services import replies_store
from rates.answers import stats_answer
from rates.breakdown_exports import TABLES, breakdown_export
from rates.forms import StatsForm
from rates.page import daily_table, quick_periods, stats_context, stats_export
from rates.push import push_endpoint
from rates.services import receipts_store, statistics_or_stored


# GET only (a HEAD would fetch upstream for no reader); never stored by the browser.
@require_GET
@never_cache
@permission_required(RATES)
@audit_export
def stats(request: HttpRequest) -> HttpResponse:
    form = StatsForm(request.GET, today=timezone.localdate())
    params = {key: value for key, value in request.GET.items() if key not in ("day", "_export")}
    base: dict = {"form": form, "quick_periods": quick_periods(params, form.today)}
    if exports.unoffered_format(request):
        context = {**base, "export_error": exports.unoffered_message()}
        return render(request, "rates/stats.html", context, status=400)
    if not form.is_valid():
        return render(request, "rates/stats.html", base, status=400)
    export = exports.export_format(request)
    if export:
        return _stats_file(request.GET.get("table", ""), export, form, params)
    answer = stats_answer(form=form)
    context = stats_context(
        params,
        form,
        rows=answer.rows,
        failure=answer.failure,
        comparison=answer.comparison,
        breakdown=answer.breakdown,
        accounts=answer.accounts,
        where=answer.where,
        costs=answer.costs,
        hours=answer.hours,
    )
    return render(request, "rates/stats.html", {**base, **context})


def _stats_file(table: str, export: str, form: StatsForm, params: dict) -> HttpResponse:
    """The per-day table, or with ``table`` one of the breakdowns, as a file."""
    if table in TABLES:
        start, end = form.cleaned_data["date"], form.cleaned_data["date_to"]
        answer = stats_answer(form=form)
        return breakdown_export(answer, table=table, export_format=export, start=start, end=end)
    rows = statistics_or_stored(form.statistics_filter).rows
    return stats_export(daily_table(params, form, rows), export, form)


receipts_push = push_endpoint(store=receipts_store, counted=receipt_push_counted, what="Receipt")
replies_push = push_endpoint(store=replies_store, counted=reply_push_counted, what="Reply")
