"""Template filters: ``phone_for:user``, ``phone_shown`` and ``csp_svg:request``."""

from django import template
from django.utils.safestring import mark_safe

from access.display import phone_display, phone_text

register = template.Library()


@register.filter
def phone_for(phone: str, user) -> str:
    """The number as ``user`` may see it, as people read it (``+852 9123 4567``)."""
    return phone_display(phone_text(user, phone or ""))


@register.filter
def phone_shown(phone: str) -> str:
    """A number already masked for the reader, as people read it (``+852 9123 4567``)."""
    return phone_display(phone or "")


@register.filter
def csp_svg(svg: str, request) -> str:
    """Our own server-rendered SVG, made to pass the Content-Security-Policy: its ``<style>``
    elements get this response's nonce, and ``style="opacity: 0"`` becomes the SVG attribute."""
    nonce = getattr(request, "csp_nonce", "")
    svg = svg.replace("<style ", f'<style nonce="{nonce}" ').replace(
        "<style>", f'<style nonce="{nonce}">'
    )
    return mark_safe(svg.replace(' style="opacity: 0"', ' opacity="0"'))  # noqa: S308 (our SVG)
