"""Template context for every page: which Dysmsapi endpoint this instance talks to."""

from __future__ import annotations

from django.http import HttpRequest

from core.clients import endpoint_label, is_sandbox


def endpoint(request: HttpRequest) -> dict:
    return {"endpoint_label": endpoint_label(), "endpoint_is_sandbox": is_sandbox()}
