from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "workflows.core"
    label = "core"
    verbose_name = _("Case core")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from workflows.core import checks  # noqa: F401  (registers the system checks)
