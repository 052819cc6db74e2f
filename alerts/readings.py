"""What each kind of rule reads, from the stored receipts, their tallies and the circuit breaker
(never upstream): a ``Reading`` says whether the rule is broken now, in figures, and which page
shows it.

* Delivery rate: receipts of the sends of the last ``window_minutes``, delivered / received.
* Template failures: the same window per template (the template of the stored record each
  receipt matches), against the template's own failure rate of the 7 full days before today
  (the receipts' tallies); a baseline under ``BASELINE_FLOOR`` counts as that floor, so a
  template that never failed does not fire on its first failure.
* Pumping: receipts to a number prefix (digits) or a province / country (``rates.places``
  keys: "Guangdong", "HK") in the window, against the average of the same length over the 7
  days before today (at least one message).
* Receipts stopped: no receipt has arrived for ``window_minutes`` while sends go on. The site
  sees no live send feed (the statistics are fetched when someone opens /stats/, records when
  someone searches), so "sends go on" is read from the receipts themselves: the same minutes
  of each of the 7 days before brought at least ``minimum`` receipts on average.
* Circuit open: any breaker of the rule's accounts is open (``core.circuit``); how long it
  must stay open is the rule's hold (``alerts.engine.hold_minutes``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from urllib.parse import urlencode

from django.utils import timezone
from django.utils.translation import gettext as _

from alerts.models import Kind, Rule
from core.accounts import configured_accounts
from core.clients import account_breakers
from rates import selectors

BASELINE_DAYS = 7
BASELINE_FLOOR = 0.01


@dataclass(frozen=True)
class Reading:
    broken: bool
    summary: str
    since: datetime
    until: datetime
    link: str


def rule_read(*, rule: Rule, now: datetime) -> Reading:
    return READERS[rule.kind](rule, now)


def accounts_of(rule: Rule) -> tuple[str, ...] | None:
    return (rule.account,) if rule.account else None


def sends_link(rule: Rule, since: datetime, until: datetime, **extra: str) -> str:
    local = timezone.get_current_timezone()
    query = {
        "since": f"{since.astimezone(local):%Y-%m-%dT%H:%M}",
        "until": f"{until.astimezone(local):%Y-%m-%dT%H:%M}",
        **({"account": rule.account} if rule.account else {}),
        **extra,
    }
    return "/sends/?" + urlencode(query)


def _too_few(rule: Rule, count: int, since: datetime, now: datetime, link: str) -> Reading:
    text = _("%(count)s receipts, fewer than the %(minimum)s the rule needs") % {
        "count": count,
        "minimum": rule.minimum,
    }
    return Reading(False, text, since, now, link)


def delivery_rate(rule: Rule, now: datetime) -> Reading:
    since = now - timedelta(minutes=rule.window_minutes)
    counted = selectors.receipts_window_count(since=since, until=now, accounts=accounts_of(rule))
    link = sends_link(rule, since, now, status="failed")
    if counted.receipts == 0 or counted.receipts < rule.minimum:
        return _too_few(rule, counted.receipts, since, now, link)
    rate = 100 * counted.delivered / counted.receipts
    text = _("delivery rate %(rate).1f %% of %(count)s receipts (threshold %(threshold)g %%)") % {
        "rate": rate,
        "count": counted.receipts,
        "threshold": rule.threshold,
    }
    return Reading(rate < rule.threshold, text, since, now, link)


def template_failures(rule: Rule, now: datetime) -> Reading:
    since = now - timedelta(minutes=rule.window_minutes)
    today = timezone.localdate(now)
    accounts = accounts_of(rule)
    current = selectors.receipts_window_by_template(since=since, until=now, accounts=accounts)
    base = selectors.tallies_by_template(
        start=today - timedelta(days=BASELINE_DAYS),
        end=today - timedelta(days=1),
        accounts=accounts,
    )
    worst = _worst_template(rule, current, base)
    link = sends_link(rule, since, now, status="failed", template=rule.template_code)
    if worst is None:
        return _too_few(rule, 0, since, now, link)
    multiple, code, rate, floor, count = worst
    text = _(
        "%(template)s: failure rate %(rate).1f %% of %(count)s receipts, %(multiple).1f × its "
        "7-day baseline of %(baseline).1f %% (limit %(threshold)g ×)"
    ) % {
        "template": code,
        "rate": 100 * rate,
        "count": count,
        "multiple": multiple,
        "baseline": 100 * floor,
        "threshold": rule.threshold,
    }
    link = sends_link(rule, since, now, status="failed", template=code)
    return Reading(multiple >= rule.threshold, text, since, now, link)


def _worst_template(rule: Rule, current: dict, base: dict) -> tuple | None:
    """(multiple, code, rate, baseline, receipts) of the template furthest above its baseline,
    among those with at least the rule's minimum of receipts."""
    worst = None
    for code, counted in current.items():
        if not code or (rule.template_code and code != rule.template_code):
            continue
        if counted.receipts == 0 or counted.receipts < rule.minimum:
            continue
        before = base.get(code)
        baseline = before.failed / before.receipts if before and before.receipts else 0.0
        rate = counted.failed / counted.receipts
        candidate = (rate / max(baseline, BASELINE_FLOOR), code, rate, baseline, counted.receipts)
        worst = max(worst, candidate) if worst else candidate
    return worst


