from django.core.management.base import BaseCommand

from workflows.core.demo import seed_core


class Command(BaseCommand):
    help = "Seed realistic Chinese demo data (idempotent)."

    def handle(self, *args, **options):
        counts = seed_core()
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready: {summary}."))
