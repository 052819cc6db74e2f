"""Failure banners in templates: core.failures' words, with an open circuit's live countdown.

``{% failure_words failure "statistics" %}`` gives the sentence of ``core.failures.words``;
for an open circuit the number of seconds sits in a ``role="timer"`` span that
static/js/app.js counts down each second (a timer is not read out at every change, unlike
the rest of the alert). ``{% late_days_words days %}`` names the days without an answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.failures import SENTENCES, Failure, Kind, Subject, late_days, words

register = template.Library()


@register.simple_tag
def failure_words(failure: Failure, subject: str = Subject.RECORDS) -> SafeString:
    if failure.kind is Kind.CIRCUIT_OPEN:
        return circuit_countdown(failure.retry_in)
    return conditional_escape(words(failure, subject=Subject(subject)))


@register.simple_tag
def late_days_words(days: Iterable[date]) -> str:
    return late_days(days)


def circuit_countdown(seconds: int) -> SafeString:
    """The open circuit's words, the number in its timer span.

    The translated sentence is escaped first; only the ``{seconds}`` placeholder becomes markup.
    """
    number = format_html('<span class="countdown" role="timer" data-countdown>{}</span>', seconds)
    sentence = conditional_escape(gettext(SENTENCES[Kind.CIRCUIT_OPEN]))
    return mark_safe(sentence.replace("{seconds}", number))  # noqa: S308 (escaped above)
