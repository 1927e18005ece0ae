from django.core.management.base import BaseCommand

from workflows.core.demo import seed_core


class Command(BaseCommand):
    help = "Seed realistic Chinese demo data (idempotent)."

    def handle(self, *args, **options):
        counts = seed_core()
        self.stdout.write(
            self.style.SUCCESS(
                "Demo data ready: {users} users, {subjects} subjects.".format(**counts)
            )
        )
