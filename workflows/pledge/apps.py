from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PledgeConfig(AppConfig):
    name = "workflows.pledge"
    label = "pledge"
    verbose_name = _("Credit pledges")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.pledge import flows  # noqa: F401  (viewflow needs flows imported)
