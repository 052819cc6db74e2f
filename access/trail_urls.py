from django.urls import path

from access.trail_views import audit_trail

app_name = "access"

urlpatterns = [
    path("", audit_trail, name="audit-trail"),
]
