from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What the whole site shares: the one Dysmsapi client and its circuit breaker, the words
    for every failure, the cache backend, middleware, health, redaction. No models."""

    name = "core"
    verbose_name = "Site core"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from core.clients import forget_client_on_setting_change
        from core.metrics import add_scrape_collector
        from core.metrics_views import CircuitCollector

        # Tests change DYSMS_* settings; the process-wide client must follow them.
        setting_changed.connect(forget_client_on_setting_change, dispatch_uid="core.clients")
        add_scrape_collector(CircuitCollector())
