"""search_rebuild: fill new indices from PostgreSQL, then switch the aliases to them."""

from django.core.management.base import BaseCommand, CommandError

from search.indexing import RelayBusy, SearchUnavailable
from search.progress import ProgressBar
from search.rebuild import rebuild


class Command(BaseCommand):
    help = (
        "Build new versioned search indices from PostgreSQL while searches keep using the "
        "current ones, then switch the aliases atomically and replay changes made meanwhile."
    )

    def add_arguments(self, parser):
        parser.add_argument("--batch-size", type=int, default=500)
        parser.add_argument(
            "--keep-old", action="store_true", help="Keep the previous indices (for a rollback)."
        )
        parser.add_argument("--no-progress", action="store_true", help="No progress bar.")

    def handle(self, *args, **options):
        progress = None if options["no_progress"] else ProgressBar(self.stdout)
        try:
            report = rebuild(
                batch_size=options["batch_size"], progress=progress, keep_old=options["keep_old"]
            )
        except (SearchUnavailable, RelayBusy) as exc:
            raise CommandError(f"search_rebuild failed, the aliases are unchanged: {exc}") from exc
        for kind, name in report.indices.items():
            self.stdout.write(f"{kind}: {report.documents.get(kind, 0)} documents in {name}")
        self.stdout.write(f"replayed {report.replayed} changes made during the rebuild")
        if report.deleted:
            self.stdout.write("deleted " + ", ".join(report.deleted))
        self.stdout.write(self.style.SUCCESS("Aliases switched."))
