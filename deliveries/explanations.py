"""What went wrong with a message, in words: the lookup over ``deliveries.error_catalogue``.

``explain(code)`` turns any receipt or API error code into an ``Explanation``: what it means,
what to tell the customer, what support does next. Lookup ignores case and whitespace; a code we
do not know still gets an honest answer and keeps its text exactly as received.
``explain_waiting(sent_at, now)`` describes a message that has no receipt yet.

Texts are lazy translations: they render in the language active where they are shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils.functional import Promise
from django.utils.timesince import timesince
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from deliveries.error_catalogue import API_PATTERNS, CARRIER_PREFIXES, CODES, Category, Entry
from deliveries.error_catalogue.base import NEXT_UNKNOWN, TELL_UNKNOWN

__all__ = ["Category", "Explanation", "explain", "explain_waiting"]

StrOrPromise = str | Promise

# Receipts usually come within a minute; past this, waiting is unusual enough to say so.
LONG_WAIT = timedelta(minutes=10)
# Past this, a receipt is unlikely to come at all.
VERY_LONG_WAIT = timedelta(hours=24)

UNDOCUMENTED = _("A carrier-specific code that is not documented; it is shown exactly as received.")
UNDOCUMENTED_ALIBABA = _(
    "An Alibaba Cloud code that is not in our catalogue; it is shown exactly as received."
)
_ALIBABA_PREFIXES = ("ISV.", "ISP.", "SDK.")


@dataclass(frozen=True)
class Explanation:
    """One code, explained. ``documented`` is False for prefix fallbacks and unknown codes."""

    code: str
    category: Category
    meaning: StrOrPromise
    tell_customer: StrOrPromise
    next_step: StrOrPromise
    documented: bool

    @property
    def category_label(self) -> StrOrPromise:
        return self.category.label


def _lookup_key(code: str) -> str:
    # Codes never contain spaces; "mk: 0005" and "MK：0005" are MK:0005.
    return "".join(code.split()).replace("\uff1a", ":").upper()


_BY_KEY: dict[str, Entry] = {_lookup_key(code): entry for code, entry in CODES.items()}
_PREFIXES: list[tuple[str, Entry]] = sorted(
    CARRIER_PREFIXES.items(), key=lambda item: len(item[0]), reverse=True
)


def explain(code: str | None) -> Explanation | None:
    """Explain a receipt or API error code; ``None`` when there is no code at all.

    An empty code says nothing by itself (a waiting record has none): use ``explain_waiting``
    for records that are still waiting. Order: exact code, gateway pattern (``Missing{Param}``),
    carrier prefix (``MK:``), then the honest "not documented" answer (Alibaba Cloud's own
    ``isv.``/``isp.``/``SDK.`` codes say so; anything else is taken to be the carrier's).
    """
    shown = " ".join((code or "").split())
    if not shown:
        return None
    key = _lookup_key(shown)
    entry = _BY_KEY.get(key)
    if entry is not None:
        return Explanation(shown, *entry, documented=True)
    for pattern, entry in API_PATTERNS:
        if pattern.match(shown):
            return Explanation(shown, *entry, documented=False)
    for prefix, entry in _PREFIXES:
        if key.startswith(prefix):
            return Explanation(shown, *entry, documented=False)
    meaning = UNDOCUMENTED_ALIBABA if key.startswith(_ALIBABA_PREFIXES) else UNDOCUMENTED
    return Explanation(
        shown, Category.UNKNOWN, meaning, TELL_UNKNOWN, NEXT_UNKNOWN, documented=False
    )


def explain_waiting(sent_at: datetime, now: datetime) -> str:
    """Say how long a message has waited for its receipt, translated into the active language.

    Both datetimes must be aware (or both naive). A send time in the future (clock skew) counts
    as just sent.
    """
    waited = now - sent_at
    if waited < timedelta(minutes=1):
        return gettext(
            "Sent less than a minute ago; the carrier's receipt usually arrives within a minute."
        )
    duration = timesince(sent_at, now, depth=1)
    if waited < LONG_WAIT:
        return gettext(
            "Waiting for the carrier's receipt for %(duration)s; receipts usually arrive "
            "within a minute."
        ) % {"duration": duration}
    if waited < VERY_LONG_WAIT:
        return gettext(
            "Waiting for the carrier's receipt for %(duration)s, much longer than usual: the "
            "phone may be switched off or out of coverage, and the carrier keeps trying. "
            "Check again later."
        ) % {"duration": duration}
    return gettext(
        "No receipt after %(duration)s; it is unlikely to come now. Ask the customer whether "
        "the message arrived."
    ) % {"duration": duration}
