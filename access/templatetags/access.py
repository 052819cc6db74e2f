"""Template filters: ``{{ record.content|codes_masked }}``, ``{{ phone|phone_for:user }}``."""

from django import template

from access.display import content_text, phone_text

register = template.Library()


@register.filter
def codes_masked(content: str) -> str:
    return content_text(content or "")


@register.filter
def phone_for(phone: str, user) -> str:
    return phone_text(user, phone or "")
