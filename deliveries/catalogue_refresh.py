"""Each account's template and signature lists made fresh: asked again when they are old.

The search page calls ``catalogue_refresh`` before it reads the lists (``catalogue``): an
account whose lists were stored less than ``TEMPLATE_LIST_FRESH_SECONDS`` ago costs one small
query and no call. An older one is walked again, every page of both lists, through the
account's client: its per-API rate limits and its circuit breaker, as any other call. When the
walk fails (an outage, the circuit open, a RAM policy without the list APIs, no AccessKey) the
stored lists stay as they were, the failure is logged and noted on ``CatalogueFetch``, the
page goes on (with the codes alone when nothing was ever stored), and the account is asked
again ``TEMPLATE_LIST_RETRY_SECONDS`` later, not on every page view. A page view waits for
the walks ``TEMPLATE_LIST_WAIT_SECONDS`` at most (the accounts' at once, in threads that only
talk HTTP; the page's thread stores): slower lists are a failure of that try, and the search
goes on. One process at a time walks an account's lists (a cache lock); another page view
meanwhile reads what is stored. ``manage.py refresh_templates`` asks now, whatever the age.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import wait as futures_wait
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.clients import get_client
from deliveries.catalogue_models import AccountSign, AccountTemplate, CatalogueFetch
from dysms.errors import DysmsError
from dysms.listing import ListPage
from dysms.signs import SmsSign
from dysms.templates import SmsTemplate

logger = logging.getLogger(__name__)

LOCK_KEY = "deliveries:catalogue-lock:{account}"
# Longer than a walk of 100 pages of both lists takes; a crashed walk's lock goes by itself.
LOCK_SECONDS = 120
# Items a list page asks for: the most the APIs give (dysms.listing.MAX_PAGE_SIZE).
LIST_PAGE_SIZE = 50
# The failure of a walk not done within the page's wait (it is dropped when it ends).
LATE = "The template lists took longer than the page waits for them."
LATE_CODE = "Late"


def catalogue_refresh(
    *,
    accounts: Iterable[str],
    force: bool = False,
    states: dict[str, CatalogueFetch] | None = None,
) -> dict[str, DysmsError]:
    """Walk the lists of each of ``accounts`` that is due (every one with ``force``) and store
    them; returns the failures by account (the stored lists of those are kept).

    The walks (HTTP only, one thread per account) are waited for ``TEMPLATE_LIST_WAIT_SECONDS``
    at most (``force``: as long as they take): a slow list costs a page view that long, once,
    and is asked again after the retry period. What came in is stored by the caller's thread.
    ``states``: the accounts' ``catalogue_states`` when the caller has just read them.
    """
    now = timezone.now()
    accounts = list(accounts)
    states = catalogue_states(accounts) if states is None else states
    due = []
    for account in accounts:
        if force or catalogue_due(states.get(account), now):
            # Taken: another page view is walking them, and this one reads what is stored.
            if cache.add(LOCK_KEY.format(account=account), 1, LOCK_SECONDS):
                due.append(account)
    if not due:
        return {}
    try:
        wait = None if force else settings.TEMPLATE_LIST_WAIT_SECONDS
        walked = _walk_lists(due, wait=wait)
        failures = {}
        for account in due:
            outcome = walked.get(account) or DysmsError(LATE, code=LATE_CODE)
            if isinstance(outcome, DysmsError):
                failures[account] = _note_failure(account, outcome, now)
            else:
                _store(account, *outcome, now=now)
        return failures
    finally:
        cache.delete_many([LOCK_KEY.format(account=account) for account in due])


def catalogue_states(accounts: Iterable[str]) -> dict[str, CatalogueFetch]:
    """When each account's lists were last asked for and stored, by account."""
    return {state.account: state for state in CatalogueFetch.objects.filter(account__in=accounts)}


def catalogue_due(state: CatalogueFetch | None, now: datetime) -> bool:
    """Never asked, stored too long ago, or failed long enough ago to try again."""
    if state is None:
        return True
    failed = state.fetched_at is None or state.fetched_at < state.tried_at
    if failed:
        return now - state.tried_at >= timedelta(seconds=settings.TEMPLATE_LIST_RETRY_SECONDS)
    return now - state.fetched_at >= timedelta(seconds=settings.TEMPLATE_LIST_FRESH_SECONDS)


Lists = tuple[ListPage[SmsTemplate], ListPage[SmsSign]]


def _walk_lists(accounts: list[str], *, wait: float | None) -> dict[str, Lists | DysmsError]:
    """Each account's two lists (or why not), for the walks done within ``wait`` seconds."""
    pool = ThreadPoolExecutor(max_workers=len(accounts), thread_name_prefix="dysms-lists")
    try:
        futures = {pool.submit(_walk, account): account for account in accounts}
        done, _ = futures_wait(futures, timeout=wait)
        return {futures[future]: future.result() for future in done}
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def _walk(account: str) -> Lists | DysmsError:
    """Every page of both lists, through the account's client (rate limits, circuit breaker)."""
    try:
        client = get_client(account)
        templates = client.query_all_sms_templates(page_size=LIST_PAGE_SIZE)
        return templates, client.query_all_sms_signs(page_size=LIST_PAGE_SIZE)
    except DysmsError as error:
        return error


def _note_failure(account: str, error: DysmsError, now: datetime) -> DysmsError:
    code = error.code or type(error).__name__
    logger.warning("The template lists of account %s could not be fetched: %s", account, code)
    CatalogueFetch.objects.update_or_create(
        account=account,
        defaults={"tried_at": now, "problem": code[:100], "request_id": error.request_id[:64]},
    )
    return error


@transaction.atomic
def _store(
    account: str, templates: ListPage[SmsTemplate], signs: ListPage[SmsSign], *, now: datetime
) -> None:
    """Replace the account's stored lists with the new ones, in one transaction."""
    AccountTemplate.objects.filter(account=account).delete()
    AccountSign.objects.filter(account=account).delete()
    # One row per code and per name (the last listed wins), as the constraints want.
    template_rows = (_template_row(account, template) for template in templates.items)
    AccountTemplate.objects.bulk_create(
        {row.code: row for row in template_rows if row.code}.values()
    )
    sign_rows = (_sign_row(account, sign) for sign in signs.items)
    AccountSign.objects.bulk_create({row.name: row for row in sign_rows if row.name}.values())
    state, _ = CatalogueFetch.objects.get_or_create(account=account, defaults={"tried_at": now})
    state.tried_at = state.fetched_at = now
    state.problem, state.request_id = "", templates.request_id[:64]
    state.generation += 1
    state.save()


def _template_row(account: str, template: SmsTemplate) -> AccountTemplate:
    return AccountTemplate(
        account=account,
        code=_text(template.code, 100),
        name=_text(template.name, 255),
        sign_name=_text(template.sign_name, 100),
        content=_text(template.content),
        kind=None if template.kind is None else int(template.kind),
        audit_status=template.audit_status.value,
    )


def _sign_row(account: str, sign: SmsSign) -> AccountSign:
    return AccountSign(
        account=account, name=_text(sign.name, 100), audit_status=sign.audit_status.value
    )


def _text(value: str, limit: int | None = None) -> str:
    # Upstream text is untrusted: PostgreSQL refuses NUL characters, columns have lengths.
    return value.replace("\x00", "").strip()[:limit]
