from django.contrib import admin
from django.urls import include, path, re_path

from access.views import reveal
from deliveries.health import healthz
from rates.views import receipts_push

# A plain page in the reader's language that needs neither the database nor the user.
handler500 = "deliveries.error_pages.server_error"

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    # The header's language switch posts to Django's set_language view.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("stats/", include("rates.urls")),
    # Alibaba Cloud's delivery-receipt push (SmsReport); the token is the secret.
    re_path(r"^receipts/(?P<token>[^/]+)/?$", receipts_push, name="receipts-push"),
    path("records/<int:pk>/reveal/", reveal, name="reveal"),
    path("", include("deliveries.urls")),
]
