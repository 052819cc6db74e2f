"""``{% circuit_countdown seconds %}``: the open-circuit sentence with a live number in it."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.circuit import CIRCUIT_OPEN

register = template.Library()


@register.simple_tag
def circuit_countdown(seconds: int) -> SafeString:
    """The same words as ``problems.describe`` gives, the number in a ``role="timer"`` span.

    static/js/app.js counts the span down each second (a timer is not read out at every
    change, unlike the rest of the alert). The translated sentence is escaped first; only
    the ``{seconds}`` placeholder becomes markup.
    """
    number = format_html('<span class="countdown" role="timer" data-countdown>{}</span>', seconds)
    sentence = conditional_escape(gettext(CIRCUIT_OPEN))
    return mark_safe(sentence.replace("{seconds}", number))  # noqa: S308 (escaped above)
