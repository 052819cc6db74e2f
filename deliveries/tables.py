"""The records table: explicit columns, a status badge, sorting and pagination by django-tables2."""

from __future__ import annotations

import django_tables2 as tables
from django.middleware.csrf import get_token
from django.utils import dateformat, timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from access.display import content_cell, phone_text, record_content
from access.spreadsheets import SpreadsheetSafeTable
from core.accounts import account_labels, several_accounts
from deliveries.catalogue import EMPTY_CATALOGUE, Catalogue
from deliveries.cells import account_label, explanation_cell, status_badge
from deliveries.escalation import page_request_id
from deliveries.explanations import explain, explain_waiting
from deliveries.filters import DEFAULT_PER_PAGE, PER_PAGE_CHOICES
from deliveries.models import SmsRecord, Status
from deliveries.table_rows import (
    EMPTY,
    LegendEntry,
    RowBuilder,
    row_html,
    template_cell,
)

TIME_FORMAT = "Y-m-d H:i:s"


class TimeColumn(tables.Column):
    """A time in China time (the active time zone), the same on the page and in exports.

    Formatted in Python rather than by ``DateTimeColumn``'s per-cell template (a fifth of the
    cached page's time), whose export would also give the stored UTC offset.
    """

    def render(self, value) -> str:
        return dateformat.format(timezone.localtime(value), TIME_FORMAT)

    def value(self, value) -> str:
        return self.render(value) if value is not None else ""