def pumping(rule: Rule, now: datetime) -> Reading:
    since = now - timedelta(minutes=rule.window_minutes)
    current, total = _place_counts(rule, since, now)
    average = total / (BASELINE_DAYS * 24 * 60 / max(rule.window_minutes, 1))
    link = sends_link(rule, since, now)
    if current == 0 or current < rule.minimum:
        return _too_few(rule, current, since, now, link)
    multiple = current / max(average, 1.0)
    text = _(
        "%(place)s: %(count)s receipts in %(minutes)s minutes, %(multiple).1f × the 7-day "
        "average of %(average).1f (limit %(threshold)g ×)"
    ) % {
        "place": rule.place,
        "count": current,
        "minutes": rule.window_minutes,
        "multiple": multiple,
        "average": average,
        "threshold": rule.threshold,
    }
    return Reading(multiple >= rule.threshold, text, since, now, link)


def _place_counts(rule: Rule, since: datetime, now: datetime) -> tuple[int, int]:
    """Receipts to the rule's place in the window, and in the 7 days before today."""
    accounts, place = accounts_of(rule), rule.place
    today = timezone.localdate(now)
    first, midnight = today - timedelta(days=BASELINE_DAYS), _midnight(today)
    if place.isdigit():
        count = selectors.receipts_to_prefix_count
        current = count(since=since, until=now, prefix=place, accounts=accounts)
        total = count(since=_midnight(first), until=midnight, prefix=place, accounts=accounts)
        return current, total
    current = selectors.receipts_to_region_count(
        since=since, until=now, region=place, accounts=accounts
    )
    total = selectors.tallies_to_region_count(
        start=first, end=today - timedelta(days=1), region=place, accounts=accounts
    )
    return current, total


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def receipts_stopped(rule: Rule, now: datetime) -> Reading:
    window = timedelta(minutes=rule.window_minutes)
    accounts = accounts_of(rule)
    last = selectors.receipts_last_received(accounts=accounts)
    expected = (
        sum(
            selectors.receipts_window_count(
                since=now - window - timedelta(days=n),
                until=now - timedelta(days=n),
                accounts=accounts,
            ).receipts
            for n in range(1, BASELINE_DAYS + 1)
        )
        / BASELINE_DAYS
    )
    silent = last is None or now - last >= window
    last_text = f"{timezone.localtime(last):%Y-%m-%d %H:%M}" if last else _("never")
    text = _(
        "last receipt arrived %(last)s; the same %(minutes)s minutes of the 7 days before "
        "brought %(expected).1f receipts on average (at least %(minimum)s)"
    ) % {
        "last": last_text,
        "minutes": rule.window_minutes,
        "expected": expected,
        "minimum": max(rule.minimum, 1),
    }
    broken = silent and expected >= max(rule.minimum, 1)
    return Reading(broken, text, now - window, now, sends_link(rule, now - window, now))


def circuit_open(rule: Rule, now: datetime) -> Reading:
    names = [rule.account] if rule.account else [one.name for one in configured_accounts()]
    breakers = account_breakers()
    waits = {name: breakers[name].retry_in() for name in names if name in breakers}
    open_ones = sorted(name for name, wait in waits.items() if wait > 0)
    if open_ones:
        text = _("circuit open for %(accounts)s") % {"accounts": ", ".join(open_ones)}
    else:
        text = _("circuit closed")
    since = now - timedelta(minutes=rule.window_minutes)
    return Reading(bool(open_ones), text, since, now, "/stats/")


READERS: dict[str, Callable[[Rule, datetime], Reading]] = {
    Kind.DELIVERY_RATE: delivery_rate,
    Kind.TEMPLATE_FAILURES: template_failures,
    Kind.PUMPING: pumping,
    Kind.RECEIPTS_STOPPED: receipts_stopped,
    Kind.CIRCUIT_OPEN: circuit_open,
}
