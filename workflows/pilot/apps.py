from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PilotConfig(AppConfig):
    name = "workflows.pilot"
    label = "pilot"
    verbose_name = _("Credit district, park and street pilots")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.core.flow.registry import register_flow
        from workflows.pilot import flows

        register_flow("pilot", flows.PilotFlow)
