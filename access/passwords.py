"""Changing one's password: a wrong old password counts as a failed login.

Django's form checks the old password with ``check_password``, which neither django-axes nor
the audit trail sees, so a stolen session could guess the password without limit. Here it is
checked through ``authenticate``: a locked-out user is refused as at the login page, and a
wrong one sends ``user_login_failed``, which axes counts towards the lockout and the audit
trail records as a failed login. The admin's own password page gets the same form.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth import authenticate
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.views.decorators.debug import sensitive_variables


class CountedPasswordChangeForm(PasswordChangeForm):
    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    @sensitive_variables("old_password")
    def clean_old_password(self) -> str:
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(
            self.request, username=self.user.get_username(), password=old_password
        )
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(
                self.error_messages["password_incorrect"], code="password_incorrect"
            )
        return old_password


class AdminCountedPasswordChangeForm(CountedPasswordChangeForm):
    required_css_class = "required"  # as the admin's own form


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = CountedPasswordChangeForm

    def get_form_kwargs(self) -> dict:
        return {**super().get_form_kwargs(), "request": self.request}


def admin_password_change(request):
    """The admin's password page (``AdminSite.password_change``) with the counted form."""
    site = admin.site
    request.current_app = site.name
    view = PasswordChangeView.as_view(
        form_class=AdminCountedPasswordChangeForm,
        success_url=reverse("admin:password_change_done", current_app=site.name),
        extra_context=site.each_context(request),
    )
    return view(request)
