"""The client's queries of the account's templates and signatures, as a mixin of ``DysmsClient``.

Thin on purpose: validate (``InvalidQuery`` before any request), ``call`` (signing, retries,
the per-API rate limit: ``QuerySmsTemplateList`` and ``QuerySmsSignList`` allow 10 calls a
second, ``dysms.quotas``), parse. The ``query_all_*`` walks read every page, as many as the
first page's ``TotalCount`` says (at most ``MAX_LIST_PAGES``), and stop at an empty one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from dysms.listing import ListPage, pages_to_read, validate_list_page, validate_template_code
from dysms.signs import SmsSign, parse_sign_list
from dysms.templates import SmsTemplate, TemplateDetail, parse_template_detail, parse_template_list

T = TypeVar("T")


class CatalogueQueries:
    """``QuerySmsTemplateList``, ``GetSmsTemplate`` and ``QuerySmsSignList``."""

    def call(self, action: str, params: Mapping[str, object]) -> dict:  # pragma: no cover
        raise NotImplementedError  # DysmsClient.call

    def query_sms_template_list(
        self, page_index: int = 1, page_size: int = 50
    ) -> ListPage[SmsTemplate]:
        """One page of the account's templates."""
        params = validate_list_page(page_index, page_size)
        return parse_template_list(self.call("QuerySmsTemplateList", params))

    def query_all_sms_templates(self, page_size: int = 50) -> ListPage[SmsTemplate]:
        """Every template of the account, as one page (request id of the first)."""
        return _every_page(self.query_sms_template_list, page_size)

    def get_sms_template(self, template_code: str) -> TemplateDetail:
        """One template by its code, with what its review said."""
        code = validate_template_code(template_code)
        return parse_template_detail(self.call("GetSmsTemplate", {"TemplateCode": code}))

    def query_sms_sign_list(self, page_index: int = 1, page_size: int = 50) -> ListPage[SmsSign]:
        """One page of the account's signatures."""
        params = validate_list_page(page_index, page_size)
        return parse_sign_list(self.call("QuerySmsSignList", params))

    def query_all_sms_signs(self, page_size: int = 50) -> ListPage[SmsSign]:
        """Every signature of the account, as one page (request id of the first)."""
        return _every_page(self.query_sms_sign_list, page_size)


def _every_page(page_of: Callable[[int, int], ListPage[T]], page_size: int) -> ListPage[T]:
    first = page_of(1, page_size)
    items = list(first.items)
    for index in range(2, pages_to_read(first.total_count, page_size) + 1):
        page = page_of(index, page_size)
        if not page.items:
            break
        items.extend(page.items)
    return ListPage(
        total_count=first.total_count,
        page_index=1,
        page_size=len(items),
        request_id=first.request_id,
        items=tuple(items),
    )
