"""``/api/v1/records`` and ``/api/v1/records/{id}``: the search page and the record page as JSON.

One way through, as on the page (deliveries/views.py): the search form validates (a bad query
costs no call upstream), ``records_refresh_range`` makes the store fresh, ``records_list`` and
``records_summary`` give the rows and their one count, which the audit trail is handed.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Query, Router

from access.audit import audit_record_view
from access.models import Action
from access.roles import SEARCH
from api import present
from api.errors import InvalidParameters, forbid_unless
from api.parameters import PageForm, RecordsParameters, form_errors
from api.schemas import Error, FieldErrors, RecordAnswer, RecordsAnswer
from deliveries.filters import SearchForm
from deliveries.models import SmsRecord
from deliveries.record_page import record_shown
from deliveries.search_audit import search_audited
from deliveries.selectors import records_list, records_summary, records_summary_by_phone
from deliveries.services import records_refresh_range

router = Router(tags=["records"])
REFUSALS = {401: Error, 403: Error, 422: FieldErrors, 429: Error}


@router.get("/records", response={200: RecordsAnswer, **REFUSALS}, url_name="records")
def records(request, parameters: Query[RecordsParameters]):
    """The messages sent to a number (or to up to 20: ``phone=13800138000,13900139000``) on a
    day or a range of days, as the search page lists them: newest day first, numbers masked for
    roles that see them so, one-time codes masked; the summary counts (and each number's, with
    several), when each day was fetched, and what went wrong upstream if anything.

    The parameters are the search page's form's fields (``SearchForm``), checked by that form:
    a field it gains is a parameter here, and a bad value is a 422 with its message, before
    anything is asked of Alibaba Cloud.
    """
    forbid_unless(request, SEARCH)
    form, paging = SearchForm(request.GET), PageForm(request.GET)
    valid = [form.is_valid(), paging.is_valid()]  # both, so that every message is given
    if not all(valid):
        raise InvalidParameters({**form_errors(form), **form_errors(paging)})
    search, filters = form.search, form.filters
    result = records_refresh_range(search=search)
    rows = records_list(search=search, filters=filters)
    summary = records_summary(rows)
    failed = result.troubled
    audited = {"count": summary.sent, "via": "api", "upstream_failed": failed}
    search_audited(request, Action.SEARCH, search, filters, **audited)
    page, per_page = paging.cleaned_data["page"] or 1, form.rows_per_page
    by_phone = records_summary_by_phone(rows, phones=search.phones) if search.several else []
    return {
        **present.searched_phones(search.phones, by_phone, user=request.user),
        "first": search.first,
        "last": search.last,
        "biz_id": search.biz_id,
        "accounts": list(search.accounts),
        "filters": filters.audited(),
        "summary": {**vars(summary), "delivery_rate": summary.delivery_rate},
        "days": present.days_fetched(result, user=request.user),
        "problems": present.range_problems(result),
        "page": page,
        "pages": -(-summary.sent // per_page),
        "per_page": per_page,
        "records": present.search_rows(rows[(page - 1) * per_page : page * per_page], request.user),
    }


@router.get(
    "/records/{record_id}", response={200: RecordAnswer, 404: Error, **REFUSALS}, url_name="record"
)
def record(request, record_id: int):
    """One stored record, as its page shows it (the permalink's id): what Alibaba Cloud
    reported, what a failure means and what to tell the customer, the escalation summary."""
    forbid_unless(request, SEARCH)
    found = get_object_or_404(SmsRecord.objects.select_related("fetch"), pk=record_id)
    audit_record_view(request, found, page="api")
    return present.record_answer(found, record_shown(found, user=request.user, now=timezone.now()))
