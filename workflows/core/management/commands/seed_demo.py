import importlib
import importlib.util

from django.apps import apps
from django.core.management.base import BaseCommand

from workflows.core.demo import seed_core
from workflows.core.services.credit_record_ends import credit_records_end


class Command(BaseCommand):
    help = "Seed realistic Chinese demo data (idempotent)."

    def handle(self, *args, **options):
        counts = seed_core()
        # Each procedure adds its cases from its own ``demo.seed()``, in INSTALLED_APPS order.
        for config in apps.get_app_configs():
            module = f"{config.name}.demo"
            if config.name == "workflows.core" or importlib.util.find_spec(module) is None:
                continue
            counts |= importlib.import_module(module).seed()
        # The daily job, as the first night would run it: records past their period end.
        counts["credit_records_ended"] = credit_records_end()
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}."))
