"""The All sends page (``/sends/``): every send of the accounts in a window, from the pushed
delivery receipts, for Support (numbers in full) and Managers (numbers masked), as the search
page is; its export (CSV, Excel) for those who may export. Audited as a search, each export as
an export."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from access import exports
from access.roles import SEARCH, permission_required
from rates.sends import sends_list, sends_summary
from rates.sends_export import sends_export
from rates.sends_form import SendsForm
from rates.sends_page import quick_windows, sends_audited, sends_context, sends_table

TEMPLATE = "rates/sends.html"


# GET only (a HEAD would read personal data for no reader); never stored by the browser.
@require_GET
@never_cache
@permission_required(SEARCH)
def sends(request: HttpRequest) -> HttpResponse:
    form = SendsForm(request.GET)
    if exports.unoffered_format(request) or not form.is_valid():
        context = {"form": form, "quick_windows": quick_windows(request.GET, form.now)}
        if exports.unoffered_format(request):
            context["export_error"] = exports.unoffered_message()
        return render(request, TEMPLATE, context, status=400)
    query = form.query
    receipts = sends_list(query=query)
    summary = sends_summary(receipts)
    exporting = exports.export_format(request)
    sends_audited(request, query, count=summary.sent, export_format=exporting)
    if exporting:
        return sends_export(
            receipts=receipts, query=query, export_format=exporting, user=request.user
        )
    table = sends_table(request, receipts, count=summary.sent)
    return render(request, TEMPLATE, sends_context(request, form, summary, table))
