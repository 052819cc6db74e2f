from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only JSON API under /api/v1/ (django-ninja) and the personal tokens it takes.

    It asks the same services, selectors and forms as the pages and adds only the edge: token
    authentication, a rate limit per token, JSON schemas. Nothing imports it but the URLs
    (smsadmin) and the operators' commands (ops).
    """

    name = "api"
    verbose_name = _("JSON API")

    def ready(self) -> None:
        from api.auth import rate_limit

        rate_limit()  # a misread API_RATE_LIMIT stops the start, naming the variable
