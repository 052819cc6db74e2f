"""``SmsClient``: what the site asks of a Dysmsapi client, as a type.

``DysmsClient`` is the one implementation that talks HTTP; the circuit breaker's wrapper
(``core.circuit.GuardedClient``) keeps the same shape, and so do the tests' fakes. Code that is
handed a client types it with this Protocol, so any of them fits and a call with a wrong
argument is a type error wherever the client came from.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from dysms.listing import ListPage
from dysms.signs import SmsSign
from dysms.templates import SmsTemplate
from dysms.values import SendDetailsPage, StatisticsPage


class SmsClient(Protocol):
    def query_send_details(
        self,
        phone: str,
        send_date: date | str,
        page: int = 1,
        page_size: int = 50,
        biz_id: str | None = None,
    ) -> SendDetailsPage:
        """One page of one number's records for one day (QuerySendDetails)."""
        ...

    def query_all_send_statistics(
        self,
        *,
        is_globe: int,
        start_date: date | str,
        end_date: date | str,
        page_size: int = 50,
        template_type: int | None = None,
        sign_name: str | None = None,
    ) -> StatisticsPage:
        """Every page of the daily totals of a period as one page (QuerySendStatistics)."""
        ...

    def query_all_sms_templates(self, page_size: int = 50) -> ListPage[SmsTemplate]:
        """Every template of the account as one page (QuerySmsTemplateList, all pages)."""
        ...

    def query_all_sms_signs(self, page_size: int = 50) -> ListPage[SmsSign]:
        """Every signature of the account as one page (QuerySmsSignList, all pages)."""
        ...
