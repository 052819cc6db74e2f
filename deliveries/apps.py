from django.apps import AppConfig


class DeliveriesConfig(AppConfig):
    name = "deliveries"
    verbose_name = "SMS deliveries"

    def ready(self) -> None:
        from django.core.signals import setting_changed

        from .backend import forget_client_on_setting_change

        # Tests change DYSMS_* settings; the process-wide client must follow them.
        setting_changed.connect(forget_client_on_setting_change, dispatch_uid="deliveries.backend")
