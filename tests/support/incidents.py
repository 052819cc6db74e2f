"""What the sandbox-incident tests share: a busy hour on the pinned clock and a command's output."""

from __future__ import annotations

from datetime import datetime, time
from io import StringIO

from django.core.management import call_command
from django.utils import timezone


def at_ten(pinned_clock, today) -> None:
    """10:00 China time today: a busy hour of the sandbox's day, whatever the real time."""
    pinned_clock.move_to(timezone.make_aware(datetime.combine(today, time(10, 0))))


def command_output(name: str, **options) -> str:
    out = StringIO()
    call_command(name, stdout=out, stderr=StringIO(), **options)
    return out.getvalue()
