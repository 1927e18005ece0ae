from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepairConfig(AppConfig):
    name = "workflows.repair"
    label = "repair"
    verbose_name = _("Credit repair")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.repair import flows  # noqa: F401  (viewflow needs flows imported)
