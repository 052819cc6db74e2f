from django.contrib import admin
from django.urls import include, path, re_path

from access.passwords import admin_password_change
from api.main import api_urls
from core.health import healthz
from core.metrics_views import metrics
from deliveries.record_views import reveal
from rates.views import receipts_push, replies_push

urlpatterns = [
    path("accounts/", include("access.urls")),
    path("healthz", healthz, name="healthz"),
    # Prometheus; off (404) unless METRICS_TOKEN or METRICS_ALLOWED_IPS is set.
    path("metrics", metrics, name="metrics"),
    # The audit trail for Auditors (the admin's list stays for superusers).
    path("audit/", include("access.trail_urls")),
    # The header's language switch posts to Django's set_language view.
    path("i18n/", include("django.conf.urls.i18n")),
    # Before the admin's own: its password page counts wrong old passwords as failed logins.
    path("admin/password_change/", admin.site.admin_view(admin_password_change)),
    path("admin/", admin.site.urls),
    path("stats/", include("rates.urls")),
    # Alert rules and channels (Managers).
    path("alerts/", include("alerts.urls")),
    # Every send of the accounts in a time window, from the pushed receipts.
    path("sends/", include("rates.sends_urls")),
    # The read-only JSON API (bearer tokens) and the page where users make their tokens.
    path("api/v1/", api_urls()),
    path("api-tokens/", include("api.urls")),
    # Alibaba Cloud's delivery-receipt push (SmsReport); the token is the secret.
    re_path(r"^receipts/(?P<token>[^/]+)/?$", receipts_push, name="receipts-push"),
    # One URL per account (core.accounts), its own report token; the one above is the default's.
    re_path(
        r"^receipts/(?P<account>[^/]+)/(?P<token>[^/]+)/?$",
        receipts_push,
        name="account-receipts-push",
    ),
    # The customers' replies (SmsUp), with the same tokens.
    re_path(r"^replies/(?P<token>[^/]+)/?$", replies_push, name="replies-push"),
    re_path(
        r"^replies/(?P<account>[^/]+)/(?P<token>[^/]+)/?$",
        replies_push,
        name="account-replies-push",
    ),
    path("records/<int:pk>/reveal/", reveal, name="reveal"),
    path("", include("deliveries.urls")),
]

# A database outage gives the plain 503 page, not a 500 or a 400 with a traceback logged;
# any other error the plain 500 page in the reader's language (core.error_pages).
handler400 = "core.middleware.bad_request"
handler500 = "core.middleware.server_error"
