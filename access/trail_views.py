"""The audit trail page at /audit/: the Auditor's home, searchable, exportable (CSV, Excel).

The admin's list stays for superusers; this page is the one an Auditor is sent to (an Auditor
may not search records, so the site's home page would be a 403). Exporting needs no other
permission than reading the trail, and is itself an entry in it.
"""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from access import exports
from access.audit import audit_record
from access.export_files import export_response
from access.models import Action, AuditEntry
from access.roles import AUDIT, permission_required
from access.trail import CHINA_TZ, trail_entries, trail_entry

TEMPLATE = "access/audit_trail.html"
PER_PAGE = 50
HEADER = (
    *(_("Time (China)"), _("User"), _("Action"), _("Phone number"), _("Days")),
    *(_("Filters"), _("Accounts"), _("Result"), _("Address")),
)


class TrailForm(forms.Form):
    phone = forms.CharField(label=_("Phone number"), required=False, max_length=40)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *Action.choices]
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def query(self) -> dict:
        """The keyword arguments of ``trail_entries`` (the form is valid)."""
        data = self.cleaned_data
        return {
            "phone": data["phone"],
            "user": data["user"],
            "action": data["action"],
            "first": data["date_from"],
            "last": data["date_to"],
        }


@require_GET
@never_cache
@permission_required(AUDIT, export=None)
def audit_trail(request: HttpRequest) -> HttpResponse:
    form = TrailForm(request.GET)
    if not form.is_valid():
        return render(request, TEMPLATE, {"form": form, "page": None}, status=400)
    entries = trail_entries(**form.query())
    exporting = exports.export_format(request)
    if exporting:
        return trail_export(request, entries, form, exporting)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    shown = [trail_entry(entry) for entry in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "entries": shown, "query": query.urlencode()}
    return render(request, TEMPLATE, context)


def trail_export(
    request: HttpRequest, entries: QuerySet[AuditEntry], form: TrailForm, export_format: str
) -> HttpResponse:
    """Every matching entry, streamed in the page's words. The export is audited before the
    file is read, with the count it holds; its own entry is left out of it."""
    count = entries.count()
    given = {name: value for name, value in form.data.items() if name in form.fields and value}
    exported = audit_record(
        request,
        Action.EXPORT,
        filters={"page": request.path, **given, "format": export_format},
        result_count=count,
    )
    rows = (_row(entry) for entry in entries.exclude(pk=exported.pk).iterator(chunk_size=500))
    today = timezone.now().astimezone(CHINA_TZ)
    return export_response(
        export_format,
        filename=f"audit-trail-{today:%Y%m%d-%H%M}.{export_format}",
        title=gettext("Audit trail"),
        header=[str(name) for name in HEADER],
        rows=rows,
        widths=(20, 14, 14, 16, 24, 40, 16, 30, 16),
    )


def _row(entry: AuditEntry) -> tuple:
    shown = trail_entry(entry)
    return (
        *(f"{shown.at:%Y-%m-%d %H:%M:%S}", shown.username, shown.action, shown.phone),
        *(shown.days, shown.filters, shown.accounts, shown.result, shown.remote_addr),
    )
