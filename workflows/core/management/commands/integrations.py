"""``manage.py integrations [--json]``: the integrations page's figures on the console."""

import json

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from workflows.core.integrations.figures import age_text, integrations_summary


class Command(BaseCommand):
    help = "Outbox per receiving system and inbound deliveries per sender."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="print the figures as JSON")

    def handle(self, *args, **options):
        summary = integrations_summary()
        if options["json"]:
            self.stdout.write(json.dumps(summary, cls=DjangoJSONEncoder, ensure_ascii=False))
            return
        for row in summary["outbound"]:
            state = "paused" if row["paused"] else "delivering"
            self.stdout.write(
                f"{row['target']:<15} {state:<10} queued {row['queued']:>5}  "
                f"retrying {row['failing']:>4}  sent {row['sent']:>6}  dead {row['dead']:>4}  "
                f"oldest unsent {age_text(row['oldest_unsent_seconds'])}"
                + (f"  last error: {row['last_error'][:80]}" if row["last_error"] else "")
            )
        for row in summary["inbound"]:
            self.stdout.write(
                f"{row['kind']:<15} {row['channel']:<4} {row['client'] or '-':<14} "
                f"last {row['last_call_at']:%Y-%m-%d %H:%M}  calls {row['calls']}  "
                f"rows {row['rows']}  rejected {row['rejected']}"
            )