class RecordTable(SpreadsheetSafeTable, tables.Table):
    # The stored template and signature lists the cells name templates and signs from (the
    # search view sets the page's); without them, codes alone and the content's signs.
    catalogue: Catalogue = EMPTY_CATALOGUE

    # Every sort ends on the upstream position, so equal values keep a stable order across pages.
    send_time = TimeColumn(
        verbose_name=_("Sent"),
        order_by=("send_time", "position"),
        # The send time opens the record's detail page (its permalink).
        linkify=("deliveries:record", {"pk": tables.A("pk")}),
        attrs={"td": {"class": "time"}},
    )
    receive_time = TimeColumn(
        verbose_name=_("Received"),
        order_by=("receive_time", "position"),
        attrs={"td": {"class": "time"}},
    )
    # Which Alibaba Cloud account sent it: shown when there are several (``for_accounts``).
    account = tables.Column(
        verbose_name=_("Account"),
        order_by=("account", "-send_time", "position"),
        attrs={"td": {"class": "account"}},
    )
    status = tables.Column(verbose_name=_("Status"), order_by=("status", "position"))
    # Template codes stay whole; error codes and OutIds may wrap, so the explanation stays in view.
    err_code = tables.Column(
        verbose_name=_("Error code"),
        order_by=("err_code", "position"),
        attrs={"td": {"class": "err-code"}},
    )
    # The sign of the content, else of the template (``deliveries.catalogue``).
    sign = tables.Column(
        verbose_name=_("Sign"), accessor="content", orderable=False, attrs={"td": {"class": "sign"}}
    )
    # The code, and under it the template's name from the stored list (``deliveries.catalogue``).
    template_code = tables.Column(
        verbose_name=_("Template"),
        order_by=("template_code", "position"),
        attrs={"td": {"class": "code"}},
    )
    content = tables.Column(
        verbose_name=_("Content"), orderable=False, attrs={"td": {"class": "content"}}
    )
    out_id = tables.Column(
        verbose_name=_("OutId"),
        order_by=("out_id", "position"),
        attrs={"td": {"class": "out-id"}},
    )
    # What a failure means and what to tell the customer; how long a waiting record has waited.
    explanation = tables.Column(
        verbose_name=_("What it means"),
        accessor="pk",
        orderable=False,
        attrs={"td": {"class": "explanation"}},
    )
    # Exports only (a file travels without the page around it): the number (masked as the page
    # masks it; on the page too when several numbers are searched), the template's name (the
    # page shows it in the Template cell), the search's BizId, when and by which call the row
    # was fetched.
    phone = tables.Column(
        verbose_name=_("Phone number"),
        visible=False,
        orderable=False,
        attrs={"td": {"class": "phone"}},
    )
    template_name = tables.Column(
        verbose_name=_("Template name"), accessor="template_code", visible=False, orderable=False
    )
    biz_id = tables.Column(verbose_name=_("BizId"), visible=False, orderable=False)
    fetched_at = TimeColumn(
        verbose_name=_("Fetched"), accessor="fetch__fetched_at", visible=False, orderable=False
    )
    request_id = tables.Column(
        verbose_name=_("RequestId"), accessor="pk", visible=False, orderable=False
    )

    class Meta:
        model = SmsRecord
        fields = ()
        sequence = (
            *("send_time", "receive_time", "phone", "account", "status", "err_code"),
            *("sign", "template_code", "template_name", "content", "out_id", "biz_id"),
            "explanation",
            *("fetched_at", "request_id"),
        )
        template_name = "deliveries/_table.html"
        order_by_field = "sort"
        per_page = DEFAULT_PER_PAGE
        empty_text = _("No messages were sent to this number on these days.")
        attrs = {"class": "records", "id": "records"}

    @classmethod
    def for_accounts(cls, records, *, several_phones: bool = False) -> RecordTable:
        """The table of ``records``, with the Account column only when there are several, and
        the number on the page too for a search of several numbers."""
        table = cls(records, exclude=() if several_accounts() else ("account",))
        if several_phones:
            table.columns.show("phone")
            table.empty_text = _("No messages were sent to these numbers on these days.")
        return table

    def render_account(self, record: SmsRecord) -> str:
        return account_label(record.account)

    def value_account(self, record: SmsRecord) -> str:
        return account_label(record.account)

    # With choices, ``value`` is the display label; the record holds the number.
    def render_status(self, record: SmsRecord) -> str:
        return status_badge(record.status)

    def value_status(self, record: SmsRecord) -> str:
        return str(Status(record.status).label)

    # One-time codes are masked on the page and in exports, from the stored masked column.
    def render_content(self, record: SmsRecord) -> str:
        return content_cell(getattr(self, "request", None), record)

    def value_content(self, record: SmsRecord) -> str:
        return record_content(record)

    def value_phone(self, record: SmsRecord) -> str:
        return phone_text(getattr(getattr(self, "request", None), "user", None), record.phone)

    def value_sign(self, record: SmsRecord) -> str:
        return self.catalogue.sign(record.account, record.template_code, record.content)

    def value_template_name(self, record: SmsRecord) -> str:
        return self.catalogue.template_name(record.account, record.template_code)

    def render_sign(self, record: SmsRecord) -> str:
        return conditional_escape(self.value_sign(record) or EMPTY)

    def value_template_code(self, record: SmsRecord) -> str:
        return record.template_code

    def render_template_code(self, record: SmsRecord) -> str:
        return template_cell(record.template_code, self.value_template_name(record))

    def value_request_id(self, record: SmsRecord) -> str:
        return page_request_id(record.fetch.request_ids or [], record.position)

    def render_explanation(self, record: SmsRecord) -> str:
        return explanation_cell(record)

    def value_explanation(self, record: SmsRecord) -> str:
        if record.status == Status.WAITING and record.send_time is not None:
            return explain_waiting(record.send_time, timezone.now())
        explanation = explain(record.err_code) if record.status == Status.FAILED else None
        return str(explanation.meaning) if explanation else ""

    def row_html(self) -> list[SafeString]:
        """This page's rows as HTML, built in Python (``table_rows``): what ``_table.html`` shows.

        The ``render_*`` methods above say the same for anyone who renders cells one by one.
        """
        return self._page[0]

    def legend(self) -> list[LegendEntry]:
        """The failure codes of this page's rows, each explained once (``_legend.html``)."""
        return list(self._page[1].legend.values())

    @cached_property
    def _page(self) -> tuple[list[SafeString], RowBuilder]:
        request = getattr(self, "request", None)
        builder = RowBuilder(
            user=getattr(request, "user", None),
            csrf_token=get_token(request) if request is not None else "",
            badge=status_badge,
            accounts=account_labels(),
            catalogue=self.catalogue,
        )
        columns = [
            (column.name, f'{column.attrs["td"].as_html()} data-label="{escape(column.header)}"')
            for column in self.columns
        ]
        records = (row.record for row in self.paginated_rows)
        rows = row_html(records, columns, builder, nearest_to=getattr(self, "nearest_to", None))
        return rows, builder

    def paginate(self, *args, per_page: int | None = None, **kwargs):
        # RequestConfig passes ?per_page= through as any integer; only the offered sizes are used.
        if per_page not in PER_PAGE_CHOICES:
            per_page = DEFAULT_PER_PAGE
        return super().paginate(*args, per_page=per_page, **kwargs)
