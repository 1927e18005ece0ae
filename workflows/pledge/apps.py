from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgeConfig(AppConfig):
    name = "workflows.pledge"
    label = "pledge"
    verbose_name = _("Credit pledges")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.core.flow.registry import register_flow
        from workflows.pledge import flows

        register_flow("pledge", flows.PledgeFlow)
