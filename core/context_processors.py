"""Template context for every page: which Dysmsapi backend this instance talks to."""

from __future__ import annotations

from django.http import HttpRequest

from core.clients import backend_label, is_sandbox


def backend(request: HttpRequest) -> dict:
    return {"backend_label": backend_label(), "backend_is_sandbox": is_sandbox()}
