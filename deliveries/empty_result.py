"""What an empty search page says instead of blaming the customer's history.

A search with nothing to list used to say "No messages were sent to this number on these
days" even when the status, template or text filter had removed 90 stored rows. The page now
tells the cases apart and offers the one click that helps:

- **the filters removed every row**: "90 messages on these days; none matches the filters:
  template SMS_271935402", and a "clear filters" link that keeps the phone, the days, the
  account and the BizId (``_empty_result.html`` drops ``status``, ``template`` and ``q``);
- **the search itself is empty**, searched with a BizId: a link to the same search without it;
- **"today" is empty just after midnight** (China time, before ``EARLY_HOURS_END``): the day
  has hardly begun, and the message the customer speaks of is most likely yesterday's, so the
  page offers "yesterday" and "the last 7 days".

**What "unfiltered" means with a BizId.** The BizId is part of the search, not a filter of its
stored rows: upstream is asked for that one send (``RecordSearch``), and the rows of the same
number without it are another search, stored apart and fetched on their own (some of those
days may never have been fetched, or not lately). So the count without the filters keeps the
BizId (the same search's stored rows), and an empty BizId search offers "search without the
BizId" (a link that fetches, as any search) instead of a count of other stored rows, which
would be a guess where the link gives the answer.

It costs one query at most, and only when the page is empty and some filter is set: without
filters the unfiltered count is the summary's, 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils.translation import gettext, gettext_noop, ngettext, pgettext

from deliveries.models import Status
from deliveries.record_search import RecordFilters, RecordSearch
from deliveries.selectors import Summary, records_list
from dysms.values import CHINA_TZ

# Until this hour (China time) an empty "today" offers yesterday and the last 7 days.
EARLY_HOURS_END = time(6, 0)
FILTER_STATUS = gettext_noop("status {status}")
FILTER_TEMPLATE = gettext_noop("template {template}")
FILTER_SIGN = gettext_noop("sign {sign}")
FILTER_TEXT = gettext_noop("text “{text}”")


@dataclass(frozen=True)
class EmptyResult:
    """Why an empty page is empty, and what to offer (``_empty_result.html`` words it)."""

    unfiltered: int  # the search's stored rows without the status/template/text filters
    filters: str  # the filters that removed them, in words; "" with none
    biz_id: str  # the search's BizId: offer the search without it
    is_range: bool
    earlier: tuple[tuple[date, date], ...] = ()  # (first, last) of yesterday, the last 7 days

    @property
    def filtered_out(self) -> bool:
        return self.unfiltered > 0

    @property
    def sentence(self) -> str:
        """ "90 messages on these days; none matches the filters: template SMS_27...\""""
        count = self.unfiltered
        if self.is_range:
            said = ngettext(
                "{count} message on these days; none matches the filters: {filters}.",
                "{count} messages on these days; none matches the filters: {filters}.",
                count,
            )
        else:
            said = ngettext(
                "{count} message on this day; none matches the filters: {filters}.",
                "{count} messages on this day; none matches the filters: {filters}.",
                count,
            )
        return said.format(count=count, filters=self.filters)


def records_empty_result(
    *, search: RecordSearch, filters: RecordFilters, summary: Summary, now: datetime
) -> EmptyResult | None:
    """The empty page's explanation; ``None`` when the page lists rows."""
    if summary.sent:
        return None
    unfiltered = 0
    if filters.narrows:
        unfiltered = records_list(search=search, filters=RecordFilters()).order_by().count()
    return EmptyResult(
        unfiltered=unfiltered,
        filters=filters_in_words(filters),
        biz_id=search.biz_id,
        is_range=search.is_range,
        earlier=() if unfiltered else earlier_days(search, now),
    )


def filters_in_words(filters: RecordFilters) -> str:
    """The set filters as the page names them: ``status Failed, template SMS_27...``."""
    said = []
    if filters.status is not None:
        said.append(gettext(FILTER_STATUS).format(status=Status(filters.status).label))
    if filters.template:
        said.append(gettext(FILTER_TEMPLATE).format(template=filters.template))
    if filters.sign:
        said.append(gettext(FILTER_SIGN).format(sign=filters.sign))
    if filters.text:
        said.append(gettext(FILTER_TEXT).format(text=filters.text))
    return pgettext("list separator", ", ").join(said)


def earlier_days(search: RecordSearch, now: datetime) -> tuple[tuple[date, date], ...]:
    """Yesterday and the last 7 days, for a search of today alone made just after midnight."""
    local = now.astimezone(CHINA_TZ)
    today = local.date()
    if search.first != today or search.is_range or local.time() >= EARLY_HOURS_END:
        return ()
    yesterday = today - timedelta(days=1)
    return ((yesterday, yesterday), (today - timedelta(days=6), today))
