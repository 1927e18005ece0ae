from django.core.management.base import BaseCommand, CommandError

from workflows.core.audit import verify_chains


class Command(BaseCommand):
    help = "Verify every hash chain of the audit trail; exit non-zero naming the first break."

    def handle(self, *args, **options):
        checked, breaks = verify_chains()
        for brk in breaks:
            self.stderr.write(
                f"BROKEN: event {brk.event_id} ({brk.stream} #{brk.seq}): {brk.reason}"
            )
        if breaks:
            first = breaks[0]
            raise CommandError(
                f"audit trail broken in {len(breaks)} stream(s); first broken event is "
                f"{first.event_id} ({first.stream} #{first.seq})"
            )
        self.stdout.write(f"OK: {checked} events, every chain intact.")
