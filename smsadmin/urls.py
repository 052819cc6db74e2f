from django.contrib import admin
from django.urls import include, path, re_path

from access.views import reveal
from deliveries.health import healthz
from rates.views import receipts_push

urlpatterns = [
    path("accounts/", include("django.contrib.auth.urls")),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("stats/", include("rates.urls")),
    # Alibaba Cloud's delivery-receipt push (SmsReport); the token is the secret.
    re_path(r"^receipts/(?P<token>[^/]+)/?$", receipts_push, name="receipts-push"),
    path("records/<int:pk>/reveal/", reveal, name="reveal"),
    path("", include("deliveries.urls")),
]
