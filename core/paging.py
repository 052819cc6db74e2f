"""Paging told its count: a page's summary has already counted the rows it shows."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A paginator told how many rows there are: the summary above the table counted them,
    and counting again would be a second COUNT of the same rows on every page view (the search
    page and the All sends page both)."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.count = count  # Paginator.count is a cached property: this is its value
