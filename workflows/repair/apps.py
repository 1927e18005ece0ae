from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairConfig(AppConfig):
    name = "workflows.repair"
    label = "repair"
    verbose_name = _("Credit repair")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.core.flow.registry import register_flow
        from workflows.repair import flows

        register_flow("repair", flows.RepairFlow)
        register_flow("repair.auto_restore", flows.AutoRestoreFlow)
