"""The All sends table: django-tables2 for the columns and the paging (the search page's table
template, ``deliveries/_table.html``, so the header, the pager and the cards on a phone are the
search page's), its rows built in Python once per page as the search page's are.

The number is shown as this user may see it (``access.display``). For those who see numbers in
full it links to that number's search on the send's day (and account): "what else did this
customer get". Roles that see numbers masked get no link, since its URL would carry the number
in full; nor does a send older than the search's 30-day window, which the search would refuse.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from access.display import phone_display, phone_text
from access.roles import SEE_PHONES
from core.accounts import account_labels, several_accounts
from core.time_cells import time_cell_html
from deliveries.selectors import code_explanation_html, receipt_badge
from dysms.signs import content_sign
from dysms.validation import SEND_DATE_WINDOW_DAYS
from rates.models import SmsReceipt
from rates.sends_form import PER_PAGE

EMPTY = "—"


class SendsTable(tables.Table):
    send_time = tables.Column(verbose_name=_("Sent"), attrs={"td": {"class": "time"}})
    report_time = tables.Column(verbose_name=_("Received"), attrs={"td": {"class": "time"}})
    phone = tables.Column(
        verbose_name=_("Phone number"), accessor="phone_number", attrs={"td": {"class": "phone"}}
    )
    account = tables.Column(verbose_name=_("Account"), attrs={"td": {"class": "account"}})
    status = tables.Column(verbose_name=_("Status"), accessor="success")
    err_code = tables.Column(verbose_name=_("Error code"), attrs={"td": {"class": "err-code"}})
    explanation = tables.Column(
        verbose_name=_("What it means"), accessor="pk", attrs={"td": {"class": "explanation"}}
    )
    template_code = tables.Column(verbose_name=_("Template"), attrs={"td": {"class": "code"}})
    sign = tables.Column(verbose_name=_("Sign"), accessor="pk")

    class Meta:
        model = SmsReceipt
        fields = ()
        orderable = False  # newest send first, always
        template_name = "deliveries/_table.html"
        per_page = PER_PAGE
        empty_text = _("No sends match: no receipt of these accounts in this window.")
        attrs = {"class": "records", "id": "sends"}

    @classmethod
    def for_accounts(cls, receipts) -> SendsTable:
        """The table of ``receipts``, with the Account column only when there are several."""
        return cls(receipts, exclude=() if several_accounts() else ("account",))

    def row_html(self) -> list[SafeString]:
        request = getattr(self, "request", None)
        cells = SendCells(user=getattr(request, "user", None))
        columns = [
            (column.name, f'{column.attrs["td"].as_html()} data-label="{escape(column.header)}"')
            for column in self.columns
        ]
        rows = []
        for counter, row in enumerate(self.paginated_rows):
            tds = "".join(
                f"<td {attrs}>{cells.cell(name, row.record)}</td>" for name, attrs in columns
            )
            rows.append(mark_safe(f'<tr class="{"odd" if counter % 2 else "even"}">{tds}</tr>'))
        return rows


class SendCells:
    """The cells of one page of sends; what every row shares is worked out once."""

    def __init__(self, *, user):
        self.user = user
        self.sees_numbers = user is not None and user.has_perm(SEE_PHONES)
        self.zone = timezone.get_current_timezone()
        self.oldest = timezone.localdate() - timedelta(days=SEND_DATE_WINDOW_DAYS - 1)
        self.accounts = account_labels()
        self.search = reverse("deliveries:search")
        self.several = len(self.accounts) > 1
        self.meanings: dict[str, str] = {}

    def cell(self, name: str, receipt: SmsReceipt) -> str:
        return getattr(self, name)(receipt)

    def time(self, value) -> str:
        return time_cell_html(value, self.zone) if value else EMPTY

    def send_time(self, receipt: SmsReceipt) -> str:
        return self.time(receipt.send_time)

    def report_time(self, receipt: SmsReceipt) -> str:
        return self.time(receipt.report_time)

    def phone(self, receipt: SmsReceipt) -> str:
        shown = conditional_escape(phone_display(phone_text(self.user, receipt.phone_number)))
        day = receipt.send_time.astimezone(self.zone).date()
        if not self.sees_numbers or day < self.oldest:
            return shown
        params = {"phone": receipt.phone_number, "date": day.isoformat()}
        if self.several:
            params["account"] = receipt.account
        return format_html('<a href="{}?{}">{}</a>', self.search, urlencode(params), shown)

    def account(self, receipt: SmsReceipt) -> str:
        return conditional_escape(self.accounts.get(receipt.account, receipt.account))

    def status(self, receipt: SmsReceipt) -> str:
        return receipt_badge(receipt.success)

    def err_code(self, receipt: SmsReceipt) -> str:
        return conditional_escape(receipt.err_code or EMPTY)

    def explanation(self, receipt: SmsReceipt) -> str:
        if receipt.success or not receipt.err_code:
            return ""
        if receipt.err_code not in self.meanings:
            self.meanings[receipt.err_code] = code_explanation_html(receipt.err_code)
        return self.meanings[receipt.err_code]

    def template_code(self, receipt: SmsReceipt) -> str:
        return conditional_escape(getattr(receipt, "template_code", "") or EMPTY)

    def sign(self, receipt: SmsReceipt) -> str:
        return conditional_escape(content_sign(getattr(receipt, "content", "")) or EMPTY)
