from django.core.management.base import BaseCommand

from workflows.core.sla.demo import seed


class Command(BaseCommand):
    help = (
        "Add eight weeks of SLA history to the demo (after seed_demo), run the escalation "
        "sweep and make last week's SLA reports (idempotent)."
    )

    def handle(self, *args, **options):
        counts = seed()
        summary = ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"SLA demo ready: {summary}."))
