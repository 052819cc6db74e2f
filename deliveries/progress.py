"""How far a long search has come, for the page that waits for it (issue 15, point 14).

A first search of 30 days waits for 30 days' answers. The page's script gives the search a
random ``progress`` token and, while the answer is on its way, asks
``/search-progress/<token>/`` how many of the days to fetch are in. The search writes the two
numbers into the shared cache (so any worker or instance can answer the question) as each
batch of days is stored. Only counts are kept: no number, no day, nothing of the records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.cache import cache

KEY = "deliveries:progress:{token}"
# Longer than the longest search (its deadline), so the last figures outlive it.
KEEP_SECONDS = 120
TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


@dataclass(frozen=True)
class Progress:
    """``done`` of ``total`` days (and accounts) to fetch have been answered and stored."""

    done: int
    total: int


class SearchProgress:
    """What a search reports under its page's token; ``None`` token: nobody asks, nothing kept."""

    def __init__(self, token: str | None):
        self.key = KEY.format(token=token) if token and TOKEN.fullmatch(token) else None
        self.total = 0
        self.done = 0

    def start(self, total: int) -> None:
        self.total, self.done = total, 0
        self._write()

    def advance(self, days: int) -> None:
        self.done = min(self.total, self.done + days)
        self._write()

    def _write(self) -> None:
        if self.key is not None:
            cache.set(self.key, (self.done, self.total), KEEP_SECONDS)


def search_progress(token: str) -> Progress | None:
    """The figures a search reported under ``token``; ``None`` before it started or after."""
    if not TOKEN.fullmatch(token):
        return None
    found = cache.get(KEY.format(token=token))
    return None if found is None else Progress(*found)
