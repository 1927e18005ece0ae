from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListingConfig(AppConfig):
    name = "workflows.listing"
    label = "listing"
    verbose_name = _("Serious-violation listing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.core.flow.registry import register_flow
        from workflows.listing import flows

        register_flow("listing", flows.ListingFlow)
        register_flow("listing.abnormal_objection", flows.AbnormalObjectionFlow)
