"""Idle sessions end: only what the user does counts as activity, not what a page asks alone.

A session ends ``SESSION_IDLE_SECONDS`` after the last request, because Django saves it (and
so moves its expiry on) on every request (``SESSION_SAVE_EVERY_REQUEST``). The search page's
waiting rows ask ``/records/<id>/status/`` every 15 seconds by themselves: counted as
requests, an idle tab would stay logged in for ever on a shared PC. Views marked
``not_activity`` leave the session's expiry where it was; everything else is as Django does.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.sessions.middleware import SessionMiddleware
from django.utils.cache import patch_vary_headers

_NOT_ACTIVITY = "_smsadmin_not_activity"


def not_activity(view):
    """A request the page makes on its own: it does not keep an idle session alive."""

    @wraps(view)
    def passive(request, *args, **kwargs):
        setattr(request, _NOT_ACTIVITY, True)
        return view(request, *args, **kwargs)

    return passive


class IdleSessionMiddleware(SessionMiddleware):
    """Django's session middleware, which does not save an unchanged session for such views."""

    def process_response(self, request, response):
        session = getattr(request, "session", None)
        if getattr(request, _NOT_ACTIVITY, False) and session is not None:
            if not session.modified and not session.is_empty():
                if session.accessed:
                    patch_vary_headers(response, ("Cookie",))
                return response
        return super().process_response(request, response)
