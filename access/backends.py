"""django-axes in front of Django's own authentication."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginLimitBackend(AxesStandaloneBackend):
    """Axes' lockout check, for logins that come with a request (the login page, the admin).

    ``authenticate`` without a request (the test client's ``login``, a shell) is not a login
    from outside: axes would refuse it outright, so it is left to the next backend.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
