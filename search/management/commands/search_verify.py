"""search_verify: compare PostgreSQL and Elasticsearch; exit 1 and list drift if any."""

from django.core.management.base import BaseCommand, CommandError

from search.indexing import SearchUnavailable
from search.progress import ProgressBar
from search.rebuild import verify


class Command(BaseCommand):
    help = (
        "Compare every document PostgreSQL implies with the index: counts and per-document "
        "checksums. Exits with status 1 and lists the differences when they drift."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=50, help="Ids listed per difference.")
        parser.add_argument("--progress", action="store_true", help="Show a progress bar.")

    def handle(self, *args, **options):
        progress = ProgressBar(self.stdout) if options["progress"] else None
        try:
            report = verify(progress=progress)
        except SearchUnavailable as exc:
            raise CommandError(f"search_verify could not read the index: {exc}") from exc
        limit = options["limit"]
        for kind, drift in report.kinds.items():
            self.stdout.write(f"{kind}: {drift.database} in PostgreSQL, {drift.index} in the index")
            for label, ids in (
                ("missing from the index", drift.missing),
                ("in the index but not in PostgreSQL", drift.extra),
                ("different (checksum)", drift.different),
            ):
                if ids:
                    shown = ", ".join(str(pk) for pk in ids[:limit])
                    more = f" … and {len(ids) - limit} more" if len(ids) > limit else ""
                    self.stdout.write(f"  {len(ids)} {label}: {shown}{more}")
        for name in report.outdated:
            self.stdout.write(f"index {name} is outdated: run search_rebuild")
        if report.pending:
            self.stdout.write(f"{report.pending} outbox rows are still waiting to be sent")
        if not report.clean:
            raise CommandError("the search index drifts from PostgreSQL (see above)")
        self.stdout.write(self.style.SUCCESS("The search index matches PostgreSQL."))
