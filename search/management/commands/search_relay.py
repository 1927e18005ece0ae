"""search_relay: send the waiting outbox rows now (what the relay task and sweep do)."""

from django.core.management.base import BaseCommand, CommandError

from search.indexing import RelayBusy, relay


class Command(BaseCommand):
    help = "Send every unsent search outbox row to Elasticsearch now."

    def handle(self, *args, **options):
        try:
            report = relay()
        except RelayBusy as exc:
            raise CommandError("another relay is running; try again in a moment") from exc
        if report.skipped:
            self.stdout.write("ELASTICSEARCH_URL is not set: nothing to send (demo).")
            return
        self.stdout.write(f"sent {report.sent}, refused {report.failed}")
        if report.unavailable:
            raise CommandError(f"Elasticsearch is unavailable: {report.error}")
