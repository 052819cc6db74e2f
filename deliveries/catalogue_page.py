"""The template and signature lists a search page shows: made fresh when due, read once.

Every page view asks for the accounts' ``CatalogueFetch`` rows (one small query), refreshes
those that are due (``catalogue_refresh``), and reads the lists (``catalogue_read``, two
queries) only when they changed since this process last read them: the rows' ``generation``
(one more at each store) is the lists' version, so a refresh by any process is seen at the
next page view. Lists never stored (or whose every try failed) are read each time.
"""

from __future__ import annotations

import threading

from django.utils import timezone

from deliveries.catalogue import Catalogue, catalogue_read
from deliveries.catalogue_refresh import catalogue_due, catalogue_refresh, catalogue_states

_read: dict[tuple[str, ...], tuple[tuple, Catalogue]] = {}
_lock = threading.Lock()


def catalogue_for_page(*, accounts: list[str]) -> Catalogue:
    """The accounts' stored lists, asked for again first where they are old (never failing)."""
    states = catalogue_states(accounts)
    now = timezone.now()
    if any(catalogue_due(states.get(account), now) for account in accounts):
        catalogue_refresh(accounts=accounts, states=states)
        states = catalogue_states(accounts)
    version = tuple(
        (account, states[account].generation if account in states else 0) for account in accounts
    )
    key = tuple(accounts)
    with _lock:
        known = _read.get(key)
    if known is not None and known[0] == version:
        return known[1]
    catalogue = catalogue_read(accounts=accounts)
    if all(generation for _, generation in version):
        with _lock:
            _read[key] = (version, catalogue)
    return catalogue


def forget_read_catalogues() -> None:
    """Read the lists again at the next page view (tests start each from an empty store)."""
    with _lock:
        _read.clear()
