"""The project's URLs and error handler, plus views that fail (for the error pages tests)."""

from django.contrib.auth.decorators import login_not_required
from django.urls import path

from smsadmin.urls import handler500  # noqa: F401 (Django reads it from the URLconf)
from smsadmin.urls import urlpatterns as project_urlpatterns

# What a careless exception message or local variable might hold.
DSN = "postgres://app:pw-in-a-local@db.internal:5432/smsadmin"
MESSAGE_URL = "redis://:pw-in-a-message@cache.internal:6379/0"


@login_not_required
def broken(request):
    dsn = DSN  # noqa: F841 (a frame variable on the technical page)
    raise RuntimeError(f"could not reach {MESSAGE_URL}")


urlpatterns = [path("broken/", broken), *project_urlpatterns]
