"""Template filters: ``phone_for:user``, ``phone_shown`` and ``csp_svg:request``."""

from django import template
from django.utils.safestring import mark_safe

from access.display import phone_display, phone_text

register = template.Library()


@register.filter
def phone_for(phone: str, user) -> str:
    """The number as ``user`` may see it, as people read it (``+852 9123 4567``); the numbers
    of a search of several (``13800138000,13900139000``) each so, after a comma."""
    return ", ".join(phone_display(phone_text(user, one)) for one in (phone or "").split(","))


@register.filter
def phone_shown(phone: str) -> str:
    """A number already masked for the reader, as people read it (``+852 9123 4567``); several
    (an audit entry of a search of several numbers) each so."""
    return ", ".join(phone_display(one) for one in (phone or "").split(","))


@register.filter
def csp_svg(svg: str, request) -> str:
    """Our own server-rendered SVG, made to pass the Content-Security-Policy: its ``<style>``
    elements get this response's nonce, and ``style="opacity: 0"`` becomes the SVG attribute."""
    nonce = getattr(request, "csp_nonce", "")
    svg = svg.replace("<style ", f'<style nonce="{nonce}" ').replace(
        "<style>", f'<style nonce="{nonce}">'
    )
    return mark_safe(svg.replace(' style="opacity: 0"', ' opacity="0"'))  # noqa: S308 (our SVG)
