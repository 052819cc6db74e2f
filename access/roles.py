"""Roles as Django groups, and the server-side checks every view makes.

A role is a group holding some of the permissions declared on ``AuditEntry``; the
groups are created by the migration ``0002_roles``. Superusers hold every permission.
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_noop

SUPPORT, MANAGER, AUDITOR = "Support", "Manager", "Auditor"

SEARCH = "access.search_records"
SEE_PHONES = "access.see_phone_numbers"
REVEAL = "access.reveal_content"
RATES = "access.view_rates"
EXPORT = "access.export_data"
AUDIT = "access.view_auditentry"

# Codenames per group, as the migration creates them.
ROLE_PERMISSIONS = {
    SUPPORT: ["search_records", "see_phone_numbers", "reveal_content"],
    MANAGER: ["search_records", "view_rates", "export_data"],
    AUDITOR: ["view_auditentry"],
}

PERMISSION_NAMES = {
    "search_records": "Can search SMS records",
    "see_phone_numbers": "Can see full phone numbers",
    "reveal_content": "Can reveal a message's verification codes",
    "view_rates": "Can see delivery rates",
    "export_data": "Can export records and delivery rates",
    "view_auditentry": "Can view audit entry",
}

NO_ROLE = gettext_noop(
    "Your account has no role yet. Please ask your administrator to give you one."
)
NOT_YOUR_ROLE = gettext_noop("Your role does not include this page. Please ask your administrator.")
EXPORT_PARAM = "_export"


def refusal(user) -> str:
    """Why ``user`` may not have this page, in the active language: no role at all, or a role
    without it. The 403 page and the JSON API's 403 say the same."""
    has_role = user.is_superuser or user.groups.exists()
    return gettext(NOT_YOUR_ROLE if has_role else NO_ROLE)


def forbidden(request: HttpRequest) -> HttpResponse:
    """The polite 403 page: no role at all, or a role without this page. It links to the
    audit trail for those who may read it (an Auditor who followed a link to a record)."""
    context = {"message": refusal(request.user), "audit_trail": request.user.has_perm(AUDIT)}
    return render(request, "access/forbidden.html", context, status=403)


def home_url(user) -> str:
    """Where ``user`` lands after logging in: their role's first page. Support (who sees full
    numbers) the search; a Manager without Support the delivery rates; an Auditor the audit
    trail. Anyone else the search, whose 403 page says what to ask for."""
    if user.has_perm(SEARCH) and user.has_perm(SEE_PHONES):
        return reverse("deliveries:search")
    if user.has_perm(RATES):
        return reverse("rates:stats")
    if not user.has_perm(SEARCH) and user.has_perm(AUDIT):
        return reverse("access:audit-trail")
    return reverse("deliveries:search")


def auditors_land_on_the_trail(view):
    """The site's home page (the search) sends whoever may read the audit trail but not search,
    an Auditor, to the trail: their first screen after logging in is their page, not a 403."""

    @wraps(view)
    def landing(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.has_perm(SEARCH) and user.has_perm(AUDIT):
            return redirect(reverse("access:audit-trail"))
        return view(request, *args, **kwargs)

    return landing


def permission_required(permission: str, *, export: str | None = EXPORT):
    """Let the view run only for users with ``permission``; an export also needs ``export``."""

    def decorator(view):
        @wraps(view)
        def checked(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not request.user.has_perm(permission):
                return forbidden(request)
            exporting = request.GET.get(EXPORT_PARAM) or request.POST.get(EXPORT_PARAM)
            if exporting and export and not request.user.has_perm(export):
                return forbidden(request)
            return view(request, *args, **kwargs)

        return checked

    return decorator


def ensure_roles(apps=None) -> None:
    """Create the role groups and their permissions where missing (migration 0002, and tests
    whose database was flushed). ``apps``: a migration's historical models."""
    if apps is None:
        from django.apps import apps
    content_types = apps.get_model("contenttypes", "ContentType")
    permissions = apps.get_model("auth", "Permission")
    groups = apps.get_model("auth", "Group")
    # Permissions are normally made after all migrations; the groups need them now.
    content_type, _ = content_types.objects.get_or_create(app_label="access", model="auditentry")
    for group_name, codenames in ROLE_PERMISSIONS.items():
        group, _ = groups.objects.get_or_create(name=group_name)
        for codename in codenames:
            permission, _ = permissions.objects.get_or_create(
                content_type=content_type,
                codename=codename,
                defaults={"name": PERMISSION_NAMES[codename]},
            )
            group.permissions.add(permission)
