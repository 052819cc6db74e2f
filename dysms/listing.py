"""What the account's list APIs share: one page of a list, its reading and its checks.

``QuerySmsTemplateList`` and ``QuerySmsSignList`` page alike: optional ``PageIndex`` (from 1,
default 1) and ``PageSize`` (1 to 50, default 10) in; ``TotalCount``, ``CurrentPage`` and
``PageSize`` (numbers) and a plain JSON array of items out. What is read follows
``dysms.parsing``: a body that cannot be read raises ``ServiceUnavailableError``, odd text
is made storable, a missing count is 0.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeGuard, TypeVar

from dysms.errors import InvalidQuery, ServiceUnavailableError
from dysms.parsing import MALFORMED_BODY, clean_text

T = TypeVar("T")

MAX_PAGE_SIZE = 50
# Walking every page stops after this many: 5,000 templates or signatures at 50 a page.
MAX_LIST_PAGES = 100
# A count beyond this is not believable for one account's templates or signatures.
MAX_LIST_COUNT = 1_000_000

PAGE_INDEX_INVALID = "The page number must be a whole number of 1 or more."
PAGE_SIZE_INVALID = "The page size must be a whole number from 1 to 50."
TEMPLATE_CODE_INVALID = "Enter a template code such as SMS_123456789 (letters, digits and _)."

_TEMPLATE_CODE = re.compile(r"[A-Za-z0-9_]{1,64}")


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list API; from the ``query_all_*`` walks, every page as one."""

    total_count: int
    page_index: int
    page_size: int
    request_id: str
    items: tuple[T, ...] = field(default_factory=tuple)


def validate_list_page(page_index: object, page_size: object) -> dict[str, str]:
    """``PageIndex`` and ``PageSize`` as the API takes them, or ``InvalidQuery``."""
    if not _whole(page_index) or page_index < 1:
        raise InvalidQuery("page_index", PAGE_INDEX_INVALID)
    if not _whole(page_size) or not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidQuery("page_size", PAGE_SIZE_INVALID)
    return {"PageIndex": str(page_index), "PageSize": str(page_size)}


def validate_template_code(code: object) -> str:
    """A template code, trimmed; ``InvalidQuery`` for anything that cannot be one."""
    text = code.strip() if isinstance(code, str) else ""
    if not _TEMPLATE_CODE.fullmatch(text):
        raise InvalidQuery("template_code", TEMPLATE_CODE_INVALID)
    return text


def parse_list_page(
    body: Mapping[str, object], list_name: str, item: Callable[[Mapping[str, object]], T]
) -> ListPage[T]:
    """``body[list_name]`` read with ``item``, with the page's counts."""
    request_id = text(body.get("RequestId"))
    items = tuple(item(one) for one in _items(body.get(list_name), request_id))
    return ListPage(
        total_count=min(count(body.get("TotalCount"), request_id), MAX_LIST_COUNT),
        page_index=count(body.get("CurrentPage"), request_id),
        page_size=count(body.get("PageSize"), request_id),
        request_id=request_id,
        items=items,
    )


def pages_to_read(total_count: int, page_size: int) -> int:
    """How many pages a walk reads: as ``TotalCount`` says, at most ``MAX_LIST_PAGES``."""
    return min(-(-total_count // page_size), MAX_LIST_PAGES)


def mapping(value: object, request_id: str) -> Mapping[str, object]:
    """``value`` if it is a JSON object; nothing (``None``, ``""``) reads as an empty one."""
    if value is None or value == "":
        return {}
    if not isinstance(value, Mapping):
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    return value


def text(value: object) -> str:
    """An upstream scalar as storable text (numbers via ``str``; objects and lists as "")."""
    if isinstance(value, str):
        return clean_text(value)
    if value is None or isinstance(value, (Mapping, list)):
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean_text(str(value))


def count(value: object, request_id: str) -> int:
    """A count given as a number or a string of digits; missing is 0, anything else malformed."""
    if value is None or value == "":
        return 0
    digits = text(value).strip()
    if not digits.isdigit() or not digits.isascii():
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    return int(digits)


def _items(value: object, request_id: str) -> list[Mapping[str, object]]:
    """A JSON array of objects; a single object stands for a list of one, nothing for none."""
    if value is None or value == "" or value == {}:
        return []
    if isinstance(value, Mapping):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(one, Mapping) for one in value):
        raise ServiceUnavailableError(MALFORMED_BODY, request_id=request_id, http_status=200)
    return value


def _whole(value: object) -> TypeGuard[int]:
    # bool is an int subclass; True must not pass as page 1.
    return isinstance(value, int) and not isinstance(value, bool)
