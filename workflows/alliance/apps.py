from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AllianceConfig(AppConfig):
    name = "workflows.alliance"
    label = "alliance"
    verbose_name = _("Enterprise credit alliance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.alliance import flows
        from workflows.core.flow.registry import register_flow

        register_flow("alliance", flows.AllianceFlow)
        register_flow("alliance.review", flows.MembershipReviewFlow)
