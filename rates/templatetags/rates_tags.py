from django import template

from rates.tables import grouped as _grouped
from rates.tables import percent as _percent

register = template.Library()


@register.filter
def percent(value: float | None) -> str:
    """0.953 -> "95.3%"; no rate (nothing sent) -> "—"."""
    return _percent(value)


@register.filter
def grouped(value: int | None) -> str:
    """8792 -> "8,792" in both languages (rates.tables.grouped)."""
    return _grouped(value)
