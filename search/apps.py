from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from search.outbox import enqueue_for_event
        from workflows.core import audit

        audit.on_record(enqueue_for_event)
